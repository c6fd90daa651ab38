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

func TestParseFleet(t *testing.T) {
	tests := []struct {
		name    string
		file    string
		want    fake.Fleet
		wantErr string
	}{
		{
			name: "every field, values in any case",
			file: `{"Instances":[{"InstanceId":"i-1","OS":"Windows","Status":"stopped","Agent":"NEEDUPGRADE","ResourceGroupId":"rg-1","Tags":{"env":"test"}}],
			        "Outcomes":[{"Match":"exit 3","InstanceId":"i-1","ExitCode":3,"Output":"boom","Duration":"90s","Status":"error","ErrorCode":"ExecutionException"}]}`,
			want: fake.Fleet{
				Instances: []fake.Instance{{InstanceID: "i-1", OS: fake.Windows, Status: fake.InstanceStopped, Agent: fake.AgentNeedUpgrade,
					ResourceGroupID: "rg-1", Tags: map[string]string{"env": "test"}}},
				Outcomes: []fake.Script{{Match: "exit 3", InstanceID: "i-1", ExitCode: 3, Output: "boom", Duration: 90 * time.Second,
					Status: status.CurrentError, ErrorCode: invocation.ExecutionException}},
			},
		},
		{
			name: "absent values are zero: a running Linux instance, an outcome that exits 0",
			file: `{"Instances":[{"InstanceId":"i-1"}],"Outcomes":[{"Match":"x"}]}`,
			want: fake.Fleet{Instances: []fake.Instance{{InstanceID: "i-1"}}, Outcomes: []fake.Script{{Match: "x"}}},
		},
		{name: "empty", file: `{}`, want: fake.Fleet{}},
		{name: "unknown member", file: `{"Instance":[]}`, wantErr: `fake: ParseFleet: json: unknown field "Instance"`},
		{name: "unknown outcome member", file: `{"Outcomes":[{"Exit":1}]}`, wantErr: `fake: ParseFleet: outcome: json: unknown field "Exit"`},
		{name: "OS", file: `{"Instances":[{"InstanceId":"i-1","OS":"bsd"}]}`, wantErr: `fake: ParseFleet: OS "bsd" is not one of ["linux" "windows"]`},
		{name: "Status", file: `{"Instances":[{"InstanceId":"i-1","Status":"gone"}]}`, wantErr: `fake: ParseFleet: Status "gone" is not one of ["Pending" "Running" "Starting" "Stopping" "Stopped"]`},
		{name: "Agent", file: `{"Instances":[{"InstanceId":"i-1","Agent":"x"}]}`, wantErr: `fake: ParseFleet: Agent "x" is not one of ["Running" "Stopped" "NeedUpgrade"]`},
		{name: "malformed id", file: `{"Instances":[{"InstanceId":"x-1"}]}`, wantErr: `fake: ParseFleet: instance 0: InstanceId "x-1" is not "i-" and 1 to 62 letters or digits`},
		{name: "repeated id", file: `{"Instances":[{"InstanceId":"i-1"},{"InstanceId":"i-1"}]}`, wantErr: `fake: ParseFleet: instance 1: InstanceId "i-1" is given twice`},
		{name: "duration", file: `{"Outcomes":[{"Duration":"90"}]}`, wantErr: `fake: ParseFleet: outcome: Duration "90" is not a duration such as 90s or 10m`},
		{name: "negative duration", file: `{"Outcomes":[{"Duration":"-1s"}]}`, wantErr: `fake: ParseFleet: outcome: Duration "-1s" is not a duration such as 90s or 10m`},
		{name: "status that does not end a run", file: `{"Outcomes":[{"Status":"Running"}]}`, wantErr: `fake: ParseFleet: outcome: Status "Running" is not one of Success, Failed, Error, Invalid or Timeout`},
		{name: "two values", file: `{} {}`, wantErr: `fake: ParseFleet: more than one JSON value`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := fake.ParseFleet([]byte(tt.file))
			if tt.wantErr != "" {
				require.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("ParseFleet (-want +got):\n%s", diff)
			}
		})
	}
}

func TestMatchOutcomes(t *testing.T) {
	outcomes := []fake.Script{
		{Match: "deploy", InstanceID: "i-2", ExitCode: 2},
		{Match: "deploy", ExitCode: 1, Output: "any instance"},
		{Match: "", InstanceID: "i-3", Duration: time.Minute},
	}
	f := fake.MatchScripts(outcomes...)
	outcomes[0].ExitCode = 99 // the function keeps its own copy
	tests := []struct {
		name       string
		content    string
		instanceID string
		want       fake.Result
	}{
		{name: "first match wins", content: "./deploy.sh", instanceID: "i-2", want: fake.Result{ExitCode: 2}},
		{name: "the instance narrows a match", content: "./deploy.sh", instanceID: "i-1", want: fake.Result{ExitCode: 1, Output: "any instance"}},
		{name: "an empty Match matches every content", content: "uptime", instanceID: "i-3", want: fake.Result{Duration: time.Minute}},
		{name: "no match: exit 0 after the default duration", content: "uptime", instanceID: "i-1", want: fake.Result{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := f(fake.Execution{Content: tt.content, InstanceID: tt.instanceID})
			require.Equal(t, tt.want, got)
		})
	}
}

func TestFleetValuesAnyCase(t *testing.T) {
	var os fake.OS
	require.NoError(t, os.UnmarshalText([]byte(" LINUX ")))
	require.Equal(t, fake.Linux, os)
	var st fake.InstanceStatus
	require.NoError(t, st.UnmarshalText([]byte("sToPpInG")))
	require.Equal(t, fake.InstanceStopping, st)
	var ag fake.AgentStatus
	require.NoError(t, ag.UnmarshalText(nil))
	require.Equal(t, fake.AgentStatus(""), ag, "empty text is the zero value, a running agent")
}
