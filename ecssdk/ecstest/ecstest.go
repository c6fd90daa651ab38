// Package ecstest gives a Go test a fake of Cloud Assistant in one call:
// a running HTTP server over a [fake.Service] on a virtual clock, with
// signature checking on, and an official *ecs.Client
// (github.com/alibabacloud-go/ecs-20140526/v7) configured to call it. It
// is named for its purpose, as net/http/httptest is: what httptest is to
// an http.Handler, ecstest is to code that calls ECS through the SDK.
//
// A test asks for a server and uses its Client wherever the code under
// test takes an *ecs.Client; the server is closed at the test's cleanup:
//
//	func TestDeploy(t *testing.T) {
//		s := ecstest.New(t, ecstest.Options{
//			Instances: []fake.Instance{{InstanceID: "i-1"}},
//			Outcome:   fake.MatchScripts(fake.Script{Match: "deploy", Output: "ok\n"}),
//		})
//		w := &ecssdk.Waiter{Sleep: s.Sleep} // minutes of waiting take no time
//		outcomes, err := w.Run(context.Background(), s.Client, &ecs.RunCommandRequest{…})
//		…
//	}
//
// [New] is for tests and fails the test when the server cannot start;
// [Start] returns an error instead, for examples and programs, which call
// [Server.Close] themselves.
//
// The server is the fake as it is served to other languages (package
// fakehttp), so its answers are those of the command fake-cloudassistant,
// control endpoints under /_mock/ included; the Server's fields give a
// test the same fake in Go, to look at its state and move its clock
// without a request: the Handler's fault rules (Options.Faults,
// AddFaults) make chosen requests fail, and its journal (Requests) tells
// a test what its code sent, such as how many DescribeInvocations a wait
// made. The zero [Options] give a working fake: no fleet (every
// well-formed instance id is a running Linux instance), every run
// exiting 0 after a second, the clock at 2025-01-01T00:00:00Z, and every
// request checked for a signature by [AccessKeyID] and [AccessKeySecret].
//
// Signatures are checked against the real time, as the SDK signs with it,
// while the service's runs follow the virtual clock: moving that clock
// never makes a request's signature stale.
package ecstest

