package schedule_test

import (
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/schedule"
)

// Next allocates nothing for any kind: the fake calls it for every run of
// every periodic invocation. This holds under the race detector too.
func TestNextAllocs(t *testing.T) {
	from := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, bf := range benchFrequencies {
		s := schedule.MustParse(bf.freq)
		if allocs := testing.AllocsPerRun(100, func() { sinkTime, sinkOK = s.Next(from) }); allocs != 0 {
			t.Errorf("Next of %q: %v allocs per run, want 0", bf.freq, allocs)
		}
	}
}
