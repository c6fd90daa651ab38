package fake_test

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
)

func TestVirtualClock(t *testing.T) {
	start := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	c := fake.NewVirtualClock(start)
	require.Equal(t, start, c.Now(), "a virtual clock stands where it starts")
	require.Equal(t, start.Add(90*time.Second), c.Advance(90*time.Second))
	require.Equal(t, start.Add(90*time.Second), c.Now())
	c.Set(start)
	require.Equal(t, start, c.Now(), "Set moves the clock back too")
	require.Panics(t, func() { c.Advance(-time.Second) }, "Advance never moves a clock back")

	var zero fake.VirtualClock
	require.True(t, zero.Now().IsZero(), "the zero clock stands at the zero time")
}

func TestVirtualClockConcurrent(t *testing.T) {
	c := fake.NewVirtualClock(time.Unix(0, 0))
	var wg sync.WaitGroup
	for range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range 1000 {
				c.Advance(time.Second)
				c.Now()
			}
		}()
	}
	wg.Wait()
	require.Equal(t, time.Unix(8000, 0), c.Now(), "no advance is lost")
}

func TestRealClock(t *testing.T) {
	before := time.Now()
	now := fake.RealClock{}.Now()
	require.False(t, now.Before(before))
}
