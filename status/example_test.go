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

// The overall status of a one-time invocation and of a periodic one with
// the same instance statuses.
func ExampleRollupLegacy() {
	instances := []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyStopped}
	oneTime, _ := status.RollupLegacy(false, instances...)
	periodic, _ := status.RollupLegacy(true, instances...)
	fmt.Println(oneTime, periodic)

	_, err := status.RollupLegacy(false, status.LegacyFinished, "Exploded")
	fmt.Println(err, errors.Is(err, status.ErrUnknown))
	// Output:
	// PartialFailed Running
	// status: RollupLegacy: instance 1: unknown status "Exploded" true
}

func ExampleRollupCurrent() {
	overall, err := status.RollupCurrent(status.CurrentSuccess, status.CurrentTimeout, status.CurrentCancelled)
	fmt.Println(overall, err)
	// Output:
	// PartialFailed <nil>
}

// Roll-ups of two shards of a fleet merge without their instance lists.
func ExampleLegacy_Combine() {
	east, _ := status.RollupLegacy(false, status.LegacyFinished, status.LegacyStopped)
	west, _ := status.RollupLegacy(false, status.LegacyFailed)
	fleet, _ := east.Combine(west)
	fmt.Println(east, "+", west, "=", fleet)
	// Output:
	// Finished + Failed = PartialFailed
}

// A set collects the statuses present, which is all a roll-up depends on.
func ExampleLegacySet() {
	var seen status.LegacySet
	for _, s := range []string{"finished", "Stopped", "FINISHED"} {
		if err := seen.Add(status.ParseLegacy(s)); err != nil {
			fmt.Println(err)
		}
	}
	overall, _ := seen.Rollup(false)
	fmt.Println(seen, overall)
	// Output:
	// {Stopped, Finished} Finished
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
