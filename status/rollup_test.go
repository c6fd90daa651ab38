package status_test

import (
	"errors"
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

// One row per row of each roll-up table of SPEC §2, with the instance
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
			got, err := status.RollupLegacy(tt.timed, tt.instances...)
			require.NoError(t, err)
			if got != tt.want {
				t.Errorf("RollupLegacy(%v, %q) = %s, want %s (%s)", tt.timed, tt.instances, got, tt.want, tt.reason)
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
			got, err := status.RollupCurrent(tt.instances...)
			require.NoError(t, err)
			if got != tt.want {
				t.Errorf("RollupCurrent(%q) = %s, want %s (%s)", tt.instances, got, tt.want, tt.reason)
			}
		})
	}
}

func TestRollupErrors(t *testing.T) {
	tests := []struct {
		name    string
		run     func() error
		wantIs  error
		wantMsg string
	}{
		{"legacy none", func() error { _, err := status.RollupLegacy(false); return err },
			status.ErrNoInstances, "status: RollupLegacy: no instances"},
		{"legacy unknown", func() error { _, err := status.RollupLegacy(false, lRun, "Done"); return err },
			status.ErrUnknown, `status: RollupLegacy: instance 1: unknown status "Done"`},
		{"legacy unparsed spelling", func() error { _, err := status.RollupLegacy(true, "running"); return err },
			status.ErrUnknown, `status: RollupLegacy: instance 0: unknown status "running"`},
		{"legacy empty status", func() error { _, err := status.RollupLegacy(false, lFin, lFin, ""); return err },
			status.ErrUnknown, `status: RollupLegacy: instance 2: unknown status ""`},
		{"legacy unknown after copies", func() error {
			_, err := status.RollupLegacy(false, cloned([]status.Legacy{lRun, lFin, lPart})...)
			return err
		}, status.ErrNotInstance, `status: RollupLegacy: instance 2: not a per-instance status "PartialFailed"`},
		{"current unknown after copies", func() error {
			_, err := status.RollupCurrent(cloned([]status.Current{status.CurrentRunning, "Finished"})...)
			return err
		}, status.ErrUnknown, `status: RollupCurrent: instance 1: unknown status "Finished"`},
		{"current short unknown", func() error { _, err := status.RollupCurrent(status.CurrentRunning, "X"); return err },
			status.ErrUnknown, `status: RollupCurrent: instance 1: unknown status "X"`},
		{"legacy partial as instance", func() error { _, err := status.RollupLegacy(false, lPart); return err },
			status.ErrNotInstance, `status: RollupLegacy: instance 0: not a per-instance status "PartialFailed"`},
		{"current none", func() error { _, err := status.RollupCurrent(); return err },
			status.ErrNoInstances, "status: RollupCurrent: no instances"},
		{"current unknown", func() error { _, err := status.RollupCurrent("Finished"); return err },
			status.ErrUnknown, `status: RollupCurrent: instance 0: unknown status "Finished"`},
		{"current partial as instance", func() error {
			_, err := status.RollupCurrent(status.CurrentSuccess, status.CurrentPartialFailed)
			return err
		}, status.ErrNotInstance, `status: RollupCurrent: instance 1: not a per-instance status "PartialFailed"`},
		{"legacy set add unknown", func() error { var s status.LegacySet; return s.Add("x") },
			status.ErrUnknown, `status: LegacySet.Add: unknown status "x"`},
		{"legacy set add partial", func() error { var s status.LegacySet; return s.Add(lPart) },
			status.ErrNotInstance, `status: LegacySet.Add: not a per-instance status "PartialFailed"`},
		{"legacy set empty", func() error { _, err := status.LegacySet{}.Rollup(false); return err },
			status.ErrNoInstances, "status: LegacySet.Rollup: no instances"},
		{"current set add unknown", func() error { var s status.CurrentSet; return s.Add("x") },
			status.ErrUnknown, `status: CurrentSet.Add: unknown status "x"`},
		{"current set add partial", func() error { var s status.CurrentSet; return s.Add(status.CurrentPartialFailed) },
			status.ErrNotInstance, `status: CurrentSet.Add: not a per-instance status "PartialFailed"`},
		{"current set empty", func() error { _, err := status.CurrentSet{}.Rollup(); return err },
			status.ErrNoInstances, "status: CurrentSet.Rollup: no instances"},
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

// naiveLegacy is SPEC §2's legacy table read word for word over a list of
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

// naiveCurrent is SPEC §2's current table read word for word.
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
// rolls up as the naive reading of SPEC does.
func TestRollupExhaustive(t *testing.T) {
	lv := legacyInstanceValues()
	require.Len(t, lv, 5)
	for mask := 1; mask < 1<<len(lv); mask++ {
		xs := subset(lv, mask)
		for _, timed := range []bool{false, true} {
			want := naiveLegacy(timed, xs)
			require.NotEmpty(t, want, "no row of SPEC matches %q timed=%v", xs, timed)
			got, err := status.RollupLegacy(timed, xs...)
			require.NoError(t, err)
			require.Equal(t, want, got, "RollupLegacy(%v, %q)", timed, xs)
			got, err = status.RollupLegacy(timed, cloned(xs)...)
			require.NoError(t, err)
			require.Equal(t, want, got, "RollupLegacy(%v, %q) of copies", timed, xs)

			var set status.LegacySet
			for _, x := range xs {
				require.NoError(t, set.Add(x))
			}
			got, err = set.Rollup(timed)
			require.NoError(t, err)
			require.Equal(t, want, got, "%v.Rollup(%v)", set, timed)
		}
	}

	cv := currentInstanceValues()
	require.Len(t, cv, 13)
	for mask := 1; mask < 1<<len(cv); mask++ {
		xs := subset(cv, mask)
		want := naiveCurrent(xs)
		require.NotEmpty(t, want, "no row of SPEC matches %q", xs)
		got, err := status.RollupCurrent(xs...)
		require.NoError(t, err)
		require.Equal(t, want, got, "RollupCurrent(%q)", xs)
		got, err = status.RollupCurrent(cloned(xs)...)
		require.NoError(t, err)
		require.Equal(t, want, got, "RollupCurrent(%q) of copies", xs)

		var set status.CurrentSet
		for _, x := range xs {
			require.NoError(t, set.Add(x))
		}
		got, err = set.Rollup()
		require.NoError(t, err)
		require.Equal(t, want, got, "%v.Rollup()", set)
	}
}

func TestSets(t *testing.T) {
	var a, b status.LegacySet
	require.Equal(t, "{}", a.String())
	require.Zero(t, a.Len())
	require.NoError(t, a.Add(lFail))
	require.NoError(t, a.Add(lRun))
	require.NoError(t, a.Add(lRun))
	require.NoError(t, b.Add(lStop))
	require.Equal(t, "{Running, Failed}", a.String())
	require.Equal(t, 2, a.Len())
	u := a.Union(b)
	require.Equal(t, "{Running, Stopped, Failed}", u.String())
	require.True(t, u.Has(lStop))
	require.False(t, a.Has(lStop))
	require.False(t, u.Has("bogus"))
	require.False(t, u.Has(lPart))
	require.NotEqual(t, a, u)

	var c, d status.CurrentSet
	require.Equal(t, "{}", c.String())
	require.NoError(t, c.Add(status.CurrentTimeout))
	require.NoError(t, c.Add(status.CurrentRunning))
	require.NoError(t, d.Add(status.CurrentCancelled))
	require.Equal(t, "{Running, Timeout}", c.String())
	cu := c.Union(d)
	require.Equal(t, 3, cu.Len())
	require.Equal(t, "{Running, Timeout, Cancelled}", cu.String())
	require.True(t, cu.Has(status.CurrentCancelled))
	require.False(t, c.Has(status.CurrentCancelled))
	require.False(t, cu.Has(""))
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
	got, err := status.RollupLegacy(timed, xs...)
	require.NoError(t, err)
	return got
}

func mustCurrent(t *rapid.T, xs []status.Current) status.Current {
	got, err := status.RollupCurrent(xs...)
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

// Rollup(x ++ y) == Combine(Rollup(x), Rollup(y)), and the same through
// the sets' Union.
func TestRollupIsHomomorphism(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		timed := rapid.Bool().Draw(t, "timed")
		x, y := nonEmpty(legacyInstance()).Draw(t, "x"), nonEmpty(legacyInstance()).Draw(t, "y")
		whole := mustLegacy(t, timed, slices.Concat(x, y))
		merged, err := mustLegacy(t, timed, x).Combine(mustLegacy(t, timed, y))
		require.NoError(t, err)
		require.Equal(t, whole, merged)
		var sx, sy status.LegacySet
		for _, v := range x {
			require.NoError(t, sx.Add(v))
		}
		for _, v := range y {
			require.NoError(t, sy.Add(v))
		}
		viaSets, err := sx.Union(sy).Rollup(timed)
		require.NoError(t, err)
		require.Equal(t, whole, viaSets)

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

// SPEC §2's consequences of the current → legacy mapping for a one-time
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
