package compat

import (
	"encoding/base64"
	"errors"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/alibabacloud-go/tea/tea"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

var region = dara.String("cn-hangzhou")

func strs(s ...string) []*string { return dara.StringSlice(s) }

// v7Statuses returns the overall InvocationStatus of an invocation and
// each instance's, as DescribeInvocations shows them.
func v7Statuses(t *testing.T, c *ecs.Client, id string) string {
	t.Helper()
	res, err := c.DescribeInvocations(&ecs.DescribeInvocationsRequest{RegionId: region, InvokeId: dara.String(id)})
	if err != nil {
		t.Fatal(err)
	}
	inv := res.Body.Invocations.Invocation[0]
	out := dara.StringValue(inv.InvocationStatus) + ":"
	for _, in := range inv.InvokeInstances.InvokeInstance {
		out += " " + dara.StringValue(in.InstanceId) + "=" + dara.StringValue(in.InvocationStatus)
	}
	return out
}

// v7Results returns the records of an invocation.
func v7Results(t *testing.T, c *ecs.Client, req *ecs.DescribeInvocationResultsRequest) []*ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult {
	t.Helper()
	req.RegionId = region
	res, err := c.DescribeInvocationResults(req)
	if err != nil {
		t.Fatal(err)
	}
	return res.Body.Invocation.InvocationResults.InvocationResult
}

func decoded(t *testing.T, s *string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(dara.StringValue(s))
	if err != nil {
		t.Fatalf("Output %q: %v", dara.StringValue(s), err)
	}
	return string(b)
}

// CreateCommand, then InvokeCommand on three instances: Running, then
// Success, and one record of each instance with its exit code and output.
func TestV7CreateAndInvoke(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		created, err := c.CreateCommand(&ecs.CreateCommandRequest{RegionId: region, Name: dara.String("hello"), Type: dara.String("RunShellScript"),
			CommandContent: dara.String(base64.StdEncoding.EncodeToString([]byte("echo hello"))), Timeout: dara.Int64(30)})
		if err != nil {
			t.Fatal(err)
		}
		cmd := dara.StringValue(created.Body.CommandId)
		if !strings.HasPrefix(cmd, "c-") || dara.StringValue(created.Body.RequestId) == "" {
			t.Fatalf("CreateCommand: %v", created.Body)
		}
		listed, err := c.DescribeCommands(&ecs.DescribeCommandsRequest{RegionId: region, CommandId: dara.String(cmd)})
		if err != nil {
			t.Fatal(err)
		}
		if got := listed.Body.Commands.Command[0]; dara.StringValue(got.Name) != "hello" || dara.Int64Value(got.Timeout) != 30 ||
			decoded(t, got.CommandContent) != "echo hello" || dara.Int64Value(listed.Body.TotalCount) != 1 {
			t.Errorf("DescribeCommands: %v", listed.Body)
		}

		invoked, err := c.InvokeCommand(&ecs.InvokeCommandRequest{RegionId: region, CommandId: dara.String(cmd), InstanceId: strs("i-1", "i-2", "i-3")})
		if err != nil {
			t.Fatal(err)
		}
		id := dara.StringValue(invoked.Body.InvokeId)
		for _, step := range []struct {
			advance time.Duration
			want    string
		}{
			{0, "Pending: i-1=Pending i-2=Pending i-3=Pending"},
			{time.Second, "Running: i-1=Running i-2=Running i-3=Running"},
			{time.Second, "Success: i-1=Success i-2=Success i-3=Success"},
		} {
			l.advance(t, step.advance)
			if got := v7Statuses(t, c, id); got != step.want {
				t.Errorf("after %v: %s, want %s", step.advance, got, step.want)
			}
		}

		records := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id)})
		if len(records) != 3 {
			t.Fatalf("%d records, want one per instance", len(records))
		}
		for i, r := range records {
			if dara.StringValue(r.InstanceId) != []string{"i-1", "i-2", "i-3"}[i] || dara.StringValue(r.InvocationStatus) != "Success" ||
				dara.StringValue(r.InvokeRecordStatus) != "Finished" || r.ExitCode == nil || *r.ExitCode != 0 ||
				decoded(t, r.Output) != "hello\n" || dara.StringValue(r.StartTime) != "2025-01-02T03:04:06Z" ||
				dara.StringValue(r.FinishedTime) != "2025-01-02T03:04:07Z" || dara.Int32Value(r.Repeats) != 1 {
				t.Errorf("record %d: %v", i, r)
			}
		}
		plain := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id), InstanceId: dara.String("i-2"), ContentEncoding: dara.String("PlainText")})
		if len(plain) != 1 || dara.StringValue(plain[0].Output) != "hello\n" {
			t.Errorf("PlainText: %v", plain)
		}
	})
}

