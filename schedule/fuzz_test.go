package schedule_test

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/schedule"
)

// maxSteps bounds the steps of a Cron's search, whatever its fields: about
// a step for each year, month and day from 1970 to 2099 (130 × 378), and
// a few hundred for the hours, minutes and seconds of a day.
const maxSteps = 50_000

// FuzzParse checks that Parse never panics, that what it refuses is a
// *ParseError naming the input, and that what it accepts survives String
// and the text methods unchanged; and that Next is after t, never goes
// backwards as t grows, and takes bounded work. Seeded from
// testdata/frequencies.txt.
func FuzzParse(f *testing.F) {
	valid, invalid := readFrequencies(f)
	for i, s := range append(valid, invalid...) {
		f.Add(s, int64(1_735_787_045+i*86_400_007), int64(i)*3_600_000_000_001)
	}
	f.Add("", int64(0), int64(0))
	f.Add("0 0 0 30 2 ? 1970-2099", int64(-1<<62), int64(1<<62))
	f.Fuzz(func(t *testing.T, s string, from, delta int64) {
		sched, err := schedule.Parse(s)
		if err != nil {
			var pe *schedule.ParseError
			if !errors.As(err, &pe) || pe.Input != s || pe.Reason == "" || !strings.HasPrefix(err.Error(), "schedule: Parse(") {
				t.Fatalf("Parse(%q) = %#v", s, err)
			}
			if sched != (schedule.Schedule{}) {
				t.Fatalf("Parse(%q) = %v with an error", s, sched)
			}
			return
		}
		if sched.Kind() == "" || sched.String() != strings.TrimSpace(s) {
			t.Fatalf("Parse(%q) = %q of kind %q", s, sched, sched.Kind())
		}
		if again, err := schedule.Parse(sched.String()); err != nil || again != sched {
			t.Fatalf("Parse(%q) = %v, %v; Parse(%q) = %v", sched.String(), again, err, s, sched)
		}
		var u schedule.Schedule
		if text, _ := sched.MarshalText(); u.UnmarshalText(text) != nil || u != sched {
			t.Fatalf("UnmarshalText(MarshalText(%q)) = %q", sched, u)
		}

		t1 := time.Unix(0, from)
		t2 := t1.Add(time.Duration(delta & (1<<62 - 1)))
		if t2.Before(t1) {
			return // t1 + delta overflows
		}
		n1, ok1, steps1 := schedule.NextSteps(sched, t1)
		n2, ok2, steps2 := schedule.NextSteps(sched, t2)
		if steps1 > maxSteps || steps2 > maxSteps {
			t.Fatalf("%q: Next took %d and %d steps, more than %d", s, steps1, steps2, maxSteps)
		}
		if ok1 && !n1.After(t1) || ok2 && !n2.After(t2) {
			t.Fatalf("%q: Next(%s) = %s, %v; Next(%s) = %s, %v", s, t1, n1, ok1, t2, n2, ok2)
		}
		if ok2 && (!ok1 || n2.Before(n1)) {
			t.Fatalf("%q: Next went backwards: Next(%s) = %s, %v; Next(%s) = %s, %v", s, t1, n1, ok1, t2, n2, ok2)
		}
	})
}
