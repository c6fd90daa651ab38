package ecssdk_test

import (
	"context"
	"encoding/base64"
	"fmt"
	"math/rand/v2"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// This file is an in-memory fake of the Cloud Assistant operations that
// package ecssdk calls, on a virtual clock. It follows the lifecycle of
// the lifecycle fake's documented behaviour (package fake): delivery takes 1 s, a run
// takes its outcome's Duration (1 s by default), an instance whose agent
// is not running is Aborted after 60 s, a run past its Timeout ends
// Timeout, StopInvocation cancels what has not started and terminates
// what runs 1 s later. It is configured the way the project's mock server
// is (a fleet and outcomes, as the server's -fleet file), so that the scenarios that run
// against it can run against that server, through a real *ecs.Client.

// fleet is the fake's configuration, in the shape of the mock server's
// -fleet file.
type fleet struct {
	Instances []instance `json:",omitempty"` // none: every i- id is a running Linux instance
	Outcomes  []outcome  `json:",omitempty"`
}

// instance is an instance of the fleet.
type instance struct {
	InstanceId string
	OS         string `json:",omitempty"` // linux (default) or windows
	Status     string `json:",omitempty"` // Running (default), Stopped …
	Agent      string `json:",omitempty"` // Running (default), Stopped, NeedUpgrade
}

// outcome scripts how runs end: those whose content contains Match, on
// InstanceId when given; the first that matches wins.
type outcome struct {
	Match      string
	InstanceId string `json:",omitempty"`
	ExitCode   int64  `json:",omitempty"`
	Output     string `json:",omitempty"`
	Duration   string `json:",omitempty"` // Go's syntax; default 1s
	Status     string `json:",omitempty"` // overrides how the run ends
	ErrorCode  string `json:",omitempty"`
}

// faults makes the fake answer a share of its calls with an error, as the
// mock server's fault injection does.
type faults struct {
	Rate   float64 // the share of calls, from 0 to 1
	Code   string  // such as "Throttling.User" or "InternalError.Dispatch"
	Status int     // the HTTP status, such as 400 or 500
	Seed   uint64
	// AfterRun answers the first RunCommand with the error after it has
	// started the run, as when an answer is lost.
	AfterRun bool
}

// memFake is the in-memory service. Its methods are safe for concurrent use.
type memFake struct {
	mu       sync.Mutex
	now      time.Time
	fleet    map[string]instance
	outcomes []outcome
	faults   faults
	rng      *rand.Rand
	runs     []*run
	byToken  map[string]*run // by ClientToken
	tokens   map[string]int  // page tokens issued: the offset they mark
	seq      int
	calls    map[string]int // answered calls, by action
	injected int            // calls answered with an injected error
	afterRun bool           // the AfterRun error is yet to come
}

// run is one invocation.
type run struct {
	id, commandID, name, content string
	typ                          invocation.CommandType
	repeat                       invocation.RepeatMode
	frequency                    string
	interval                     time.Duration // of a rate() frequency
	timeout                      time.Duration
	created, stopped             time.Time // stopped: zero until StopInvocation
	clientToken                  string
	execs                        []*execution
}

// execution is a run on one instance.
type execution struct {
	instanceID string
	outcome    outcome
	duration   time.Duration
	abort      invocation.ErrorCode // why it is never delivered, if it is not
}

var start = time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)

// newFake returns the fake service with fleet and faults, its clock at
// start.
func newFake(fl fleet, fs faults) *memFake {
	f := &memFake{
		now:      start,
		outcomes: fl.Outcomes,
		faults:   fs,
		rng:      rand.New(rand.NewPCG(fs.Seed, 1)),
		byToken:  map[string]*run{},
		tokens:   map[string]int{},
		calls:    map[string]int{},
		afterRun: fs.AfterRun,
	}
	if len(fl.Instances) > 0 {
		f.fleet = map[string]instance{}
		for _, in := range fl.Instances {
			f.fleet[in.InstanceId] = in
		}
	}
	return f
}

// advance moves the clock by d.
func (f *memFake) advance(d time.Duration) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.now = f.now.Add(d)
}

