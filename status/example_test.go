package status_test

import (
	"errors"
	"fmt"

	"github.com/ecsassist/cloudassistant/status"
)

// Wire text in any case and padding parses to the canonical value; unknown
// text is kept verbatim.
func ExampleParseLegacy() {
	for _, text := range []string{" running ", "finished", "success", "Exploded"} {
		s := status.ParseLegacy(text)
		fmt.Printf("%q → %q known=%v\n", text, s, s.Known())
	}
	// Output:
	// " running " → "Running" known=true
	// "finished" → "Finished" known=true
	// "success" → "Finished" known=true
	// "Exploded" → "Exploded" known=false
}

// A set collects the statuses present among an invocation's instances,
// which is all a roll-up depends on. The same statuses roll up differently
// for a one-time invocation and a periodic one.
func ExampleLegacySet_Rollup() {
	var set status.LegacySet
	for _, text := range []string{"finished", " FAILED ", "Stopped", "Finished"} {
		if err := set.Add(status.ParseLegacy(text)); err != nil {
			fmt.Println(err)
		}
	}
	oneTime, _ := set.Rollup(false)
	periodic, _ := set.Rollup(true)
	fmt.Println(set.Len(), oneTime, periodic)

	err := set.Add("Exploded")
	fmt.Println(err, errors.Is(err, status.ErrUnknown))
	_, err = status.LegacySet{}.Rollup(false)
	fmt.Println(err)
	// Output:
	// 3 PartialFailed Running
	// status: LegacySet.Add: unknown status "Exploded" true
	// status: LegacySet.Rollup: no instances
}

func ExampleCurrentSet_Rollup() {
	var set status.CurrentSet
	for _, s := range []status.Current{status.CurrentSuccess, status.CurrentTimeout, status.CurrentCancelled} {
		if err := set.Add(s); err != nil {
			fmt.Println(err)
		}
	}
	overall, err := set.Rollup()
	fmt.Println(overall, err)
	// Output:
	// PartialFailed <nil>
}

// Roll-ups of two shards of a fleet merge without their instance lists.
func ExampleLegacy_Combine() {
	var east, west status.LegacySet
	_ = east.Add(status.LegacyFinished)
	_ = east.Add(status.LegacyStopped)
	_ = west.Add(status.LegacyFailed)
	e, _ := east.Rollup(false)
	w, _ := west.Rollup(false)
	fleet, _ := e.Combine(w)
	fmt.Println(e, "+", w, "=", fleet)
	// Output:
	// Finished + Failed = PartialFailed
}

// A current instance status maps to one legacy status; Success and Failed
// both map to Finished, which only says the process ran to completion.
func ExampleCurrent_Legacy() {
	for _, c := range []status.Current{status.CurrentScheduled, status.CurrentFailed, status.CurrentTimeout} {
		l, _ := c.Legacy()
		fmt.Println(c, "→", l)
	}
	// Output:
	// Scheduled → Running
	// Failed → Finished
	// Timeout → Failed
}
