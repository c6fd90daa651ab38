package fake_test

import (
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// NextTransition is the instant of the soonest transition still due, and
// moving the clock there applies it.
func TestNextTransition(t *testing.T) {
	outcome := fake.MatchScripts(
		fake.Script{Match: "slow", Duration: 30 * time.Second},
		fake.Script{Match: "tick", Duration: 5 * time.Second},
	)
	tests := []struct {
		name   string
		setup  func(f *tfake)
		want   time.Duration // since t0
		wantOK bool
		reason string
	}{
		{name: "nothing made", setup: func(*tfake) {}},
		{name: "a run just made is delivered in a second",
			setup: func(f *tfake) { f.run("slow", "i-1") }, want: time.Second, wantOK: true},
		{name: "a running run ends after its duration",
			setup: func(f *tfake) { f.run("slow", "i-1"); f.clock.Advance(2 * time.Second) }, want: 31 * time.Second, wantOK: true},
		{name: "an ended run has nothing due",
			setup: func(f *tfake) { f.run("slow", "i-1"); f.clock.Advance(time.Minute) }},
		{name: "the soonest of two",
			setup: func(f *tfake) {
				f.run("slow", "i-1")
				f.clock.Advance(10 * time.Second)
				f.run("slow", "i-2")
				f.clock.Advance(2 * time.Second)
			}, want: 31 * time.Second, wantOK: true},
		{name: "a periodic run is due again at its next instant",
			setup: func(f *tfake) {
				_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript,
					CommandContent: "tick", InstanceIDs: []string{"i-1"}, Frequency: "rate(1m)"})
				require.NoError(t, err)
				f.clock.Advance(90 * time.Second) // the first run (at 1m) has ended, at 1m6s
			}, want: 2*time.Minute + 6*time.Second, wantOK: true, reason: "rate(1m) counts from the end of the last run"},
		{name: "a stop takes effect after the agent's delay",
			setup: func(f *tfake) {
				id := f.run("slow", "i-1")
				f.clock.Advance(5 * time.Second)
				require.NoError(t, f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: id}))
			}, want: 6 * time.Second, wantOK: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFake(t, fake.Config{Outcome: outcome})
			tt.setup(f)
			got, ok := f.svc.NextTransition()
			require.Equal(t, tt.wantOK, ok)
			require.Equal(t, got, f.svc.State().NextTransition, "the state gives the same instant")
			if !tt.wantOK {
				require.True(t, got.IsZero(), "no transition is the zero time, got %v", got)
				return
			}
			require.Equal(t, t0.Add(tt.want), got, tt.reason)
			require.True(t, got.After(f.svc.Now()), "a due transition is after the service's time")
		})
	}
}

// Stepping the clock from transition to transition visits every status
// an execution takes, one step each, and ends when nothing is due.
func TestNextTransitionSteps(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(fake.Script{Duration: 3 * time.Second, ExitCode: 1})})
	id := f.run("false", "i-1")
	var seen []status.Current
	for range 10 {
		next, ok := f.svc.NextTransition()
		if !ok {
			break
		}
		f.clock.Set(next)
		seen = append(seen, f.invocation(id).Instances[0].InvocationStatus)
	}
	want := []status.Current{status.CurrentRunning, status.CurrentFailed}
	if diff := cmp.Diff(want, seen); diff != "" {
		t.Errorf("statuses, one step each (-want +got):\n%s", diff)
	}
}

// The state gives the command's type, the start of the output, and a
// periodic execution's runs with how each ended.
func TestStateRunsAndOutput(t *testing.T) {
	long := strings.Repeat("x", fake.MaxOutputStart-1) + "é and more"
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(
		fake.Script{Match: "long", Output: long, Duration: time.Second},
		fake.Script{Match: "tick", Output: "tock\n", ExitCode: 2, Duration: 5 * time.Second},
	)})
	f.run("long", "i-1")
	_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript,
		CommandContent: "tick", InstanceIDs: []string{"i-1"}, Frequency: "rate(1m)"})
	require.NoError(t, err)
	f.clock.Advance(2*time.Minute + 8*time.Second) // the second run, due a minute after the first ended, is running

	st := f.svc.State()
	require.Len(t, st.Invocations, 2)
	once, periodic := st.Invocations[0], st.Invocations[1]
	require.Equal(t, invocation.RunShellScript, once.CommandType)
	require.Equal(t, strings.Repeat("x", fake.MaxOutputStart-1), once.Executions[0].OutputStart,
		"the start of the output stops before a rune that does not fit whole")
	require.Empty(t, once.Executions[0].Runs, "a run that is not periodic has no runs")

	at := func(d time.Duration) time.Time { return t0.Add(d) }
	want := []fake.RunState{
		{Run: 1, Status: status.CurrentFailed, StartTime: at(time.Minute + time.Second), FinishTime: at(time.Minute + 6*time.Second),
			ExitCode: ptrTo(int64(2)), ErrorCode: invocation.ExitCodeNonzero, OutputStart: "tock\n"},
		{Run: 2, Status: status.CurrentRunning, StartTime: at(2*time.Minute + 7*time.Second)},
	}
	if diff := cmp.Diff(want, periodic.Executions[0].Runs); diff != "" {
		t.Errorf("runs (-want +got):\n%s", diff)
	}
}
