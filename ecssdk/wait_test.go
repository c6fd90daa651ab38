package ecssdk_test

import (
	"context"
	"errors"
	"testing"
	"time"

	openapi "github.com/alibabacloud-go/darabonba-openapi/v2/client"
	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// answer is one answer of a scripted DescribeInvocations: an error, or an
// invocation, or, with neither, an empty page.
type answer struct {
	inv *ecs.DescribeInvocationsResponseBodyInvocationsInvocation
	err error
}

// script answers DescribeInvocations with its answers in turn, the last
// one for ever, and keeps a copy of each request.
type script struct {
	answers  []answer
	requests []ecs.DescribeInvocationsRequest
	// during, when set, runs at each call, before it is answered.
	during func(n int)
}

func (s *script) DescribeInvocationsWithContext(_ context.Context, req *ecs.DescribeInvocationsRequest, _ *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error) {
	s.requests = append(s.requests, *req)
	n := len(s.requests) - 1
	if s.during != nil {
		s.during(n)
	}
	a := s.answers[min(n, len(s.answers)-1)]
	if a.err != nil {
		return nil, a.err
	}
	body := &ecs.DescribeInvocationsResponseBody{Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{}}
	if a.inv != nil {
		// Another invocation on the page, which Wait passes over.
		other := &ecs.DescribeInvocationsResponseBodyInvocationsInvocation{InvokeId: dara.String("t-other")}
		body.Invocations.Invocation = append(body.Invocations.Invocation, nil, other, a.inv)
	}
	return &ecs.DescribeInvocationsResponse{Body: body}, nil
}

// inv returns the invocation t-1 with overall status overall and one
// instance, i-1, with status each.
func inv(overall string, each ...string) *ecs.DescribeInvocationsResponseBodyInvocationsInvocation {
	in := &ecs.DescribeInvocationsResponseBodyInvocationsInvocation{
		InvokeId: dara.String("t-1"), InvocationStatus: dara.String(overall),
		InvokeInstances: &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{},
	}
	for _, st := range each {
		in.InvokeInstances.InvokeInstance = append(in.InvokeInstances.InvokeInstance,
			&ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{
				InstanceId: dara.String("i-1"), InvocationStatus: dara.String(st),
			})
	}
	return in
}

// with returns in after change.
func with(in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation, change func(*ecs.DescribeInvocationsResponseBodyInvocationsInvocation)) *ecs.DescribeInvocationsResponseBodyInvocationsInvocation {
	change(in)
	return in
}

// sdkErr returns the error the SDK returns for an answer of the API with
// the code and HTTP status.
func sdkErr(code string, httpStatus int) error {
	return tea.NewSDKError(map[string]any{"code": code, "statusCode": httpStatus, "message": "scripted"})
}

// sleeps returns a Waiter field set that records the pauses instead of
// sleeping, with rand as its random numbers.
func recording(w ecssdk.Waiter, pauses *[]time.Duration, rand float64) *ecssdk.Waiter {
	w.Sleep = func(ctx context.Context, d time.Duration) error {
		*pauses = append(*pauses, d)
		return ctx.Err()
	}
	w.Rand = func() float64 { return rand }
	return &w
}

var waitReq = &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), InvokeId: dara.String("t-1")}

