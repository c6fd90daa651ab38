package fake_test

import (
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

func ptrTo[T any](v T) *T { return &v }

// statusOf returns the current status, ErrorCode and FinishTime of the
// run of id on instance.
func (f *tfake) statusOf(id, instance string) (status.Current, invocation.ErrorCode, time.Time) {
	f.t.Helper()
	for _, in := range f.invocation(id).Instances {
		if in.InstanceID == instance {
			return in.InvocationStatus, in.ErrorCode, in.FinishTime
		}
	}
	f.t.Fatalf("invocation %s has no instance %s", id, instance)
	return "", "", time.Time{}
}

// Each effect of a change of the fleet, on the virtual clock. The runs
// last 10 s; the change comes at the given moment after RunCommand.
func TestChangeInstancesEffects(t *testing.T) {
	stopped, agentStopped := ptrTo(fake.InstanceStopped), ptrTo(fake.AgentStopped)
	running, agentRunning := ptrTo(fake.InstanceRunning), ptrTo(fake.AgentRunning)
	tests := []struct {
		name       string
		fleet      []fake.Instance // nil: no fleet
		at         time.Duration   // when the change comes, after RunCommand
		change     fake.InstanceChange
		then       time.Duration // when to look, after RunCommand
		want       status.Current
		wantCode   invocation.ErrorCode
		wantFinish time.Duration // after RunCommand; 0: none
		reason     string
	}{
		{name: "a running run is interrupted when the instance stops", at: 5 * time.Second,
			change: fake.InstanceChange{InstanceID: "i-1", Status: stopped}, then: 20 * time.Second,
			want: status.CurrentFailed, wantCode: invocation.ExecutionInterrupted, wantFinish: 5 * time.Second},
		{name: "a running run is interrupted when the agent stops", at: 3 * time.Second,
			change: fake.InstanceChange{InstanceID: "i-1", Agent: agentStopped}, then: 4 * time.Second,
			want: status.CurrentFailed, wantCode: invocation.ExecutionInterrupted, wantFinish: 3 * time.Second},
		{name: "a change that keeps the instance running changes nothing", at: 5 * time.Second,
			change: fake.InstanceChange{InstanceID: "i-1", Tags: map[string]string{"team": "ops"}}, then: 20 * time.Second,
			want: status.CurrentSuccess},
		{name: "a pending run is aborted a minute after it became pending", at: 0,
			change: fake.InstanceChange{InstanceID: "i-1", Status: stopped}, then: 59 * time.Second,
			want: status.CurrentPending, reason: "not before the minute"},
		{name: "then it is aborted", at: 0,
			change: fake.InstanceChange{InstanceID: "i-1", Agent: agentStopped}, then: 61 * time.Second,
			want: status.CurrentAborted, wantCode: invocation.ClientNotRunning, reason: "an aborted run never started, and has no FinishTime"},
		{name: "a run pending on a stopped instance is delivered when it runs again",
			fleet: []fake.Instance{{InstanceID: "i-1", Status: fake.InstanceStopped}}, at: 30 * time.Second,
			change: fake.InstanceChange{InstanceID: "i-1", Status: running}, then: 35 * time.Second,
			want: status.CurrentRunning, reason: "delivered a second after the change, 10 s to run"},
		{name: "and ends as any run", fleet: []fake.Instance{{InstanceID: "i-1", Agent: fake.AgentStopped}}, at: 30 * time.Second,
			change: fake.InstanceChange{InstanceID: "i-1", Agent: agentRunning}, then: 50 * time.Second,
			want: status.CurrentSuccess, wantFinish: 41 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, fake.Config{Instances: tt.fleet, Outcome: fake.MatchScripts(fake.Script{Duration: 10 * time.Second})})
			id := f.run("deploy", "i-1")
			f.clock.Advance(tt.at)
			_, err := f.svc.ChangeInstances([]fake.InstanceChange{tt.change})
			require.NoError(t, err)
			f.clock.Advance(tt.then - tt.at)
			got, code, finish := f.statusOf(id, "i-1")
			require.Equal(t, tt.want, got, tt.reason)
			require.Equal(t, tt.wantCode, code)
			if tt.wantFinish != 0 {
				require.Equal(t, t0.Add(tt.wantFinish), finish)
			}
		})
	}
}

