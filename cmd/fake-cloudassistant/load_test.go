package main

import (
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var loadRequests = flag.Int("load-requests", 40, "requests each of TestLoad's 32 clients sends")

// fleetFile writes a response of n invocations of two instances each, and
// returns its name.
func fleetFile(t *testing.T, n int) string {
	t.Helper()
	var b strings.Builder
	b.WriteString(`{"RequestId":"load","Invocations":{"Invocation":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"InvokeId":"t-%032x","CommandId":"c-%032x","CommandName":"deploy","CommandType":"RunShellScript",`+
			`"InvokeStatus":"Running","Timed":false,"CreationTime":"2026-11-25T12:%02d:%02dZ","InvokeInstances":{"InvokeInstance":[`+
			`{"InstanceId":"i-%020x","InstanceInvokeStatus":"Finished"},{"InstanceId":"i-%020x","InstanceInvokeStatus":"Running"}]}}`,
			i, i%7, i/60%60, i%60, i%13, 100+i%17)
	}
	b.WriteString(`]}}`)
	name := filepath.Join(t.TempDir(), "fleet.json")
	require.NoError(t, os.WriteFile(name, []byte(b.String()), 0o644))
	return name
}

// TestLoad runs 32 clients of -load-requests requests each against the
// server, a mix of queries by GET and POST, in both formats, some of them
// wrong: every answer is the one expected, and the heap after a garbage
// collection is about what it was before. Run it larger by hand, as in
//
//	go test -run TestLoad -v -load-requests 5000 ./cmd/fake-cloudassistant
func TestLoad(t *testing.T) {
	const clients = 32
	// The log is kept short: what it holds is the test's memory, not the
	// server's.
	url, _ := startWith(t, &lockedBuffer{max: 1 << 20}, "-data", fleetFile(t, 200))
	transport := &http.Transport{MaxIdleConnsPerHost: clients}
	defer transport.CloseIdleConnections()
	client := &http.Client{Transport: transport, Timeout: 30 * time.Second}
	base := "Action=DescribeInvocations&RegionId=cn-hangzhou"
	requests := []struct {
		post   bool
		params string
		status int
	}{
		{false, "", 200},
		{false, "&Format=JSON&PageSize=50", 200},
		{true, "&Format=JSON&InstanceId=i-00000000000000000003", 200},
		{false, "&CommandId=c-00000000000000000000000000000002&PageNumber=2&PageSize=5", 200},
		{true, "&MaxResults=20", 200},
		{false, "&InvokeStatus=Running&Format=JSON", 200},
		{false, "&PageSize=99", 400},
		{false, "&RegionId=cn-beijing", 400},
	}

	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range *loadRequests {
				r := requests[(c+i)%len(requests)]
				var res *http.Response
				var err error
				if r.post {
					res, err = client.Post(url+"/", "application/x-www-form-urlencoded", strings.NewReader(base+r.params))
				} else {
					res, err = client.Get(url + "/?" + base + r.params)
				}
				if err != nil {
					errs <- err
					return
				}
				_, err = io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if err != nil || res.StatusCode != r.status {
					errs <- fmt.Errorf("%s: status %d, want %d (%v)", r.params, res.StatusCode, r.status, err)
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	transport.CloseIdleConnections()
	runtime.GC()
	runtime.ReadMemStats(&after)

	n := clients * *loadRequests
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d clients × %d requests: %v, %.0f requests/s", clients, *loadRequests, elapsed.Round(time.Millisecond), float64(n)/elapsed.Seconds())
	t.Logf("heap after GC: %.1f MB before, %.1f MB after (%+.1f MB); %.1f KB allocated a request; %d GCs; %.1f MB from the OS",
		mb(before.HeapAlloc), mb(after.HeapAlloc), float64(growth)/1e6,
		float64(after.TotalAlloc-before.TotalAlloc)/float64(n)/1e3, after.NumGC-before.NumGC, mb(after.Sys))
	require.Less(t, growth, int64(8<<20), "the heap stays bounded")
}

func mb(b uint64) float64 { return float64(b) / 1e6 }