// RunCommand of a script that exits 3 on one instance of three:
// PartialFailed, and ExitCodeNonzero on that instance.
func TestV7RunCommandPartialFailed(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		ran, err := c.RunCommand(&ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"), CommandContent: dara.String("exit 3"),
			InstanceId: strs("i-1", "i-2", "i-3")})
		if err != nil {
			t.Fatal(err)
		}
		id := dara.StringValue(ran.Body.InvokeId)
		if !strings.HasPrefix(dara.StringValue(ran.Body.CommandId), "c-") {
			t.Errorf("RunCommand: %v", ran.Body)
		}
		l.advance(t, 2*time.Second)
		if got, want := v7Statuses(t, c, id), "PartialFailed: i-1=Success i-2=Failed i-3=Success"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		r := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id), InstanceId: dara.String("i-2")})[0]
		if dara.StringValue(r.InvocationStatus) != "Failed" || dara.StringValue(r.ErrorCode) != "ExitCodeNonzero" ||
			dara.Int64Value(r.ExitCode) != 3 || decoded(t, r.Output) != "three\n" {
			t.Errorf("i-2: %v", r)
		}
	})
}

// A run past its Timeout ends Timeout, at StartTime + Timeout.
func TestV7Timeout(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		ran, err := c.RunCommand(&ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"), CommandContent: dara.String("sleep 100"),
			InstanceId: strs("i-1"), Timeout: dara.Int64(10)})
		if err != nil {
			t.Fatal(err)
		}
		id := dara.StringValue(ran.Body.InvokeId)
		l.advance(t, 10*time.Second)
		if got, want := v7Statuses(t, c, id), "Running: i-1=Running"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		l.advance(t, time.Second)
		if got, want := v7Statuses(t, c, id), "Failed: i-1=Timeout"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		r := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id)})[0]
		if dara.StringValue(r.ErrorCode) != "ExecutionTimeout" || dara.StringValue(r.FinishedTime) != "2025-01-02T03:04:16Z" {
			t.Errorf("%v", r)
		}
	})
}

// StopInvocation of a running invocation: Stopping, then Terminated; of
// one that has ended, success and no change.
func TestV7StopInvocation(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		ran, err := c.RunCommand(&ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"), CommandContent: dara.String("sleep 100"),
			InstanceId: strs("i-1", "i-2")})
		if err != nil {
			t.Fatal(err)
		}
		id := dara.StringValue(ran.Body.InvokeId)
		l.advance(t, 5*time.Second)
		if _, err := c.StopInvocation(&ecs.StopInvocationRequest{RegionId: region, InvokeId: dara.String(id)}); err != nil {
			t.Fatal(err)
		}
		if got, want := v7Statuses(t, c, id), "Stopping: i-1=Stopping i-2=Stopping"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		l.advance(t, time.Second)
		if got, want := v7Statuses(t, c, id), "Stopped: i-1=Terminated i-2=Terminated"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		before := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id)})
		l.advance(t, time.Minute)
		if _, err := c.StopInvocation(&ecs.StopInvocationRequest{RegionId: region, InvokeId: dara.String(id), InstanceId: strs("i-2")}); err != nil {
			t.Fatalf("stopping an invocation that has ended: %v", err)
		}
		after := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id)})
		for i := range after {
			if after[i].String() != before[i].String() {
				t.Errorf("changed:\n%v\n%v", before[i], after[i])
			}
		}
		if r := after[0]; dara.StringValue(r.StopTime) != "2025-01-02T03:04:10Z" || dara.StringValue(r.InvokeRecordStatus) != "Stopped" {
			t.Errorf("%v", r)
		}
	})
}

