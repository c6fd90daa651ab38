package status_test

import (
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/status"
)

// Short names for the tables below.
const (
	lRun  = status.LegacyRunning
	lStpg = status.LegacyStopping
	lStop = status.LegacyStopped
	lFail = status.LegacyFailed
	lFin  = status.LegacyFinished
	lPart = status.LegacyPartialFailed
)

// rollupLegacy rolls up xs as callers do: through a LegacySet, naming the
// position of a status that cannot take part.
func rollupLegacy(timed bool, xs ...status.Legacy) (status.Legacy, error) {
	var set status.LegacySet
	for i, x := range xs {
		if err := set.Add(x); err != nil {
			return "", fmt.Errorf("instance %d: %w", i, err)
		}
	}
	return set.Rollup(timed)
}

func rollupCurrent(xs ...status.Current) (status.Current, error) {
	var set status.CurrentSet
	for i, x := range xs {
		if err := set.Add(x); err != nil {
			return "", fmt.Errorf("instance %d: %w", i, err)
		}
	}
	return set.Rollup()
}

// One row per row of each roll-up table of package status, with the instance
// statuses that select that row and no earlier one.
func TestRollupLegacyRules(t *testing.T) {
	tests := []struct {
		name      string
		timed     bool
		instances []status.Legacy
		want      status.Legacy
		reason    string
	}{
		{name: "one-time row 1", instances: []status.Legacy{lFail, lRun, lFin, lStpg},
			want: lRun, reason: "Running as long as any instance runs, whatever the others"},
		{name: "one-time row 2", instances: []status.Legacy{lFail, lStpg, lFin, lStop},
			want: lStpg, reason: "Stopping wins over every terminal outcome"},
		{name: "one-time row 3", instances: []status.Legacy{lStop, lStop},
			want: lStop, reason: "all Stopped"},
		{name: "one-time row 4", instances: []status.Legacy{lFail, lStop},
			want: lFail, reason: "decision: Failed + Stopped = Failed (vendor's overview priority list)"},
		{name: "one-time row 4, all failed", instances: []status.Legacy{lFail, lFail},
			want: lFail, reason: "all Failed is Failed, not PartialFailed"},
		{name: "one-time row 5", instances: []status.Legacy{lFin, lStop},
			want: lFin, reason: "the seed: some stopped and the rest completed is Finished"},
		{name: "one-time row 6", instances: []status.Legacy{lFin, lStop, lFail},
			want: lPart, reason: "Failed and Finished together, Stopped may be present"},
		{name: "periodic row 1", timed: true, instances: []status.Legacy{lStop, lRun},
			want: lRun, reason: "a periodic invocation runs until every instance is stopped"},
		{name: "periodic row 1, finished counts as running", timed: true, instances: []status.Legacy{lFin, lStop, lStpg},
			want: lRun, reason: "a Finished instance in a periodic invocation counts as Running (the seed has one)"},
		{name: "periodic row 1, failed counts as running", timed: true, instances: []status.Legacy{lFail},
			want: lRun, reason: "periodic is never Failed"},
		{name: "periodic row 2", timed: true, instances: []status.Legacy{lStop, lStpg},
			want: lStpg, reason: "all stopping or stopped, some stopping"},
		{name: "periodic row 3", timed: true, instances: []status.Legacy{lStop},
			want: lStop, reason: "all Stopped"},
		{name: "seed invocation 1", timed: true, instances: []status.Legacy{status.ParseLegacy("finished"), status.ParseLegacy("running")},
			want: lRun, reason: "the seed's first example invocation"},
		{name: "seed invocation 3", instances: []status.Legacy{status.ParseLegacy("finished"), status.ParseLegacy("finished")},
			want: lFin, reason: "the seed reports success, an alias of Finished"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rollupLegacy(tt.timed, tt.instances...)
			require.NoError(t, err)
			if got != tt.want {
				t.Errorf("Rollup(%v) of %q = %s, want %s (%s)", tt.timed, tt.instances, got, tt.want, tt.reason)
			}
		})
	}
}

