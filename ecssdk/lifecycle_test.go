package ecssdk_test

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"sync/atomic"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// This file runs the scenarios of a run and its wait against the
// project's lifecycle fake (package fake), served over HTTP by package
// ecstest and called through a real *ecs.Client that signs its requests,
// on the fake's virtual clock: the Waiter's Sleep moves that clock, so
// that minutes of waiting take milliseconds.

// lifecycleT0 is the first instant of the fake's clock.
var lifecycleT0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// overHTTP returns the lifecycle fake configured by fl and fs, served by
// a test server, as a service whose client is a real *ecs.Client.
func overHTTP(t *testing.T, fl fleet, fs faults) (service, *ecstest.Server) {
	t.Helper()
	if fs.AfterRun {
		t.Fatal("the lifecycle fake cannot lose an answer after a run starts")
	}
	s, injected := startLifecycle(t, fl, fs)
	return service{
		client:   s.Client,
		advance:  func(d time.Duration) { s.Advance(d) },
		injected: injected,
	}, s
}

// direct is the lifecycle fake's DescribeInvocations called in the same
// process, its answer turned into the SDK's body by ResponseBody rather
// than written by the codecs and read by the SDK: what the fake holds,
// every field of it. It checks the expectations of the tests over HTTP.
type direct struct{ svc *fake.Service }

func (d direct) DescribeInvocationsWithContext(_ context.Context, req *ecs.DescribeInvocationsRequest, _ *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error) {
	res, err := d.svc.DescribeInvocations(fake.DescribeInvocationsRequest{
		RegionID: dara.StringValue(req.RegionId), InvokeID: dara.StringValue(req.InvokeId),
		IncludeOutput: dara.BoolValue(req.IncludeOutput),
	})
	if err != nil {
		return nil, err
	}
	return &ecs.DescribeInvocationsResponse{StatusCode: dara.Int32(200), Body: ecssdk.ResponseBody(res)}, nil
}

// startLifecycle starts the lifecycle fake and its server, configured by
// fl and fs, and returns it and a count of the answers that carried the
// injected fault's code.
func startLifecycle(t *testing.T, fl fleet, fs faults) (*ecstest.Server, func() int) {
	t.Helper()
	opts := ecstest.Options{Start: lifecycleT0, Seed: fs.Seed, FaultRate: fs.Rate, FaultCode: apierror.Code(fs.Code)}
	for _, in := range fl.Instances {
		m := fake.Instance{InstanceID: in.InstanceId}
		require.NoError(t, m.OS.UnmarshalText([]byte(in.OS)))
		require.NoError(t, m.Status.UnmarshalText([]byte(in.Status)))
		require.NoError(t, m.Agent.UnmarshalText([]byte(in.Agent)))
		opts.Instances = append(opts.Instances, m)
	}
	var outcomes []fake.Script
	for _, o := range fl.Outcomes {
		m := fake.Script{Match: o.Match, InstanceID: o.InstanceId, ExitCode: o.ExitCode, Output: o.Output,
			ErrorCode: invocation.ErrorCode(o.ErrorCode)}
		if o.Duration != "" {
			d, err := time.ParseDuration(o.Duration)
			require.NoError(t, err)
			m.Duration = d
		}
		if o.Status != "" {
			m.Status = status.ParseCurrent(o.Status)
		}
		outcomes = append(outcomes, m)
	}
	opts.Outcome = fake.MatchScripts(outcomes...)
	counter := &codeCounter{code: fs.Code}
	if fs.Code != "" {
		opts.Logger = slog.New(counter)
	}
	return ecstest.New(t, opts), func() int { return int(counter.n.Load()) }
}

// codeCounter is a log handler that counts the requests answered with
// the error code.
type codeCounter struct {
	code string
	n    atomic.Int64
}

func (c *codeCounter) Enabled(context.Context, slog.Level) bool { return true }
func (c *codeCounter) WithAttrs([]slog.Attr) slog.Handler       { return c }
func (c *codeCounter) WithGroup(string) slog.Handler            { return c }

func (c *codeCounter) Handle(_ context.Context, r slog.Record) error {
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == "code" && a.Value.String() == c.code {
			c.n.Add(1)
			return false
		}
		return true
	})
	return nil
}