// A periodic invocation goes on after an interruption: when the instance
// is back before the next run is due, the next run runs.
func TestChangeInstancesPeriodic(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(fake.Script{Duration: 10 * time.Second})})
	_, id, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript,
		CommandContent: "tick", InstanceIDs: []string{"i-1"}, Frequency: "rate(2m)"})
	require.NoError(t, err)
	f.clock.Advance(2*time.Minute + 5*time.Second) // the first run is running
	_, err = f.svc.ChangeInstances([]fake.InstanceChange{{InstanceID: "i-1", Status: ptrTo(fake.InstanceStopped)}})
	require.NoError(t, err)
	got, code, finish := f.statusOf(id, "i-1")
	require.Equal(t, status.CurrentScheduled, got, "the next run is scheduled")
	require.Equal(t, invocation.ExecutionInterrupted, code)
	require.Equal(t, t0.Add(2*time.Minute+5*time.Second), finish)
	f.clock.Advance(time.Minute) // back before the next run is due, at 4m05s
	_, err = f.svc.ChangeInstances([]fake.InstanceChange{{InstanceID: "i-1", Status: ptrTo(fake.InstanceRunning)}})
	require.NoError(t, err)
	f.clock.Advance(2 * time.Minute)
	recs := f.results(fake.DescribeInvocationResultsRequest{RegionID: hz, InvokeID: id, IncludeHistory: true})
	var runs []status.Current
	for i := len(recs) - 1; i >= 0; i-- { // oldest first
		runs = append(runs, recs[i].InvocationStatus)
	}
	require.Equal(t, []status.Current{status.CurrentFailed, status.CurrentSuccess}, runs)
	require.Equal(t, status.CurrentScheduled, f.invocation(id).InvocationStatus)
}

// A change with one bad instance among good ones changes nothing, and
// names the bad one.
func TestChangeInstancesAllOrNothing(t *testing.T) {
	f := newFake(t, fake.Config{Instances: []fake.Instance{{InstanceID: "i-1"}}})
	tests := []struct {
		name    string
		changes []fake.InstanceChange
		wantErr string
	}{
		{"malformed id", []fake.InstanceChange{{InstanceID: "i-2"}, {InstanceID: "x-3"}},
			`fake: ChangeInstances: change 1: InstanceId "x-3" is not "i-" and 1 to 62 letters or digits`},
		{"an instance twice", []fake.InstanceChange{{InstanceID: "i-2"}, {InstanceID: "i-2"}},
			`fake: ChangeInstances: change 1: InstanceId "i-2" is given twice`},
		{"a status that names nothing", []fake.InstanceChange{{InstanceID: "i-1", Status: ptrTo(fake.InstanceStopped)}, {InstanceID: "i-2", Status: ptrTo(fake.InstanceStatus("gone"))}},
			`fake: ChangeInstances: change 1: instance "i-2": Status "gone" is not one of ["Pending" "Running" "Starting" "Stopping" "Stopped"]`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := f.svc.ChangeInstances(tt.changes)
			require.EqualError(t, err, tt.wantErr)
			want := []fake.Instance{{InstanceID: "i-1", OS: fake.Linux, Status: fake.InstanceRunning, Agent: fake.AgentRunning}}
			if diff := cmp.Diff(want, f.svc.Instances()); diff != "" {
				t.Errorf("the fleet changed (-want +got):\n%s", diff)
			}
		})
	}
}

// New instances join the fleet in the order they are named, with the
// members given and the defaults for the rest; a later change keeps what
// it does not name. Values are read in any case.
func TestChangeInstancesFleet(t *testing.T) {
	f := newFake(t, fake.Config{Instances: []fake.Instance{{InstanceID: "i-1", OS: fake.Windows}}})
	fleet, err := f.svc.ChangeInstances([]fake.InstanceChange{
		{InstanceID: "i-2", Agent: ptrTo(fake.AgentStatus("stopped")), Tags: map[string]string{"env": "prod"}},
		{InstanceID: "i-1", ResourceGroupID: ptrTo("rg-1")},
	})
	require.NoError(t, err)
	want := []fake.Instance{
		{InstanceID: "i-1", OS: fake.Windows, Status: fake.InstanceRunning, Agent: fake.AgentRunning, ResourceGroupID: "rg-1"},
		{InstanceID: "i-2", OS: fake.Linux, Status: fake.InstanceRunning, Agent: fake.AgentStopped, Tags: map[string]string{"env": "prod"}},
	}
	if diff := cmp.Diff(want, fleet); diff != "" {
		t.Errorf("fleet (-want +got):\n%s", diff)
	}
	_, _, err = f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-2"}})
	require.NoError(t, err, "a new instance takes runs at once")
	_, _, err = f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-3"}})
	require.Error(t, err, "with a fleet, an instance it does not name is not found")
}

// A service made without a fleet stays open to every well-formed id, and
// a changed instance keeps its own settings.
func TestChangeInstancesOpenFleet(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(fake.Script{Duration: 10 * time.Second})})
	id := f.run("x", "i-1", "i-2")
	f.clock.Advance(3 * time.Second)
	_, err := f.svc.ChangeInstances([]fake.InstanceChange{{InstanceID: "i-1", Agent: ptrTo(fake.AgentStopped)}})
	require.NoError(t, err)
	f.clock.Advance(20 * time.Second)
	got1, code, _ := f.statusOf(id, "i-1")
	got2, _, _ := f.statusOf(id, "i-2")
	require.Equal(t, status.CurrentFailed, got1)
	require.Equal(t, invocation.ExecutionInterrupted, code)
	require.Equal(t, status.CurrentSuccess, got2, "the other default instance is not changed")
	f.run("y", "i-9") // still open
	require.Equal(t, []string{"i-1"}, func() (ids []string) {
		for _, in := range f.svc.Instances() {
			ids = append(ids, in.InstanceID)
		}
		return ids
	}())
}
