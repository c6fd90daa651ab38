package signature

import (
	"sync"
	"time"
)

// nonces remembers the nonces used within the Window, at most a limit.
// The zero nonces is empty and ready to use.
type nonces struct {
	mu    sync.Mutex
	seen  map[string]time.Time // nonce → when it was used
	order []used               // the uses, oldest first from head on
	head  int
}

type used struct {
	nonce string
	at    time.Time
}

// The outcomes of nonces.use.
type nonceUse int

const (
	nonceFree nonceUse = iota // recorded
	nonceUsed                 // used within the Window
	nonceFull                 // new, and limit nonces are remembered
)

// use records nonce as used at now, if it is free and fewer than limit
// nonces are remembered. Uses older than the Window are forgotten first,
// oldest first; none is forgotten early, since its request could then be
// replayed.
func (n *nonces) use(nonce string, now time.Time, limit int) nonceUse {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen == nil {
		n.seen = map[string]time.Time{}
	}
	// Uses are appended as they come, so the expired ones are at the
	// front (unless the clock went back: then some are forgotten later
	// than they could be, never earlier).
	for n.head < len(n.order) && now.Sub(n.order[n.head].at) > Window {
		u := n.order[n.head]
		if t, ok := n.seen[u.nonce]; ok && t.Equal(u.at) {
			delete(n.seen, u.nonce)
		}
		n.order[n.head] = used{}
		n.head++
	}
	if n.head > len(n.order)/2 {
		n.order = append(n.order[:0], n.order[n.head:]...)
		n.head = 0
	}
	if t, ok := n.seen[nonce]; ok {
		if now.Sub(t) <= Window {
			return nonceUsed
		}
	} else if len(n.seen) >= limit {
		return nonceFull
	}
	n.seen[nonce] = now
	n.order = append(n.order, used{nonce, now})
	return nonceFree
}

// reset forgets every nonce.
func (n *nonces) reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.seen, n.order, n.head = nil, nil, 0
}