// count returns how many calls of action the memFake answered, and how many
// of all calls it answered with an injected error.
func (f *memFake) count(action string) (calls, injected int) {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[action], f.injected
}

// apiError returns the error the SDK returns for an error answer.
func apiError(code string, httpStatus int, format string, args ...any) error {
	return tea.NewSDKError(map[string]any{
		"code": code, "statusCode": httpStatus, "message": fmt.Sprintf(format, args...),
	})
}

// enter counts a call of action and returns the injected error, if any.
// f.mu is held.
func (f *memFake) enter(action string) error {
	f.calls[action]++
	if f.faults.Rate > 0 && f.rng.Float64() < f.faults.Rate {
		f.injected++
		return apiError(f.faults.Code, f.faults.Status, "injected")
	}
	return nil
}

func (f *memFake) requestID() *string {
	f.seq++
	return dara.String(fmt.Sprintf("00000000-0000-4000-8000-%012d", f.seq))
}

var rate = regexp.MustCompile(`^rate\((\d+)([smhd])\)$`)

func (f *memFake) RunCommandWithContext(ctx context.Context, req *ecs.RunCommandRequest, _ *dara.RuntimeOptions) (*ecs.RunCommandResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("RunCommand"); err != nil {
		return nil, err
	}
	if token := dara.StringValue(req.ClientToken); token != "" {
		if r, ok := f.byToken[token]; ok {
			return f.ranCommand(r), nil
		}
	}
	if dara.StringValue(req.RegionId) == "" {
		return nil, apiError("MissingParameter.RegionId", 400, "RegionId is required")
	}
	typ := invocation.ParseCommandType(dara.StringValue(req.Type))
	if !typ.Known() {
		return nil, apiError("InvalidCmdType.NotFound", 404, "Type %q", typ)
	}
	content := dara.StringValue(req.CommandContent)
	if strings.EqualFold(dara.StringValue(req.ContentEncoding), "Base64") {
		b, err := base64.StdEncoding.DecodeString(content)
		if err != nil {
			return nil, apiError("CmdContent.DecodeError", 400, "%v", err)
		}
		content = string(b)
	}
	ids := dara.StringSliceValue(req.InstanceId)
	if len(ids) == 0 {
		return nil, apiError("MissingParam.InstanceId", 400, "InstanceId is required")
	}
	if len(ids) > 100 {
		return nil, apiError("InstanceIds.ExceedLimit", 403, "over 100 instances")
	}
	r := &run{
		id:          fmt.Sprintf("t-%032x", f.rng.Uint64()),
		commandID:   fmt.Sprintf("c-%032x", f.rng.Uint64()),
		name:        dara.StringValue(req.Name),
		content:     content,
		typ:         typ,
		repeat:      invocation.Once,
		frequency:   dara.StringValue(req.Frequency),
		timeout:     time.Duration(dara.Int64Value(req.Timeout)) * time.Second,
		created:     f.now,
		clientToken: dara.StringValue(req.ClientToken),
	}
	if req.RepeatMode != nil {
		r.repeat = invocation.ParseRepeatMode(*req.RepeatMode)
	}
	if r.frequency != "" {
		r.repeat = invocation.Period
	}
	if r.repeat == invocation.Period {
		m := rate.FindStringSubmatch(r.frequency)
		if m == nil {
			return nil, apiError("InvalidParam.Frequency", 400, "Frequency %q", r.frequency)
		}
		n, _ := strconv.Atoi(m[1])
		unit := map[string]time.Duration{"s": time.Second, "m": time.Minute, "h": time.Hour, "d": 24 * time.Hour}[m[2]]
		r.interval = time.Duration(n) * unit
	}
	if r.timeout == 0 {
		r.timeout = 60 * time.Second
	}
	for _, id := range ids {
		e, err := f.execution(id, r)
		if err != nil {
			return nil, err
		}
		r.execs = append(r.execs, e)
	}
	f.runs = append(f.runs, r)
	if r.clientToken != "" {
		f.byToken[r.clientToken] = r
	}
	if f.afterRun {
		f.afterRun = false
		f.injected++
		return nil, apiError(f.faults.Code, f.faults.Status, "injected after the run started")
	}
	return f.ranCommand(r), nil
}

