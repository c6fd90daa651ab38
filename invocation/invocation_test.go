package invocation_test

import (
	"errors"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

func instances(statuses ...string) []invocation.InvokeInstance {
	out := make([]invocation.InvokeInstance, len(statuses))
	for i, s := range statuses {
		out[i] = invocation.InvokeInstance{InstanceID: "i-" + string(rune('a'+i)), InstanceInvokeStatus: status.ParseLegacy(s)}
	}
	return out
}

func TestRollupLegacy(t *testing.T) {
	tests := []struct {
		name   string
		inv    invocation.Invocation
		want   status.Legacy
		reason string
	}{
		{name: "seed invocation 1", inv: invocation.Invocation{Timed: true, Instances: instances("finished", "running")},
			want: status.LegacyRunning, reason: "periodic, Finished counts as Running"},
		{name: "seed invocation 3", inv: invocation.Invocation{Instances: instances("finished", "finished")},
			want: status.LegacyFinished, reason: "the seed says success, an alias of Finished"},
		{name: "seed invocation 5", inv: invocation.Invocation{Instances: instances(" running ")},
			want: status.LegacyRunning},
		{name: "periodic stopped", inv: invocation.Invocation{Timed: true, Instances: instances("Stopped", "Stopped")},
			want: status.LegacyStopped},
		{name: "one-time partial", inv: invocation.Invocation{Instances: instances("Failed", "Finished")},
			want: status.LegacyPartialFailed},
		{name: "current only, mapped", inv: invocation.Invocation{Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InvocationStatus: status.CurrentSuccess},
			{InstanceID: "i-2", InvocationStatus: status.CurrentTimeout},
		}}, want: status.LegacyPartialFailed,
			reason: "an instance without a legacy status takes part with its current status mapped: Success → Finished, Timeout → Failed"},
		{name: "legacy status wins over mapping", inv: invocation.Invocation{Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyStopped, InvocationStatus: status.CurrentSuccess},
		}}, want: status.LegacyStopped, reason: "the reported legacy status is used as it is"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.inv.RollupLegacy()
			require.NoError(t, err)
			require.Equal(t, tt.want, got, tt.reason)
		})
	}
}

func TestRollupCurrent(t *testing.T) {
	inv := invocation.Invocation{Instances: []invocation.InvokeInstance{
		{InstanceID: "i-1", InvocationStatus: status.CurrentSuccess},
		{InstanceID: "i-2", InvocationStatus: status.CurrentCancelled},
	}}
	got, err := inv.RollupCurrent()
	require.NoError(t, err)
	require.Equal(t, status.CurrentSuccess, got)
}