func TestRollupCurrentRules(t *testing.T) {
	c := status.ParseCurrent
	tests := []struct {
		name      string
		instances []status.Current
		want      status.Current
		reason    string
	}{
		{name: "row 1", instances: []status.Current{c("Running"), c("Pending"), c("Scheduled"), c("Success")},
			want: status.CurrentPending, reason: "Pending first of the busy states, the vendor's order"},
		{name: "row 2", instances: []status.Current{c("Stopping"), c("Scheduled"), c("Running")},
			want: status.CurrentScheduled, reason: "Scheduled before Running"},
		{name: "row 3", instances: []status.Current{c("Stopping"), c("Running"), c("Timeout")},
			want: status.CurrentRunning, reason: "Running before Stopping"},
		{name: "row 4", instances: []status.Current{c("Stopping"), c("Success"), c("Error")},
			want: status.CurrentStopping, reason: "Stopping before every outcome"},
		{name: "row 5", instances: []status.Current{c("Cancelled"), c("Terminated"), c("Stopped")},
			want: status.CurrentStopped, reason: "the whole stopped bucket counts as Stopped"},
		{name: "row 6", instances: []status.Current{c("Invalid"), c("Aborted"), c("Cancelled")},
			want: status.CurrentFailed, reason: "failed bucket with stopped bucket is Failed"},
		{name: "row 6, timeout alone", instances: []status.Current{c("Timeout")},
			want: status.CurrentFailed, reason: "Timeout is in the failed bucket"},
		{name: "row 7", instances: []status.Current{c("Success"), c("Terminated")},
			want: status.CurrentSuccess, reason: "Success with stopped bucket is Success"},
		{name: "row 8", instances: []status.Current{c("Success"), c("Error"), c("Stopped")},
			want: status.CurrentPartialFailed, reason: "Success with failed bucket"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := rollupCurrent(tt.instances...)
			require.NoError(t, err)
			if got != tt.want {
				t.Errorf("Rollup() of %q = %s, want %s (%s)", tt.instances, got, tt.want, tt.reason)
			}
		})
	}
}

