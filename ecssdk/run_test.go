package ecssdk_test

import (
	"context"
	"errors"
	"math/rand/v2"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// client is what the scenarios call: the operations of package ecssdk,
// and StopInvocation. The in-memory fake implements it, and so does a
// real *ecs.Client pointed at a server.
type client interface {
	ecssdk.RunAPI
	ecssdk.ResultsAPI
	StopInvocationWithContext(ctx context.Context, req *ecs.StopInvocationRequest, runtime *dara.RuntimeOptions) (*ecs.StopInvocationResponse, error)
}

var _ client = (*ecs.Client)(nil)

// service is what a scenario runs against: a client, and the service's
// clock, which only the scenario moves.
type service struct {
	client  client
	advance func(d time.Duration)
	// injected returns how many calls were answered with an injected
	// error.
	injected func() int
}

// inMemory returns the in-memory fake as a service.
func inMemory(_ *testing.T, fl fleet, fs faults) service {
	f := newFake(fl, fs)
	return service{
		client:  f,
		advance: f.advance,
		injected: func() int {
			_, n := f.count("")
			return n
		},
	}
}

// waiter returns a Waiter on svc's clock: each pause moves it, then calls
// during with the time waited so far, if during is not nil. Its jitter is
// random, from a fixed seed.
func waiter(svc service, during func(ctx context.Context, waited time.Duration) error) *ecssdk.Waiter {
	var waited time.Duration
	return &ecssdk.Waiter{
		Sleep: func(ctx context.Context, d time.Duration) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			svc.advance(d)
			waited += d
			if during != nil {
				return during(ctx, waited)
			}
			return nil
		},
		Rand: rand.New(rand.NewPCG(1, 2)).Float64,
	}
}

// command returns the request that runs script on instances.
func command(script string, instances ...string) *ecs.RunCommandRequest {
	return &ecs.RunCommandRequest{
		RegionId:       dara.String("cn-hangzhou"),
		Type:           dara.String("RunShellScript"),
		CommandContent: dara.String(script),
		InstanceId:     dara.StringSlice(instances),
	}
}

// apiCode is a wanted error: an answer of the API with this code.
type apiCode string

func (c apiCode) Error() string { return string(c) }

// checkErr fails t unless err is what want says: nil; a *RunError equal to
// want's; an apiCode, the code of an SDK error in err's chain; else a
// target of errors.Is.
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	var wantRun *ecssdk.RunError
	var code apiCode
	switch {
	case want == nil:
		require.NoError(t, err)
	case errors.As(want, &wantRun):
		var got *ecssdk.RunError
		require.ErrorAs(t, err, &got)
		if diff := cmp.Diff(wantRun, got); diff != "" {
			t.Errorf("RunError (-want +got):\n%s", diff)
		}
	case errors.As(want, &code):
		var got *tea.SDKError
		require.ErrorAs(t, err, &got)
		require.Equal(t, string(code), tea.StringValue(got.Code))
	default:
		require.ErrorIs(t, err, want)
	}
}

func ok(id, output string) ecssdk.Outcome {
	return ecssdk.Outcome{
		InstanceID: id, Status: status.CurrentSuccess, ExitCode: invocation.Some(int64(0)),
		Output: output, Dropped: invocation.Some(int32(0)),
	}
}

