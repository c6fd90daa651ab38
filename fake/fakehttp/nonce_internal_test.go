package fakehttp

import (
	"fmt"
	"testing"
	"time"
)

// However many nonces are used, the store holds at most its limit, and
// what it keeps besides stays in proportion.
func TestNoncesBounded(t *testing.T) {
	var n nonces
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	const limit = 100
	refused := 0
	for i := range 10_000 {
		now := start.Add(time.Duration(i) * time.Second) // 900 in any window
		switch n.use(fmt.Sprint(i), now, limit) {
		case nonceFull:
			refused++
		case nonceUsed:
			t.Fatalf("nonce %d: used", i)
		}
		if len(n.seen) > limit || len(n.order)-n.head > limit || cap(n.order) > 4*limit {
			t.Fatalf("after %d: %d seen, %d queued of %d, cap %d", i, len(n.seen), len(n.order), n.head, cap(n.order))
		}
	}
	if refused == 0 {
		t.Error("no nonce refused")
	}
	// A clock that goes back never makes the store forget early.
	if got := n.use("9999", start, limit); got != nonceUsed {
		t.Errorf("nonce used a moment ago, on a clock gone back: %v", got)
	}
}
