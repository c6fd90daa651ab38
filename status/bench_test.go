package status_test

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/status"
)

// Each benchmark runs this library's code (impl=lib) next to a baseline
// measured in the same run (impl=plain): the plain code a Go programmer
// would write first for the same job, held to the same rules (ASCII white
// space only, no allocation for a known spelling). A shortcut in the
// library earns its place only by a clear margin over impl=plain. Compare
// with
//
//	go test ./status -run '^$' -bench . -count 10 > bench.txt
//	benchstat -col /impl bench.txt

var (
	sinkLegacy  status.Legacy
	sinkCurrent status.Current
)

// The parse inputs mix canonical, odd-case and padded spellings, as the
// codecs meet them.
var (
	legacyParse  = [8]string{"Running", "finished", " running ", "STOPPED", "Failed", "PartialFailed", "success", "Stopping"}
	currentParse = [8]string{"Running", "success", " Timeout ", "CANCELLED", "Pending", "PartialFailed", "error", "Terminated"}
)

// plainTrim trims ASCII white space the way strings.TrimSpace does.
func plainTrim(s string) string {
	isSpace := func(c byte) bool { return c == ' ' || '\t' <= c && c <= '\r' }
	for len(s) > 0 && isSpace(s[0]) {
		s = s[1:]
	}
	for len(s) > 0 && isSpace(s[len(s)-1]) {
		s = s[:len(s)-1]
	}
	return s
}

// plainLegacy looks up trimmed text: a switch on the length, then
// strings.EqualFold with each spelling of that length. Equal lengths keep
// EqualFold's Unicode folding from matching non-ASCII text.
func plainLegacy(t string) (status.Legacy, bool) {
	switch len(t) {
	case 6:
		if strings.EqualFold(t, "Failed") {
			return status.LegacyFailed, true
		}
	case 7:
		switch {
		case strings.EqualFold(t, "Running"):
			return status.LegacyRunning, true
		case strings.EqualFold(t, "Stopped"):
			return status.LegacyStopped, true
		case strings.EqualFold(t, "Success"):
			return status.LegacyFinished, true
		}
	case 8:
		switch {
		case strings.EqualFold(t, "Stopping"):
			return status.LegacyStopping, true
		case strings.EqualFold(t, "Finished"):
			return status.LegacyFinished, true
		}
	case 13:
		if strings.EqualFold(t, "PartialFailed") {
			return status.LegacyPartialFailed, true
		}
	}
	return "", false
}

func plainCurrent(t string) (status.Current, bool) {
	switch len(t) {
	case 5:
		if strings.EqualFold(t, "Error") {
			return status.CurrentError, true
		}
	case 6:
		if strings.EqualFold(t, "Failed") {
			return status.CurrentFailed, true
		}
	case 7:
		switch {
		case strings.EqualFold(t, "Pending"):
			return status.CurrentPending, true
		case strings.EqualFold(t, "Running"):
			return status.CurrentRunning, true
		case strings.EqualFold(t, "Stopped"):
			return status.CurrentStopped, true
		case strings.EqualFold(t, "Success"):
			return status.CurrentSuccess, true
		case strings.EqualFold(t, "Invalid"):
			return status.CurrentInvalid, true
		case strings.EqualFold(t, "Aborted"):
			return status.CurrentAborted, true
		case strings.EqualFold(t, "Timeout"):
			return status.CurrentTimeout, true
		}
	case 8:
		if strings.EqualFold(t, "Stopping") {
			return status.CurrentStopping, true
		}
	case 9:
		switch {
		case strings.EqualFold(t, "Scheduled"):
			return status.CurrentScheduled, true
		case strings.EqualFold(t, "Cancelled"):
			return status.CurrentCancelled, true
		}
	case 10:
		if strings.EqualFold(t, "Terminated") {
			return status.CurrentTerminated, true
		}
	case 13:
		if strings.EqualFold(t, "PartialFailed") {
			return status.CurrentPartialFailed, true
		}
	}
	return "", false
}

func plainParseLegacy(s string) status.Legacy {
	if v, ok := plainLegacy(plainTrim(s)); ok {
		return v
	}
	return status.Legacy(s)
}

func plainParseCurrent(s string) status.Current {
	if v, ok := plainCurrent(plainTrim(s)); ok {
		return v
	}
	return status.Current(s)
}

// plainUnmarshalLegacy converts to a string only to look it up, which
// does not allocate; unknown text is copied, as it must be.
func plainUnmarshalLegacy(s *status.Legacy, text []byte) {
	if v, ok := plainLegacy(plainTrim(string(text))); ok {
		*s = v
		return
	}
	*s = status.Legacy(text)
}

func BenchmarkParseLegacy(b *testing.B) {
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy = status.ParseLegacy(legacyParse[i&7])
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy = plainParseLegacy(legacyParse[i&7])
		}
	})
}