func (f *memFake) ranCommand(r *run) *ecs.RunCommandResponse {
	return &ecs.RunCommandResponse{Body: &ecs.RunCommandResponseBody{
		CommandId: dara.String(r.commandID), InvokeId: dara.String(r.id), RequestId: f.requestID(),
	}}
}

// execution returns the execution of r on instance id, or the error that
// fails the whole call.
func (f *memFake) execution(id string, r *run) (*execution, error) {
	in := instance{InstanceId: id}
	if f.fleet != nil {
		var ok bool
		if in, ok = f.fleet[id]; !ok {
			return nil, apiError("InvalidInstance.NotFound", 404, "instance %q", id)
		}
	} else if !strings.HasPrefix(id, "i-") {
		return nil, apiError("InvalidInstance.NotFound", 404, "instance %q", id)
	}
	windows := strings.EqualFold(in.OS, "windows")
	if windows != (r.typ != invocation.RunShellScript) {
		return nil, apiError("InvalidInstance.NotMatch", 400, "%s cannot run on %q", r.typ, id)
	}
	e := &execution{instanceID: id, duration: time.Second}
	switch {
	case in.Status != "" && !strings.EqualFold(in.Status, "Running"):
		e.abort = invocation.InstanceNotRunning
	case in.Agent != "" && !strings.EqualFold(in.Agent, "Running"):
		e.abort = invocation.ClientNotRunning
	}
	for _, o := range f.outcomes {
		if strings.Contains(r.content, o.Match) && (o.InstanceId == "" || o.InstanceId == id) {
			e.outcome = o
			if o.Duration != "" {
				d, err := time.ParseDuration(o.Duration)
				if err != nil {
					panic(err) // a mistake in a test's table
				}
				e.duration = d
			}
			break
		}
	}
	return e, nil
}

// state is an execution as the clock finds it.
type state struct {
	status                       status.Current
	exitCode                     invocation.Optional[int64]
	repeats                      int32
	output                       string
	errorCode                    invocation.ErrorCode
	errorInfo                    string
	start, finish, stop, updated time.Time
}

// state returns the state of e, a run of r, now.
func (r *run) state(e *execution, now time.Time) state {
	s := state{status: status.CurrentPending, updated: r.created}
	stopAt := func(t time.Time) bool { return !r.stopped.IsZero() && !r.stopped.After(t) }
	if e.abort != "" {
		abortAt := r.created.Add(60 * time.Second)
		switch {
		case stopAt(abortAt) && stopAt(now):
			s.status, s.stop, s.updated = status.CurrentCancelled, r.stopped, r.stopped
		case !now.Before(abortAt):
			s.status, s.errorCode, s.updated = status.CurrentAborted, e.abort, abortAt
			s.errorInfo = "the instance or its agent is not running"
		}
		return s
	}
	delivered := r.created.Add(time.Second)
	if now.Before(delivered) {
		if stopAt(now) {
			s.status, s.stop, s.updated = status.CurrentCancelled, r.stopped, r.stopped
		}
		return s
	}
	// The runs: one for a one-time invocation, one an interval after the
	// previous one ended for a periodic one.
	begin := delivered
	if r.repeat == invocation.Period {
		begin = r.created.Add(r.interval)
	}
	for {
		end := begin.Add(min(e.duration, r.timeout))
		if now.Before(begin) || (r.repeat == invocation.Period && stopAt(begin)) {
			// Between runs: waiting for the next.
			s.status, s.updated = status.CurrentScheduled, begin.Add(-r.interval)
			if r.repeat != invocation.Period {
				s.status, s.updated = status.CurrentPending, r.created
			}
			if stopAt(now) {
				s.status, s.stop, s.updated = status.CurrentCancelled, r.stopped, r.stopped
			}
			return s
		}
		s.repeats++
		s.start, s.finish, s.exitCode, s.output, s.errorCode, s.errorInfo = begin, time.Time{}, invocation.Optional[int64]{}, "", "", ""
		s.status, s.updated = status.CurrentRunning, begin
		if stopAt(now) && r.stopped.Before(end) {
			s.stop = r.stopped
			s.status, s.updated = status.CurrentStopping, r.stopped
			if !now.Before(r.stopped.Add(time.Second)) {
				s.status, s.updated = status.CurrentTerminated, r.stopped.Add(time.Second)
				s.errorCode, s.errorInfo = invocation.ExecutionInterrupted, "stopped"
			}
			return s
		}
		if now.Before(end) {
			return s
		}
		s.finish, s.updated = end, end
		switch o := e.outcome; {
		case e.duration > r.timeout:
			s.status, s.errorCode, s.errorInfo = status.CurrentTimeout, invocation.ExecutionTimeout, "the run timed out"
		case o.Status != "":
			s.status, s.errorCode = status.ParseCurrent(o.Status), invocation.ErrorCode(o.ErrorCode)
		case o.ExitCode != 0:
			s.status, s.exitCode, s.output = status.CurrentFailed, invocation.Some(o.ExitCode), o.Output
			s.errorCode, s.errorInfo = invocation.ExitCodeNonzero, fmt.Sprintf("the process exited with %d", o.ExitCode)
		default:
			s.status, s.exitCode, s.output = status.CurrentSuccess, invocation.Some(int64(0)), o.Output
		}
		if r.repeat != invocation.Period {
			return s
		}
		begin = end.Add(r.interval)
	}
}

