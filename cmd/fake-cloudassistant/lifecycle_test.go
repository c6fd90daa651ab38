package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/jsoncodec"
)

// fleetJSON is a fleet file: two Linux instances, one Windows, one
// stopped, and a script that exits 3 on i-2 after 90 s.
const fleetJSON = `{"Instances":[
	{"InstanceId":"i-1","OS":"linux"},
	{"InstanceId":"i-2","OS":"LINUX","Status":"running","Agent":"Running","ResourceGroupId":"rg-1","Tags":{"env":"test"}},
	{"InstanceId":"i-win","OS":"windows"},
	{"InstanceId":"i-off","Status":"Stopped"}],
 "Outcomes":[{"Match":"exit 3","InstanceId":"i-2","ExitCode":3,"Output":"three","Duration":"90s"},
	{"Match":"hello","Output":"hi"}]}`

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	file := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(file, []byte(content), 0o644))
	return file
}

// call sends a request to the server and decodes its JSON answer into v;
// it returns the status.
func call(t *testing.T, method, target string, v any) int {
	t.Helper()
	req, err := http.NewRequest(method, target, nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if v != nil {
		require.NoError(t, json.Unmarshal(body, v), "%s", body)
	}
	return res.StatusCode
}

type now struct{ Now, Code string }

type results struct {
	Invocation struct {
		TotalCount        int
		InvocationResults struct {
			InvocationResult []struct {
				InstanceId, InvocationStatus, ErrorCode, Output, StartTime, FinishedTime string
				ExitCode                                                                 *int
			}
		}
	}
}

// A fake from a fleet file on a virtual clock: a run ends when the clock
// is advanced over HTTP, as the fleet's outcomes say.
func TestVirtualClockAndFleet(t *testing.T) {
	base, stderr := start(t, "-clock", "virtual", "-start", "2025-01-02T03:04:05Z", "-fleet", writeFile(t, "fleet.json", fleetJSON))
	var n now
	require.Equal(t, 200, call(t, "GET", base+"/_mock/now", &n))
	require.Equal(t, "2025-01-02T03:04:05Z", n.Now)

	api := func(params string, v any) int {
		return call(t, "GET", base+"/?Format=JSON&RegionId=cn-hangzhou&"+params, v)
	}
	var describe struct{ TotalCount int }
	require.Equal(t, 200, api("Action=DescribeInvocations", &describe))
	require.Equal(t, 0, describe.TotalCount, "with a fleet, the reference's example is not loaded")

	var ran struct{ CommandId, InvokeId string }
	require.Equal(t, 200, api("Action=RunCommand&Type=RunShellScript&CommandContent="+url.QueryEscape("echo hello; exit 3")+
		"&InstanceId.1=i-1&InstanceId.2=i-2&InstanceId.3=i-off&Timeout=120", &ran))
	require.Regexp(t, `^t-[0-9a-f]{32}$`, ran.InvokeId)

	states := func() string {
		var r results
		require.Equal(t, 200, api("Action=DescribeInvocationResults&ContentEncoding=PlainText&InvokeId="+ran.InvokeId, &r))
		var s []string
		for _, x := range r.Invocation.InvocationResults.InvocationResult {
			s = append(s, x.InstanceId+":"+x.InvocationStatus+":"+x.Output)
		}
		return strings.Join(s, " ")
	}
	require.Equal(t, "i-1:Pending: i-2:Pending: i-off:Pending:", states())
	for _, step := range []struct{ by, now, want string }{
		{"1s", "2025-01-02T03:04:06Z", "i-1:Running: i-2:Running: i-off:Pending:"},
		{"1s", "2025-01-02T03:04:07Z", "i-1:Success:hi i-2:Running: i-off:Pending:"},
		{"58s", "2025-01-02T03:05:05Z", "i-1:Success:hi i-2:Running: i-off:Aborted:"},
		{"31s", "2025-01-02T03:05:36Z", "i-1:Success:hi i-2:Failed:three i-off:Aborted:"},
	} {
		require.Equal(t, 200, call(t, "POST", base+"/_mock/advance?by="+step.by, &n))
		require.Equal(t, step.now, n.Now)
		require.Equal(t, step.want, states(), "at %s", step.now)
	}
	var inv struct {
		Invocations struct {
			Invocation []struct{ InvocationStatus, InvokeStatus string }
		}
	}
	require.Equal(t, 200, api("Action=DescribeInvocations&InvokeId="+ran.InvokeId, &inv))
	require.Equal(t, "PartialFailed", inv.Invocations.Invocation[0].InvocationStatus, "a Success beside a Failed and an Aborted")

	require.Equal(t, 400, api("Action=RunCommand&Type=RunShellScript&CommandContent=true&InstanceId.1=i-win", nil), "InvalidInstance.NotMatch")
	require.Equal(t, 404, api("Action=RunCommand&Type=RunShellScript&CommandContent=true&InstanceId.1=i-9", nil), "InvalidInstance.NotFound")
	require.Equal(t, 200, call(t, "POST", base+"/_mock/reboot?InstanceId=i-1", &n))
	require.Equal(t, 404, call(t, "POST", base+"/_mock/reboot?InstanceId=i-9", nil))
	require.Equal(t, 405, call(t, "GET", base+"/_mock/advance?by=1s", nil))
	require.Contains(t, stderr.String(), `"msg":"serving","clock":"virtual","now":"2025-01-02T03:04:05Z","instances":4,"outcomes":2`)
}

// A real clock tells the time, and cannot be advanced.
func TestRealClock(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	base, _ := start(t)
	var n now
	require.Equal(t, 200, call(t, "GET", base+"/_mock/now", &n))
	at, err := time.Parse(time.RFC3339, n.Now)
	require.NoError(t, err)
	require.False(t, at.Before(before))
	require.False(t, at.After(time.Now()))
	require.Equal(t, 409, call(t, "POST", base+"/_mock/advance?by=1m", &n))
	require.Equal(t, "OperationDenied.RealClock", n.Code)
}

// A virtual clock starts, by default, when the server does.
func TestVirtualClockStartsNow(t *testing.T) {
	before := time.Now().UTC().Truncate(time.Second)
	base, _ := start(t, "-clock", "virtual")
	var n now
	require.Equal(t, 200, call(t, "POST", base+"/_mock/advance?by=1h", &n))
	at, err := time.Parse(time.RFC3339, n.Now)
	require.NoError(t, err)
	require.False(t, at.Before(before.Add(time.Hour)))
	require.False(t, at.After(time.Now().Add(time.Hour)))
}

// -fault-code chooses the injected fault.
func TestFaultCode(t *testing.T) {
	base, _ := start(t, "-fault-rate", "1", "-fault-code", "Throttling.User")
	res, err := http.Get(base + "/?Action=DescribeCommands&RegionId=cn-hangzhou&Format=JSON")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 400, res.StatusCode)
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err)
	require.Equal(t, "Throttling.User", string(e.Code))
	require.Equal(t, "Request was denied due to user flow control.", e.Message)
}