func BenchmarkParseCurrent(b *testing.B) {
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkCurrent = status.ParseCurrent(currentParse[i&7])
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkCurrent = plainParseCurrent(currentParse[i&7])
		}
	})
}

func BenchmarkUnmarshalTextLegacy(b *testing.B) {
	var in [8][]byte
	for i, s := range legacyParse {
		in[i] = []byte(s)
	}
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = sinkLegacy.UnmarshalText(in[i&7])
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			plainUnmarshalLegacy(&sinkLegacy, in[i&7])
		}
	})
}

// The roll-up benchmarks roll up a fleet of 1000 instances and report the
// cost per instance as ns/instance. The plain roll-up notes which statuses
// it meets in booleans, checking every instance, then reads the table as
// an if/else chain.

func plainRollupLegacy(timed bool, xs []status.Legacy) (status.Legacy, error) {
	var running, stopping, failed, finished bool
	for i, x := range xs {
		switch x {
		case status.LegacyRunning:
			running = true
		case status.LegacyStopping:
			stopping = true
		case status.LegacyStopped:
		case status.LegacyFailed:
			failed = true
		case status.LegacyFinished:
			finished = true
		default:
			return "", fmt.Errorf("status: instance %d: unknown status %q", i, x)
		}
	}
	switch {
	case len(xs) == 0:
		return "", errors.New("status: no instances")
	case timed && (running || failed || finished):
		return status.LegacyRunning, nil
	case timed && stopping:
		return status.LegacyStopping, nil
	case timed:
		return status.LegacyStopped, nil
	case running:
		return status.LegacyRunning, nil
	case stopping:
		return status.LegacyStopping, nil
	case !failed && !finished:
		return status.LegacyStopped, nil
	case !finished:
		return status.LegacyFailed, nil
	case !failed:
		return status.LegacyFinished, nil
	}
	return status.LegacyPartialFailed, nil
}

func plainRollupCurrent(xs []status.Current) (status.Current, error) {
	var pending, scheduled, running, stopping, failed, success bool
	for i, x := range xs {
		switch x {
		case status.CurrentPending:
			pending = true
		case status.CurrentScheduled:
			scheduled = true
		case status.CurrentRunning:
			running = true
		case status.CurrentStopping:
			stopping = true
		case status.CurrentSuccess:
			success = true
		case status.CurrentInvalid, status.CurrentAborted, status.CurrentFailed, status.CurrentError, status.CurrentTimeout:
			failed = true
		case status.CurrentCancelled, status.CurrentTerminated, status.CurrentStopped:
		default:
			return "", fmt.Errorf("status: instance %d: unknown status %q", i, x)
		}
	}
	switch {
	case len(xs) == 0:
		return "", errors.New("status: no instances")
	case pending:
		return status.CurrentPending, nil
	case scheduled:
		return status.CurrentScheduled, nil
	case running:
		return status.CurrentRunning, nil
	case stopping:
		return status.CurrentStopping, nil
	case !failed && !success:
		return status.CurrentStopped, nil
	case !success:
		return status.CurrentFailed, nil
	case !failed:
		return status.CurrentSuccess, nil
	}
	return status.CurrentPartialFailed, nil
}

const fleet = 1000

func legacyFleet() []status.Legacy {
	r := rand.New(rand.NewPCG(1, 2))
	values := []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyStopped, status.LegacyRunning}
	xs := make([]status.Legacy, fleet)
	for i := range xs {
		xs[i] = values[r.IntN(len(values))]
	}
	return xs
}

func perInstance(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fleet, "ns/instance")
}

// The library rolls up as a caller does: it adds each instance's status
// to a set, checking it, then rolls up the set. That is a call per
// instance, which the plain loop does not pay: a few nanoseconds each, the
// price of taking statuses one at a time from whatever holds them.
func BenchmarkRollupLegacy(b *testing.B) {
	xs := legacyFleet()
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy, _ = rollupLegacy(false, xs...)
		}
		perInstance(b)
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy, _ = plainRollupLegacy(false, xs)
		}
		perInstance(b)
	})
}

func BenchmarkRollupCurrent(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	values := currentInstanceValues()
	xs := make([]status.Current, fleet)
	for i := range xs {
		xs[i] = values[r.IntN(len(values))]
	}
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkCurrent, _ = rollupCurrent(xs...)
		}
		perInstance(b)
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkCurrent, _ = plainRollupCurrent(xs)
		}
		perInstance(b)
	})
}

// The plain Combine checks both statuses, then lets the busy states win in
// order, Stopped give way to the other status, and two different outcomes
// make PartialFailed.

