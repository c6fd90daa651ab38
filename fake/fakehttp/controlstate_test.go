package fakehttp_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
)

// controlServer is a Handler over a service on a virtual clock at t0,
// with a fleet of one instance, served by a test server.
func controlServer(t *testing.T) (*httptest.Server, *fake.Service, *fake.VirtualClock) {
	t.Helper()
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(fake.Config{Clock: clock, Instances: []fake.Instance{{InstanceID: "i-1"}}, Seed: 3})
	require.NoError(t, err)
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	t.Cleanup(ts.Close)
	return ts, svc, clock
}

// call sends a request and returns its status and body.
func call(t *testing.T, ts *httptest.Server, method, path, body string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return res.StatusCode, string(b)
}

const runQuery = "/?Action=RunCommand&RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=uptime&InstanceId.1=i-1&Format=JSON"

// A reset over HTTP empties the service, the fault rules and the
// journal, answers the time, and the same calls then get the same ids.
func TestResetOverHTTP(t *testing.T) {
	ts, _, clock := controlServer(t)
	_, first := call(t, ts, "GET", runQuery, "")
	status, body := call(t, ts, "POST", "/_mock/faults", `{"Rules":[{"Action":"DescribeCommands"}]}`)
	require.Equal(t, 200, status, body)
	clock.Advance(time.Minute)

	status, body = call(t, ts, "POST", "/_mock/reset", "")
	require.Equal(t, 200, status, body)
	require.JSONEq(t, `{"Now":"2025-01-02T03:05:05Z"}`, body, "the clock is not moved")
	_, body = call(t, ts, "GET", "/_mock/faults", "")
	require.JSONEq(t, `{"Rules":[]}`, body)
	_, body = call(t, ts, "GET", "/_mock/requests", "")
	require.JSONEq(t, `{"Requests":[]}`, body)
	_, body = call(t, ts, "GET", "/_mock/state", "")
	var st struct{ Invocations []any }
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	require.Empty(t, st.Invocations)

	_, again := call(t, ts, "GET", runQuery, "")
	ids := func(body string) string {
		var r struct{ CommandId, InvokeId string }
		require.NoError(t, json.Unmarshal([]byte(body), &r))
		return r.CommandId + " " + r.InvokeId
	}
	require.Equal(t, ids(first), ids(again), "the same ids as after a start")
	_, body = call(t, ts, "GET", "/_mock/requests", "")
	require.Contains(t, body, `"Seq":1,`, "the journal counts from 1 again")
}

// The state document over HTTP carries the contract's members.
func TestStateOverHTTP(t *testing.T) {
	ts, _, clock := controlServer(t)
	call(t, ts, "GET", runQuery, "")
	clock.Advance(2 * time.Second)
	status, body := call(t, ts, "GET", "/_mock/state", "")
	require.Equal(t, 200, status)
	var st struct {
		Now, Clock  string
		Instances   []struct{ InstanceId, OS, Status, Agent string }
		Commands    []map[string]any
		Invocations []struct {
			InvokeId, CommandId, RegionId, InvocationStatus, InvokeStatus, RepeatMode, CreationTime string
			Executions                                                                              []struct {
				InstanceId, InvocationStatus string
				Repeats                      int
				ExitCode                     *int
				Transitions                  []struct{ Status, Time string }
			}
		}
	}
	require.NoError(t, json.Unmarshal([]byte(body), &st))
	require.Equal(t, "2025-01-02T03:04:07Z", st.Now)
	require.Equal(t, "virtual", st.Clock)
	require.Equal(t, "i-1", st.Instances[0].InstanceId)
	require.Equal(t, "linux", st.Instances[0].OS)
	require.Len(t, st.Invocations, 1)
	inv := st.Invocations[0]
	require.Equal(t, "Success", inv.InvocationStatus)
	require.Equal(t, "Finished", inv.InvokeStatus)
	ex := inv.Executions[0]
	require.Equal(t, 0, *ex.ExitCode)
	require.Equal(t, []struct{ Status, Time string }{{"Pending", "2025-01-02T03:04:05Z"}, {"Running", "2025-01-02T03:04:06Z"}, {"Success", "2025-01-02T03:04:07Z"}}, ex.Transitions)

	status, body = call(t, ts, "POST", "/_mock/state", "")
	require.Equal(t, 405, status, body)
}

