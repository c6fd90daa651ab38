package fake_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// The fleet of the benchmarks: ten instances.
var benchInstances = func() []string {
	ids := make([]string, 10)
	for i := range ids {
		ids[i] = fmt.Sprintf("i-bench%d", i)
	}
	return ids
}()

const benchInvocations = 100_000

// runInvocations runs n invocations of the ten instances through svc to
// their end: a hundred every second of the clock, each of which lasts
// two (delivery and run).
func runInvocations(tb testing.TB, svc *fake.Service, clock *fake.VirtualClock, n int) {
	for i := range n {
		_, _, err := svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript,
			CommandContent: "systemctl restart app", InstanceIDs: benchInstances})
		if err != nil {
			tb.Fatal(err)
		}
		if i%100 == 99 {
			clock.Advance(time.Second)
		}
	}
	clock.Advance(3 * time.Second)
	if _, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz}); err != nil { // applies what is due
		tb.Fatal(err)
	}
}

// BenchmarkServiceRun runs 100,000 invocations of 10 instances through a
// service with the default retention (the last 10,000 are kept), and
// reports the time and the memory allocated per execution, and the heap
// that the kept executions hold.
func BenchmarkServiceRun(b *testing.B) {
	b.ReportAllocs()
	for range b.N {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		clock := fake.NewVirtualClock(t0)
		svc, err := fake.NewService(fake.Config{Clock: clock})
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		runInvocations(b, svc, clock, benchInvocations)
		elapsed := time.Since(start)
		runtime.ReadMemStats(&after)
		executions := float64(benchInvocations * len(benchInstances))
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/executions, "alloc-bytes/execution")
		b.ReportMetric(float64(elapsed.Nanoseconds())/executions, "ns/execution")
		runtime.GC()
		runtime.ReadMemStats(&after)
		kept := float64(fake.DefaultMaxInvocations * len(benchInstances))
		b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/kept, "heap-bytes/kept-execution")
		runtime.KeepAlive(svc)
	}
}

// A service that keeps all of 100,000 invocations of 10 instances, built
// once for the page benchmarks.
var (
	bigServiceOnce sync.Once
	bigService     *fake.Service
	bigHeap        float64
)

func bigFake(b *testing.B) *fake.Service {
	bigServiceOnce.Do(func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		clock := fake.NewVirtualClock(t0)
		svc, err := fake.NewService(fake.Config{Clock: clock, MaxInvocations: benchInvocations})
		if err != nil {
			b.Fatal(err)
		}
		runInvocations(b, svc, clock, benchInvocations)
		runtime.GC()
		runtime.ReadMemStats(&after)
		bigService = svc
		bigHeap = float64(after.HeapAlloc-before.HeapAlloc) / float64(benchInvocations*len(benchInstances))
	})
	return bigService
}

// BenchmarkServicePage times one page of 50 of DescribeInvocations and of
// DescribeInvocationResults over a service that keeps 100,000 invocations
// of 10 instances (a million executions), by page number and by token,
// unfiltered and filtered through an index.
func BenchmarkServicePage(b *testing.B) {
	second := func(b *testing.B, describe func(token string) string) string {
		tok := describe("")
		if tok == "" {
			b.Fatal("no second page")
		}
		return tok
	}
	invocations := func(q fake.Query) func(b *testing.B) {
		return func(b *testing.B) {
			svc := bigFake(b)
			q.RegionID = hz
			describe := func(token string) string {
				qq := q
				if q.Paging.ByToken {
					qq.Paging.Cursor.NextToken = token
				}
				r, err := svc.DescribeInvocations(qq)
				if err != nil || len(r.Invocations) == 0 {
					b.Fatal(err, len(r.Invocations))
				}
				return r.NextToken
			}
			tok := ""
			if q.Paging.ByToken {
				tok = second(b, describe)
			}
			b.ResetTimer()
			for range b.N {
				describe(tok)
			}
			b.ReportMetric(bigHeap, "heap-bytes/kept-execution")
		}
	}
	results := func(req fake.DescribeInvocationResultsRequest) func(b *testing.B) {
		return func(b *testing.B) {
			svc := bigFake(b)
			req.RegionID = hz
			describe := func(token string) string {
				r := req
				if req.Paging.ByToken {
					r.Paging.Cursor.NextToken = token
				}
				resp, err := svc.DescribeInvocationResults(r)
				if err != nil || len(resp.Results) == 0 {
					b.Fatal(err, len(resp.Results))
				}
				return resp.NextToken
			}
			tok := ""
			if req.Paging.ByToken {
				tok = second(b, describe)
			}
			b.ResetTimer()
			for range b.N {
				describe(tok)
			}
			b.ReportMetric(bigHeap, "heap-bytes/kept-execution")
		}
	}
	page := paging.Request{Page: paging.Page{Number: 3, Size: 50}}
	token := paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 50}}
	b.Run("DescribeInvocations/page", invocations(fake.Query{Paging: page}))
	b.Run("DescribeInvocations/token", invocations(fake.Query{Paging: token}))
	b.Run("DescribeInvocations/instance/token", invocations(fake.Query{InstanceID: "i-bench3", Paging: token}))
	b.Run("DescribeInvocationResults/page", results(fake.DescribeInvocationResultsRequest{Paging: page}))
	b.Run("DescribeInvocationResults/token", results(fake.DescribeInvocationResultsRequest{Paging: token}))
	b.Run("DescribeInvocationResults/instance/token", results(fake.DescribeInvocationResultsRequest{InstanceID: "i-bench3", Paging: token}))
}