// The schedule: the first delay, then pauses that double up to the
// maximum, each with its jitter.
func TestWaitSchedule(t *testing.T) {
	ms := time.Millisecond
	tests := []struct {
		name   string
		w      ecssdk.Waiter
		rand   float64
		polls  int // answered Running before Success
		want   []time.Duration
		reason string
	}{{
		name:   "the defaults, without jitter",
		polls:  5,
		want:   []time.Duration{5 * time.Second, 3 * time.Second, 6 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second},
		reason: "terraform-provider-alicloud's 5 s delay and 3 s minimum, doubling to 10 s",
	}, {
		name:   "the defaults, with the most jitter",
		rand:   0.999,
		polls:  3,
		want:   []time.Duration{5 * time.Second, 3*time.Second + 599400*time.Microsecond, 7*time.Second + 198800*time.Microsecond, 11*time.Second + 998*ms},
		reason: "up to a fifth more; the first delay has none",
	}, {
		name:  "a schedule of its own",
		w:     ecssdk.Waiter{FirstDelay: -1, Interval: time.Second, MaxInterval: 3 * time.Second, Jitter: 0.5},
		rand:  0.5,
		polls: 3,
		want:  []time.Duration{0, 1250 * ms, 2500 * ms, 3750 * ms},
	}, {
		name:  "no jitter, no growth",
		w:     ecssdk.Waiter{FirstDelay: 2 * time.Second, Interval: 4 * time.Second, MaxInterval: time.Second, Jitter: -1},
		rand:  0.9,
		polls: 2,
		want:  []time.Duration{2 * time.Second, 4 * time.Second, 4 * time.Second},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var answers []answer
			for range tt.polls {
				answers = append(answers, answer{inv: inv("Running", "Running")})
			}
			s := &script{answers: append(answers, answer{inv: inv("Success", "Success")})}
			var pauses []time.Duration
			got, err := recording(tt.w, &pauses, tt.rand).Wait(context.Background(), s, waitReq)
			require.NoError(t, err)
			require.Equal(t, status.CurrentSuccess, got.InvocationStatus)
			require.Equal(t, tt.want, pauses, tt.reason)
			require.Len(t, s.requests, tt.polls+1)
		})
	}
}

