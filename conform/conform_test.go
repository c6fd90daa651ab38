package conform_test

import (
	"os"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// clean returns a response that breaks no rule.
func clean() invocation.Response {
	return invocation.Response{
		RequestID: "R", TotalCount: 2, PageNumber: 1, PageSize: 10,
		Invocations: []invocation.Invocation{
			{InvokeID: "t-1", CommandID: "c-1", CommandType: invocation.RunShellScript, InvokeStatus: status.LegacyPartialFailed,
				InvocationStatus: status.CurrentPartialFailed, Instances: []invocation.InvokeInstance{
					{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished, InvocationStatus: status.CurrentSuccess},
					{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFailed, InvocationStatus: status.CurrentTimeout},
				}},
			{InvokeID: "t-2", CommandID: "c-2", Timed: true, Frequency: "0 */20 * * * *", InvokeStatus: status.LegacyRunning,
				Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyRunning}}},
		},
	}
}

// Each rule, with a change to the clean response that breaks it alone.
func TestCheckRules(t *testing.T) {
	require.Empty(t, conform.Check(ptr(clean()), nil), "the clean response breaks no rule")
	type finding struct{ rule, path string }
	tests := []struct {
		rule   string
		change func(r *invocation.Response)
		want   []finding
	}{
		{conform.RuleRollup, func(r *invocation.Response) { r.Invocations[0].InvokeStatus = status.LegacyFinished },
			[]finding{{"rollup", "Invocations.Invocation[0].InvokeStatus"}}},
		{conform.RuleRollupCurrent, func(r *invocation.Response) { r.Invocations[0].InvocationStatus = status.CurrentFailed },
			[]finding{{"rollup-current", "Invocations.Invocation[0].InvocationStatus"}}},
		{conform.RuleUnknownStatus, func(r *invocation.Response) { r.Invocations[1].Instances[0].InstanceInvokeStatus = "Exploded" },
			[]finding{{"unknown-status", "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus"}}},
		{conform.RuleUnknownStatus + " (overall as instance)", func(r *invocation.Response) {
			r.Invocations[0].Instances[0].InvocationStatus = status.CurrentPartialFailed
		}, []finding{{"unknown-status", "Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InvocationStatus"}}},
		{conform.RuleUnknownStatus + " (legacy overall as instance)", func(r *invocation.Response) {
			r.Invocations[1].Instances[0].InstanceInvokeStatus = status.LegacyPartialFailed
		}, []finding{{"unknown-status", "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus"}}},
		{conform.RuleUnknownStatus + " (instance as overall)", func(r *invocation.Response) { r.Invocations[0].InvocationStatus = status.CurrentTimeout },
			[]finding{{"unknown-status", "Invocations.Invocation[0].InvocationStatus"}}},
		{conform.RuleUnknownStatus + " (unknown overall)", func(r *invocation.Response) { r.Invocations[0].InvocationStatus = "Weird" },
			[]finding{{"unknown-status", "Invocations.Invocation[0].InvocationStatus"}}},
		{conform.RuleUnknownStatus + " (legacy overall)", func(r *invocation.Response) { r.Invocations[1].InvokeStatus = "Weird" },
			[]finding{{"unknown-status", "Invocations.Invocation[1].InvokeStatus"}}},
		{conform.RuleFamilyMismatch, func(r *invocation.Response) {
			r.Invocations[0].Instances[1].InvocationStatus = status.CurrentFailed // maps to Finished, the instance says Failed
		}, []finding{{"family-mismatch", "Invocations.Invocation[0].InvokeInstances.InvokeInstance[1]"}}},
		{conform.RuleNoInstances, func(r *invocation.Response) { r.Invocations[1].Instances = nil },
			[]finding{{"no-instances", "Invocations.Invocation[1].InvokeInstances"}}},
		{conform.RuleDuplicateInstance, func(r *invocation.Response) { r.Invocations[0].Instances[1].InstanceID = "i-1" },
			[]finding{{"duplicate-instance", "Invocations.Invocation[0].InvokeInstances.InvokeInstance[1].InstanceId"}}},
		{conform.RuleDuplicateInvocation, func(r *invocation.Response) { r.Invocations[1].InvokeID = "t-1" },
			[]finding{{"duplicate-invocation", "Invocations.Invocation[1].InvokeId"}}},
		{conform.RulePageSize, func(r *invocation.Response) { r.PageSize = 51 },
			[]finding{{"page-size", "PageSize"}}},
		{conform.RulePageOverflow, func(r *invocation.Response) { r.PageSize = 1; r.TotalCount = 5 },
			[]finding{{"page-overflow", "Invocations"}}},
		{conform.RuleTotalCount, func(r *invocation.Response) { r.TotalCount = 1 },
			[]finding{{"total-count", "TotalCount"}}},
		{conform.RuleTotalCount + " (past the end)", func(r *invocation.Response) { r.PageNumber = 2 },
			[]finding{{"total-count", "TotalCount"}}},
		{conform.RuleTotalCount + " (page 0)", func(r *invocation.Response) { r.PageNumber = 0 },
			[]finding{{"total-count", "PageNumber"}}},
		{conform.RuleMissingField, func(r *invocation.Response) {
			r.RequestID = " "
			r.Invocations[0].CommandID = ""
			r.Invocations[0].Instances[0].InstanceID = ""
		}, []finding{{"missing-field", "RequestId"}, {"missing-field", "Invocations.Invocation[0].CommandId"},
			{"missing-field", "Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceId"}}},
		{conform.RuleMissingField + " (statuses)", func(r *invocation.Response) {
			r.Invocations[1].InvokeStatus = ""
			r.Invocations[1].Instances[0].InstanceInvokeStatus = ""
		}, []finding{{"missing-field", "Invocations.Invocation[1].InvokeStatus"},
			{"missing-field", "Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus"}}},
		{conform.RulePeriodicTerminal, func(r *invocation.Response) {
			r.Invocations[1].Instances = append(r.Invocations[1].Instances, invocation.InvokeInstance{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFinished})
		}, []finding{{"periodic-terminal", "Invocations.Invocation[1].InvokeInstances.InvokeInstance[1].InstanceInvokeStatus"}}},
		{conform.RulePeriodicTerminal + " (overall)", func(r *invocation.Response) {
			r.Invocations[1].InvokeStatus = status.LegacyFinished
		}, []finding{{"periodic-terminal", "Invocations.Invocation[1].InvokeStatus"}, {"rollup", "Invocations.Invocation[1].InvokeStatus"}}},
		{conform.RuleIDFormat, func(r *invocation.Response) {
			r.Invocations[0].InvokeID = "x-1"
			r.Invocations[0].CommandID = "1"
			r.Invocations[0].Instances[0].InstanceID = "host"
		}, []finding{{"id-format", "Invocations.Invocation[0].InvokeId"}, {"id-format", "Invocations.Invocation[0].CommandId"},
			{"id-format", "Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceId"}}},
		{conform.RuleStatusAlias, func(r *invocation.Response) {
			r.Invocations[0].Instances[0].InvocationStatus = status.CurrentSuccess
		}, []finding{{"status-alias", "Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus"}}},
		{conform.RuleCommandType, func(r *invocation.Response) { r.Invocations[0].CommandType = "RunPythonScript" },
			[]finding{{"command-type", "Invocations.Invocation[0].CommandType"}}},
		{conform.RuleFrequency, func(r *invocation.Response) { r.Invocations[1].Frequency = " " },
			[]finding{{"frequency", "Invocations.Invocation[1].Frequency"}}},
		{conform.RuleFrequency + " (one-time)", func(r *invocation.Response) { r.Invocations[0].Frequency = "0 * * * * *" },
			[]finding{{"frequency", "Invocations.Invocation[0].Frequency"}}},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			r := clean()
			tt.change(&r)
			var got []finding
			var aliases []string
			if tt.rule == conform.RuleStatusAlias {
				aliases = []string{"Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus"}
			}
			for _, f := range conform.Check(&r, aliases) {
				got = append(got, finding{f.Rule, f.Path})
				require.NotEmpty(t, f.Message)
				want := conform.SeverityError
				if f.Rule == "periodic-terminal" || f.Rule == "id-format" || f.Rule == "command-type" || f.Rule == "frequency" || f.Rule == "status-alias" {
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

// The reference's XML example, decoded leniently, breaks these rules.
func TestCheckSeed(t *testing.T) {
	data, err := os.ReadFile("../xmlcodec/testdata/seed-success.xml")
	require.NoError(t, err)
	r, _, err := xmlcodec.Decoder{Lenient: true}.DecodeResponse(data)
	require.NoError(t, err)
	var got []string
	for _, f := range conform.Check(&r, xmlcodec.Aliases(data)) {
		got = append(got, f.String())
	}
	want := []string{
		`warning periodic-terminal Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus: an instance of a periodic invocation reported Finished, which it can never be`,
		`warning periodic-terminal Invocations.Invocation[1].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus: an instance of a periodic invocation reported Finished, which it can never be`,
		`warning status-alias Invocations.Invocation[2].InvokeStatus: written as an alias of Finished, not by its name`,
		`warning status-alias Invocations.Invocation[3].InvokeStatus: written as an alias of Finished, not by its name`,
	}
	require.Equal(t, want, got)
}

func ptr[T any](v T) *T { return &v }
