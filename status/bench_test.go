package status_test

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/status"
)

var (
	sinkLegacy  status.Legacy
	sinkCurrent status.Current
)

// benchSpellings mixes canonical, odd-case and padded spellings, as the
// codecs meet them.
var benchSpellings = []string{"Running", "finished", " running ", "STOPPED", "Failed", "PartialFailed", "success", "Stopping"}

func BenchmarkParseLegacy(b *testing.B) {
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkLegacy = status.ParseLegacy(benchSpellings[i&7])
	}
}

func BenchmarkParseCurrent(b *testing.B) {
	in := []string{"Running", "success", " Timeout ", "CANCELLED", "Pending", "PartialFailed", "error", "Terminated"}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkCurrent = status.ParseCurrent(in[i&7])
	}
}

func BenchmarkUnmarshalTextLegacy(b *testing.B) {
	in := make([][]byte, len(benchSpellings))
	for i, s := range benchSpellings {
		in[i] = []byte(s)
	}
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		_ = sinkLegacy.UnmarshalText(in[i&7])
	}
}

// The roll-up benchmarks report ns/op for a fleet of 1000 instances; divide
// by 1000 for the cost per instance (reported as ns/instance).
const fleet = 1000

func BenchmarkRollupLegacy(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	values := []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyStopped, status.LegacyRunning}
	xs := make([]status.Legacy, fleet)
	for i := range xs {
		xs[i] = values[r.IntN(len(values))]
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkLegacy, _ = status.RollupLegacy(false, xs...)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fleet, "ns/instance")
}

// BenchmarkRollupLegacyCopies rolls up statuses whose bytes are not shared
// with the constants: the slow path, which compares bytes.
func BenchmarkRollupLegacyCopies(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	values := []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyStopped, status.LegacyRunning}
	xs := make([]status.Legacy, fleet)
	for i := range xs {
		xs[i] = status.Legacy(strings.Clone(string(values[r.IntN(len(values))])))
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkLegacy, _ = status.RollupLegacy(false, xs...)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fleet, "ns/instance")
}

func BenchmarkRollupCurrent(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	values := currentInstanceValues()
	xs := make([]status.Current, fleet)
	for i := range xs {
		xs[i] = values[r.IntN(len(values))]
	}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		sinkCurrent, _ = status.RollupCurrent(xs...)
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/fleet, "ns/instance")
}

func BenchmarkCombineLegacy(b *testing.B) {
	vs := status.LegacyValues()
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkLegacy, _ = vs[i%len(vs)].Combine(vs[(i/len(vs))%len(vs)])
	}
}

func BenchmarkCombineCurrent(b *testing.B) {
	vs := status.CurrentValues()[:8]
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		sinkCurrent, _ = vs[i%len(vs)].Combine(vs[(i/len(vs))%len(vs)])
	}
}
