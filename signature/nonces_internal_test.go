package signature

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
	n.reset()
	if got := n.use("9999", start, limit); got != nonceFree {
		t.Errorf("nonce after reset: %v", got)
	}
}

// A nonce used again after the Window, before the store has looked at
// its first use, is remembered from its second use: the first use's
// expiry does not forget it.
func TestNoncesReusedWhileQueued(t *testing.T) {
	var n nonces
	start := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		nonce string
		at    time.Duration
		want  nonceUse
	}{
		{"a", 0, nonceFree},
		{"a", 16 * time.Minute, nonceFree}, // the first use is still queued
		{"a", 20 * time.Minute, nonceUsed}, // the first use expires, the second stays
		{"a", 31*time.Minute + time.Second, nonceFree},
	}
	for i, s := range steps {
		if got := n.use(s.nonce, start.Add(s.at), 10); got != s.want {
			t.Fatalf("step %d: use(%q) = %v, want %v", i, s.nonce, got, s.want)
		}
	}
}