func plainCombineLegacy(a, b status.Legacy) (status.Legacy, error) {
	if !a.Known() {
		return "", fmt.Errorf("status: unknown status %q", a)
	}
	if !b.Known() {
		return "", fmt.Errorf("status: unknown status %q", b)
	}
	switch {
	case a == status.LegacyRunning || b == status.LegacyRunning:
		return status.LegacyRunning, nil
	case a == status.LegacyStopping || b == status.LegacyStopping:
		return status.LegacyStopping, nil
	case a == status.LegacyStopped || a == b:
		return b, nil
	case b == status.LegacyStopped:
		return a, nil
	}
	return status.LegacyPartialFailed, nil
}

func plainCombineCurrent(a, b status.Current) (status.Current, error) {
	if !a.Overall() {
		return "", fmt.Errorf("status: not an overall status %q", a)
	}
	if !b.Overall() {
		return "", fmt.Errorf("status: not an overall status %q", b)
	}
	switch {
	case a == status.CurrentPending || b == status.CurrentPending:
		return status.CurrentPending, nil
	case a == status.CurrentScheduled || b == status.CurrentScheduled:
		return status.CurrentScheduled, nil
	case a == status.CurrentRunning || b == status.CurrentRunning:
		return status.CurrentRunning, nil
	case a == status.CurrentStopping || b == status.CurrentStopping:
		return status.CurrentStopping, nil
	case a == status.CurrentStopped || a == b:
		return b, nil
	case b == status.CurrentStopped:
		return a, nil
	}
	return status.CurrentPartialFailed, nil
}

// TestPlainBaselines checks the baselines against the library, so that
// the benchmarks compare two right answers.
func TestPlainBaselines(t *testing.T) {
	inputs := readSpellings(t)
	for _, v := range status.CurrentValues() {
		inputs = append(inputs, spellings(string(v))...)
	}
	inputs = append(inputs, spellings("Success")...)
	for _, s := range inputs {
		if got, want := plainParseLegacy(s), status.ParseLegacy(s); got != want {
			t.Errorf("plainParseLegacy(%q) = %q, want %q", s, got, want)
		}
		if got, want := plainParseCurrent(s), status.ParseCurrent(s); got != want {
			t.Errorf("plainParseCurrent(%q) = %q, want %q", s, got, want)
		}
		var got, want status.Legacy
		plainUnmarshalLegacy(&got, []byte(s))
		_ = want.UnmarshalText([]byte(s))
		if got != want {
			t.Errorf("plainUnmarshalLegacy(%q) = %q, want %q", s, got, want)
		}
	}
	lv, cv := legacyInstanceValues(), currentInstanceValues()
	for mask := 1; mask < 1<<len(lv); mask++ {
		xs := subset(lv, mask)
		for _, timed := range []bool{false, true} {
			want, _ := rollupLegacy(timed, xs...)
			if got, err := plainRollupLegacy(timed, xs); err != nil || got != want {
				t.Errorf("plainRollupLegacy(%v, %q) = %s, %v; want %s", timed, xs, got, err, want)
			}
		}
	}
	for mask := 1; mask < 1<<len(cv); mask++ {
		xs := subset(cv, mask)
		want, _ := rollupCurrent(xs...)
		if got, err := plainRollupCurrent(xs); err != nil || got != want {
			t.Errorf("plainRollupCurrent(%q) = %s, %v; want %s", xs, got, err, want)
		}
	}
	for _, a := range status.LegacyValues() {
		for _, b := range status.LegacyValues() {
			want, _ := a.Combine(b)
			if got, err := plainCombineLegacy(a, b); err != nil || got != want {
				t.Errorf("plainCombineLegacy(%s, %s) = %s, %v; want %s", a, b, got, err, want)
			}
		}
	}
	for _, a := range status.CurrentValues()[:8] {
		for _, b := range status.CurrentValues()[:8] {
			want, _ := a.Combine(b)
			if got, err := plainCombineCurrent(a, b); err != nil || got != want {
				t.Errorf("plainCombineCurrent(%s, %s) = %s, %v; want %s", a, b, got, err, want)
			}
		}
	}
}

func BenchmarkCombineLegacy(b *testing.B) {
	var pairs [64][2]status.Legacy
	vs := status.LegacyValues()
	for i := range pairs {
		pairs[i] = [2]status.Legacy{vs[i%len(vs)], vs[(i/len(vs))%len(vs)]}
	}
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := &pairs[i&63]
			sinkLegacy, _ = p[0].Combine(p[1])
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := &pairs[i&63]
			sinkLegacy, _ = plainCombineLegacy(p[0], p[1])
		}
	})
}

func BenchmarkCombineCurrent(b *testing.B) {
	var pairs [64][2]status.Current
	vs := status.CurrentValues()[:8]
	for i := range pairs {
		pairs[i] = [2]status.Current{vs[i%len(vs)], vs[(i/len(vs))%len(vs)]}
	}
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := &pairs[i&63]
			sinkCurrent, _ = p[0].Combine(p[1])
		}
	})
	b.Run("impl=plain", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := &pairs[i&63]
			sinkCurrent, _ = plainCombineCurrent(p[0], p[1])
		}
	})
}
