package compat

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
)

// The first instant of the lifecycle tests' virtual clock.
var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// lifecycleFleet is the fleet of the lifecycle tests: three Linux
// instances and a Windows one.
var lifecycleFleet = []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-3"}, {InstanceID: "i-win", OS: fake.Windows}}

// lifecycleOutcomes script the runs of the lifecycle tests: "echo hello"
// prints hello, "exit 3" exits 3 on i-2, "sleep 100" runs for 100 s.
var lifecycleOutcomes = fake.MatchScripts(
	fake.Script{Match: "echo hello", Output: "hello\n"},
	fake.Script{Match: "exit 3", InstanceID: "i-2", ExitCode: 3, Output: "three\n"},
	fake.Script{Match: "sleep 100", Duration: 100 * time.Second},
)

// lifecycle is the fake on a virtual clock, served by a test server: the
// server, and its service and handler for short.
type lifecycle struct {
	svc *fake.Service
	h   *fakehttp.Handler
	ts  *ecstest.Server
}

// newLifecycle starts the fake that opts configure, its clock at t0.
func newLifecycle(t *testing.T, opts ecstest.Options) *lifecycle {
	t.Helper()
	opts.Start = t0
	s := ecstest.New(t, opts)
	return &lifecycle{svc: s.Service, h: s.Handler, ts: s}
}

// bothLifecycles runs test against a fake that does not check signatures
// and one that does, knowing the key the clients sign with.
func bothLifecycles(t *testing.T, opts ecstest.Options, test func(t *testing.T, l *lifecycle)) {
	for _, signed := range []bool{false, true} {
		t.Run(fmt.Sprintf("signed=%v", signed), func(t *testing.T) {
			o := opts
			o.Unsigned = !signed
			test(t, newLifecycle(t, o))
		})
	}
}

// advance moves the fake's clock d ahead, as a test outside Go would:
// POST /_mock/advance.
func (l *lifecycle) advance(t *testing.T, d time.Duration) {
	t.Helper()
	res, err := http.Post(l.ts.URL+"/_mock/advance?by="+url.QueryEscape(d.String()), "", nil)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 200 {
		t.Fatalf("advance: status %d", res.StatusCode)
	}
}

// The error cases of the operations' references that both SDKs send: a name, the code and
// HTTP status the SDK's error carries.
type sdkErrorCase struct {
	name   string
	code   string
	status int
}

// setupErrors makes what the error cases need: a command with a
// parameter, one that runs for 100 s on i-1, a ClientToken used, and
// the region's quota of two commands used up.
func setupErrors(t *testing.T, svc *fake.Service) (param, busy, invokeID string) {
	t.Helper()
	var err error
	if param, err = svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-hangzhou", Name: "greet", Type: invocation.RunShellScript,
		CommandContent: "echo {{name}}", ContentEncoding: fake.PlainText, EnableParameter: true}); err != nil {
		t.Fatal(err)
	}
	if busy, err = svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-hangzhou", Name: "sleep", Type: invocation.RunShellScript,
		CommandContent: "sleep 100", ContentEncoding: fake.PlainText}); err != nil {
		t.Fatal(err)
	}
	if invokeID, err = svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: "cn-hangzhou", CommandID: busy, InstanceIDs: []string{"i-1"}}); err != nil {
		t.Fatal(err)
	}
	if _, _, err = svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "true",
		InstanceIDs: []string{"i-1"}, ClientToken: "token-1"}); err != nil {
		t.Fatal(err)
	}
	return param, busy, invokeID
}
