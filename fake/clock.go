package fake

import (
	"sync"
	"time"
)

// Clock tells a Service what time it is. The service reads it at the
// start of every operation and moves its executions up to that instant;
// nothing happens between operations, so a clock that jumps an hour
// ahead costs one operation's catching up, not an hour.
//
// RealClock and VirtualClock are the two clocks this package provides.
type Clock interface {
	Now() time.Time
}

var (
	_ Clock = RealClock{}
	_ Clock = (*VirtualClock)(nil)
)

// RealClock is the system's clock, for a fake that people use
// interactively. Its zero value is ready to use.
type RealClock struct{}

// Now returns time.Now().
func (RealClock) Now() time.Time { return time.Now() }

// VirtualClock is a clock that moves only when told to, for tests: an
// hour of simulated runs takes the time the service needs to compute
// them. It is safe for concurrent use. The zero VirtualClock stands at
// the zero time; NewVirtualClock starts one at a given instant.
type VirtualClock struct {
	mu  sync.Mutex
	now time.Time
}

// NewVirtualClock returns a virtual clock that stands at start.
func NewVirtualClock(start time.Time) *VirtualClock {
	return &VirtualClock{now: start}
}

// Now returns the time the clock stands at.
func (c *VirtualClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Advance moves the clock d ahead and returns the new time. Advance
// panics if d is negative: a clock that goes back is set with Set.
func (c *VirtualClock) Advance(d time.Duration) time.Time {
	if d < 0 {
		panic("fake: VirtualClock.Advance: negative duration " + d.String())
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	return c.now
}

// Set moves the clock to t, ahead or back. A Service never goes back in
// time: it takes a clock that went back as standing still until it
// passes the latest time the service has seen.
func (c *VirtualClock) Set(t time.Time) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = t
}
