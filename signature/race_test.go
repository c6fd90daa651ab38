package signature_test

import (
	"errors"
	"fmt"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/signature"
)

// Verify and Reset are safe for concurrent use: of many goroutines that
// send the same signed request, exactly one uses its nonce; every request
// with a nonce of its own verifies.
func TestVerifyConcurrent(t *testing.T) {
	v := newVerifier()
	shared := v3Request(t, "shared", clock)
	sharedBody := []byte("PageSize=5")
	require.NoError(t, signature.SignV3(shared, sharedBody, "ak", "secret", "shared", clock))
	const workers = 8
	var ok atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, workers*21)
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := v.Verify(shared, sharedBody, nil); err == nil {
				ok.Add(1)
			} else if !errors.Is(err, signature.NonceUsed) {
				errs <- err
			}
			for i := range 20 {
				nonce := fmt.Sprintf("w%d-%d", w, i)
				req := v3Request(t, nonce, clock)
				if err := signature.SignV3(req, nil, "ak", "secret", nonce, clock); err != nil {
					errs <- err
					continue
				}
				if err := v.Verify(req, nil, params(req, nil)); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	require.Equal(t, int32(1), ok.Load(), "the shared nonce was used once")

	// Reset, concurrent with Verify, leaves the store usable.
	var wg2 sync.WaitGroup
	for w := range workers {
		wg2.Add(2)
		go func() { defer wg2.Done(); v.Reset() }()
		go func() {
			defer wg2.Done()
			nonce := fmt.Sprintf("r%d", w)
			req := v3Request(t, nonce, clock)
			if err := signature.SignV3(req, nil, "ak", "secret", nonce, clock); err == nil {
				_ = v.Verify(req, nil, nil)
			}
		}()
	}
	wg2.Wait()
	v.Reset()
	require.NoError(t, v.Verify(shared, sharedBody, nil), "the shared nonce is free after Reset")
}
