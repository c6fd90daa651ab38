package conform_test

import (
	"encoding/base64"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

var t0 = time.Date(2024, 12, 1, 8, 0, 0, 0, time.UTC)

// cleanCurrent returns a response of the current edition, with every field
// of it set, that breaks no rule.
func cleanCurrent() invocation.Response {
	tags := []invocation.Tag{{Key: "team", Value: "ops"}, {Key: "env", Value: ""}}
	return invocation.Response{
		RequestID: "R", TotalCount: 2, NextToken: "tok",
		Invocations: []invocation.Invocation{
			{InvokeID: "t-1", CommandID: "c-1", CommandType: invocation.RunShellScript, RepeatMode: invocation.Once,
				InvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentPartialFailed,
				CommandContent: base64.StdEncoding.EncodeToString([]byte("exit 3")), Timeout: invocation.Some[int64](60),
				TerminationMode: invocation.ProcessTree, Tags: tags, CreationTime: t0,
				Instances: []invocation.InvokeInstance{
					{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess,
						Timed: invocation.Some(false), Repeats: invocation.Some[int32](1), ExitCode: invocation.Some[int64](0),
						Dropped: invocation.Some[int32](0), CreationTime: t0, StartTime: t0.Add(time.Second), FinishTime: t0.Add(2 * time.Second),
						UpdateTime: t0.Add(2 * time.Second)},
					{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentFailed,
						ExitCode: invocation.Some[int64](3), ErrorCode: invocation.ExitCodeNonzero, ErrorInfo: "exit 3",
						Output:  base64.StdEncoding.EncodeToString(make([]byte, invocation.MaxOutput)),
						Dropped: invocation.Some[int32](100), CreationTime: t0, StartTime: t0.Add(time.Second), FinishTime: t0.Add(3 * time.Second)},
				}},
			{InvokeID: "t-2", CommandID: "c-2", RepeatMode: invocation.Period, Timed: true, Frequency: "rate(5m)",
				InvokeStatus: status.LegacyStopped, InvocationStatus: status.CurrentStopped,
				Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyStopped,
					InvocationStatus: status.CurrentTerminated, Timed: invocation.Some(false), StopTime: t0.Add(time.Minute)}}},
		},
	}
}