func TestRollupErrors(t *testing.T) {
	addLegacy := func(v status.Legacy) func() error {
		return func() error {
			var set status.LegacySet
			require.NoError(t, set.Add(lFin))
			before := set
			err := set.Add(v)
			require.Equal(t, before, set, "a failed Add leaves the set unchanged")
			return err
		}
	}
	addCurrent := func(v status.Current) func() error {
		return func() error {
			var set status.CurrentSet
			require.NoError(t, set.Add(status.CurrentRunning))
			before := set
			err := set.Add(v)
			require.Equal(t, before, set, "a failed Add leaves the set unchanged")
			return err
		}
	}
	tests := []struct {
		name    string
		run     func() error
		wantIs  error
		wantMsg string
	}{
		{"legacy none", func() error { _, err := status.LegacySet{}.Rollup(false); return err },
			status.ErrNoInstances, "status: LegacySet.Rollup: no instances"},
		{"legacy periodic none", func() error { _, err := status.LegacySet{}.Rollup(true); return err },
			status.ErrNoInstances, "status: LegacySet.Rollup: no instances"},
		{"legacy unknown", addLegacy("Done"),
			status.ErrUnknown, `status: LegacySet.Add: unknown status "Done"`},
		{"legacy unparsed spelling", addLegacy("running"),
			status.ErrUnknown, `status: LegacySet.Add: unknown status "running"`},
		{"legacy empty status", addLegacy(""),
			status.ErrUnknown, `status: LegacySet.Add: unknown status ""`},
		{"legacy short unknown", addLegacy("x"),
			status.ErrUnknown, `status: LegacySet.Add: unknown status "x"`},
		{"legacy partial as instance", addLegacy(lPart),
			status.ErrNotInstance, `status: LegacySet.Add: not a per-instance status "PartialFailed"`},
		{"legacy partial copy as instance", addLegacy(cloned([]status.Legacy{lPart})[0]),
			status.ErrNotInstance, `status: LegacySet.Add: not a per-instance status "PartialFailed"`},
		{"current none", func() error { _, err := status.CurrentSet{}.Rollup(); return err },
			status.ErrNoInstances, "status: CurrentSet.Rollup: no instances"},
		{"current unknown", addCurrent("Finished"),
			status.ErrUnknown, `status: CurrentSet.Add: unknown status "Finished"`},
		{"current unknown copy", addCurrent(cloned([]status.Current{"Finished"})[0]),
			status.ErrUnknown, `status: CurrentSet.Add: unknown status "Finished"`},
		{"current short unknown", addCurrent("X"),
			status.ErrUnknown, `status: CurrentSet.Add: unknown status "X"`},
		{"current empty status", addCurrent(""),
			status.ErrUnknown, `status: CurrentSet.Add: unknown status ""`},
		{"current partial as instance", addCurrent(status.CurrentPartialFailed),
			status.ErrNotInstance, `status: CurrentSet.Add: not a per-instance status "PartialFailed"`},
		{"legacy combine unknown left", func() error { _, err := status.Legacy("x").Combine(lRun); return err },
			status.ErrUnknown, `status: Legacy.Combine: unknown status "x"`},
		{"legacy combine unknown right", func() error { _, err := lRun.Combine("y"); return err },
			status.ErrUnknown, `status: Legacy.Combine: unknown status "y"`},
		{"current combine instance-only", func() error { _, err := status.CurrentTimeout.Combine(status.CurrentRunning); return err },
			status.ErrNotOverall, `status: Current.Combine: not an overall status "Timeout"`},
		{"current combine unknown right", func() error { _, err := status.CurrentRunning.Combine(""); return err },
			status.ErrUnknown, `status: Current.Combine: unknown status ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.run()
			require.ErrorIs(t, err, tt.wantIs)
			require.EqualError(t, err, tt.wantMsg)
			var se *status.Error
			require.True(t, errors.As(err, &se))
		})
	}
}

// naiveLegacy is the legacy roll-up table read word for word over a list of
// instance statuses, with no sets and no shortcuts. It returns "" when no
// row matches, which the exhaustive test reports.
func naiveLegacy(timed bool, xs []status.Legacy) status.Legacy {
	some := func(vs ...status.Legacy) bool {
		for _, x := range xs {
			if slices.Contains(vs, x) {
				return true
			}
		}
		return false
	}
	every := func(vs ...status.Legacy) bool {
		for _, x := range xs {
			if !slices.Contains(vs, x) {
				return false
			}
		}
		return true
	}
	if timed {
		// "Running if any instance is not Stopping/Stopped; else Stopping
		// if any is Stopping; else Stopped."
		for _, x := range xs {
			if x != lStpg && x != lStop {
				return lRun
			}
		}
		if some(lStpg) {
			return lStpg
		}
		return lStop
	}
	switch {
	case some(lRun):
		return lRun
	case some(lStpg):
		return lStpg
	case every(lStop):
		return lStop
	case every(lFail, lStop) && some(lFail):
		return lFail
	case every(lFin, lStop) && some(lFin):
		return lFin
	case some(lFail) && some(lFin):
		return lPart
	}
	return ""
}

// naiveCurrent is the current roll-up table read word for word.
func naiveCurrent(xs []status.Current) status.Current {
	failedBucket := []status.Current{"Invalid", "Aborted", "Failed", "Error", "Timeout"}
	stoppedBucket := []status.Current{"Cancelled", "Terminated", "Stopped"}
	some := func(in func(status.Current) bool) bool { return slices.ContainsFunc(xs, in) }
	every := func(in func(status.Current) bool) bool {
		return !slices.ContainsFunc(xs, func(x status.Current) bool { return !in(x) })
	}
	is := func(v status.Current) func(status.Current) bool {
		return func(x status.Current) bool { return x == v }
	}
	failed := func(x status.Current) bool { return slices.Contains(failedBucket, x) }
	stopped := func(x status.Current) bool { return slices.Contains(stoppedBucket, x) }
	switch {
	case some(is("Pending")):
		return "Pending"
	case some(is("Scheduled")):
		return "Scheduled"
	case some(is("Running")):
		return "Running"
	case some(is("Stopping")):
		return "Stopping"
	case every(stopped):
		return "Stopped"
	case every(func(x status.Current) bool { return failed(x) || stopped(x) }) && some(failed):
		return "Failed"
	case every(func(x status.Current) bool { return x == "Success" || stopped(x) }) && some(is("Success")):
		return "Success"
	case some(is("Success")) && some(failed):
		return "PartialFailed"
	}
	return ""
}

func legacyInstanceValues() []status.Legacy {
	return slices.DeleteFunc(status.LegacyValues(), func(v status.Legacy) bool { return !v.PerInstance() })
}

func currentInstanceValues() []status.Current {
	return slices.DeleteFunc(status.CurrentValues(), func(v status.Current) bool { return !v.PerInstance() })
}

// subset returns the values whose bits are set in mask.
func subset[T any](values []T, mask int) []T {
	var out []T
	for i, v := range values {
		if mask&(1<<i) != 0 {
			out = append(out, v)
		}
	}
	return out
}

// cloned returns copies of xs whose bytes are not shared with the
// constants, as statuses built at run time are.
func cloned[T ~string](xs []T) []T {
	out := make([]T, len(xs))
	for i, x := range xs {
		out[i] = T(strings.Clone(string(x)))
	}
	return out
}

// Every one of the 2^5 subsets of legacy instance statuses, one-time and
// periodic, and every one of the 2^13 subsets of current instance statuses,
// rolls up as the naive reading of the tables does, whether the statuses share
// their bytes with the constants or are copies made at run time.
func TestRollupExhaustive(t *testing.T) {
	lv := legacyInstanceValues()
	require.Len(t, lv, 5)
	for mask := 1; mask < 1<<len(lv); mask++ {
		xs := subset(lv, mask)
		for _, timed := range []bool{false, true} {
			want := naiveLegacy(timed, xs)
			require.NotEmpty(t, want, "no row of the tables matches %q timed=%v", xs, timed)
			got, err := rollupLegacy(timed, xs...)
			require.NoError(t, err)
			require.Equal(t, want, got, "Rollup(%v) of %q", timed, xs)
			got, err = rollupLegacy(timed, cloned(xs)...)
			require.NoError(t, err)
			require.Equal(t, want, got, "Rollup(%v) of copies of %q", timed, xs)
		}
	}

	cv := currentInstanceValues()
	require.Len(t, cv, 13)
	for mask := 1; mask < 1<<len(cv); mask++ {
		xs := subset(cv, mask)
		want := naiveCurrent(xs)
		require.NotEmpty(t, want, "no row of the tables matches %q", xs)
		got, err := rollupCurrent(xs...)
		require.NoError(t, err)
		require.Equal(t, want, got, "Rollup() of %q", xs)
		got, err = rollupCurrent(cloned(xs)...)
		require.NoError(t, err)
		require.Equal(t, want, got, "Rollup() of copies of %q", xs)
	}
}

// A set holds which statuses were added, not how often or in what order:
// sets built from the same statuses are equal, and Len counts each once.
func TestSets(t *testing.T) {
	var a, b status.LegacySet
	require.Zero(t, a.Len())
	require.Equal(t, a, b, "zero values are equal")
	require.NoError(t, a.Add(lFail))
	require.NoError(t, a.Add(lRun))
	require.NoError(t, a.Add(lRun))
	require.Equal(t, 2, a.Len())
	require.NotEqual(t, a, b)
	require.NoError(t, b.Add(lRun))
	require.NoError(t, b.Add(lFail))
	require.Equal(t, a, b, "order and duplicates do not matter")
	require.NoError(t, b.Add(lStop))
	require.Equal(t, 3, b.Len())
	require.NotEqual(t, a, b)

	var c, d status.CurrentSet
	require.Zero(t, c.Len())
	require.NoError(t, c.Add(status.CurrentTimeout))
	require.NoError(t, c.Add(status.CurrentRunning))
	require.NoError(t, d.Add(status.CurrentRunning))
	require.NoError(t, d.Add(status.CurrentTimeout))
	require.NoError(t, d.Add(status.CurrentTimeout))
	require.Equal(t, c, d)
	require.Equal(t, 2, d.Len())
	require.NoError(t, d.Add(status.CurrentCancelled))
	require.Equal(t, 3, d.Len())
	require.NotEqual(t, c, d)
}

// Generators.

func legacyInstance() *rapid.Generator[status.Legacy] {
	return rapid.SampledFrom(legacyInstanceValues())
}

func currentInstance() *rapid.Generator[status.Current] {
	return rapid.SampledFrom(currentInstanceValues())
}

func legacyOverall() *rapid.Generator[status.Legacy] { return rapid.SampledFrom(status.LegacyValues()) }

func currentOverall() *rapid.Generator[status.Current] {
	return rapid.SampledFrom(slices.DeleteFunc(status.CurrentValues(), func(v status.Current) bool { return !v.Overall() }))
}

func nonEmpty[T any](g *rapid.Generator[T]) *rapid.Generator[[]T] {
	return rapid.SliceOfN(g, 1, 20)
}

// shuffleDup returns xs permuted, with some elements repeated.
func shuffleDup[T any](t *rapid.T, xs []T) []T {
	out := slices.Clone(xs)
	for _, i := range rapid.SliceOfN(rapid.IntRange(0, len(xs)-1), 0, 5).Draw(t, "dups") {
		out = append(out, xs[i])
	}
	perm := rapid.Permutation(out).Draw(t, "perm")
	return perm
}

func mustLegacy(t *rapid.T, timed bool, xs []status.Legacy) status.Legacy {
	got, err := rollupLegacy(timed, xs...)
	require.NoError(t, err)
	return got
}

func mustCurrent(t *rapid.T, xs []status.Current) status.Current {
	got, err := rollupCurrent(xs...)
	require.NoError(t, err)
	return got
}

func TestRollupOrderAndDuplicatesDoNotMatter(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		timed := rapid.Bool().Draw(t, "timed")
		xs := nonEmpty(legacyInstance()).Draw(t, "legacy")
		require.Equal(t, mustLegacy(t, timed, xs), mustLegacy(t, timed, shuffleDup(t, xs)))
		cs := nonEmpty(currentInstance()).Draw(t, "current")
		require.Equal(t, mustCurrent(t, cs), mustCurrent(t, shuffleDup(t, cs)))
	})
}

func TestLegacyCombineLaws(t *testing.T) {
	combine := func(t *rapid.T, a, b status.Legacy) status.Legacy {
		got, err := a.Combine(b)
		require.NoError(t, err)
		return got
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := legacyOverall().Draw(t, "a"), legacyOverall().Draw(t, "b"), legacyOverall().Draw(t, "c")
		require.Equal(t, combine(t, a, b), combine(t, b, a), "commutative")
		require.Equal(t, combine(t, combine(t, a, b), c), combine(t, a, combine(t, b, c)), "associative")
		require.Equal(t, a, combine(t, a, a), "idempotent")
		require.Equal(t, a, combine(t, status.LegacyStopped, a), "Stopped is the identity")
	})
}

func TestCurrentCombineLaws(t *testing.T) {
	combine := func(t *rapid.T, a, b status.Current) status.Current {
		got, err := a.Combine(b)
		require.NoError(t, err)
		return got
	}
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := currentOverall().Draw(t, "a"), currentOverall().Draw(t, "b"), currentOverall().Draw(t, "c")
		require.Equal(t, combine(t, a, b), combine(t, b, a), "commutative")
		require.Equal(t, combine(t, combine(t, a, b), c), combine(t, a, combine(t, b, c)), "associative")
		require.Equal(t, a, combine(t, a, a), "idempotent")
		require.Equal(t, a, combine(t, status.CurrentStopped, a), "Stopped is the identity")
	})
}

// Rollup(x ++ y) == Combine(Rollup(x), Rollup(y)), and a set that goes
// on from x's statuses to y's rolls up as the whole.
func TestRollupIsHomomorphism(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		timed := rapid.Bool().Draw(t, "timed")
		x, y := nonEmpty(legacyInstance()).Draw(t, "x"), nonEmpty(legacyInstance()).Draw(t, "y")
		whole := mustLegacy(t, timed, slices.Concat(x, y))
		merged, err := mustLegacy(t, timed, x).Combine(mustLegacy(t, timed, y))
		require.NoError(t, err)
		require.Equal(t, whole, merged)
		var sx status.LegacySet
		for _, v := range x {
			require.NoError(t, sx.Add(v))
		}
		sxy := sx
		for _, v := range y {
			require.NoError(t, sxy.Add(v))
		}
		viaSets, err := sxy.Rollup(timed)
		require.NoError(t, err)
		require.Equal(t, whole, viaSets)
		onlyX, err := sx.Rollup(timed)
		require.NoError(t, err)
		require.Equal(t, mustLegacy(t, timed, x), onlyX, "a copy of a set is a value: adding to it leaves the original")

		cx, cy := nonEmpty(currentInstance()).Draw(t, "cx"), nonEmpty(currentInstance()).Draw(t, "cy")
		cwhole := mustCurrent(t, slices.Concat(cx, cy))
		cmerged, err := mustCurrent(t, cx).Combine(mustCurrent(t, cy))
		require.NoError(t, err)
		require.Equal(t, cwhole, cmerged)
	})
}

func TestPeriodicNeverTerminal(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		got := mustLegacy(t, true, nonEmpty(legacyInstance()).Draw(t, "instances"))
		require.NotContains(t, []status.Legacy{lFin, lFail, lPart}, got)
	})
}

func TestOneTimeRunningIffSomeInstanceRunning(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		xs := nonEmpty(legacyInstance()).Draw(t, "instances")
		require.Equal(t, slices.Contains(xs, lRun), mustLegacy(t, false, xs) == lRun)
	})
}

// The consequences of the current → legacy mapping for a one-time
// invocation: current overall in {Pending, Scheduled, Running} ⇔ legacy
// Running; Stopping ⇔ Stopping; Stopped ⇔ Stopped.
func TestMappingConsequences(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		cs := nonEmpty(currentInstance()).Draw(t, "instances")
		ls := make([]status.Legacy, len(cs))
		for i, c := range cs {
			var err error
			ls[i], err = c.Legacy()
			require.NoError(t, err)
		}
		cur, leg := mustCurrent(t, cs), mustLegacy(t, false, ls)
		busy := cur == status.CurrentPending || cur == status.CurrentScheduled || cur == status.CurrentRunning
		require.Equal(t, busy, leg == lRun, "current %s, legacy %s", cur, leg)
		require.Equal(t, cur == status.CurrentStopping, leg == lStpg, "current %s, legacy %s", cur, leg)
		require.Equal(t, cur == status.CurrentStopped, leg == lStop, "current %s, legacy %s", cur, leg)
	})
}
