package index_test

import (
	"fmt"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// A store of a million invocations of three instances each, built once
// for the benchmarks, with the memory it takes per invocation.
var (
	bigOnce    sync.Once
	bigStore   *index.Store
	bigPerItem float64
)

const bigN = 1_000_000

func big(b *testing.B) *index.Store {
	bigOnce.Do(func() {
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		s := index.New(nil)
		start := time.Unix(1_600_000_000, 0).UTC()
		for i := range bigN {
			id := fmt.Sprintf("t-%032x", i)
			inv := invocation.Invocation{
				InvokeID: id, CommandID: fmt.Sprintf("c-%032x", i%1000), CommandName: "deploy",
				CommandType: invocation.RunShellScript, CreationTime: start.Add(time.Duration(i) * time.Second),
				Instances: []invocation.InvokeInstance{
					{InstanceID: fmt.Sprintf("i-%020x", i%5000), InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess},
					{InstanceID: fmt.Sprintf("i-%020x", 5000+i%7000), InstanceInvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentRunning},
					{InstanceID: fmt.Sprintf("i-%020x", 12000+i), InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess},
				},
			}
			if err := s.Put(inv); err != nil {
				panic(err)
			}
		}
		runtime.GC()
		runtime.ReadMemStats(&after)
		bigStore = s
		bigPerItem = float64(after.HeapAlloc-before.HeapAlloc) / bigN
	})
	return bigStore
}

// BenchmarkStoreDescribe answers one page of 50 from a million stored
// invocations: through each index, and unfiltered. It reports the heap a
// stored invocation of three instances takes as B/invocation.
func BenchmarkStoreDescribe(b *testing.B) {
	s := big(b)
	page := paging.Request{Page: paging.Page{Number: 1, Size: 50}}
	for _, bc := range []struct {
		name string
		q    index.Query
	}{
		{"filter=InvokeId", index.Query{InvokeID: fmt.Sprintf("t-%032x", 123456), Paging: page}},
		{"filter=CommandId", index.Query{CommandID: fmt.Sprintf("c-%032x", 42), Paging: page}},  // 1000 matches
		{"filter=InstanceId", index.Query{InstanceID: fmt.Sprintf("i-%020x", 7), Paging: page}}, // 200 matches
		{"filter=none", index.Query{Paging: page}},
		{"filter=none/page=1000", index.Query{Paging: paging.Request{Page: paging.Page{Number: 1000, Size: 50}}}},
		{"filter=none/token", index.Query{Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 50}}}},
	} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for i := 0; i < b.N; i++ {
				r, err := s.Describe(&bc.q)
				if err != nil || len(r.Invocations) == 0 {
					b.Fatal(err, len(r.Invocations))
				}
			}
			b.ReportMetric(bigPerItem, "B/invocation")
		})
	}
}