func TestWait(t *testing.T) {
	throttled := sdkErr("Throttling.Api", 400)
	tests := []struct {
		name    string
		w       ecssdk.Waiter
		req     *ecs.DescribeInvocationsRequest
		answers []answer
		// wantStatus is the status of the invocation returned.
		wantStatus status.Current
		wantCalls  int
		wantErr    error
		// wantText is the error's text, when it matters.
		wantText string
		reason   string
	}{{
		name:       "success",
		answers:    []answer{{inv: inv("Pending", "Pending")}, {inv: inv("Running", "Running")}, {inv: inv("Success", "Success")}},
		wantStatus: status.CurrentSuccess,
		wantCalls:  3,
	}, {
		name:       "failed",
		answers:    []answer{{inv: inv("Failed", "Error")}},
		wantStatus: status.CurrentFailed,
		wantCalls:  1,
		wantErr: &ecssdk.RunError{InvokeID: "t-1", Status: status.CurrentFailed, Failures: []ecssdk.Failure{
			{InstanceID: "i-1", InvocationStatus: status.CurrentError},
		}},
		wantText: `ecssdk: invocation "t-1" ended Failed: i-1 Error`,
	}, {
		name:       "statuses in any case",
		answers:    []answer{{inv: inv(" running", "running")}, {inv: inv("SUCCESS", "success")}},
		wantStatus: status.CurrentSuccess,
		wantCalls:  2,
	}, {
		name:     "a request without an InvokeId",
		req:      &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou")},
		answers:  []answer{{inv: inv("Success", "Success")}},
		wantText: `ecssdk: Wait: the request has no InvokeId`,
	}, {
		name:       "a 4xx answer ends the wait at once",
		answers:    []answer{{inv: inv("Running", "Running")}, {err: sdkErr("InvalidRegionId.NotFound", 404)}},
		wantCalls:  2,
		wantStatus: status.CurrentRunning,
		wantErr:    apiCode("InvalidRegionId.NotFound"),
		reason:     "the invocation as last polled comes with the error",
	}, {
		name:      "a failure of the network is not retried",
		answers:   []answer{{err: errDown}},
		wantCalls: 1,
		wantErr:   errDown,
		wantText:  `ecssdk: Wait("t-1"): the service is down`,
	}, {
		name:      "throttled more times in a row than Retries",
		w:         ecssdk.Waiter{Retries: 2},
		answers:   []answer{{err: throttled}},
		wantCalls: 3,
		wantErr:   apiCode("Throttling.Api"),
	}, {
		name:      "no retries",
		w:         ecssdk.Waiter{Retries: -1},
		answers:   []answer{{err: sdkErr("Throttling", 400)}},
		wantCalls: 1,
		wantErr:   apiCode("Throttling"),
	}, {
		name: "an answer between failures starts the count again",
		w:    ecssdk.Waiter{Retries: 2},
		answers: []answer{{err: throttled}, {err: sdkErr("InternalError", 500)}, {inv: inv("Running", "Running")},
			{err: sdkErr("ServiceUnavailable", 503)}, {err: throttled}, {inv: inv("Success", "Success")}},
		wantStatus: status.CurrentSuccess,
		wantCalls:  6,
	}, {
		name: "the openapi package's errors, with DisableSDKError",
		answers: []answer{
			{err: &openapi.ThrottlingError{Code: dara.String("Throttling.User"), StatusCode: dara.Int(400)}},
			{err: &openapi.ServerError{Code: dara.String("InternalError"), StatusCode: dara.Int(502)}},
			{err: &openapi.ClientError{Code: dara.String("Forbidden.RAM"), StatusCode: dara.Int(403)}},
		},
		wantCalls: 3,
		wantErr:   &openapi.ClientError{},
	}, {
		name:       "not there yet, then there",
		answers:    []answer{{}, {}, {inv: inv("Success", "Success")}},
		wantStatus: status.CurrentSuccess,
		wantCalls:  3,
		reason:     "an invocation just created may not be listed yet",
	}, {
		name:      "never there",
		w:         ecssdk.Waiter{Retries: 3},
		answers:   []answer{{}},
		wantCalls: 4,
		wantErr:   ecssdk.ErrNotFound,
		wantText:  `ecssdk: Wait("t-1"): invocation not found`,
	}, {
		name:       "without an overall status, the roll-up of the instances",
		answers:    []answer{{inv: inv("", "Running", "Success")}, {inv: inv("", "Success", "Success")}},
		wantStatus: "",
		wantCalls:  2,
	}, {
		name:      "without any current status",
		answers:   []answer{{inv: inv("")}},
		wantCalls: 1,
		wantErr:   status.ErrNoInstances,
		reason:    "a server of the first edition reports only the legacy family: there is nothing to wait on",
	}, {
		name:       "an unknown status is not settled",
		answers:    []answer{{inv: inv("Hibernating", "Hibernating")}, {inv: inv("Timeout", "Timeout")}, {inv: inv("Stopped", "Cancelled")}},
		wantStatus: status.CurrentStopped,
		wantCalls:  3,
		wantErr: &ecssdk.RunError{InvokeID: "t-1", Status: status.CurrentStopped, Failures: []ecssdk.Failure{
			{InstanceID: "i-1", InvocationStatus: status.CurrentCancelled},
		}},
		reason: "Timeout is an instance's status, not an invocation's; neither settles",
	}, {
		name: "Scheduled does not settle a one-time invocation",
		answers: []answer{{inv: with(inv("Scheduled", "Scheduled"), func(in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation) {
			in.RepeatMode = dara.String("Once")
		})}, {inv: inv("Success", "Success")}},
		wantStatus: status.CurrentSuccess,
		wantCalls:  2,
	}, {
		name: "Scheduled settles a run at the next reboot",
		answers: []answer{{inv: with(inv("Scheduled", "Scheduled"), func(in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation) {
			in.RepeatMode = dara.String("NextRebootOnly")
		})}},
		wantStatus: status.CurrentScheduled,
		wantCalls:  1,
	}, {
		name:       "Scheduled settles a Timed invocation",
		answers:    []answer{{inv: with(inv("Scheduled", "Scheduled"), func(in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation) { in.Timed = dara.Bool(true) })}},
		wantStatus: status.CurrentScheduled,
		wantCalls:  1,
	}, {
		name: "a bad time in the last answer",
		answers: []answer{{inv: with(inv("Success", "Success"), func(in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation) {
			in.CreationTime = dara.String("today")
		})}},
		wantStatus: status.CurrentSuccess,
		wantCalls:  1,
		wantErr:    &ecssdk.TimeError{},
		wantText:   `ecssdk: time not in the layout 2006-01-02T15:04:05Z: Invocations.Invocation[2].CreationTime "today"`,
	}, {
		name: "a bad time in a failed run's last answer",
		answers: []answer{{inv: with(inv("Failed", "Failed"), func(in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation) {
			in.CreationTime = dara.String("today")
		})}},
		wantStatus: status.CurrentFailed,
		wantCalls:  1,
		wantErr:    &ecssdk.TimeError{},
		wantText: `ecssdk: invocation "t-1" ended Failed: i-1 Failed` + "\n" +
			`ecssdk: time not in the layout 2006-01-02T15:04:05Z: Invocations.Invocation[2].CreationTime "today"`,
		reason: "both errors are there for errors.As",
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := tt.req
			if req == nil {
				req = waitReq
			}
			s := &script{answers: tt.answers}
			var pauses []time.Duration
			got, err := recording(tt.w, &pauses, 0).Wait(context.Background(), s, req)
			if tt.reason != "" {
				t.Log(tt.reason)
			}
			var wantTime *ecssdk.TimeError
			var wantClient *openapi.ClientError
			switch {
			case errors.As(tt.wantErr, &wantTime):
				require.ErrorAs(t, err, &wantTime)
			case errors.As(tt.wantErr, &wantClient):
				require.ErrorAs(t, err, &wantClient)
			case tt.wantErr != nil || tt.wantText == "":
				checkErr(t, err, tt.wantErr)
			}
			if tt.wantText != "" {
				require.EqualError(t, err, tt.wantText)
			}
			require.Equal(t, tt.wantStatus, got.InvocationStatus)
			require.Len(t, s.requests, tt.wantCalls)
			for _, r := range s.requests {
				require.Equal(t, *req, r, "the request sent is the caller's")
			}
		})
	}
}

