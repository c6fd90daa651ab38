package fake_test

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The region and first instant of the service tests.
const hz = "cn-hangzhou"

var t0 = time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC) // a Thursday

// tfake is a service on a virtual clock, for tests.
type tfake struct {
	t     testing.TB
	clock *fake.VirtualClock
	svc   *fake.Service
}

func newFake(t testing.TB, cfg fake.Config) *tfake {
	t.Helper()
	f := &tfake{t: t, clock: fake.NewVirtualClock(t0)}
	cfg.Clock = f.clock
	svc, err := fake.NewService(cfg)
	require.NoError(t, err)
	f.svc = svc
	return f
}

// run runs content on instances as a shell script, and returns the
// InvokeId.
func (f *tfake) run(content string, instances ...string) string {
	f.t.Helper()
	_, id, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: content, InstanceIDs: instances})
	require.NoError(f.t, err)
	return id
}

// invocation returns the invocation id as DescribeInvocations shows it,
// output included, in plain text.
func (f *tfake) invocation(id string) invocation.Invocation {
	f.t.Helper()
	q := fake.Query{RegionID: hz, InvokeID: id, IncludeOutput: true, ContentEncoding: fake.PlainText}
	r, err := f.svc.DescribeInvocations(q)
	require.NoError(f.t, err)
	require.Len(f.t, r.Invocations, 1, "invocation %s", id)
	return r.Invocations[0]
}

// results returns every record of req, in plain text, walking its pages.
func (f *tfake) results(req fake.DescribeInvocationResultsRequest) []invocation.Result {
	f.t.Helper()
	req.RegionID, req.ContentEncoding = hz, fake.PlainText
	req.Paging.ByToken, req.Paging.Cursor.MaxResults = true, 50
	var all []invocation.Result
	for {
		r, err := f.svc.DescribeInvocationResults(req)
		require.NoError(f.t, err)
		all = append(all, r.Results...)
		if r.NextToken == "" {
			return all
		}
		req.Paging.Cursor.NextToken = r.NextToken
	}
}

// since writes t as seconds since t0, or "-" for the zero time.
func since(t time.Time) string {
	if t.IsZero() {
		return "-"
	}
	return fmt.Sprintf("+%ds", int(t.Sub(t0)/time.Second))
}

// brief writes what a test checks of an instance, in one line such as
// "Success/Finished repeats=1 exit=0 start=+1s finish=+2s".
func brief(in invocation.InvokeInstance) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s/%s", in.InvocationStatus, in.InstanceInvokeStatus)
	if timed, _ := in.Timed.Get(); timed {
		b.WriteString(" timed")
	}
	if r, ok := in.Repeats.Get(); ok {
		fmt.Fprintf(&b, " repeats=%d", r)
	}
	if x, ok := in.ExitCode.Get(); ok {
		fmt.Fprintf(&b, " exit=%d", x)
	}
	if in.ErrorCode != "" {
		fmt.Fprintf(&b, " error=%s", in.ErrorCode)
	}
	if in.Output != "" {
		out := in.Output
		if len(out) > 12 {
			out = fmt.Sprintf("%d bytes", len(out))
		}
		fmt.Fprintf(&b, " output=%q", out)
	}
	if d, _ := in.Dropped.Get(); d > 0 {
		fmt.Fprintf(&b, " dropped=%d", d)
	}
	for _, tm := range []struct {
		name string
		t    time.Time
	}{{"start", in.StartTime}, {"finish", in.FinishTime}, {"stop", in.StopTime}} {
		if !tm.t.IsZero() {
			fmt.Fprintf(&b, " %s=%s", tm.name, since(tm.t))
		}
	}
	return b.String()
}

// A step of a transition test: advance the clock to at (seconds since
// t0), do something there, and check the instance.
type step struct {
	at   int
	do   string // "stop" or "reboot"
	want string // brief of the first instance
}

