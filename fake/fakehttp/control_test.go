package fakehttp_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
)

// controlAnswer is what a control endpoint answers.
type controlAnswer struct {
	status int
	allow  string
	body   string
}

func control(t *testing.T, h http.Handler, method, target string) controlAnswer {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(method, target, nil))
	require.Equal(t, "application/json;charset=utf-8", rec.Header().Get("Content-Type"))
	var v map[string]any
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &v), "%s", rec.Body)
	return controlAnswer{rec.Code, rec.Header().Get("Allow"), strings.TrimSpace(rec.Body.String())}
}

func TestControl(t *testing.T) {
	errorBody := func(code, msg string) string { return `{"Code":"` + code + `","Message":"` + msg + `"}` }
	tests := []struct {
		name    string
		real    bool // the service's clock is RealClock
		running bool // a run has just been made on i-1
		method  string
		target  string
		want    controlAnswer
		reason  string
	}{
		{name: "advance", method: "POST", target: "/_mock/advance?by=90s",
			want: controlAnswer{200, "", `{"Now":"2025-01-02T03:05:35Z"}`}},
		{name: "advance in Go's syntax", method: "POST", target: "/_mock/advance?by=1h2m3.5s",
			want: controlAnswer{200, "", `{"Now":"2025-01-02T04:06:08Z"}`}},
		{name: "advance by nothing", method: "POST", target: "/_mock/advance?by=0s",
			want: controlAnswer{200, "", `{"Now":"2025-01-02T03:04:05Z"}`}},
		{name: "advance without by", method: "POST", target: "/_mock/advance",
			want: controlAnswer{400, "", errorBody("MissingParameter.by", `The parameter \"by\" that is mandatory for advancing the clock is not supplied.`)}},
		{name: "advance by no duration", method: "POST", target: "/_mock/advance?by=10",
			want: controlAnswer{400, "", errorBody("InvalidParameter.by", `The specified parameter \"by\" is not valid: \"10\" is not a duration of zero or more, such as 90s or 10m.`)}},
		{name: "advance back", method: "POST", target: "/_mock/advance?by=-1s",
			want: controlAnswer{400, "", errorBody("InvalidParameter.by", `The specified parameter \"by\" is not valid: \"-1s\" is not a duration of zero or more, such as 90s or 10m.`)}},
		{name: "advance a real clock", real: true, method: "POST", target: "/_mock/advance?by=1s",
			want: controlAnswer{409, "", errorBody("OperationDenied.RealClock", "The clock of the fake is not virtual: it moves by itself, and cannot be advanced.")}},
		{name: "by twice", method: "POST", target: "/_mock/advance?by=1s&by=2s",
			want: controlAnswer{400, "", errorBody("InvalidParameter", `The parameter \"by\" is given 2 times; a request gives each parameter once.`)}},
		{name: "a query that cannot be read", method: "POST", target: "/_mock/advance?by=%zz",
			want: controlAnswer{400, "", errorBody("InvalidParameter", `The query string cannot be read: invalid URL escape \"%zz\".`)}},
		{name: "now", method: "GET", target: "/_mock/now",
			want: controlAnswer{200, "", `{"Now":"2025-01-02T03:04:05Z"}`}},
		{name: "reboot", method: "POST", target: "/_mock/reboot?InstanceId=i-1",
			want: controlAnswer{200, "", `{"InstanceId":"i-1","Now":"2025-01-02T03:04:05Z"}`}},
		{name: "reboot without an instance", method: "POST", target: "/_mock/reboot",
			want: controlAnswer{400, "", errorBody("MissingParameter.InstanceId", `The input parameter \"InstanceId\" that is mandatory for processing this request is not supplied.`)}},
		{name: "reboot of an instance not in the fleet", method: "POST", target: "/_mock/reboot?InstanceId=i-9",
			want: controlAnswer{404, "", errorBody("InvalidInstance.NotFound", `The specified instance \"i-9\" does not exist.`)}},
		{name: "advance by GET", method: "GET", target: "/_mock/advance?by=1s",
			want: controlAnswer{405, "POST", errorBody("MethodNotAllowed", `The method \"GET\" is not allowed: /_mock/advance takes POST.`)}},
		{name: "reboot by PUT", method: "PUT", target: "/_mock/reboot?InstanceId=i-1",
			want: controlAnswer{405, "POST", errorBody("MethodNotAllowed", `The method \"PUT\" is not allowed: /_mock/reboot takes POST.`)}},
		{name: "now by POST", method: "POST", target: "/_mock/now",
			want: controlAnswer{405, "GET", errorBody("MethodNotAllowed", `The method \"POST\" is not allowed: /_mock/now takes GET.`)}},
		{name: "now by HEAD", method: "HEAD", target: "/_mock/now",
			want: controlAnswer{405, "GET", errorBody("MethodNotAllowed", `The method \"HEAD\" is not allowed: /_mock/now takes GET.`)}},
		{name: "another endpoint", method: "POST", target: "/_mock/restart",
			want: controlAnswer{404, "", errorBody("InvalidApi.NotFound", `The control endpoint \"/_mock/restart\" is not found: the fake serves advance, faults, instances, now, reboot, requests, reset and state under /_mock/, and its page at /_mock/.`)}},
		{name: "a path below the page", method: "GET", target: "/_mock//",
			want: controlAnswer{404, "", errorBody("InvalidApi.NotFound", `The control endpoint \"/_mock//\" is not found: the fake serves advance, faults, instances, now, reboot, requests, reset and state under /_mock/, and its page at /_mock/.`)}},
		{name: "advance to the next transition", running: true, method: "POST", target: "/_mock/advance?to=next",
			want: controlAnswer{200, "", `{"Now":"2025-01-02T03:04:06Z"}`}, reason: "a run just made is delivered a second later"},
		{name: "advance to next with nothing due", method: "POST", target: "/_mock/advance?to=next",
			want: controlAnswer{409, "", errorBody("OperationDenied.NothingDue", "No transition is due: every execution has ended, or waits for a reboot.")}},
		{name: "advance a real clock to next", real: true, running: true, method: "POST", target: "/_mock/advance?to=next",
			want: controlAnswer{409, "", errorBody("OperationDenied.RealClock", "The clock of the fake is not virtual: it moves by itself, and cannot be advanced.")}},
		{name: "advance to another instant", method: "POST", target: "/_mock/advance?to=2025-01-03T00:00:00Z",
			want: controlAnswer{400, "", errorBody("InvalidParameter.to", `The specified parameter \"to\" is not valid: \"2025-01-03T00:00:00Z\" is not next, the one instant it takes.`)}},
		{name: "advance by and to", method: "POST", target: "/_mock/advance?by=1s&to=next",
			want: controlAnswer{400, "", errorBody("InvalidParameter", `The parameters \"by\" and \"to\" are both given; an advance takes one of them.`)}},
		{name: "to twice", method: "POST", target: "/_mock/advance?to=next&to=next",
			want: controlAnswer{400, "", errorBody("InvalidParameter", `The parameter \"to\" is given 2 times; a request gives each parameter once.`)}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			newService := func() *fake.Service {
				cfg := fake.Config{Clock: fake.NewVirtualClock(t0), Instances: []fake.Instance{{InstanceID: "i-1"}}}
				if tt.real {
					cfg.Clock = fake.RealClock{}
				}
				svc, err := fake.NewService(cfg)
				require.NoError(t, err)
				if tt.running {
					_, _, err := svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript,
						CommandContent: "uptime", InstanceIDs: []string{"i-1"}})
					require.NoError(t, err)
				}
				return svc
			}
			// The same from a Handler, which neither checks signatures
			// nor injects faults here, and from a Control mounted alone.
			h := &fakehttp.Handler{Service: newService(), FaultRate: 1, AccessKeys: map[string]string{"ak": "s"}}
			require.Equal(t, tt.want, control(t, h, tt.method, tt.target), tt.reason)
			// Alone, a Control has no fault rules or journal to serve.
			alone := tt.want
			alone.body = strings.Replace(alone.body, "advance, faults, instances, now, reboot, requests, reset and state", "advance, instances, now, reboot, reset and state", 1)
			require.Equal(t, alone, control(t, &fakehttp.Control{Service: newService()}, tt.method, tt.target))
		})
	}
}