// TestRun runs the scenarios of a run and its wait against the in-memory
// fake.
func TestRun(t *testing.T) {
	three := []string{"i-1", "i-2", "i-3"}
	exit1 := ecssdk.Failure{
		InstanceID: "i-2", InvocationStatus: status.CurrentFailed, ErrorCode: invocation.ExitCodeNonzero,
		ErrorInfo: "the process exited with 1", ExitCode: invocation.Some(int64(1)),
	}
	timedOut := func(id string) ecssdk.Failure {
		return ecssdk.Failure{InstanceID: id, InvocationStatus: status.CurrentTimeout,
			ErrorCode: invocation.ExecutionTimeout, ErrorInfo: "the run timed out"}
	}
	terminated := func(id string) ecssdk.Failure {
		return ecssdk.Failure{InstanceID: id, InvocationStatus: status.CurrentTerminated,
			ErrorCode: invocation.ExecutionInterrupted, ErrorInfo: "stopped"}
	}
	noExit := func(id string, st status.Current, code invocation.ErrorCode, info string) ecssdk.Outcome {
		return ecssdk.Outcome{InstanceID: id, Status: st, ErrorCode: code, ErrorInfo: info, Dropped: invocation.Some(int32(0))}
	}
	tests := []struct {
		name   string
		fleet  fleet
		faults faults
		req    *ecs.RunCommandRequest
		// stopAt stops the invocation once the wait has slept this long.
		stopAt time.Duration
		// deadline ends the context once the wait has slept this long.
		deadline time.Duration
		want     []ecssdk.Outcome
		wantErr  error
		// wantInjected: some calls were answered with an injected error.
		wantInjected bool
		reason       string
	}{{
		name:  "success on every instance",
		fleet: fleet{Outcomes: []outcome{{Match: "deploy", Output: "deployed\n"}}},
		req:   command("deploy", three...),
		want:  []ecssdk.Outcome{ok("i-1", "deployed\n"), ok("i-2", "deployed\n"), ok("i-3", "deployed\n")},
	}, {
		name: "a non-zero exit on one of three",
		fleet: fleet{Outcomes: []outcome{
			{Match: "deploy", InstanceId: "i-2", ExitCode: 1, Output: "disk full\n"},
			{Match: "deploy", Output: "deployed\n"},
		}},
		req: command("deploy", three...),
		want: []ecssdk.Outcome{ok("i-1", "deployed\n"), {
			InstanceID: "i-2", Status: status.CurrentFailed, ExitCode: invocation.Some(int64(1)), Output: "disk full\n",
			Dropped: invocation.Some(int32(0)), ErrorCode: invocation.ExitCodeNonzero, ErrorInfo: "the process exited with 1",
		}, ok("i-3", "deployed\n")},
		wantErr: &ecssdk.RunError{Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{exit1}},
	}, {
		name:  "a timeout",
		fleet: fleet{Outcomes: []outcome{{Match: "sleep", Duration: "2m"}}},
		req:   command("sleep 120", "i-1", "i-2"),
		want: []ecssdk.Outcome{
			noExit("i-1", status.CurrentTimeout, invocation.ExecutionTimeout, "the run timed out"),
			noExit("i-2", status.CurrentTimeout, invocation.ExecutionTimeout, "the run timed out"),
		},
		wantErr: &ecssdk.RunError{Status: status.CurrentFailed, Failures: []ecssdk.Failure{timedOut("i-1"), timedOut("i-2")}},
		reason:  "the default Timeout is 60 s; every instance timed out, so the invocation Failed",
	}, {
		name: "an instance whose agent is not running",
		fleet: fleet{Instances: []instance{
			{InstanceId: "i-1"}, {InstanceId: "i-2", Agent: "Stopped"}, {InstanceId: "i-3"},
		}},
		req: command("uptime", three...),
		want: []ecssdk.Outcome{ok("i-1", ""),
			noExit("i-2", status.CurrentAborted, invocation.ClientNotRunning, "the instance or its agent is not running"),
			ok("i-3", "")},
		wantErr: &ecssdk.RunError{Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{{
			InstanceID: "i-2", InvocationStatus: status.CurrentAborted, ErrorCode: invocation.ClientNotRunning,
			ErrorInfo: "the instance or its agent is not running",
		}}},
		reason: "a run that is never delivered is Aborted 60 s after it was created",
	}, {
		name:   "a stop while running",
		fleet:  fleet{Outcomes: []outcome{{Match: "backup", Duration: "10m"}}},
		req:    withTimeout(command("backup", "i-1", "i-2"), 3600),
		stopAt: 20 * time.Second,
		want: []ecssdk.Outcome{
			noExit("i-1", status.CurrentTerminated, invocation.ExecutionInterrupted, "stopped"),
			noExit("i-2", status.CurrentTerminated, invocation.ExecutionInterrupted, "stopped"),
		},
		wantErr: &ecssdk.RunError{Status: status.CurrentStopped, Failures: []ecssdk.Failure{terminated("i-1"), terminated("i-2")}},
	}, {
		name: "a periodic invocation settles as Scheduled",
		req:  periodic(command("rotate-logs", "i-1"), "rate(5m)"),
		want: []ecssdk.Outcome{{InstanceID: "i-1", Status: status.CurrentScheduled, Dropped: invocation.Some(int32(0))}},
	}, {
		name:         "throttling at 30% of the calls",
		fleet:        fleet{Outcomes: []outcome{{Match: "deploy", Output: "deployed\n", Duration: "3m"}}},
		faults:       faults{Rate: 0.3, Code: "Throttling.User", Status: 400, Seed: 1},
		req:          withTimeout(command("deploy", three...), 600),
		want:         []ecssdk.Outcome{ok("i-1", "deployed\n"), ok("i-2", "deployed\n"), ok("i-3", "deployed\n")},
		wantInjected: true,
	}, {
		name:         "500s at 30% of the calls",
		fleet:        fleet{Outcomes: []outcome{{Match: "deploy", Output: "deployed\n", Duration: "3m"}}},
		faults:       faults{Rate: 0.3, Code: "InternalError.Dispatch", Status: 500, Seed: 2},
		req:          withTimeout(command("deploy", three...), 600),
		want:         []ecssdk.Outcome{ok("i-1", "deployed\n"), ok("i-2", "deployed\n"), ok("i-3", "deployed\n")},
		wantInjected: true,
		reason:       "a run of 3 minutes takes some 20 polls, of which about 6 are answered with an error",
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
		faults:       faults{Rate: 1, Code: "Throttling", Status: 400},
		req:          command("uptime", "i-1"),
		wantErr:      apiCode("Throttling"),
		wantInjected: true,
		reason:       "after DefaultRetries retries",
	}, {
		name:         "a lost RunCommand answer is retried without a second run",
		faults:       faults{AfterRun: true, Code: "InternalError.Dispatch", Status: 500},
		req:          command("uptime", "i-1"),
		want:         []ecssdk.Outcome{ok("i-1", "")},
		wantInjected: true,
		reason:       "Run sends a ClientToken, so the retry gets the run the lost answer started",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			svc := inMemory(t, tt.fleet, tt.faults)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			if tt.deadline > 0 {
				var stop context.CancelFunc
				ctx, stop = context.WithTimeout(ctx, 10*time.Millisecond)
				defer stop()
			}
			w := waiter(svc, func(ctx context.Context, waited time.Duration) error {
				switch {
				case tt.deadline > 0 && waited >= tt.deadline:
					<-ctx.Done() // the real deadline comes
					return ctx.Err()
				case tt.stopAt > 0 && waited >= tt.stopAt:
					stopAll(t, ctx, svc.client)
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
				runID, runErr.InvokeID = runErr.InvokeID, "" // random; checked below
			}
			checkErr(t, err, tt.wantErr)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Run (-want +got):\n%s", diff)
			}
			t.Logf("%d calls answered with an injected error", svc.injected())
			require.Equal(t, tt.wantInjected, svc.injected() > 0, "injected errors")
			require.Equal(t, before, *tt.req, "Run changed the request")

			// A scenario that ran the command ran it once, and the
			// RunError names that run. (With errors injected at random,
			// the listing could be answered with one.)
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
		})
	}
}

// stopAll stops every invocation of the service.
func stopAll(t *testing.T, ctx context.Context, c client) {
	t.Helper()
	for inv, err := range ecssdk.AllInvocations(ctx, c, &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")}) {
		require.NoError(t, err)
		_, err := c.StopInvocationWithContext(ctx, &ecs.StopInvocationRequest{
			RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String(inv.InvokeID),
		}, &dara.RuntimeOptions{})
		require.NoError(t, err)
	}
}

func withTimeout(r *ecs.RunCommandRequest, seconds int64) *ecs.RunCommandRequest {
	r.Timeout = dara.Int64(seconds)
	return r
}

func periodic(r *ecs.RunCommandRequest, frequency string) *ecs.RunCommandRequest {
	r.RepeatMode, r.Frequency = dara.String("Period"), dara.String(frequency)
	return r
}
