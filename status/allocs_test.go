package status_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/status"
)

// Allocation budgets. The codecs parse every status they decode and the
// invocation model rolls up every invocation it stores, so these paths
// must not allocate: each test asserts exactly zero allocations per run.
// They hold under the race detector too, which does not change what
// escapes to the heap.

// assertNoAllocs fails t when f allocates.
func assertNoAllocs(t *testing.T, what string, f func()) {
	t.Helper()
	if allocs := testing.AllocsPerRun(100, f); allocs != 0 {
		t.Errorf("%s: %v allocs per run, want 0", what, allocs)
	}
}

// Parsing any spelling of a known value allocates nothing, from a string
// or from bytes: canonical, odd case, padded, and padded beyond the
// length of any known spelling.
func TestParseAllocs(t *testing.T) {
	var strs []string
	for _, s := range readSpellings(t) {
		if status.ParseLegacy(s).Known() || status.ParseCurrent(s).Known() {
			strs = append(strs, s)
		}
	}
	require.Greater(t, len(strs), 20)
	for _, v := range status.CurrentValues() {
		strs = append(strs, spellings(string(v))...)
		strs = append(strs, "\n\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"+string(v)+"\n\t\t\t\t")
	}
	var legacy, current [][]byte
	var legacyStrs, currentStrs []string
	for _, s := range strs {
		if status.ParseLegacy(s).Known() {
			legacyStrs = append(legacyStrs, s)
			legacy = append(legacy, []byte(s))
		}
		if status.ParseCurrent(s).Known() {
			currentStrs = append(currentStrs, s)
			current = append(current, []byte(s))
		}
	}
	var l status.Legacy
	var c status.Current
	assertNoAllocs(t, "ParseLegacy", func() {
		for _, s := range legacyStrs {
			l = status.ParseLegacy(s)
		}
	})
	assertNoAllocs(t, "ParseCurrent", func() {
		for _, s := range currentStrs {
			c = status.ParseCurrent(s)
		}
	})
	assertNoAllocs(t, "Legacy.UnmarshalText", func() {
		for _, b := range legacy {
			_ = l.UnmarshalText(b)
		}
	})
	assertNoAllocs(t, "Current.UnmarshalText", func() {
		for _, b := range current {
			_ = c.UnmarshalText(b)
		}
	})
	assertNoAllocs(t, "LegacyAlias", func() {
		for _, s := range legacyStrs {
			_ = status.LegacyAlias(s)
		}
	})
}

// Rolling up through a set allocates nothing: Add for every instance
// status, then Rollup.
func TestRollupAllocs(t *testing.T) {
	lv, cv := legacyInstanceValues(), currentInstanceValues()
	var l status.Legacy
	var c status.Current
	assertNoAllocs(t, "LegacySet", func() {
		for _, timed := range []bool{false, true} {
			var set status.LegacySet
			for _, v := range lv {
				if err := set.Add(v); err != nil {
					t.Fatal(err)
				}
				l, _ = set.Rollup(timed)
			}
		}
	})
	assertNoAllocs(t, "CurrentSet", func() {
		var set status.CurrentSet
		for _, v := range cv {
			if err := set.Add(v); err != nil {
				t.Fatal(err)
			}
			c, _ = set.Rollup()
		}
	})
	require.Equal(t, status.LegacyRunning, l, "periodic, with every status present")
	require.Equal(t, status.CurrentPending, c, "every status present")
}

func TestCombineAllocs(t *testing.T) {
	lv := status.LegacyValues()
	var cv []status.Current
	for _, v := range status.CurrentValues() {
		if v.Overall() {
			cv = append(cv, v)
		}
	}
	var l status.Legacy
	var c status.Current
	assertNoAllocs(t, "Legacy.Combine", func() {
		for _, a := range lv {
			for _, b := range lv {
				l, _ = a.Combine(b)
			}
		}
	})
	assertNoAllocs(t, "Current.Combine", func() {
		for _, a := range cv {
			for _, b := range cv {
				c, _ = a.Combine(b)
			}
		}
	})
	require.True(t, l.Known())
	require.True(t, c.Known())
}

// AppendText into a buffer with room allocates nothing, for known and
// unknown values alike.
func TestAppendTextAllocs(t *testing.T) {
	legacy := append(status.LegacyValues(), "", " custom Value ")
	current := append(status.CurrentValues(), "", "Weird")
	buf := make([]byte, 0, 64)
	assertNoAllocs(t, "Legacy.AppendText", func() {
		for _, v := range legacy {
			buf, _ = v.AppendText(buf[:0])
		}
	})
	assertNoAllocs(t, "Current.AppendText", func() {
		for _, v := range current {
			buf, _ = v.AppendText(buf[:0])
		}
	})
	require.Equal(t, "Weird", string(buf))
}