// invocation returns r as DescribeInvocations reports it now, with the
// output when withOutput, encoded as encoding says.
func (r *run) invocation(now time.Time, withOutput, plain bool) invocation.Invocation {
	inv := invocation.Invocation{
		InvokeID: r.id, CommandID: r.commandID, CommandName: r.name, CommandType: r.typ,
		Timed: r.repeat == invocation.Period && r.stopped.IsZero(), Frequency: r.frequency,
		CreationTime: r.created, RepeatMode: r.repeat,
		CommandContent: base64.StdEncoding.EncodeToString([]byte(r.content)),
		Timeout:        invocation.Some(int64(r.timeout / time.Second)),
	}
	for _, e := range r.execs {
		s := r.state(e, now)
		legacy, _ := s.status.Legacy()
		ii := invocation.InvokeInstance{
			InstanceID: e.instanceID, InstanceInvokeStatus: legacy, InvocationStatus: s.status,
			Timed: invocation.Some(inv.Timed), Repeats: invocation.Some(s.repeats), ExitCode: s.exitCode,
			ErrorCode: s.errorCode, ErrorInfo: s.errorInfo,
			CreationTime: r.created, StartTime: s.start, FinishTime: s.finish, StopTime: s.stop, UpdateTime: s.updated,
		}
		if withOutput {
			out := s.output
			if n := len(out) - invocation.MaxOutput; n > 0 {
				out, ii.Dropped = out[n:], invocation.Some(int32(n))
			} else {
				ii.Dropped = invocation.Some(int32(0))
			}
			if !plain {
				out = base64.StdEncoding.EncodeToString([]byte(out))
			}
			ii.Output = out
		}
		inv.Instances = append(inv.Instances, ii)
	}
	inv.InvocationStatus, _ = inv.RollupCurrent()
	inv.InvokeStatus, _ = inv.RollupLegacy()
	return inv
}

// page cuts a page of n items in token style, or reports a bad token.
func (f *memFake) page(n int, maxResults *int32, token *string) (from, to int, next string, err error) {
	size := 10
	if maxResults != nil {
		size = int(*maxResults)
		if size < 1 || size > 50 {
			return 0, 0, "", apiError("InvalidParameter.MaxResults", 400, "MaxResults %d", size)
		}
	}
	if t := dara.StringValue(token); t != "" {
		var ok bool
		if from, ok = f.tokens[t]; !ok {
			return 0, 0, "", apiError("InvalidParameter.NextToken", 400, "NextToken %q", t)
		}
	}
	to = min(from+size, n)
	if to < n {
		f.seq++
		next = fmt.Sprintf("token-%d", f.seq)
		f.tokens[next] = to
	}
	return from, to, next, nil
}

// newestFirst returns the runs, newest first; runs created at the same
// time in the order they were created.
func (f *memFake) newestFirst() []*run {
	runs := slices.Clone(f.runs)
	slices.SortStableFunc(runs, func(a, b *run) int { return b.created.Compare(a.created) })
	return runs
}