// The ErrorInfo the lifecycle fake gives each ErrorCode.
const (
	infoExit       = "the command exited with a non-zero code"
	infoTimeout    = "the command ran past its timeout and was stopped"
	infoNotRunning = "the Cloud Assistant agent is not running"
)

// TestRunOverHTTP runs the scenarios of TestRun against the lifecycle
// fake, through a real *ecs.Client. Where the two fakes differ (the
// ErrorInfo texts, what a stopped run reports), the expectations are the
// lifecycle fake's.
func TestRunOverHTTP(t *testing.T) {
	three := []string{"i-1", "i-2", "i-3"}
	okHTTP := func(id, output string) ecssdk.Outcome {
		return ecssdk.Outcome{InstanceID: id, Status: status.CurrentSuccess, ExitCode: invocation.Some(int64(0)),
			Output: output, Dropped: invocation.Some(int32(0))}
	}
	timedOut := ecssdk.Outcome{Status: status.CurrentTimeout, ErrorCode: invocation.ExecutionTimeout, ErrorInfo: infoTimeout,
		Dropped: invocation.Some(int32(0))}
	at := func(o ecssdk.Outcome, id string) ecssdk.Outcome { o.InstanceID = id; return o }
	tests := []struct {
		name   string
		fleet  fleet
		faults faults
		req    *ecs.RunCommandRequest
		// stopAt stops the invocation once the wait has slept this long.
		stopAt time.Duration
		// deadline ends the context once the wait has slept this long.
		deadline     time.Duration
		want         []ecssdk.Outcome
		wantErr      error
		wantInjected bool
		reason       string
	}{{
		name:  "success on every instance",
		fleet: fleet{Outcomes: []outcome{{Match: "deploy", Output: "deployed\n"}}},
		req:   command("deploy", three...),
		want:  []ecssdk.Outcome{okHTTP("i-1", "deployed\n"), okHTTP("i-2", "deployed\n"), okHTTP("i-3", "deployed\n")},
	}, {
		name: "a non-zero exit on one of three",
		fleet: fleet{Outcomes: []outcome{
			{Match: "deploy", InstanceId: "i-2", ExitCode: 1, Output: "disk full\n"},
			{Match: "deploy", Output: "deployed\n"},
		}},
		req: command("deploy", three...),
		want: []ecssdk.Outcome{okHTTP("i-1", "deployed\n"), {
			InstanceID: "i-2", Status: status.CurrentFailed, ExitCode: invocation.Some(int64(1)), Output: "disk full\n",
			Dropped: invocation.Some(int32(0)), ErrorCode: invocation.ExitCodeNonzero, ErrorInfo: infoExit,
		}, okHTTP("i-3", "deployed\n")},
		wantErr: &ecssdk.RunError{Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{{
			InstanceID: "i-2", InvocationStatus: status.CurrentFailed, ErrorCode: invocation.ExitCodeNonzero,
			ErrorInfo: infoExit, ExitCode: invocation.Some(int64(1)),
		}}},
	}, {
		name:  "a run past its Timeout",
		fleet: fleet{Outcomes: []outcome{{Match: "sleep", Duration: "2m"}}},
		req:   command("sleep 120", "i-1", "i-2"),
		want:  []ecssdk.Outcome{at(timedOut, "i-1"), at(timedOut, "i-2")},
		wantErr: &ecssdk.RunError{Status: status.CurrentFailed, Failures: []ecssdk.Failure{
			{InstanceID: "i-1", InvocationStatus: status.CurrentTimeout, ErrorCode: invocation.ExecutionTimeout, ErrorInfo: infoTimeout},
			{InstanceID: "i-2", InvocationStatus: status.CurrentTimeout, ErrorCode: invocation.ExecutionTimeout, ErrorInfo: infoTimeout},
		}},
		reason: "the default Timeout is 60 s; every instance timed out, so the invocation Failed",
	}, {
		name: "an instance whose agent is not running",
		fleet: fleet{Instances: []instance{
			{InstanceId: "i-1"}, {InstanceId: "i-2", Agent: "Stopped"}, {InstanceId: "i-3"},
		}},
		req: command("uptime", three...),
		want: []ecssdk.Outcome{okHTTP("i-1", ""),
			{InstanceID: "i-2", Status: status.CurrentAborted, ErrorCode: invocation.ClientNotRunning, ErrorInfo: infoNotRunning},
			okHTTP("i-3", "")},
		wantErr: &ecssdk.RunError{Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{{
			InstanceID: "i-2", InvocationStatus: status.CurrentAborted, ErrorCode: invocation.ClientNotRunning,
			ErrorInfo: infoNotRunning,
		}}},
		reason: "a run that is never delivered is Aborted a minute after it was created",
	}, {
		name:   "a stop while running",
		fleet:  fleet{Outcomes: []outcome{{Match: "backup", Duration: "10m"}}},
		req:    withTimeout(command("backup", "i-1", "i-2"), 3600),
		stopAt: 20 * time.Second,
		want: []ecssdk.Outcome{
			{InstanceID: "i-1", Status: status.CurrentTerminated},
			{InstanceID: "i-2", Status: status.CurrentTerminated},
		},
		wantErr: &ecssdk.RunError{Status: status.CurrentStopped, Failures: []ecssdk.Failure{
			{InstanceID: "i-1", InvocationStatus: status.CurrentTerminated},
			{InstanceID: "i-2", InvocationStatus: status.CurrentTerminated},
		}},
		reason: "the lifecycle fake gives a terminated run no ErrorCode, exit code or output",
	}, {
		name: "a periodic invocation settles as Scheduled",
		req:  periodic(command("rotate-logs", "i-1"), "rate(5m)"),
		want: []ecssdk.Outcome{{InstanceID: "i-1", Status: status.CurrentScheduled}},
	}, {
		name:         "throttling at 30% of the calls",
		fleet:        fleet{Outcomes: []outcome{{Match: "deploy", Output: "deployed\n", Duration: "3m"}}},
		faults:       faults{Rate: 0.3, Code: "Throttling.User", Seed: 1},
		req:          withTimeout(command("deploy", three...), 600),
		want:         []ecssdk.Outcome{okHTTP("i-1", "deployed\n"), okHTTP("i-2", "deployed\n"), okHTTP("i-3", "deployed\n")},
		wantInjected: true,
	}, {
		name:         "500s at 30% of the calls",
		fleet:        fleet{Outcomes: []outcome{{Match: "deploy", Output: "deployed\n", Duration: "3m"}}},
		faults:       faults{Rate: 0.3, Code: "InternalError.Dispatch", Seed: 2},
		req:          withTimeout(command("deploy", three...), 600),
		want:         []ecssdk.Outcome{okHTTP("i-1", "deployed\n"), okHTTP("i-2", "deployed\n"), okHTTP("i-3", "deployed\n")},
		wantInjected: true,
	}, {
		name:     "a context deadline ends the wait",
		fleet:    fleet{Outcomes: []outcome{{Match: "forever", Duration: "24h"}}},
		req:      withTimeout(command("forever", "i-1"), 86400),
		deadline: 10 * time.Minute,
		wantErr:  context.DeadlineExceeded,
	}, {
		name:    "a 4xx answer returns at once",
		fleet:   fleet{Instances: []instance{{InstanceId: "i-1"}}},
		req:     command("uptime", "i-1", "i-9"),
		wantErr: apiCode("InvalidInstance.NotFound"),
	}, {
		name:         "throttled on every call gives up",
		faults:       faults{Rate: 1, Code: "Throttling"},
		req:          command("uptime", "i-1"),
		wantErr:      apiCode("Throttling"),
		wantInjected: true,
		reason:       "after DefaultRetries retries",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc, server := overHTTP(t, tt.fleet, tt.faults)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.deadline > 0 {
				var stop context.CancelFunc
				ctx, stop = context.WithTimeout(ctx, 50*time.Millisecond)
				defer stop()
			}
			stopped := false
			w := waiter(svc, func(ctx context.Context, waited time.Duration) error {
				switch {
				case tt.deadline > 0 && waited >= tt.deadline:
					<-ctx.Done() // the real deadline comes
					return ctx.Err()
				case tt.stopAt > 0 && waited >= tt.stopAt && !stopped:
					stopAll(t, ctx, svc.client)
					stopped = true
				}
				return nil
			})
			before := *tt.req
			got, err := w.Run(ctx, svc.client, tt.req)
			if tt.reason != "" {
				t.Log(tt.reason)
			}
			var runErr *ecssdk.RunError
			var runID string
			if errors.As(err, &runErr) {
				runID, runErr.InvokeID = runErr.InvokeID, "" // the fake's; checked below
			}
			checkErr(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Run (-want +got):\n%s", diff)
			}
			t.Logf("%d calls answered with an injected error", svc.injected())
			require.Equal(t, tt.wantInjected, svc.injected() > 0, "injected errors")
			require.Equal(t, before, *tt.req, "Run changed the request")

			// A scenario that ran the command ran it once, and the
			// RunError names that run.
			if tt.want == nil || tt.faults.Rate > 0 {
				return
			}
			var runs []invocation.Invocation
			for inv, err := range ecssdk.AllInvocations(context.Background(), svc.client,
				&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")}) {
				require.NoError(t, err)
				runs = append(runs, inv)
			}
			require.Len(t, runs, 1)
			if runErr != nil {
				require.Equal(t, runs[0].InvokeID, runID)
			}

			// The expectations are what the fake holds: a wait on its
			// answer as it is, every field of it, ends as the wait
			// over HTTP is to end.
			inv, err := (&ecssdk.Waiter{FirstDelay: -1}).Wait(context.Background(), direct{server.Service},
				&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String(runs[0].InvokeID),
					IncludeOutput: dara.Bool(true)})
			if errors.As(err, &runErr) {
				runErr.InvokeID = ""
			}
			checkErr(t, err, tt.wantErr)
			held, err := ecssdk.Outcomes(inv)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, held); diff != "" {
				t.Errorf("the fake holds (-want +held):\n%s", diff)
			}
		})
	}
}