func TestTransitions(t *testing.T) {
	stoppedFleet := []fake.Instance{{InstanceID: "i-1", Status: fake.InstanceStopped}}
	tests := []struct {
		name    string
		fleet   []fake.Instance
		outcome fake.Script // Match is the content
		req     fake.RunCommandRequest
		steps   []step
		reason  string
	}{
		{
			name: "created: Pending", reason: "delivery takes a second",
			steps: []step{{at: 0, want: "Pending/Running repeats=0"}},
		},
		{
			name:  "delivered: Running",
			steps: []step{{at: 1, want: "Running/Running repeats=1 start=+1s"}},
		},
		{
			name:  "exit 0: Success",
			steps: []step{{at: 2, want: "Success/Finished repeats=1 exit=0 start=+1s finish=+2s"}},
		},
		{
			name: "exit 3: Failed with ExitCodeNonzero", reason: "a non-zero exit is legacy Finished: the process ran to completion",
			outcome: fake.Script{ExitCode: 3, Output: "boom", Duration: 5 * time.Second},
			steps: []step{
				{at: 5, want: "Running/Running repeats=1 start=+1s"},
				{at: 6, want: "Failed/Finished repeats=1 exit=3 error=ExitCodeNonzero output=\"boom\" start=+1s finish=+6s"},
			},
		},
		{
			name: "past the timeout: Timeout at StartTime + Timeout", req: fake.RunCommandRequest{Timeout: invocation.Some[int64](10)},
			outcome: fake.Script{Duration: time.Minute},
			steps: []step{
				{at: 10, want: "Running/Running repeats=1 start=+1s"},
				{at: 11, want: "Timeout/Failed repeats=1 error=ExecutionTimeout start=+1s finish=+11s"},
			},
		},
		{
			name: "ending exactly at the timeout is not a timeout", req: fake.RunCommandRequest{Timeout: invocation.Some[int64](10)},
			outcome: fake.Script{Duration: 10 * time.Second},
			steps:   []step{{at: 11, want: "Success/Finished repeats=1 exit=0 start=+1s finish=+11s"}},
		},
		{
			name: "a fraction of a second counts as a second", outcome: fake.Script{Duration: 1500 * time.Millisecond},
			steps: []step{{at: 2, want: "Running/Running repeats=1 start=+1s"}, {at: 3, want: "Success/Finished repeats=1 exit=0 start=+1s finish=+3s"}},
		},
		{
			name: "scripted Error", outcome: fake.Script{Status: status.CurrentError},
			steps: []step{{at: 2, want: "Error/Failed repeats=1 error=ExecutionException start=+1s finish=+2s"}},
		},
		{
			name: "scripted Invalid with its code", outcome: fake.Script{Status: status.CurrentInvalid, ErrorCode: invocation.AccountNotExists},
			steps: []step{{at: 2, want: "Invalid/Failed repeats=1 error=AccountNotExists start=+1s finish=+2s"}},
		},
		{
			name: "scripted Timeout", outcome: fake.Script{Status: status.CurrentTimeout, Duration: 3 * time.Second},
			steps: []step{{at: 4, want: "Timeout/Failed repeats=1 error=ExecutionTimeout start=+1s finish=+4s"}},
		},
		{
			name: "instance not running: Aborted a minute after creation", fleet: stoppedFleet,
			steps: []step{
				{at: 59, want: "Pending/Running repeats=0"},
				{at: 60, want: "Aborted/Failed repeats=0 error=InstanceNotRunning"},
			},
		},
		{
			name: "agent not running: Aborted with ClientNotRunning", fleet: []fake.Instance{{InstanceID: "i-1", Agent: fake.AgentStopped}},
			steps: []step{{at: 60, want: "Aborted/Failed repeats=0 error=ClientNotRunning"}},
		},
		{
			name: "agent needs an upgrade: Invalid when delivered", fleet: []fake.Instance{{InstanceID: "i-1", Agent: fake.AgentNeedUpgrade}},
			steps: []step{{at: 1, want: "Invalid/Failed repeats=0 error=ClientNeedUpgrade"}},
		},
		{
			name:  "stopped while Pending: Cancelled",
			steps: []step{{at: 0, do: "stop", want: "Cancelled/Stopped repeats=0 stop=+0s"}, {at: 5, want: "Cancelled/Stopped repeats=0 stop=+0s"}},
		},
		{
			name: "stopped while Running: Stopping, then Terminated a second later", outcome: fake.Script{Duration: time.Minute},
			steps: []step{
				{at: 3, do: "stop", want: "Stopping/Stopping repeats=1 start=+1s stop=+3s"},
				{at: 4, want: "Terminated/Stopped repeats=1 start=+1s finish=+4s stop=+3s"},
			},
		},
		{
			name: "stopped when the run would end anyway: Terminated", outcome: fake.Script{Duration: 2 * time.Second},
			steps: []step{
				{at: 2, do: "stop", want: "Stopping/Stopping repeats=1 start=+1s stop=+2s"},
				{at: 3, want: "Terminated/Stopped repeats=1 start=+1s finish=+3s stop=+2s"},
			},
		},
		{
			name:  "stopped after it ended: no change",
			steps: []step{{at: 10, do: "stop", want: "Success/Finished repeats=1 exit=0 start=+1s finish=+2s"}},
		},
		{
			name: "stopped twice while stopping: no change", outcome: fake.Script{Duration: time.Minute},
			steps: []step{
				{at: 3, do: "stop", want: "Stopping/Stopping repeats=1 start=+1s stop=+3s"},
				{at: 3, do: "stop", want: "Stopping/Stopping repeats=1 start=+1s stop=+3s"},
			},
		},
		{
			name: "output over 24 KiB: the last 24,576 bytes, and Dropped", outcome: fake.Script{Output: strings.Repeat("x", 30000)},
			steps: []step{{at: 2, want: "Success/Finished repeats=1 exit=0 output=\"24576 bytes\" dropped=5424 start=+1s finish=+2s"}},
		},
		{
			name: "rate(1m): Scheduled, then a run an interval after creation", req: fake.RunCommandRequest{Frequency: "rate(1m)"},
			steps: []step{
				{at: 0, want: "Scheduled/Running timed repeats=0"},
				{at: 59, want: "Scheduled/Running timed repeats=0"},
				{at: 60, want: "Pending/Running timed repeats=0"},
				{at: 61, want: "Running/Running timed repeats=1 start=+61s"},
				{at: 62, want: "Scheduled/Running timed repeats=1 exit=0 start=+61s finish=+62s"},
				{at: 122, want: "Pending/Running timed repeats=1 exit=0 start=+61s finish=+62s"},
				{at: 123, want: "Running/Running timed repeats=2 start=+123s"},
			},
			reason: "each next run is due an interval after the previous one ends",
		},
		{
			name: "a periodic run that fails: the next one is scheduled", req: fake.RunCommandRequest{Frequency: "rate(1m)"},
			outcome: fake.Script{ExitCode: 1},
			steps:   []step{{at: 62, want: "Scheduled/Running timed repeats=1 exit=1 error=ExitCodeNonzero start=+61s finish=+62s"}},
		},
		{
			name: "periodic, stopped while Scheduled: Cancelled, no longer Timed", req: fake.RunCommandRequest{Frequency: "rate(1m)"},
			steps: []step{
				{at: 62, do: "stop", want: "Cancelled/Stopped repeats=1 exit=0 start=+61s finish=+62s stop=+62s"},
				{at: 300, want: "Cancelled/Stopped repeats=1 exit=0 start=+61s finish=+62s stop=+62s"},
			},
		},
		{
			name: "periodic on a stopped instance: Aborted a minute after the run is due", req: fake.RunCommandRequest{Frequency: "rate(1m)"},
			fleet: stoppedFleet,
			steps: []step{{at: 119, want: "Pending/Running timed repeats=0"}, {at: 120, want: "Aborted/Failed repeats=0 error=InstanceNotRunning"}},
		},
		{
			name: "cron: the first run when the expression says", req: fake.RunCommandRequest{Frequency: "0 5 3 * * ?"},
			steps: []step{{at: 54, want: "Scheduled/Running timed repeats=0"}, {at: 55, want: "Pending/Running timed repeats=0"}, {at: 57, want: "Scheduled/Running timed repeats=1 exit=0 start=+56s finish=+57s"}},
		},
		{
			name: "at(…): one run, then the invocation ends", req: fake.RunCommandRequest{Frequency: "at(2025-01-02 03:05:05)"},
			steps:  []step{{at: 59, want: "Scheduled/Running timed repeats=0"}, {at: 62, want: "Success/Finished repeats=1 exit=0 start=+61s finish=+62s"}},
			reason: "an at() schedule has nothing after its run: Timed goes false",
		},
		{
			name: "NextRebootOnly: Scheduled until a reboot, delivered a second after it", req: fake.RunCommandRequest{RepeatMode: invocation.NextRebootOnly},
			steps: []step{
				{at: 100, want: "Scheduled/Running repeats=0"},
				{at: 100, do: "reboot", want: "Pending/Running repeats=0"},
				{at: 101, want: "Running/Running repeats=1 start=+101s"},
				{at: 102, want: "Success/Finished repeats=1 exit=0 start=+101s finish=+102s"},
				{at: 200, do: "reboot", want: "Success/Finished repeats=1 exit=0 start=+101s finish=+102s"},
			},
		},
		{
			name: "EveryReboot: a run at every reboot", req: fake.RunCommandRequest{RepeatMode: invocation.EveryReboot},
			steps: []step{
				{at: 10, do: "reboot", want: "Pending/Running timed repeats=0"},
				{at: 12, want: "Scheduled/Running timed repeats=1 exit=0 start=+11s finish=+12s"},
				{at: 20, do: "reboot", want: "Pending/Running timed repeats=1 exit=0 start=+11s finish=+12s"},
				{at: 22, want: "Scheduled/Running timed repeats=2 exit=0 start=+21s finish=+22s"},
			},
		},
		{
			name: "a reboot while a run runs does not touch it", req: fake.RunCommandRequest{RepeatMode: invocation.EveryReboot},
			outcome: fake.Script{Duration: 10 * time.Second},
			steps: []step{
				{at: 0, do: "reboot", want: "Pending/Running timed repeats=0"},
				{at: 5, do: "reboot", want: "Running/Running timed repeats=1 start=+1s"},
				{at: 11, want: "Scheduled/Running timed repeats=1 exit=0 start=+1s finish=+11s"},
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.outcome.Match = ""
			f := newFake(t, fake.Config{Instances: tt.fleet, Outcome: fake.MatchScripts(tt.outcome)})
			req := tt.req
			req.RegionID, req.Type, req.CommandContent, req.InstanceIDs = hz, invocation.RunShellScript, "true", []string{"i-1"}
			_, id, err := f.svc.RunCommand(req)
			require.NoError(t, err)
			for _, s := range tt.steps {
				f.clock.Set(t0.Add(time.Duration(s.at) * time.Second))
				switch s.do {
				case "stop":
					require.NoError(t, f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: id}))
				case "reboot":
					require.NoError(t, f.svc.Reboot("i-1"))
				}
				inv := f.invocation(id)
				require.Equal(t, s.want, brief(inv.Instances[0]), "at +%ds: %s", s.at, tt.reason)
				rs := f.results(fake.DescribeInvocationResultsRequest{InvokeID: id})
				require.Len(t, rs, 1)
				require.Equal(t, inv.Instances[0].InvocationStatus, rs[0].InvocationStatus, "DescribeInvocationResults agrees")
			}
		})
	}
}

// A fleet given to NewService is checked as ParseFleet checks it.
func TestNewServiceFleet(t *testing.T) {
	_, err := fake.NewService(fake.Config{Instances: []fake.Instance{{InstanceID: "i-1", OS: "Plan9"}}})
	require.EqualError(t, err, `fake: NewService: instance "i-1": OS "Plan9" is not one of ["linux" "windows"]`)
	_, err = fake.NewService(fake.Config{Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-1"}}})
	require.EqualError(t, err, `fake: NewService: instance 1: InstanceId "i-1" is given twice`)
	_, err = fake.NewService(fake.Config{Instances: []fake.Instance{{InstanceID: "i-1", OS: "WINDOWS"}}})
	require.NoError(t, err, "values in any case")
}