// A periodic rate(1m) invocation: each run starts a minute after the
// previous ends (after a second of delivery and a second of run), so ten
// runs take 10 min 19 s; it has Repeats 10 and ten records of history.
func TestV7Periodic(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		ran, err := c.RunCommand(&ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"), CommandContent: dara.String("echo hello"),
			InstanceId: strs("i-1"), Frequency: dara.String("rate(1m)"), RepeatMode: dara.String("Period")})
		if err != nil {
			t.Fatal(err)
		}
		id := dara.StringValue(ran.Body.InvokeId)
		l.advance(t, 10*time.Minute)
		if r := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id)})[0]; dara.Int32Value(r.Repeats) != 9 {
			t.Errorf("after 10 minutes: Repeats %d, want 9", dara.Int32Value(r.Repeats))
		}
		l.advance(t, 19*time.Second)
		latest := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id)})
		if len(latest) != 1 || dara.Int32Value(latest[0].Repeats) != 10 || dara.StringValue(latest[0].InvocationStatus) != "Running" {
			t.Errorf("after 10 min 19 s: %v", latest)
		}
		l.advance(t, time.Second)
		history := v7Results(t, c, &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String(id), IncludeHistory: dara.Bool(true), PageSize: dara.Int64(50)})
		if len(history) != 10 {
			t.Fatalf("%d records of history, want 10", len(history))
		}
		for i, r := range history {
			if n := int32(10 - i); dara.Int32Value(r.Repeats) != n || dara.StringValue(r.InvocationStatus) != "Success" || decoded(t, r.Output) != "hello\n" {
				t.Errorf("run %d: %v", n, r)
			}
		}
		if got, want := v7Statuses(t, c, id), "Scheduled: i-1=Scheduled"; got != want {
			t.Errorf("between runs: %s, want %s", got, want)
		}
		if _, err := c.StopInvocation(&ecs.StopInvocationRequest{RegionId: region, InvokeId: dara.String(id)}); err != nil {
			t.Fatal(err)
		}
		if got, want := v7Statuses(t, c, id), "Stopped: i-1=Cancelled"; got != want {
			t.Errorf("stopped: %s, want %s", got, want)
		}
	})
}

