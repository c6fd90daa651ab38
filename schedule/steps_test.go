package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/schedule"
)

// The search of a Cron that never runs again still ends within maxSteps,
// from any start: these are among the longest searches there are, where
// every year up to 2099 is looked at and, in the allowed months, every day.
func TestNextStepsBounded(t *testing.T) {
	tests := []struct {
		name string
		freq string
		from time.Time
		want time.Time // zero: no run
	}{
		{name: "the 31st of short months", freq: "0 0 0 31 2,4,6,9,11 ?", from: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "the 30th of February, in a zone", freq: "0 0 0 30 2 ? America/Santiago", from: time.Date(1, 1, 1, 0, 0, 0, 0, time.UTC)},
		{name: "from long before 1970", freq: "0 0 0 31 2,4,6,9,11 ? 1970-2099", from: time.Unix(-1<<62, 0)},
		{name: "the last second there is", freq: "59 59 23 31 12 ? 2099", from: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC), want: time.Date(2099, 12, 31, 23, 59, 59, 0, time.UTC)},
		{name: "a time a zone skips, once", freq: "0 30 2 9 MAR ? 2025 America/New_York", from: time.Date(1970, 1, 1, 0, 0, 0, 0, time.UTC)},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, ok, steps := schedule.NextSteps(schedule.MustParse(tt.freq), tt.from)
			require.Equal(t, !tt.want.IsZero(), ok)
			assert.Equal(t, tt.want, got)
			assert.LessOrEqual(t, steps, maxSteps)
			t.Logf("%d steps", steps)
		})
	}
}
