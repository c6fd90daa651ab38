package ecssdk_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/fake/journal"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// This file runs the scenarios of a run and its wait against the
// project's lifecycle fake (package fake), served over HTTP by package
// ecstest and called through a real *ecs.Client that signs its requests,
// on the fake's virtual clock: the Waiter's Sleep moves that clock, so
// that minutes of waiting take milliseconds. Faults come from the fake's
// rules, and what was sent from its journal.

// lifecycleT0 is the first instant of the fake's clock.
var lifecycleT0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)

// startLifecycle starts the lifecycle fake with the fleet, the scripted
// outcomes and the fault rules, its clock at lifecycleT0.
func startLifecycle(t *testing.T, instances []fake.Instance, scripts []fake.Script, faults ...fault.Rule) *ecstest.Server {
	t.Helper()
	return ecstest.New(t, ecstest.Options{Start: lifecycleT0, Instances: instances, Outcome: fake.MatchScripts(scripts...), Faults: faults})
}

// requests returns the journaled requests of action the server answered.
func requests(s *ecstest.Server, action string) []journal.Request {
	var out []journal.Request
	for _, r := range s.Handler.Requests(0) {
		if r.Action == action {
			out = append(out, r)
		}
	}
	return out
}

// injected returns how many requests a fault rule applied to.
func injected(s *ecstest.Server) int {
	n := 0
	for _, r := range s.Handler.Requests(0) {
		if r.Fault != 0 {
			n++
		}
	}
	return n
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

// The ErrorInfo the lifecycle fake gives each ErrorCode.
const (
	infoExit       = "the command exited with a non-zero code"
	infoTimeout    = "the command ran past its timeout and was stopped"
	infoNotRunning = "the Cloud Assistant agent is not running"
)

// some returns a pointer to v.
func some[T any](v T) *T { return &v }

// TestRun runs the scenarios of a run and its wait against the lifecycle
// fake, through a real *ecs.Client.
func TestRun(t *testing.T) {
	three := []string{"i-1", "i-2", "i-3"}
	timedOut := ecssdk.Outcome{Status: status.CurrentTimeout, ErrorCode: invocation.ExecutionTimeout, ErrorInfo: infoTimeout,
		Dropped: invocation.Some(int32(0))}
	at := func(o ecssdk.Outcome, id string) ecssdk.Outcome { o.InstanceID = id; return o }
	deploy := []fake.Script{{Match: "deploy", Output: "deployed\n", Duration: 3 * time.Minute}}
	tests := []struct {
		name      string
		instances []fake.Instance
		scripts   []fake.Script
		faults    []fault.Rule
		req       *ecs.RunCommandRequest
		// stopAt stops the invocation once the wait has slept this long.
		stopAt time.Duration
		// deadline ends the context once the wait has slept this long.
		deadline time.Duration
		want     []ecssdk.Outcome
		wantErr  error
		// wantInjected is how many requests a fault rule applied to; -1
		// means some, as many as a probability drew.
		wantInjected int
		reason       string
	}{{
		name:    "success on every instance",
		scripts: []fake.Script{{Match: "deploy", Output: "deployed\n"}},
		req:     command("deploy", three...),
		want:    []ecssdk.Outcome{ok("i-1", "deployed\n"), ok("i-2", "deployed\n"), ok("i-3", "deployed\n")},
	}, {
		name: "a non-zero exit on one of three",
		scripts: []fake.Script{
			{Match: "deploy", InstanceID: "i-2", ExitCode: 1, Output: "disk full\n"},
			{Match: "deploy", Output: "deployed\n"},
		},
		req: command("deploy", three...),
		want: []ecssdk.Outcome{ok("i-1", "deployed\n"), {
			InstanceID: "i-2", Status: status.CurrentFailed, ExitCode: invocation.Some(int64(1)), Output: "disk full\n",
			Dropped: invocation.Some(int32(0)), ErrorCode: invocation.ExitCodeNonzero, ErrorInfo: infoExit,
		}, ok("i-3", "deployed\n")},
		wantErr: &ecssdk.RunError{Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{{
			InstanceID: "i-2", InvocationStatus: status.CurrentFailed, ErrorCode: invocation.ExitCodeNonzero,
			ErrorInfo: infoExit, ExitCode: invocation.Some(int64(1)),
		}}},
	}, {
		name:    "a run past its Timeout",
		scripts: []fake.Script{{Match: "sleep", Duration: 2 * time.Minute}},
		req:     command("sleep 120", "i-1", "i-2"),
		want:    []ecssdk.Outcome{at(timedOut, "i-1"), at(timedOut, "i-2")},
		wantErr: &ecssdk.RunError{Status: status.CurrentFailed, Failures: []ecssdk.Failure{
			{InstanceID: "i-1", InvocationStatus: status.CurrentTimeout, ErrorCode: invocation.ExecutionTimeout, ErrorInfo: infoTimeout},
			{InstanceID: "i-2", InvocationStatus: status.CurrentTimeout, ErrorCode: invocation.ExecutionTimeout, ErrorInfo: infoTimeout},
		}},
		reason: "the default Timeout is 60 s; every instance timed out, so the invocation Failed",
	}, {
		name:      "an instance whose agent is not running",
		instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2", Agent: fake.AgentStopped}, {InstanceID: "i-3"}},
		req:       command("uptime", three...),
		want: []ecssdk.Outcome{ok("i-1", ""),
			{InstanceID: "i-2", Status: status.CurrentAborted, ErrorCode: invocation.ClientNotRunning, ErrorInfo: infoNotRunning},
			ok("i-3", "")},
		wantErr: &ecssdk.RunError{Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{{
			InstanceID: "i-2", InvocationStatus: status.CurrentAborted, ErrorCode: invocation.ClientNotRunning,
			ErrorInfo: infoNotRunning,
		}}},
		reason: "a run that is never delivered is Aborted a minute after it was created",
	}, {
		name:    "a stop while running",
		scripts: []fake.Script{{Match: "backup", Duration: 10 * time.Minute}},
		req:     withTimeout(command("backup", "i-1", "i-2"), 3600),
		stopAt:  20 * time.Second,
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
		scripts:      deploy,
		faults:       []fault.Rule{{Probability: some(0.3), Code: "Throttling.User"}},
		req:          withTimeout(command("deploy", three...), 600),
		want:         []ecssdk.Outcome{ok("i-1", "deployed\n"), ok("i-2", "deployed\n"), ok("i-3", "deployed\n")},
		wantInjected: -1,
	}, {
		name:         "500s at 30% of the calls",
		scripts:      deploy,
		faults:       []fault.Rule{{Probability: some(0.3)}},
		req:          withTimeout(command("deploy", three...), 600),
		want:         []ecssdk.Outcome{ok("i-1", "deployed\n"), ok("i-2", "deployed\n"), ok("i-3", "deployed\n")},
		wantInjected: -1,
		reason:       "a run of 3 minutes takes some 20 polls, of which about 6 are answered with an error",
	}, {
		name:         "the third poll fails, and is retried",
		scripts:      deploy,
		faults:       []fault.Rule{{Action: "DescribeInvocations", Skip: 2, Times: 1, Code: "ServiceUnavailable"}},
		req:          withTimeout(command("deploy", "i-1"), 600),
		want:         []ecssdk.Outcome{ok("i-1", "deployed\n")},
		wantInjected: 1,
	}, {
		name:     "a context deadline ends the wait",
		scripts:  []fake.Script{{Match: "forever", Duration: 24 * time.Hour}},
		req:      withTimeout(command("forever", "i-1"), 86400),
		deadline: 10 * time.Minute,
		wantErr:  context.DeadlineExceeded,
	}, {
		name:      "a 4xx answer returns at once",
		instances: []fake.Instance{{InstanceID: "i-1"}},
		req:       command("uptime", "i-1", "i-9"),
		wantErr:   apiCode("InvalidInstance.NotFound"),
	}, {
		name:         "throttled on every call gives up",
		faults:       []fault.Rule{{Code: "Throttling"}},
		req:          command("uptime", "i-1"),
		wantErr:      apiCode("Throttling"),
		wantInjected: ecssdk.DefaultRetries + 1,
		reason:       "the first call and DefaultRetries retries",
	}, {
		name:         "a lost RunCommand answer is retried without a second run",
		faults:       []fault.Rule{{Action: "RunCommand", Effect: fault.EffectLost, Times: 1}},
		req:          command("uptime", "i-1"),
		want:         []ecssdk.Outcome{ok("i-1", "")},
		wantInjected: 1,
		reason:       "Run sends a ClientToken, so the retry gets the run the lost answer started",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			server := startLifecycle(t, tt.instances, tt.scripts, tt.faults...)
			c := server.Client
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.deadline > 0 {
				var stop context.CancelFunc
				ctx, stop = context.WithTimeout(ctx, 50*time.Millisecond)
				defer stop()
			}
			stopped := false
			w := waiter(server, func(ctx context.Context, waited time.Duration) error {
				switch {
				case tt.deadline > 0 && waited >= tt.deadline:
					<-ctx.Done() // the real deadline comes
					return ctx.Err()
				case tt.stopAt > 0 && waited >= tt.stopAt && !stopped:
					stopAll(t, ctx, c)
					stopped = true
				}
				return nil
			})
			before := *tt.req
			got, err := w.Run(ctx, c, tt.req)
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
			n := injected(server)
			t.Logf("%d calls answered with an injected fault", n)
			if tt.wantInjected < 0 {
				require.Positive(t, n, "injected faults")
			} else {
				require.Equal(t, tt.wantInjected, n, "injected faults")
			}
			require.Equal(t, before, *tt.req, "Run changed the request")

			// Every RunCommand sent, the first and its retries, carried
			// the one ClientToken.
			runs := requests(server, "RunCommand")
			require.NotEmpty(t, runs)
			for _, r := range runs {
				require.NotEmpty(t, r.Params["ClientToken"])
				require.Equal(t, runs[0].Params["ClientToken"], r.Params["ClientToken"], "the ClientToken of a retry")
			}

			// A scenario that ran the command ran it once, and the
			// RunError names that run.
			if tt.want == nil {
				return
			}
			held := server.Service.State().Invocations
			require.Len(t, held, 1, "invocations the fake holds")
			if runErr != nil {
				require.Equal(t, held[0].InvokeID, runID)
			}

			// The expectations are what the fake holds: a wait on its
			// answer as it is, every field of it, ends as the wait
			// over HTTP is to end.
			inv, err := (&ecssdk.Waiter{FirstDelay: -1}).Wait(context.Background(), direct{server.Service},
				&ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String(held[0].InvokeID),
					IncludeOutput: dara.Bool(true)})
			if errors.As(err, &runErr) {
				runErr.InvokeID = ""
			}
			checkErr(t, err, tt.wantErr)
			outs, err := ecssdk.Outcomes(inv)
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, outs); diff != "" {
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
	server := startLifecycle(t, nil, []fake.Script{{Match: "backup", Duration: 10 * time.Minute}})
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
	server := startLifecycle(t, nil, []fake.Script{{Match: "deploy", Duration: 2 * time.Minute}})
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
	require.Len(t, requests(server, "DescribeInvocations"), 14, "one DescribeInvocations a poll")
}

// AllInvocations and AllResults walk every page of the fake over HTTP,
// newest first, each item once.
func TestPagesOverHTTP(t *testing.T) {
	server := startLifecycle(t, nil, nil)
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
