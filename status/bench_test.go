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
// measured in the same run (impl=naive): the obvious implementation with
// the standard library. Compare with
//
//	go test ./status -run '^$' -bench . -count 10 > bench.txt
//	benchstat -col /impl bench.txt

var (
	sinkLegacy  status.Legacy
	sinkCurrent status.Current
)

// parseSpellings mixes canonical, odd-case and padded spellings, as the
// codecs meet them.
var (
	legacyParse  = [8]string{"Running", "finished", " running ", "STOPPED", "Failed", "PartialFailed", "success", "Stopping"}
	currentParse = [8]string{"Running", "success", " Timeout ", "CANCELLED", "Pending", "PartialFailed", "error", "Terminated"}
)

// naiveParseLegacy is the obvious parser: trim, then compare with each
// spelling ignoring case.
func naiveParseLegacy(s string) status.Legacy {
	t := strings.TrimSpace(s)
	for _, v := range status.LegacyValues() {
		if strings.EqualFold(t, string(v)) {
			return v
		}
	}
	if strings.EqualFold(t, "Success") {
		return status.LegacyFinished
	}
	return status.Legacy(s)
}

func naiveParseCurrent(s string) status.Current {
	t := strings.TrimSpace(s)
	for _, v := range status.CurrentValues() {
		if strings.EqualFold(t, string(v)) {
			return v
		}
	}
	return status.Current(s)
}

func BenchmarkParseLegacy(b *testing.B) {
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy = status.ParseLegacy(legacyParse[i&7])
		}
	})
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy = naiveParseLegacy(legacyParse[i&7])
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
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkCurrent = naiveParseCurrent(currentParse[i&7])
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
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy = naiveParseLegacy(string(in[i&7]))
		}
	})
}

// The roll-up benchmarks roll up a fleet of 1000 instances and report the
// cost per instance as ns/instance. Their baseline classifies each
// instance with a string switch, checking every one as the library does.

func switchRollupLegacy(timed bool, xs []status.Legacy) (status.Legacy, error) {
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
			return "", fmt.Errorf("instance %d: unknown status %q", i, x)
		}
	}
	switch {
	case len(xs) == 0:
		return "", errors.New("no instances")
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

func switchRollupCurrent(xs []status.Current) (status.Current, error) {
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
			return "", fmt.Errorf("instance %d: unknown status %q", i, x)
		}
	}
	switch {
	case len(xs) == 0:
		return "", errors.New("no instances")
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

func legacyFleet(copies bool) []status.Legacy {
	r := rand.New(rand.NewPCG(1, 2))
	values := []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyStopped, status.LegacyRunning}
	xs := make([]status.Legacy, fleet)
	for i := range xs {
		xs[i] = values[r.IntN(len(values))]
		if copies {
			xs[i] = status.Legacy(strings.Clone(string(xs[i])))
		}
	}
	return xs
}

func perInstance(b *testing.B) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fleet, "ns/instance")
}

func BenchmarkRollupLegacy(b *testing.B) {
	xs := legacyFleet(false)
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy, _ = status.RollupLegacy(false, xs...)
		}
		perInstance(b)
	})
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy, _ = switchRollupLegacy(false, xs)
		}
		perInstance(b)
	})
}

// BenchmarkRollupLegacyCopies rolls up statuses whose bytes are not shared
// with the constants: the slow path, which compares bytes.
func BenchmarkRollupLegacyCopies(b *testing.B) {
	xs := legacyFleet(true)
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy, _ = status.RollupLegacy(false, xs...)
		}
		perInstance(b)
	})
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkLegacy, _ = switchRollupLegacy(false, xs)
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
			sinkCurrent, _ = status.RollupCurrent(xs...)
		}
		perInstance(b)
	})
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			sinkCurrent, _ = switchRollupCurrent(xs)
		}
		perInstance(b)
	})
}

// The Combine baseline rolls up the two statuses' witnesses: what a caller
// without Combine would do.
func BenchmarkCombineLegacy(b *testing.B) {
	var pairs [64][2]status.Legacy
	vs := status.LegacyValues()
	for i := range pairs {
		pairs[i] = [2]status.Legacy{vs[i%len(vs)], vs[(i/len(vs))%len(vs)]}
	}
	witness := map[status.Legacy][]status.Legacy{
		"Running": {"Running"}, "Stopping": {"Stopping"}, "Stopped": {"Stopped"}, "Failed": {"Failed"},
		"Finished": {"Finished"}, "PartialFailed": {"Failed", "Finished"},
	}
	b.Run("impl=lib", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			p := &pairs[i&63]
			sinkLegacy, _ = p[0].Combine(p[1])
		}
	})
	b.Run("impl=naive", func(b *testing.B) {
		b.ReportAllocs()
		var buf []status.Legacy
		for i := 0; i < b.N; i++ {
			p := &pairs[i&63]
			buf = append(append(buf[:0], witness[p[0]]...), witness[p[1]]...)
			sinkLegacy = naiveLegacy(false, buf)
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
}