// A stop from another goroutine, while Wait polls: the wait ends Stopped,
// with a RunError. The waiter's clock passes 20 s, then holds until the
// other goroutine has stopped the run over HTTP, so that the stop comes
// while the run is running however the goroutines are scheduled.
func TestWaitStoppedFromAnotherGoroutine(t *testing.T) {
	server, _ := startLifecycle(t, fleet{Outcomes: []outcome{{Match: "backup", Duration: "10m"}}}, faults{})
	c := server.Client
	ran, err := c.RunCommand(withTimeout(command("backup", "i-1", "i-2"), 3600))
	require.NoError(t, err)
	id := dara.StringValue(ran.Body.InvokeId)

	reached, stopped := make(chan struct{}), make(chan struct{})
	var waited time.Duration
	w := &ecssdk.Waiter{Jitter: -1, Sleep: func(ctx context.Context, d time.Duration) error {
		server.Advance(d)
		if waited < 20*time.Second && waited+d >= 20*time.Second {
			close(reached)
			<-stopped
		}
		waited += d
		return ctx.Err()
	}}
	stopErr := make(chan error, 1)
	go func() {
		<-reached
		_, err := c.StopInvocation(&ecs.StopInvocationRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String(id)})
		close(stopped)
		stopErr <- err
	}()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	inv, err := w.Wait(ctx, c, &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String(id)})
	require.NoError(t, <-stopErr)
	var runErr *ecssdk.RunError
	require.ErrorAs(t, err, &runErr)
	require.Equal(t, &ecssdk.RunError{InvokeID: id, Status: status.CurrentStopped, Failures: []ecssdk.Failure{
		{InstanceID: "i-1", InvocationStatus: status.CurrentTerminated},
		{InstanceID: "i-2", InvocationStatus: status.CurrentTerminated},
	}}, runErr)
	require.Equal(t, status.CurrentStopped, inv.InvocationStatus)
	require.Less(t, waited, 10*time.Minute, "the wait ended before the run would have")
}