func TestRollupErrors(t *testing.T) {
	tests := []struct {
		name    string
		inv     invocation.Invocation
		current bool
		wantIs  error
		wantMsg string
	}{
		{"legacy no instances", invocation.Invocation{InvokeID: "t-1"}, false, status.ErrNoInstances,
			`invocation: legacy roll-up of "t-1": no instances`},
		{"current no instances", invocation.Invocation{InvokeID: "t-1"}, true, status.ErrNoInstances,
			`invocation: current roll-up of "t-1": no instances`},
		{"legacy unknown", invocation.Invocation{InvokeID: "t-2", Instances: instances("Finished", "Exploded")}, false,
			status.ErrUnknown, `invocation: legacy roll-up of "t-2": instance 1 ("i-b"): unknown status "Exploded"`},
		{"legacy missing", invocation.Invocation{InvokeID: "t-3", Instances: []invocation.InvokeInstance{{InstanceID: "i-x"}}}, false,
			status.ErrUnknown, `invocation: legacy roll-up of "t-3": instance 0 ("i-x"): unknown status ""`},
		{"legacy partial as instance", invocation.Invocation{InvokeID: "t-4", Instances: instances("PartialFailed")}, false,
			status.ErrNotInstance, `invocation: legacy roll-up of "t-4": instance 0 ("i-a"): not a per-instance status "PartialFailed"`},
		{"legacy from unmappable current", invocation.Invocation{InvokeID: "t-5", Instances: []invocation.InvokeInstance{
			{InstanceID: "i-y", InvocationStatus: "Weird"}}}, false,
			status.ErrUnknown, `invocation: legacy roll-up of "t-5": instance 0 ("i-y"): unknown status "Weird"`},
		{"current missing", invocation.Invocation{InvokeID: "t-6", Instances: instances("Finished")}, true,
			status.ErrUnknown, `invocation: current roll-up of "t-6": instance 0 ("i-a"): unknown status ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var err error
			if tt.current {
				_, err = tt.inv.RollupCurrent()
			} else {
				_, err = tt.inv.RollupLegacy()
			}
			require.ErrorIs(t, err, tt.wantIs)
			require.EqualError(t, err, tt.wantMsg)
			var re *invocation.RollupError
			require.True(t, errors.As(err, &re))
			require.Equal(t, tt.inv.InvokeID, re.InvokeID)
		})
	}
}

// The invocation's roll-ups are the status package's roll-ups of its
// instance statuses, with current-only instances mapped to legacy.
func TestRollupMatchesStatusPackage(t *testing.T) {
	legacies := []status.Legacy{"Running", "Stopping", "Stopped", "Failed", "Finished"}
	var currents []status.Current
	for _, c := range status.CurrentValues() {
		if c.PerInstance() {
			currents = append(currents, c)
		}
	}
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(1, 10).Draw(t, "n")
		inv := invocation.Invocation{Timed: rapid.Bool().Draw(t, "timed")}
		var ls []status.Legacy
		var cs []status.Current
		for range n {
			c := rapid.SampledFrom(currents).Draw(t, "current")
			in := invocation.InvokeInstance{InstanceID: "i-x", InvocationStatus: c}
			if rapid.Bool().Draw(t, "has legacy") {
				in.InstanceInvokeStatus = rapid.SampledFrom(legacies).Draw(t, "legacy")
				ls = append(ls, in.InstanceInvokeStatus)
			} else {
				mapped, err := c.Legacy()
				require.NoError(t, err)
				ls = append(ls, mapped)
			}
			cs = append(cs, c)
			inv.Instances = append(inv.Instances, in)
		}
		var lset status.LegacySet
		for _, l := range ls {
			require.NoError(t, lset.Add(l))
		}
		wantL, err := lset.Rollup(inv.Timed)
		require.NoError(t, err)
		gotL, err := inv.RollupLegacy()
		require.NoError(t, err)
		require.Equal(t, wantL, gotL)

		var cset status.CurrentSet
		for _, c := range cs {
			require.NoError(t, cset.Add(c))
		}
		wantC, err := cset.Rollup()
		require.NoError(t, err)
		gotC, err := inv.RollupCurrent()
		require.NoError(t, err)
		require.Equal(t, wantC, gotC)
	})
}

func TestHasFrequency(t *testing.T) {
	for freq, want := range map[string]bool{"": false, " ": false, "\t \n": false, "0 */20 * * * *": true, " x ": true} {
		inv := invocation.Invocation{Frequency: freq}
		require.Equal(t, want, inv.HasFrequency(), "%q", freq)
	}
}

func TestCommandType(t *testing.T) {
	tests := []struct {
		in    string
		want  invocation.CommandType
		known bool
	}{
		{"RunShellScript", invocation.RunShellScript, true},
		{" runbatscript ", invocation.RunBatScript, true},
		{"RUNPOWERSHELLSCRIPT", invocation.RunPowerShellScript, true},
		{"RunPythonScript", "RunPythonScript", false},
		{" Run Shell Script", " Run Shell Script", false},
		{"", "", false},
		{"RunShellScrıpt", "RunShellScrıpt", false}, // dotless i: not ASCII
		{"RunShellſcript", "RunShellſcript", false}, // long s folds to s, but is not ASCII
	}
	for _, tt := range tests {
		got := invocation.ParseCommandType(tt.in)
		require.Equal(t, tt.want, got, "ParseCommandType(%q)", tt.in)
		require.Equal(t, tt.known, got.Known(), "ParseCommandType(%q).Known()", tt.in)
		require.Equal(t, string(tt.want), got.String())

		var u invocation.CommandType
		require.NoError(t, u.UnmarshalText([]byte(tt.in)))
		require.Equal(t, got, u)
		b, err := got.MarshalText()
		require.NoError(t, err)
		require.Equal(t, string(got), string(b))
		a, err := got.AppendText([]byte("type="))
		require.NoError(t, err)
		require.Equal(t, "type="+string(got), string(a))
	}
	require.Equal(t, []invocation.CommandType{"RunBatScript", "RunPowerShellScript", "RunShellScript"}, invocation.CommandTypes())
	invocation.CommandTypes()[0] = "x"
	require.Equal(t, invocation.RunBatScript, invocation.CommandTypes()[0])
}