import (
	"context"
	"fmt"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// The access key the server knows and its Client signs with. Another
// client of the server (the older SDK, another language's) signs with
// them too, or is refused unless Options.Unsigned is set.
const (
	AccessKeyID     = "test-key"
	AccessKeySecret = "test-secret"
)

// DefaultRegion is the region of the Client when Options.Regions is nil.
const DefaultRegion = "cn-hangzhou"

// Options configure a Server. The zero Options give a working fake: see
// each field for what its zero value means.
type Options struct {
	// Instances is the fleet. Nil means none: every well-formed instance
	// id ("i-" and letters or digits) is then a running Linux instance
	// with a running agent, as in fake.Config.
	Instances []fake.Instance

	// Outcome gives how each run goes, as fake.Config.Outcome does;
	// fake.MatchScripts makes one from a list of fake.Script. Nil means
	// that every run exits 0 after 1 s with no output.
	Outcome func(fake.Execution) fake.Result

	// Start is where the virtual clock starts; the zero time means
	// 2025-01-01T00:00:00Z, so that a test's times are the same on
	// every run.
	Start time.Time

	// Seed seeds the service's CommandIds and InvokeIds and the draw of
	// injected faults, so that a test that does the same gets the same
	// ids and meets the same faults.
	Seed uint64

	// Regions are the region ids requests may name; nil means
	// fake.KnownRegions. The Client's region is the first, or
	// DefaultRegion when nil.
	Regions []string

	// Retention, MaxInvocations and CommandQuota bound what the service
	// keeps, as the fields of fake.Config of those names do; zero means
	// the fake's defaults.
	Retention      time.Duration
	MaxInvocations int
	CommandQuota   int

	// Unsigned turns signature checking off: the server then answers
	// requests signed or not, with any key. By default every request
	// must be signed by AccessKeyID and AccessKeySecret.
	Unsigned bool

	// FaultRate is the fraction of requests, from 0 to 1, answered with
	// the error FaultCode (zero: InternalError.Dispatch, a 500), drawn
	// from Seed, as fakehttp.Handler's fields of those names say. Zero
	// means none.
	FaultRate float64
	FaultCode apierror.Code

	// Faults are fault rules the server has from its start, after the
	// one FaultRate makes, as if added with fakehttp.Handler.AddFaults:
	// an effect of error, lost, drop or delay on the requests a rule
	// matches, such as the answer of the first RunCommand lost after the
	// run started. A rule that AddFaults refuses makes New fail the test
	// and Start return its *fault.RuleError. A test adds and
	// removes rules while it runs through Handler.
	Faults []fault.Rule

	// Logger, when set, gets one line for each request the server
	// answers (its action, status and error code); nil means none.
	Logger *slog.Logger
}

// Server is a running fake of Cloud Assistant and a client for it. Make
// one with New or Start; its fields are set then and are not to be
// changed. Its methods are safe for concurrent use.
type Server struct {
	// URL is the server's base URL, http://127.0.0.1:port, with no
	// trailing slash. The API is served at /, the control endpoints
	// under /_mock/.
	URL string

	// Client is the official SDK's client for the server: its endpoint,
	// protocol HTTP, the region (see Options.Regions) and the access key
	// AccessKeyID and AccessKeySecret.
	Client *ecs.Client

	// Region is the Client's region, which requests still name in their
	// RegionId.
	Region string

	Service *fake.Service      // the fake the server answers from
	Clock   *fake.VirtualClock // the service's clock
	Handler *fakehttp.Handler  // the server's handler; its fields are read while it serves, so leave them as they are

	ts *httptest.Server
}

// defaultStart is where the virtual clock starts when Options.Start is
// the zero time.
var defaultStart = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// New starts a Server configured by opts, and closes it when the test
// and its subtests end (t.Cleanup). Options that the fake refuses, such
// as a fleet with a malformed or repeated InstanceId or a fault rule out
// of range, fail the test at once (t.Fatal); New must therefore be
// called from the test's goroutine.
func New(t testing.TB, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(s.Close)
	return s
}

// Start starts a Server configured by opts, for code with no testing.TB
// (an example, a program); the caller closes it. Options that the fake
// refuses, such as a fleet with a malformed or repeated InstanceId or a
// fault rule out of range, are an error, and nothing is started.
func Start(opts Options) (*Server, error) {
	start := opts.Start
	if start.IsZero() {
		start = defaultStart
	}
	clock := fake.NewVirtualClock(start)
	svc, err := fake.NewService(fake.Config{
		Clock:          clock,
		Instances:      opts.Instances,
		Outcome:        opts.Outcome,
		Regions:        opts.Regions,
		Retention:      opts.Retention,
		MaxInvocations: opts.MaxInvocations,
		CommandQuota:   opts.CommandQuota,
		Seed:           opts.Seed,
	})
	if err != nil {
		return nil, fmt.Errorf("ecstest: %w", err)
	}
	h := &fakehttp.Handler{Service: svc, FaultRate: opts.FaultRate, FaultCode: opts.FaultCode, Seed: opts.Seed, Logger: opts.Logger}
	if len(opts.Faults) > 0 {
		if _, err := h.AddFaults(opts.Faults...); err != nil {
			return nil, fmt.Errorf("ecstest: %w", err)
		}
	}
	if !opts.Unsigned {
		h.AccessKeys = map[string]string{AccessKeyID: AccessKeySecret}
	}
	region := DefaultRegion
	if len(opts.Regions) > 0 {
		region = opts.Regions[0]
	}

	ts := httptest.NewUnstartedServer(h)
	// A test server's limits: generous, but a stuck client cannot hold
	// a test's cleanup forever.
	ts.Config.ReadHeaderTimeout = 10 * time.Second
	ts.Config.ReadTimeout = time.Minute
	ts.Config.WriteTimeout = time.Minute
	ts.Config.IdleTimeout = time.Minute
	ts.Config.MaxHeaderBytes = 1 << 20
	ts.Start()

	c, err := ecs.NewClient(&openapi.Config{
		AccessKeyId:     dara.String(AccessKeyID),
		AccessKeySecret: dara.String(AccessKeySecret),
		Endpoint:        dara.String(strings.TrimPrefix(ts.URL, "http://")),
		Protocol:        dara.String("HTTP"),
		RegionId:        dara.String(region),
	})
	if err != nil {
		ts.Close()
		return nil, fmt.Errorf("ecstest: the SDK's client: %w", err)
	}
	return &Server{URL: ts.URL, Client: c, Region: region, Service: svc, Clock: clock, Handler: h, ts: ts}, nil
}

// Advance moves the fake's clock d ahead and returns the new time, as a
// test outside Go does with POST /_mock/advance. Advance panics if d is
// negative.
func (s *Server) Advance(d time.Duration) time.Time {
	return s.Clock.Advance(d)
}

// Sleep moves the fake's clock d ahead at once, unless ctx is done, when
// it returns ctx's error and leaves the clock. It is a sleep for code
// under test that takes one, such as ecssdk.Waiter's Sleep, so that
// minutes of waiting take no time.
func (s *Server) Sleep(ctx context.Context, d time.Duration) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	if d > 0 {
		s.Clock.Advance(d)
	}
	return nil
}

// Close shuts the server down, after the requests in flight are
// answered. The Service and Clock stay usable in Go. Calling Close again
// does nothing.
func (s *Server) Close() {
	s.ts.Close()
}