// A context that ends during a call ends the wait with the context's
// error, whatever the client answers.
func TestWaitContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s := &script{answers: []answer{{inv: inv("Running", "Running")}, {err: errDown}}, during: func(n int) {
		if n == 1 {
			cancel()
		}
	}}
	var pauses []time.Duration
	got, err := recording(ecssdk.Waiter{}, &pauses, 0).Wait(ctx, s, waitReq)
	require.ErrorIs(t, err, context.Canceled)
	require.EqualError(t, err, `ecssdk: Wait("t-1"): context canceled`)
	require.Equal(t, status.CurrentRunning, got.InvocationStatus)

	// The default sleep ends with the context.
	ctx, cancel = context.WithTimeout(context.Background(), 10*time.Millisecond)
	defer cancel()
	_, err = ecssdk.Wait(ctx, s, waitReq)
	require.ErrorIs(t, err, context.DeadlineExceeded)
}

// The default sleep sleeps.
func TestWaitSleeps(t *testing.T) {
	w := ecssdk.Waiter{FirstDelay: 10 * time.Millisecond}
	begin := time.Now()
	_, err := w.Wait(context.Background(), &script{answers: []answer{{inv: inv("Success", "Success")}}}, waitReq)
	require.NoError(t, err)
	require.GreaterOrEqual(t, time.Since(begin), 10*time.Millisecond)
}