// Each rule of the current edition, with a change to the clean response
// that breaks it alone.
func TestCheckCurrentRules(t *testing.T) {
	r0 := cleanCurrent()
	require.Empty(t, conform.Check(&r0, nil), "the clean current-edition response breaks no rule")
	type finding struct{ rule, path string }
	const in0 = "Invocations.Invocation[0].InvokeInstances.InvokeInstance[0]"
	const in1 = "Invocations.Invocation[0].InvokeInstances.InvokeInstance[1]"
	tests := []struct {
		name   string
		change func(r *invocation.Response)
		want   []finding
	}{
		{"exit-code: Success with a non-zero exit", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].ExitCode = invocation.Some[int64](1)
		}, []finding{{"exit-code", in0 + ".ExitCode"}}},
		{"exit-code: ExitCodeNonzero with exit 0", func(r *invocation.Response) {
			r.Invocations[0].Instances[1].ExitCode = invocation.Some[int64](0)
		}, []finding{{"exit-code", in1 + ".ErrorCode"}}},
		{"exit-code: ExitCodeNonzero without an exit code", func(r *invocation.Response) {
			r.Invocations[0].Instances[1].ExitCode = invocation.Optional[int64]{}
		}, []finding{{"exit-code", in1 + ".ErrorCode"}}},
		{"times: start before creation", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].StartTime = t0.Add(-time.Second)
		}, []finding{{"times", in0 + ".StartTime"}}},
		{"times: finish before start", func(r *invocation.Response) {
			r.Invocations[0].Instances[1].FinishTime = t0.Add(500 * time.Millisecond).Truncate(time.Second)
		}, []finding{{"times", in1 + ".FinishTime"}}},
		{"times: finish before creation, no start", func(r *invocation.Response) {
			in := &r.Invocations[0].Instances[1]
			in.StartTime, in.FinishTime = time.Time{}, t0.Add(-time.Hour)
		}, []finding{{"times", in1 + ".FinishTime"}}},
		{"times: StopTime on a finished instance", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].StopTime = t0.Add(time.Minute)
		}, []finding{{"times", in0 + ".StopTime"}}},
		{"dropped: negative", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].Dropped = invocation.Some[int32](-1)
		}, []finding{{"dropped", in0 + ".Dropped"}}},
		{"dropped: with less than 24 KiB of output", func(r *invocation.Response) {
			r.Invocations[0].Instances[1].Output = base64.StdEncoding.EncodeToString(make([]byte, invocation.MaxOutput-1))
		}, []finding{{"dropped", in1 + ".Dropped"}}},
		{"dropped: plain-text output of 24 KiB is enough", func(r *invocation.Response) {
			r.Invocations[0].Instances[1].Output = strings.Repeat("é", invocation.MaxOutput/2)
		}, nil},
		{"repeat-mode: Once on a periodic invocation", func(r *invocation.Response) {
			r.Invocations[1].RepeatMode = invocation.Once
		}, []finding{{"repeat-mode", "Invocations.Invocation[1].RepeatMode"}}},
		{"repeat-mode: Once with a Timed instance", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].Timed = invocation.Some(true)
		}, []finding{{"repeat-mode", in0 + ".Timed"}}},
		{"tags: more than 20", func(r *invocation.Response) {
			r.Invocations[0].Tags = nil
			for i := range 21 {
				r.Invocations[0].Tags = append(r.Invocations[0].Tags, invocation.Tag{Key: fmt.Sprint("k", i)})
			}
		}, []finding{{"tags", "Invocations.Invocation[0].Tags"}}},
		{"tags: a key twice", func(r *invocation.Response) {
			r.Invocations[0].Tags[1].Key = "team"
		}, []finding{{"tags", "Invocations.Invocation[0].Tags.Tag[1].TagKey"}}},
		{"tags: a key over 64 characters", func(r *invocation.Response) {
			r.Invocations[0].Tags[0].Key = strings.Repeat("ü", 65)
		}, []finding{{"tags", "Invocations.Invocation[0].Tags.Tag[0].TagKey"}}},
		{"tags: a key of 64 characters is fine", func(r *invocation.Response) {
			r.Invocations[0].Tags[0].Key = strings.Repeat("ü", 64)
		}, nil},
		{"tags: a value over 128 characters", func(r *invocation.Response) {
			r.Invocations[0].Tags[0].Value = strings.Repeat("v", 129)
		}, []finding{{"tags", "Invocations.Invocation[0].Tags.Tag[0].TagValue"}}},
		{"error-code: undocumented", func(r *invocation.Response) {
			r.Invocations[0].Instances[1].ErrorCode = "ExitCodeNonZero" // wrong case: codes are exact
			r.Invocations[0].Instances[1].ExitCode = invocation.Some[int64](3)
		}, []finding{{"error-code", in1 + ".ErrorCode"}}},
		{"error-code: on a Success", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].ErrorCode = invocation.InstanceNotRunning
		}, []finding{{"error-code", in0 + ".ErrorCode"}}},
		{"frequency: RepeatMode Period without a Frequency", func(r *invocation.Response) {
			r.Invocations[1].Timed = false
			r.Invocations[1].Frequency = ""
		}, []finding{{"frequency", "Invocations.Invocation[1].Frequency"}}},
	}
	warnings := map[string]bool{"error-code": true, "frequency": true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := cleanCurrent()
			tt.change(&r)
			var got []finding
			for _, f := range conform.Check(&r, nil) {
				got = append(got, finding{f.Rule, f.Path})
				require.NotEmpty(t, f.Message)
				want := conform.SeverityError
				if warnings[f.Rule] {
					want = conform.SeverityWarning
				}
				require.Equal(t, want, f.Severity, f.Rule)
			}
			if diff := cmp.Diff(tt.want, got, cmp.AllowUnexported(finding{})); diff != "" {
				t.Errorf("findings mismatch (-want +got):\n%s", diff)
			}
		})
	}
}