// Wait with a Sleep that moves the fake's clock as a test outside Go
// would, by POST /_mock/advance: a run of 2 minutes on every instance
// succeeds, and the wait sees it at the first poll after it ended.
func TestWaitAdvancingOverHTTP(t *testing.T) {
	server, _ := startLifecycle(t, fleet{Outcomes: []outcome{{Match: "deploy", Duration: "2m"}}}, faults{})
	c := server.Client
	ran, err := c.RunCommand(withTimeout(command("deploy", "i-1", "i-2"), 600))
	require.NoError(t, err)
	w := &ecssdk.Waiter{Jitter: -1, Sleep: func(ctx context.Context, d time.Duration) error {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, server.URL+"/_mock/advance?by="+d.String(), nil)
		if err != nil {
			return err
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return err
		}
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			return errors.New("advance: " + res.Status)
		}
		return nil
	}}
	inv, err := w.Wait(context.Background(), c, &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: ran.Body.InvokeId})
	require.NoError(t, err)
	require.Equal(t, status.CurrentSuccess, inv.InvocationStatus)
	for _, in := range inv.Instances {
		require.Equal(t, status.CurrentSuccess, in.InvocationStatus, in.InstanceID)
	}
	// Delivery takes 1 s and the run 2 minutes: it ends at 2m1s. The
	// polls come at 5 s, then 3, 6 and 10 s apart, then every 10 s:
	// at 5, 8, 14, 24, 34 … 124 s, the first after the end.
	require.Equal(t, lifecycleT0.Add(124*time.Second), server.Service.Now())
}