func TestRunErrorText(t *testing.T) {
	tests := []struct {
		name string
		err  *ecssdk.RunError
		want string
	}{{
		name: "every detail",
		err: &ecssdk.RunError{InvokeID: "t-1", Status: status.CurrentPartialFailed, Failures: []ecssdk.Failure{{
			InstanceID: "i-2", InvocationStatus: status.CurrentFailed, ErrorCode: invocation.ExitCodeNonzero,
			ErrorInfo: "the process exited with 1", ExitCode: invocation.Some(int64(1)),
		}, {
			InstanceID: "i-3", InvocationStatus: status.CurrentAborted, ErrorCode: invocation.ClientNotRunning,
		}, {
			InstanceID: "i-4", InvocationStatus: status.CurrentFailed, ExitCode: invocation.Some(int64(0)),
		}}},
		want: `ecssdk: invocation "t-1" ended PartialFailed: i-2 Failed (ExitCodeNonzero, exit code 1): "the process exited with 1"; ` +
			`i-3 Aborted (ClientNotRunning); i-4 Failed (exit code 0)`,
	}, {
		name: "no instances",
		err:  &ecssdk.RunError{InvokeID: "t-1", Status: status.CurrentStopped},
		want: `ecssdk: invocation "t-1" ended Stopped`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.EqualError(t, tt.err, tt.want)
		})
	}
}

// hooked is the fake's client with RunCommand or DescribeInvocations
// answered by a function of its own when it returns a response or an
// error: for answers the fake never gives, a RunCommand answer without an
// InvokeId and an Output that is not Base64.
type hooked struct {
	*ecs.Client
	describe func(req *ecs.DescribeInvocationsRequest) (*ecs.DescribeInvocationsResponse, error)
	run      func(req *ecs.RunCommandRequest) (*ecs.RunCommandResponse, error)
}

func (h hooked) DescribeInvocationsWithContext(ctx context.Context, req *ecs.DescribeInvocationsRequest, rt *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error) {
	if h.describe != nil {
		if resp, err := h.describe(req); resp != nil || err != nil {
			return resp, err
		}
	}
	return h.Client.DescribeInvocationsWithContext(ctx, req, rt)
}

func (h hooked) RunCommandWithContext(ctx context.Context, req *ecs.RunCommandRequest, rt *dara.RuntimeOptions) (*ecs.RunCommandResponse, error) {
	if h.run != nil {
		if resp, err := h.run(req); resp != nil || err != nil {
			return resp, err
		}
	}
	return h.Client.RunCommandWithContext(ctx, req, rt)
}