// With a real clock, now is the time; a Control without a service says it
// has none.
func TestControlRealClockAndNoService(t *testing.T) {
	svc, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	before := time.Now().UTC().Truncate(time.Second)
	a := control(t, &fakehttp.Handler{Service: svc}, "GET", "/_mock/now")
	var v struct{ Now time.Time }
	require.NoError(t, json.Unmarshal([]byte(a.body), &v))
	require.False(t, v.Now.Before(before))
	require.False(t, v.Now.After(time.Now()))

	a = control(t, &fakehttp.Control{}, "GET", "/_mock/now")
	require.Equal(t, 500, a.status)
	require.Contains(t, a.body, `"Code":"InternalError.Dispatch"`)
}

// A run that waits for a reboot starts when /_mock/reboot says so, and is
// delivered a second later, over HTTP alone.
func TestControlRebootOverHTTP(t *testing.T) {
	f := newShellFake(t, fake.Config{Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}}})
	ran := f.ok(styleGet, "JSON", "RunCommand", values("RegionId", "cn-hangzhou", "Type", "RunShellScript", "CommandContent", "true",
		"InstanceId.1", "i-1", "InstanceId.2", "i-2", "RepeatMode", "NextRebootOnly"))
	states := func() string {
		b := f.ok(styleGet, "JSON", "DescribeInvocationResults", values("RegionId", "cn-hangzhou", "InvokeId", ran.InvokeId))
		var s []string
		for _, r := range b.Invocation.InvocationResults.InvocationResult {
			s = append(s, r.InstanceId+":"+r.InvocationStatus)
		}
		return strings.Join(s, " ")
	}
	require.Equal(t, "i-1:Scheduled i-2:Scheduled", states())
	f.advance("1h")
	require.Equal(t, "i-1:Scheduled i-2:Scheduled", states(), "waiting for a reboot")
	res, err := http.Post(f.open.URL+"/_mock/reboot?InstanceId=i-2", "", nil)
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, `{"InstanceId":"i-2","Now":"2025-01-02T04:04:05Z"}`+"\n", string(body))
	require.Equal(t, "i-1:Scheduled i-2:Pending", states())
	f.advance("1s")
	require.Equal(t, "i-1:Scheduled i-2:Running", states())
	f.advance("1s")
	require.Equal(t, "i-1:Scheduled i-2:Success", states())
}