// AllInvocations and AllResults walk every page of the fake over HTTP,
// newest first, each item once.
func TestPagesOverHTTP(t *testing.T) {
	server, _ := startLifecycle(t, fleet{}, faults{})
	c := server.Client
	var want []string
	for range 7 {
		ran, err := c.RunCommand(command("uptime", "i-1", "i-2"))
		require.NoError(t, err)
		want = append([]string{dara.StringValue(ran.Body.InvokeId)}, want...)
		server.Advance(time.Second) // distinct CreationTimes, and the API's order by them
	}
	server.Advance(time.Minute)
	ctx := context.Background()

	for _, maxResults := range []int32{1, 3, 7, 50} {
		var got []string
		pages := 0
		for inv, err := range ecssdk.AllInvocations(ctx, counting{c, &pages}, &ecs.DescribeInvocationsRequest{
			RegionId: dara.String("cn-hangzhou"), MaxResults: dara.Int32(maxResults)}) {
			require.NoError(t, err)
			require.Equal(t, status.CurrentSuccess, inv.InvocationStatus)
			got = append(got, inv.InvokeID)
		}
		require.Equal(t, want, got, "MaxResults %d", maxResults)
		require.Equal(t, (7+int(maxResults)-1)/int(maxResults), pages, "pages of %d", maxResults)
	}

	type key struct{ invoke, instance string }
	var wantRecords []key
	for _, id := range want {
		wantRecords = append(wantRecords, key{id, "i-1"}, key{id, "i-2"})
	}
	for _, maxResults := range []int32{1, 4, 14, 50} {
		var got []key
		for rec, err := range ecssdk.AllResults(ctx, c, &ecs.DescribeInvocationResultsRequest{
			RegionId: dara.String("cn-hangzhou"), MaxResults: dara.Int32(maxResults)}) {
			require.NoError(t, err)
			require.Equal(t, status.CurrentSuccess, rec.InvocationStatus)
			require.Equal(t, invocation.Some(int64(0)), rec.ExitCode)
			got = append(got, key{rec.InvokeID, rec.InstanceID})
		}
		require.ElementsMatch(t, wantRecords, got, "MaxResults %d", maxResults)
	}

	// From a page's own NextToken: the rest.
	first, err := c.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), MaxResults: dara.Int32(3)})
	require.NoError(t, err)
	var rest []string
	for inv, err := range ecssdk.AllInvocations(ctx, c, &ecs.DescribeInvocationsRequest{
		RegionId: dara.String("cn-hangzhou"), MaxResults: dara.Int32(3), NextToken: first.Body.NextToken}) {
		require.NoError(t, err)
		rest = append(rest, inv.InvokeID)
	}
	require.Equal(t, want[3:], rest)
}

// counting counts the pages an InvocationsAPI is asked for.
type counting struct {
	ecssdk.InvocationsAPI
	n *int
}

func (c counting) DescribeInvocationsWithContext(ctx context.Context, req *ecs.DescribeInvocationsRequest, rt *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error) {
	*c.n++
	return c.InvocationsAPI.DescribeInvocationsWithContext(ctx, req, rt)
}