func (f *memFake) DescribeInvocationsWithContext(ctx context.Context, req *ecs.DescribeInvocationsRequest, _ *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("DescribeInvocations"); err != nil {
		return nil, err
	}
	if dara.StringValue(req.RegionId) == "" {
		return nil, apiError("MissingParameter.RegionId", 400, "RegionId is required")
	}
	withOutput := dara.BoolValue(req.IncludeOutput)
	if withOutput && req.InvokeId == nil && req.InstanceId == nil {
		return nil, apiError("InvalidParameter.IncludeOutput", 400, "IncludeOutput needs InvokeId or InstanceId")
	}
	plain := strings.EqualFold(dara.StringValue(req.ContentEncoding), "PlainText")
	var list []invocation.Invocation
	for _, r := range f.newestFirst() {
		if id := dara.StringValue(req.InvokeId); id != "" && id != r.id {
			continue
		}
		list = append(list, r.invocation(f.now, withOutput, plain))
	}
	resp := invocation.Response{RequestID: dara.StringValue(f.requestID()), TotalCount: len(list)}
	if req.MaxResults != nil || req.NextToken != nil {
		from, to, next, err := f.page(len(list), req.MaxResults, req.NextToken)
		if err != nil {
			return nil, err
		}
		resp.Invocations, resp.NextToken = list[from:to], next
	} else {
		resp.PageNumber, resp.PageSize = 1, 10
		resp.Invocations = list[:min(10, len(list))]
	}
	return &ecs.DescribeInvocationsResponse{StatusCode: dara.Int32(200), Body: ecssdk.ResponseBody(resp)}, nil
}

func (f *memFake) DescribeInvocationResultsWithContext(ctx context.Context, req *ecs.DescribeInvocationResultsRequest, _ *dara.RuntimeOptions) (*ecs.DescribeInvocationResultsResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("DescribeInvocationResults"); err != nil {
		return nil, err
	}
	plain := strings.EqualFold(dara.StringValue(req.ContentEncoding), "PlainText")
	var list []invocation.Result
	for _, r := range f.newestFirst() {
		if id := dara.StringValue(req.InvokeId); id != "" && id != r.id {
			continue
		}
		inv := r.invocation(f.now, true, plain)
		for _, ii := range inv.Instances {
			list = append(list, invocation.Result{
				CommandID: r.commandID, InvokeID: r.id, InstanceID: ii.InstanceID,
				InvocationStatus: ii.InvocationStatus, InvokeRecordStatus: ii.InstanceInvokeStatus,
				ExitCode: ii.ExitCode, Output: ii.Output, Dropped: ii.Dropped, Repeats: ii.Repeats,
				StartTime: ii.StartTime, FinishedTime: ii.FinishTime, StopTime: ii.StopTime,
				ErrorCode: ii.ErrorCode, ErrorInfo: ii.ErrorInfo,
			})
		}
	}
	from, to, next, err := f.page(len(list), req.MaxResults, req.NextToken)
	if err != nil {
		return nil, err
	}
	body := ecssdk.ResultsBody(ecssdk.Results{
		RequestID: dara.StringValue(f.requestID()), TotalCount: len(list), NextToken: next, Records: list[from:to],
	})
	return &ecs.DescribeInvocationResultsResponse{StatusCode: dara.Int32(200), Body: body}, nil
}

func (f *memFake) StopInvocationWithContext(ctx context.Context, req *ecs.StopInvocationRequest, _ *dara.RuntimeOptions) (*ecs.StopInvocationResponse, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if err := f.enter("StopInvocation"); err != nil {
		return nil, err
	}
	for _, r := range f.runs {
		if r.id == dara.StringValue(req.InvokeId) {
			if r.stopped.IsZero() {
				r.stopped = f.now
			}
			return &ecs.StopInvocationResponse{Body: &ecs.StopInvocationResponseBody{RequestId: f.requestID()}}, nil
		}
	}
	return nil, apiError("InvalidInvokeId.NotFound", 404, "InvokeId %q", dara.StringValue(req.InvokeId))
}