// Every error code of the operations comes back as the SDK's error, with the
// code and the HTTP status.
func TestV7LifecycleErrors(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes, CommandQuota: 2}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		param, busy, invokeID := setupErrors(t, l.svc)
		shell := dara.String("RunShellScript")
		run := func(r *ecs.RunCommandRequest) func() error {
			return func() error {
				r.RegionId = region
				if r.Type == nil {
					r.Type = shell
				}
				if r.CommandContent == nil {
					r.CommandContent = dara.String("true")
				}
				if r.InstanceId == nil {
					r.InstanceId = strs("i-1")
				}
				_, err := c.RunCommand(r)
				return err
			}
		}
		invoke := func(r *ecs.InvokeCommandRequest) func() error {
			return func() error {
				r.RegionId = region
				if r.InstanceId == nil {
					r.InstanceId = strs("i-1")
				}
				_, err := c.InvokeCommand(r)
				return err
			}
		}
		create := func(r *ecs.CreateCommandRequest) func() error {
			return func() error {
				r.RegionId = region
				if r.Name == nil {
					r.Name = dara.String("n")
				}
				if r.Type == nil {
					r.Type = shell
				}
				if r.CommandContent == nil {
					r.CommandContent = dara.String("dHJ1ZQ==")
				}
				_, err := c.CreateCommand(r)
				return err
			}
		}
		stop := func(r *ecs.StopInvocationRequest) func() error {
			return func() error {
				r.RegionId = region
				_, err := c.StopInvocation(r)
				return err
			}
		}
		many := func(n int) []*string {
			out := make([]*string, n)
			for i := range out {
				out[i] = dara.String("i-1")
			}
			return out
		}
		tags := func(kv ...string) []*ecs.RunCommandRequestTag {
			var out []*ecs.RunCommandRequestTag
			for i := 0; i < len(kv); i += 2 {
				out = append(out, &ecs.RunCommandRequestTag{Key: dara.String(kv[i]), Value: dara.String(kv[i+1])})
			}
			return out
		}
		tests := []struct {
			sdkErrorCase
			call func() error
		}{
			{sdkErrorCase{"no instance", "MissingParam.InstanceId", 400}, run(&ecs.RunCommandRequest{InstanceId: []*string{}})},
			{sdkErrorCase{"101 instances", "InstanceIds.ExceedLimit", 403}, run(&ecs.RunCommandRequest{InstanceId: many(101)})},
			{sdkErrorCase{"51 instances to stop", "InstanceIds.ExceedLimit", 403}, stop(&ecs.StopInvocationRequest{InvokeId: dara.String(invokeID), InstanceId: many(51)})},
			{sdkErrorCase{"an instance not in the fleet", "InvalidInstance.NotFound", 404}, run(&ecs.RunCommandRequest{InstanceId: strs("i-9")})},
			{sdkErrorCase{"an instance not of the invocation", "InvalidInstanceId.NotFound", 404}, stop(&ecs.StopInvocationRequest{InvokeId: dara.String(invokeID), InstanceId: strs("i-2")})},
			{sdkErrorCase{"a shell script on Windows", "InvalidInstance.NotMatch", 400}, run(&ecs.RunCommandRequest{InstanceId: strs("i-win")})},
			{sdkErrorCase{"an unknown command", "InvalidCmdId.NotFound", 404}, invoke(&ecs.InvokeCommandRequest{CommandId: dara.String("c-nope")})},
			{sdkErrorCase{"an unknown command type", "InvalidCmdType.NotFound", 404}, create(&ecs.CreateCommandRequest{Type: dara.String("RunPythonScript")})},
			{sdkErrorCase{"an unknown invocation", "InvalidInvokeId.NotFound", 404}, stop(&ecs.StopInvocationRequest{InvokeId: dara.String("t-nope")})},
			{sdkErrorCase{"an unknown repeat mode", "InvalidRepeatMode.NotFound", 404}, run(&ecs.RunCommandRequest{RepeatMode: dara.String("Sometimes")})},
			{sdkErrorCase{"an unknown termination mode", "InvalidTerminationMode.NotFound", 404}, run(&ecs.RunCommandRequest{TerminationMode: dara.String("Kill")})},
			{sdkErrorCase{"Period without Frequency", "MissingParam.Frequency", 400}, run(&ecs.RunCommandRequest{RepeatMode: dara.String("Period")})},
			{sdkErrorCase{"a Frequency that cannot be read", "InvalidParam.Frequency", 400}, run(&ecs.RunCommandRequest{Frequency: dara.String("rate(1s)")})},
			{sdkErrorCase{"Parameters of a command without them", "Parameter.Disabled", 400}, invoke(&ecs.InvokeCommandRequest{CommandId: dara.String(busy), Parameters: map[string]any{"name": "x"}})},
			{sdkErrorCase{"no value for a parameter", "Parameter.MissingValue", 400}, invoke(&ecs.InvokeCommandRequest{CommandId: dara.String(param)})},
			{sdkErrorCase{"a parameter the command has not", "Parameter.NotMatched", 403}, invoke(&ecs.InvokeCommandRequest{CommandId: dara.String(param), Parameters: map[string]any{"name": "x", "other": "y"}})},
			{sdkErrorCase{"eleven parameters", "ParameterCount.ExceedLimit", 403}, invoke(&ecs.InvokeCommandRequest{CommandId: dara.String(param),
				Parameters: map[string]any{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1, "j": 1, "k": 1}})},
			{sdkErrorCase{"a parameter name of 65 characters", "ParameterKey.ExceedLimit", 403}, invoke(&ecs.InvokeCommandRequest{CommandId: dara.String(param),
				Parameters: map[string]any{strings.Repeat("k", 65): 1}})},
			{sdkErrorCase{"content over 18 KB to keep", "CmdContent.ExceedLimit", 403}, run(&ecs.RunCommandRequest{CommandContent: dara.String(strings.Repeat("x", 14_000)), KeepCommand: dara.Bool(true)})},
			{sdkErrorCase{"content that is not Base64", "CmdContent.DecodeError", 400}, create(&ecs.CreateCommandRequest{CommandContent: dara.String("not*base64")})},
			{sdkErrorCase{"a name of 129 characters", "CmdName.ExceedLimit", 403}, run(&ecs.RunCommandRequest{Name: dara.String(strings.Repeat("n", 129))})},
			{sdkErrorCase{"a description of 513 characters", "CmdDesc.ExceedLimit", 403}, create(&ecs.CreateCommandRequest{Description: dara.String(strings.Repeat("d", 513))})},
			{sdkErrorCase{"a third command", "CmdCount.ExceedQuota", 403}, create(&ecs.CreateCommandRequest{})},
			{sdkErrorCase{"a username of 256 characters", "Username.ExceedLimit", 403}, run(&ecs.RunCommandRequest{Username: dara.String(strings.Repeat("u", 256))})},
			{sdkErrorCase{"a ClientToken reused", "IdempotentParameterMismatch", 403}, run(&ecs.RunCommandRequest{ClientToken: dara.String("token-1"), Name: dara.String("other")})},
			{sdkErrorCase{"a command in use", "InvalidStatus.CmdIdInUse", 403}, func() error {
				_, err := c.DeleteCommand(&ecs.DeleteCommandRequest{RegionId: region, CommandId: dara.String(busy)})
				return err
			}},
			{sdkErrorCase{"21 tags", "NumberExceed.Tags", 400}, run(&ecs.RunCommandRequest{Tag: tags("a", "", "b", "", "c", "", "d", "", "e", "", "f", "", "g", "",
				"h", "", "i", "", "j", "", "k", "", "l", "", "m", "", "n", "", "o", "", "p", "", "q", "", "r", "", "s", "", "t", "", "u", "")})},
			{sdkErrorCase{"a tag key twice", "Duplicate.TagKey", 400}, run(&ecs.RunCommandRequest{Tag: tags("k", "1", "k", "2")})},
			{sdkErrorCase{"a tag key of 65 characters", "InvalidTagKey.Malformed", 400}, run(&ecs.RunCommandRequest{Tag: tags(strings.Repeat("k", 65), "v")})},
			{sdkErrorCase{"a tag value of 129 characters", "InvalidTagValue.Malformed", 400}, run(&ecs.RunCommandRequest{Tag: tags("k", strings.Repeat("v", 129))})},
			{sdkErrorCase{"a tag value without its key", "MissingParameter.TagKey", 400}, run(&ecs.RunCommandRequest{Tag: []*ecs.RunCommandRequestTag{{Value: dara.String("v")}}})},
			{sdkErrorCase{"no name", "MissingParameter.Name", 400}, create(&ecs.CreateCommandRequest{Name: dara.String("")})},
			{sdkErrorCase{"no command", "MissingParameter.CommandId", 400}, invoke(&ecs.InvokeCommandRequest{})},
			{sdkErrorCase{"a Timeout too short", "InvalidParam.Timeout", 400}, run(&ecs.RunCommandRequest{Timeout: dara.Int64(9)})},
			{sdkErrorCase{"an unknown region", "InvalidRegionId.NotFound", 404}, func() error {
				_, err := c.DescribeInvocationResults(&ecs.DescribeInvocationResultsRequest{RegionId: dara.String("mars-1")})
				return err
			}},
			{sdkErrorCase{"a record status that is no instance's", "InvalidParameter.InvokeRecordStatus", 400}, func() error {
				_, err := c.DescribeInvocationResults(&ecs.DescribeInvocationResultsRequest{RegionId: region, InvokeRecordStatus: dara.String("PartialFailed")})
				return err
			}},
			{sdkErrorCase{"a page too large", "InvalidParam.PageSize", 400}, func() error {
				_, err := c.DescribeCommands(&ecs.DescribeCommandsRequest{RegionId: region, PageSize: dara.Int64(51)})
				return err
			}},
		}
		for _, tt := range tests {
			err := tt.call()
			var sdkErr *tea.SDKError
			if !errors.As(err, &sdkErr) {
				t.Errorf("%s: error %T: %v", tt.name, err, err)
				continue
			}
			if dara.StringValue(sdkErr.Code) != tt.code || dara.IntValue(sdkErr.StatusCode) != tt.status {
				t.Errorf("%s: got %s %d, want %s %d", tt.name, dara.StringValue(sdkErr.Code), dara.IntValue(sdkErr.StatusCode), tt.code, tt.status)
			}
		}
	})
}

