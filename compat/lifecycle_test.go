package compat

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

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

// lifecycle is the fake on a virtual clock, served by a test server.
type lifecycle struct {
	svc *fake.Service
	h   *fakehttp.Handler
	ts  *httptest.Server
}

// bothLifecycles runs test against a fake that does not check signatures
// and one that does, knowing the key the clients sign with.
func bothLifecycles(t *testing.T, cfg fake.Config, test func(t *testing.T, l *lifecycle)) {
	for _, signed := range []bool{false, true} {
		t.Run(fmt.Sprintf("signed=%v", signed), func(t *testing.T) {
			c := cfg
			c.Clock = fake.NewVirtualClock(t0)
			svc, err := fake.NewService(c)
			if err != nil {
				t.Fatal(err)
			}
			h := &fakehttp.Handler{Service: svc}
			if signed {
				h.AccessKeys = map[string]string{"test-key": "test-secret"}
			}
			l := &lifecycle{svc: svc, h: h, ts: httptest.NewServer(h)}
			t.Cleanup(l.ts.Close)
			test(t, l)
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
