package fake_test

import (
	"bytes"
	"encoding/json"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The state lists the fleet, the commands and the invocations in the
// order they were made, and every status each execution has had.
func TestState(t *testing.T) {
	f := newFake(t, fake.Config{
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}},
		Outcome:   fake.MatchScripts(fake.Script{InstanceID: "i-2", ExitCode: 3, Duration: 5 * time.Second}),
	})
	cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "deploy", Type: invocation.RunShellScript,
		CommandContent: "deploy", ContentEncoding: fake.PlainText})
	require.NoError(t, err)
	first, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-1", "i-2"}})
	require.NoError(t, err)
	f.clock.Advance(3 * time.Second)
	second := f.run("uptime", "i-1")
	f.clock.Advance(10 * time.Second)

	st := f.svc.State()
	require.Equal(t, t0.Add(13*time.Second), st.Now)
	require.Equal(t, "virtual", st.Clock)
	require.Len(t, st.Instances, 2)
	require.Len(t, st.Commands, 1, "a RunCommand without KeepCommand keeps no command once it ends")
	require.Equal(t, fake.CommandState{RegionID: hz, Command: fake.Command{CommandID: cmd, Name: "deploy", Type: invocation.RunShellScript,
		CommandContent: "deploy", Timeout: 60, InvokeTimes: 1, CreationTime: t0}}, st.Commands[0])
	require.Len(t, st.Invocations, 2)
	require.Equal(t, []string{first, second}, []string{st.Invocations[0].InvokeID, st.Invocations[1].InvokeID})
	inv := st.Invocations[0]
	require.Equal(t, status.CurrentPartialFailed, inv.InvocationStatus)
	require.Equal(t, status.LegacyFinished, inv.InvokeStatus, "a non-zero exit is legacy Finished: the process ran to its end")
	at := func(d time.Duration) time.Time { return t0.Add(d) }
	want := []fake.ExecutionState{
		{InstanceID: "i-1", InvocationStatus: status.CurrentSuccess, Repeats: 1, ExitCode: ptrTo(int64(0)),
			StartTime: at(time.Second), FinishTime: at(2 * time.Second),
			Transitions: []fake.Transition{{status.CurrentPending, at(0)}, {status.CurrentRunning, at(time.Second)}, {status.CurrentSuccess, at(2 * time.Second)}}},
		{InstanceID: "i-2", InvocationStatus: status.CurrentFailed, Repeats: 1, ExitCode: ptrTo(int64(3)), ErrorCode: invocation.ExitCodeNonzero,
			StartTime: at(time.Second), FinishTime: at(6 * time.Second),
			Transitions: []fake.Transition{{status.CurrentPending, at(0)}, {status.CurrentRunning, at(time.Second)}, {status.CurrentFailed, at(6 * time.Second)}}},
	}
	if diff := cmp.Diff(want, inv.Executions); diff != "" {
		t.Errorf("executions (-want +got):\n%s", diff)
	}
}

// The state's JSON members are the contract's names, which clients in
// other languages read.
func TestStateJSON(t *testing.T) {
	f := newFake(t, fake.Config{})
	f.run("uptime", "i-1")
	f.clock.Advance(time.Second)
	b, err := json.Marshal(f.svc.State())
	require.NoError(t, err)
	var doc struct {
		Now, Clock  string
		Instances   []map[string]any
		Commands    []map[string]any
		Invocations []struct {
			InvokeId, CommandId, RegionId, InvocationStatus, InvokeStatus, RepeatMode, Frequency, CreationTime string
			Executions                                                                                         []struct {
				InstanceId, InvocationStatus string
				Repeats                      int
				Transitions                  []struct{ Status, Time string }
			}
		}
	}
	dec := json.NewDecoder(bytesReader(b))
	require.NoError(t, dec.Decode(&doc))
	require.Equal(t, "2025-01-02T03:04:06Z", doc.Now)
	require.Equal(t, "virtual", doc.Clock)
	require.Len(t, doc.Invocations, 1)
	inv := doc.Invocations[0]
	require.Equal(t, "cn-hangzhou", inv.RegionId)
	require.Equal(t, "Running", inv.InvocationStatus)
	require.Equal(t, "2025-01-02T03:04:05Z", inv.CreationTime)
	require.Equal(t, "i-1", inv.Executions[0].InstanceId)
	require.Equal(t, []struct{ Status, Time string }{{"Pending", "2025-01-02T03:04:05Z"}, {"Running", "2025-01-02T03:04:06Z"}}, inv.Executions[0].Transitions)
	require.Contains(t, string(b), `"CommandId":`)
	require.NotContains(t, string(b), `"CommandID"`)
}

func bytesReader(b []byte) *bytes.Reader { return bytes.NewReader(b) }