// -data loads invocations beside what the fleet runs; the same -seed
// makes the same ids.
func TestDataAndFleet(t *testing.T) {
	data := writeFile(t, "r.json", `{"RequestId":"x","Invocations":{"Invocation":[
		{"InvokeId":"t-1","CommandId":"c-1","CreationTime":"2020-01-19T09:15:46Z","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1","InstanceInvokeStatus":"Finished"}]}}]}}`)
	var ids []string
	for range 2 {
		base, _ := start(t, "-clock", "virtual", "-start", "2025-01-02T03:04:05Z", "-fleet", writeFile(t, "f.json", fleetJSON), "-data", data)
		var ran struct{ InvokeId string }
		require.Equal(t, 200, call(t, "GET", base+"/?Action=RunCommand&Format=JSON&RegionId=cn-beijing&Type=RunShellScript&CommandContent=true&InstanceId.1=i-1", &ran))
		ids = append(ids, ran.InvokeId)
		var r results
		require.Equal(t, 200, call(t, "GET", base+"/?Action=DescribeInvocationResults&Format=JSON&RegionId=cn-beijing&InstanceId=i-1", &r))
		require.Equal(t, 2, r.Invocation.TotalCount, "the loaded invocation, in every region, and the run")
	}
	require.Equal(t, ids[0], ids[1])
}

func TestLifecycleBadArguments(t *testing.T) {
	for _, tt := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"-clock", "fake"}, 2, `fake-cloudassistant: -clock "fake" is neither real nor virtual`},
		{[]string{"-start", "2025-01-02T03:04:05Z"}, 2, "fake-cloudassistant: -start is for -clock virtual; a real clock starts at the real time"},
		{[]string{"-clock", "virtual", "-start", "yesterday"}, 2, `fake-cloudassistant: -start "yesterday" is not an RFC 3339 time such as 2025-01-02T03:04:05Z`},
		{[]string{"-fault-code", "Throttling.user"}, 2, `fake-cloudassistant: -fault-code "Throttling.user" is not InternalError.Dispatch, Throttling, Throttling.User or Throttling.Api`},
		{[]string{"-fleet", "/no/such/file"}, 1, "fake-cloudassistant: -fleet /no/such/file: open /no/such/file: no such file or directory"},
		{[]string{"-fleet", writeFile(t, "bad.json", `{"Instances":[{"InstanceId":"i-1","OS":"beos"}]}`)}, 1, `OS "beos" is not one of`},
		{[]string{"-fleet", writeFile(t, "twice.json", `{"Instances":[{"InstanceId":"i-1"},{"InstanceId":"i-1"}]}`)}, 1, `InstanceId "i-1" is given twice`},
	} {
		var stderr bytes.Buffer
		require.Equal(t, tt.code, run(context.Background(), tt.args, io.Discard, &stderr), "%v", tt.args)
		require.Contains(t, stderr.String(), tt.want)
	}
}