// The fake's throttling faults come back as the SDK's error, with the
// vendor's code and status.
func TestV7Throttled(t *testing.T) {
	for _, code := range []apierror.Code{"Throttling", "Throttling.User", "Throttling.Api"} {
		s := ecstest.New(t, ecstest.Options{Faults: []fault.Rule{{Code: code}}})
		_, err := s.Client.RunCommand(&ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"),
			CommandContent: dara.String("true"), InstanceId: strs("i-1")})
		var sdkErr *tea.SDKError
		if !errors.As(err, &sdkErr) || dara.StringValue(sdkErr.Code) != string(code) || dara.IntValue(sdkErr.StatusCode) != 400 {
			t.Errorf("%s: %v", code, err)
		}
	}
}

// DescribeInvocations' current-edition fields, computed from the runs:
// ExitCode, Output (decoded per ContentEncoding), times, Repeats,
// RepeatMode, Tags and more. It waits for the codecs to write them.
func TestV7CurrentFieldsOfDescribeInvocations(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := client(t, l.ts.URL)
		ran, err := c.RunCommand(&ecs.RunCommandRequest{RegionId: region, Type: dara.String("RunShellScript"), CommandContent: dara.String("echo hello"),
			InstanceId: strs("i-1", "i-2"), Timeout: dara.Int64(30), Username: dara.String("root"), Name: dara.String("greet"),
			Tag: []*ecs.RunCommandRequestTag{{Key: dara.String("team"), Value: dara.String("ops")}}})
		if err != nil {
			t.Fatal(err)
		}
		id := dara.StringValue(ran.Body.InvokeId)
		describe := func(encoding string) *ecs.DescribeInvocationsResponseBodyInvocationsInvocation {
			t.Helper()
			req := &ecs.DescribeInvocationsRequest{RegionId: region, InvokeId: dara.String(id), IncludeOutput: dara.Bool(true)}
			if encoding != "" {
				req.ContentEncoding = dara.String(encoding)
			}
			res, err := c.DescribeInvocations(req)
			if err != nil {
				t.Fatal(err)
			}
			return res.Body.Invocations.Invocation[0]
		}
		l.advance(t, time.Second)
		running := describe("").InvokeInstances.InvokeInstance[0]
		if running.ExitCode != nil || dara.StringValue(running.StartTime) != "2025-01-02T03:04:06Z" || running.FinishTime != nil {
			t.Errorf("running: %v", running)
		}
		l.advance(t, time.Second)
		inv := describe("")
		if dara.StringValue(inv.RepeatMode) != "Once" || dara.Int64Value(inv.Timeout) != 30 || dara.StringValue(inv.Username) != "root" ||
			decoded(t, inv.CommandContent) != "echo hello" || dara.StringValue(inv.CreationTime) != "2025-01-02T03:04:05Z" ||
			dara.StringValue(inv.TerminationMode) != "Process" || len(inv.Tags.Tag) != 1 || dara.StringValue(inv.Tags.Tag[0].TagKey) != "team" ||
			dara.BoolValue(inv.Timed) {
			t.Errorf("invocation: %v", inv)
		}
		for _, in := range inv.InvokeInstances.InvokeInstance {
			if in.ExitCode == nil || *in.ExitCode != 0 || decoded(t, in.Output) != "hello\n" || dara.Int32Value(in.Repeats) != 1 ||
				in.Dropped == nil || dara.StringValue(in.StartTime) != "2025-01-02T03:04:06Z" || dara.StringValue(in.FinishTime) != "2025-01-02T03:04:07Z" ||
				dara.StringValue(in.UpdateTime) != "2025-01-02T03:04:07Z" || dara.StringValue(in.CreationTime) != "2025-01-02T03:04:05Z" {
				t.Errorf("instance: %v", in)
			}
		}
		if plain := describe("PlainText"); dara.StringValue(plain.InvokeInstances.InvokeInstance[1].Output) != "hello\n" ||
			dara.StringValue(plain.CommandContent) != "echo hello" {
			t.Errorf("PlainText: %v", plain)
		}
	})
}