// The errors of Run that its scenarios do not reach.
func TestRunErrors(t *testing.T) {
	notBase64 := func(req *ecs.DescribeInvocationsRequest) (*ecs.DescribeInvocationsResponse, error) {
		if !dara.BoolValue(req.IncludeOutput) {
			return nil, nil
		}
		body := ecssdk.ResponseBody(invocation.Response{Invocations: []invocation.Invocation{{
			InvokeID: dara.StringValue(req.InvokeId), InvocationStatus: status.CurrentSuccess,
			Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InvocationStatus: status.CurrentSuccess, Output: "plain!"}},
		}}})
		return &ecs.DescribeInvocationsResponse{Body: body}, nil
	}
	tests := []struct {
		name   string
		req    *ecs.RunCommandRequest
		faults []fault.Rule
		// describe and run stand in for the fake where it cannot give
		// the answer.
		describe func(req *ecs.DescribeInvocationsRequest) (*ecs.DescribeInvocationsResponse, error)
		run      func(req *ecs.RunCommandRequest) (*ecs.RunCommandResponse, error)
		want     []ecssdk.Outcome
		wantErr  error
		wantText string
		reason   string
	}{{
		name:     "a nil request",
		wantText: "ecssdk: Run: nil request",
	}, {
		name:    "a request the API refuses",
		req:     &ecs.RunCommandRequest{RegionId: dara.String("cn-hangzhou"), Type: dara.String("RunPerl"), InstanceId: dara.StringSlice([]string{"i-1"})},
		wantErr: apiCode("InvalidCmdType.NotFound"),
	}, {
		name: "an answer without an InvokeId",
		req:  command("uptime", "i-1"),
		run: func(*ecs.RunCommandRequest) (*ecs.RunCommandResponse, error) {
			return &ecs.RunCommandResponse{Body: &ecs.RunCommandResponseBody{}}, nil
		},
		wantText: "ecssdk: Run: RunCommand answered without an InvokeId",
	}, {
		name:    "the wait fails",
		req:     command("uptime", "i-1"),
		faults:  []fault.Rule{{Action: "DescribeInvocations", Code: "Forbidden.RAM", HTTPStatus: 403}},
		wantErr: apiCode("Forbidden.RAM"),
	}, {
		name:    "the output cannot be had",
		req:     command("uptime", "i-1"),
		faults:  []fault.Rule{{Action: "DescribeInvocations", Skip: 1, Code: "InvalidParameter.IncludeOutput", HTTPStatus: 400}},
		want:    []ecssdk.Outcome{{InstanceID: "i-1", Status: status.CurrentSuccess, ExitCode: invocation.Some(int64(0))}},
		wantErr: apiCode("InvalidParameter.IncludeOutput"),
		reason:  "the run ends in 1 s, so the first poll, at 5 s, sees it settled; the second call asks for the output",
	}, {
		name:     "output that is not Base64",
		req:      command("uptime", "i-1"),
		describe: notBase64,
		want:     []ecssdk.Outcome{{InstanceID: "i-1", Status: status.CurrentSuccess, Output: "plain!"}},
		wantText: `ecssdk: the output of instance "i-1" is not Base64: illegal base64 data at input byte 5`,
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := ecstest.New(t, ecstest.Options{Faults: tt.faults})
			c := hooked{Client: s.Client, describe: tt.describe, run: tt.run}
			got, err := waiter(s, nil).Run(context.Background(), c, tt.req)
			if tt.reason != "" {
				t.Log(tt.reason)
			}
			if tt.wantErr != nil {
				checkErr(t, err, tt.wantErr)
			}
			if tt.wantText != "" {
				require.EqualError(t, err, tt.wantText)
			}
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("Run (-want +got):\n%s", diff)
			}
		})
	}
}

// Run without a Waiter checks its request as the method does.
func TestRunFunc(t *testing.T) {
	_, err := ecssdk.Run(context.Background(), ecstest.New(t, ecstest.Options{}).Client, nil)
	require.EqualError(t, err, "ecssdk: Run: nil request")
}

// Run keeps the request's ClientToken, and sends one of its own without.
func TestRunClientToken(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{})
	req := command("uptime", "i-1")
	_, err := waiter(s, nil).Run(context.Background(), s.Client, req)
	require.NoError(t, err)
	req.ClientToken = dara.String("mine")
	_, err = waiter(s, nil).Run(context.Background(), s.Client, req)
	require.NoError(t, err)
	var tokens []string
	for _, r := range s.Handler.Requests(0) {
		if r.Action == "RunCommand" {
			tokens = append(tokens, r.Params["ClientToken"])
		}
	}
	require.Len(t, tokens, 2)
	require.Len(t, tokens[0], 26, "crypto/rand.Text")
	require.Equal(t, "mine", tokens[1])
}

// A context that ends while RunCommand is retried ends Run with its error.
func TestRunContext(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{Faults: []fault.Rule{{Code: "Throttling"}}})
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w := waiter(s, func(ctx context.Context, waited time.Duration) error {
		cancel()
		return ctx.Err()
	})
	_, err := w.Run(ctx, s.Client, command("uptime", "i-1"))
	require.ErrorIs(t, err, context.Canceled)
	require.EqualError(t, err, "ecssdk: Run: context canceled")
	require.Len(t, s.Handler.Requests(0), 1, "a RunCommand after the context ended")
}
