package fakehttp_test

import (
	"math"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
)

// bigState is a Handler of a service that holds 100,000 executions, as
// the page's scale test has them: 2,000 invocations on 50 instances, a
// second apart, every one ended. It is built once, for the benchmarks.
var bigState = sync.OnceValue(func() *fakehttp.Handler {
	clock := fake.NewVirtualClock(t0)
	fleet := make([]fake.Instance, 50)
	ids := make([]string, len(fleet))
	for i := range fleet {
		ids[i] = "i-" + strconv.Itoa(i+1)
		fleet[i] = fake.Instance{InstanceID: ids[i]}
	}
	svc, err := fake.NewService(fake.Config{Clock: clock, Instances: fleet, Outcome: fake.MatchScripts(
		fake.Script{Match: "fail", ExitCode: 1, Output: "no\n", Duration: 3 * time.Second},
		fake.Script{Output: "ok\n", Duration: 2 * time.Second},
	)})
	if err != nil {
		panic(err)
	}
	for i := range 2000 {
		content := "echo " + strconv.Itoa(i)
		if i%10 == 9 {
			content = "fail " + strconv.Itoa(i)
		}
		if _, _, err := svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript,
			Name: "job-" + strconv.Itoa(i), CommandContent: content, InstanceIDs: ids}); err != nil {
			panic(err)
		}
		clock.Advance(time.Second)
	}
	clock.Advance(time.Minute)
	return &fakehttp.Handler{Service: svc}
})

// BenchmarkState100k serves GET /_mock/state of 100,000 executions: the
// whole document, and a poll that names its ETag, answered 304 from the
// service's revision without the document being built. It reports the
// document's size.
func BenchmarkState100k(b *testing.B) {
	h := bigState()
	first := httptest.NewRecorder()
	h.ServeHTTP(first, httptest.NewRequest("GET", "/_mock/state", nil))
	if first.Code != http.StatusOK {
		b.Fatalf("GET /_mock/state: %d", first.Code)
	}
	size, tag := first.Body.Len(), first.Header().Get("ETag")
	for _, bb := range []struct {
		name, ifNoneMatch string
		want              int
	}{{"200", "", http.StatusOK}, {"304", tag, http.StatusNotModified}} {
		b.Run(bb.name, func(b *testing.B) {
			b.ReportAllocs()
			if bb.want == http.StatusOK {
				b.SetBytes(int64(size))
			}
			for b.Loop() {
				req := httptest.NewRequest("GET", "/_mock/state", nil)
				if bb.ifNoneMatch != "" {
					req.Header.Set("If-None-Match", bb.ifNoneMatch)
				}
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != bb.want {
					b.Fatalf("GET /_mock/state: %d, want %d", rec.Code, bb.want)
				}
			}
			b.ReportMetric(float64(size)/1e6, "doc-MB")
		})
	}
}

// TestStatePollAllocations: a poll answered 304 costs the same few
// allocations whatever the size of the state, since it reads the
// service's revision and builds no document.
func TestStatePollAllocations(t *testing.T) {
	allocs := func(invocations int) float64 {
		clock := fake.NewVirtualClock(t0)
		svc, err := fake.NewService(fake.Config{Clock: clock})
		if err != nil {
			t.Fatal(err)
		}
		for range invocations {
			if _, _, err := svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript,
				CommandContent: "uptime", InstanceIDs: []string{"i-1", "i-2", "i-3"}}); err != nil {
				t.Fatal(err)
			}
		}
		h := &fakehttp.Handler{Service: svc}
		first := httptest.NewRecorder()
		h.ServeHTTP(first, httptest.NewRequest("GET", "/_mock/state", nil))
		req := httptest.NewRequest("GET", "/_mock/state", nil)
		req.Header.Set("If-None-Match", first.Header().Get("ETag"))
		return testing.AllocsPerRun(100, func() {
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			if rec.Code != http.StatusNotModified {
				t.Fatalf("a poll with the tag: %d, want 304", rec.Code)
			}
		})
	}
	small, large := allocs(1), allocs(1000)
	slack := 0.0
	if raceEnabled {
		slack = 2
	}
	if math.Abs(small-large) > slack || small > 30 {
		t.Errorf("a 304 poll allocates %v times with 1 invocation and %v with 1,000; want the same, at most 30 (24 measured)", small, large)
	}
}