// POST /_mock/instances changes the fleet, or refuses the whole body
// with a 4xx that says why; nothing is applied in part.
func TestInstancesOverHTTP(t *testing.T) {
	ts, _, _ := controlServer(t)
	tests := []struct {
		name, method, body string
		wantStatus         int
		wantCode           string
		wantFleet          string // the fleet after, as ids and agents
	}{
		{name: "list", method: "GET", wantStatus: 200, wantFleet: "i-1:Running"},
		{name: "add and change", method: "POST", body: `{"Instances":[{"InstanceId":"i-2","Agent":"stopped"},{"InstanceId":"i-1","Tags":{"env":"prod"}}]}`,
			wantStatus: 200, wantFleet: "i-1:Running i-2:Stopped"},
		{name: "one bad among good", method: "POST", body: `{"Instances":[{"InstanceId":"i-1","Agent":"Stopped"},{"InstanceId":"i-3","OS":"bsd"}]}`,
			wantStatus: 400, wantCode: "InvalidParameter", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "unknown member", method: "POST", body: `{"Instances":[{"InstanceId":"i-1","Colour":"red"}]}`,
			wantStatus: 400, wantCode: "InvalidParameter", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "wrong type", method: "POST", body: `{"Instances":[{"InstanceId":7}]}`,
			wantStatus: 400, wantCode: "InvalidParameter", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "not JSON", method: "POST", body: `Instances=i-1`, wantStatus: 400, wantCode: "InvalidParameter", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "no Instances", method: "POST", body: `{}`, wantStatus: 400, wantCode: "MissingParameter.Instances", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "two values", method: "POST", body: `{"Instances":[]} {}`, wantStatus: 400, wantCode: "InvalidParameter", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "too large", method: "POST", body: `{"Instances":[` + strings.Repeat(`{"InstanceId":"i-1"},`, 60000) + `{"InstanceId":"i-1"}]}`,
			wantStatus: 413, wantCode: "InvalidParameter.RequestTooLarge", wantFleet: "i-1:Running i-2:Stopped"},
		{name: "wrong method", method: "DELETE", wantStatus: 405, wantCode: "MethodNotAllowed", wantFleet: "i-1:Running i-2:Stopped"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			status, body := call(t, ts, tt.method, "/_mock/instances", tt.body)
			require.Equal(t, tt.wantStatus, status, body)
			var e struct{ Code, Message string }
			require.NoError(t, json.Unmarshal([]byte(body), &e))
			require.Equal(t, tt.wantCode, e.Code, e.Message)
			if tt.wantCode != "" {
				require.NotEmpty(t, e.Message)
			}
			_, body = call(t, ts, "GET", "/_mock/instances", "")
			var f struct {
				Instances []struct{ InstanceId, Agent string }
			}
			require.NoError(t, json.Unmarshal([]byte(body), &f))
			var got []string
			for _, in := range f.Instances {
				got = append(got, in.InstanceId+":"+in.Agent)
			}
			require.Equal(t, tt.wantFleet, strings.Join(got, " "))
		})
	}
}

// Resets that come while requests are in flight leave the fake serving
// and consistent: every answer is a whole one, and after the last reset
// the state is empty.
func TestResetWhileServing(t *testing.T) {
	ts, svc, clock := controlServer(t)
	var wg sync.WaitGroup
	errs := make(chan error, 8)
	for c := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 60 {
				path := runQuery
				switch (c + i) % 4 {
				case 1:
					path = "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON"
				case 2:
					path = "/_mock/state"
				case 3:
					clock.Advance(time.Second)
					continue
				}
				res, err := ts.Client().Get(ts.URL + path)
				if err != nil {
					errs <- err
					return
				}
				io.Copy(io.Discard, res.Body)
				res.Body.Close()
				if res.StatusCode != 200 {
					errs <- fmt.Errorf("%s: %d", path, res.StatusCode)
					return
				}
			}
		}()
	}
	for range 20 {
		status, body := call(t, ts, "POST", "/_mock/reset", "")
		require.Equal(t, 200, status, body)
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	call(t, ts, "POST", "/_mock/reset", "")
	st := svc.State()
	require.Empty(t, st.Invocations)
	require.Empty(t, st.Commands)
}