// Injected faults answer with FaultCode and its HTTP status.
func TestFaultCode(t *testing.T) {
	svc, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	tests := []struct {
		code       apierror.Code
		wantCode   apierror.Code
		wantStatus int
		wantMsg    string
	}{
		{"", apierror.InternalErrorDispatch, 500, "An internal error occurred when dispatch the request."},
		{apierror.InternalErrorDispatch, apierror.InternalErrorDispatch, 500, "An internal error occurred when dispatch the request."},
		{apierror.Throttling, apierror.Throttling, 400, "Request was denied due to request throttling."},
		{apierror.ThrottlingUser, apierror.ThrottlingUser, 400, "Request was denied due to user flow control."},
		{apierror.ThrottlingAPI, apierror.ThrottlingAPI, 400, "Request was denied due to api flow control."},
		{"ServiceUnavailable", "ServiceUnavailable", 503, "The request has failed due to a temporary failure of the server."},
		{apierror.InvalidRegionIDNotFound, apierror.InvalidRegionIDNotFound, 500, "An injected fault."},
	}
	for _, tt := range tests {
		t.Run(string(tt.wantCode), func(t *testing.T) {
			for _, h := range []*fakehttp.Handler{{Service: svc, FaultRate: 1, FaultCode: tt.code}, {Service: fleet(t), FaultRate: 1, FaultCode: tt.code}} {
				rec, e := serve(t, h, httptest.NewRequest("GET", "/?"+base+"&Format=JSON", nil))
				require.Equal(t, tt.wantCode, e.Code)
				require.Equal(t, tt.wantStatus, rec.Code)
				require.Equal(t, tt.wantMsg, e.Message)
			}
		})
	}
	// A fault rate below one leaves the rest to the service.
	h := &fakehttp.Handler{Service: svc, FaultRate: 0.5, FaultCode: apierror.ThrottlingUser, Seed: 3}
	seen := map[int]int{}
	for range 100 {
		rec, _ := serve(t, h, httptest.NewRequest("GET", "/?Action=RunCommand&RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=true&InstanceId.1=i-1", nil))
		seen[rec.Code]++
	}
	require.InDelta(t, 50, seen[400], 20)
	require.Equal(t, 100, seen[200]+seen[400])
	r, err := svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", CommandType: invocation.RunShellScript})
	require.NoError(t, err)
	require.Equal(t, seen[200], r.TotalCount, "a throttled request runs nothing")
}

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) // a Thursday
