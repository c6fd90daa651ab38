package compat

import (
	"encoding/base64"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	sdkerrors "github.com/aliyun/alibaba-cloud-sdk-go/sdk/errors"
	"github.com/aliyun/alibaba-cloud-sdk-go/sdk/requests"
	oldecs "github.com/aliyun/alibaba-cloud-sdk-go/services/ecs"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake/fault"
)

// at points a request of the older SDK at the server, in the region of
// the tests, and returns it.
func at[R interface {
	SetScheme(string)
	SetDomain(string)
}](l *lifecycle, r R) R {
	r.SetScheme("http")
	r.SetDomain(strings.TrimPrefix(l.ts.URL, "http://"))
	return r
}

func oldRun(l *lifecycle, content string, instances ...string) *oldecs.RunCommandRequest {
	r := at(l, oldecs.CreateRunCommandRequest())
	r.RegionId, r.Type, r.CommandContent, r.InstanceId = "cn-hangzhou", "RunShellScript", content, &instances
	return r
}

func oldStatuses(t *testing.T, l *lifecycle, c *oldecs.Client, id string) string {
	t.Helper()
	r := at(l, oldecs.CreateDescribeInvocationsRequest())
	r.RegionId, r.InvokeId = "cn-hangzhou", id
	res, err := c.DescribeInvocations(r)
	if err != nil {
		t.Fatal(err)
	}
	inv := res.Invocations.Invocation[0]
	out := inv.InvocationStatus + ":"
	for _, in := range inv.InvokeInstances.InvokeInstance {
		out += " " + in.InstanceId + "=" + in.InvocationStatus
	}
	return out
}

func oldResults(t *testing.T, l *lifecycle, c *oldecs.Client, set func(*oldecs.DescribeInvocationResultsRequest)) []oldecs.InvocationResult {
	t.Helper()
	r := at(l, oldecs.CreateDescribeInvocationResultsRequest())
	r.RegionId = "cn-hangzhou"
	set(r)
	res, err := c.DescribeInvocationResults(r)
	if err != nil {
		t.Fatal(err)
	}
	return res.Invocation.InvocationResults.InvocationResult
}

func unbase64(t *testing.T, s string) string {
	t.Helper()
	b, err := base64.StdEncoding.DecodeString(s)
	if err != nil {
		t.Fatalf("Output %q: %v", s, err)
	}
	return string(b)
}

// CreateCommand, then InvokeCommand on three instances: Running, then
// Success, and one record of each instance with its exit code and output.
func TestOldSDKCreateAndInvoke(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := oldClient(t)
		cr := at(l, oldecs.CreateCreateCommandRequest())
		cr.RegionId, cr.Name, cr.Type = "cn-hangzhou", "hello", "RunShellScript"
		cr.CommandContent, cr.Timeout = base64.StdEncoding.EncodeToString([]byte("echo hello")), requests.NewInteger(30)
		created, err := c.CreateCommand(cr)
		if err != nil {
			t.Fatal(err)
		}
		dr := at(l, oldecs.CreateDescribeCommandsRequest())
		dr.RegionId, dr.CommandId, dr.ContentEncoding = "cn-hangzhou", created.CommandId, "PlainText"
		listed, err := c.DescribeCommands(dr)
		if err != nil {
			t.Fatal(err)
		}
		if got := listed.Commands.Command[0]; got.Name != "hello" || got.Timeout != 30 || got.CommandContent != "echo hello" || listed.TotalCount != 1 {
			t.Errorf("DescribeCommands: %+v", listed)
		}

		ir := at(l, oldecs.CreateInvokeCommandRequest())
		ir.RegionId, ir.CommandId, ir.InstanceId = "cn-hangzhou", created.CommandId, &[]string{"i-1", "i-2", "i-3"}
		invoked, err := c.InvokeCommand(ir)
		if err != nil {
			t.Fatal(err)
		}
		for _, step := range []struct {
			advance time.Duration
			want    string
		}{
			{0, "Pending: i-1=Pending i-2=Pending i-3=Pending"},
			{time.Second, "Running: i-1=Running i-2=Running i-3=Running"},
			{time.Second, "Success: i-1=Success i-2=Success i-3=Success"},
		} {
			l.advance(t, step.advance)
			if got := oldStatuses(t, l, c, invoked.InvokeId); got != step.want {
				t.Errorf("after %v: %s, want %s", step.advance, got, step.want)
			}
		}
		records := oldResults(t, l, c, func(r *oldecs.DescribeInvocationResultsRequest) { r.InvokeId = invoked.InvokeId })
		if len(records) != 3 {
			t.Fatalf("%d records, want one per instance", len(records))
		}
		for i, r := range records {
			if r.InstanceId != []string{"i-1", "i-2", "i-3"}[i] || r.InvocationStatus != "Success" || r.InvokeRecordStatus != "Finished" ||
				r.ExitCode != 0 || unbase64(t, r.Output) != "hello\n" || r.StartTime != "2025-01-02T03:04:06Z" ||
				r.FinishedTime != "2025-01-02T03:04:07Z" || r.Repeats != 1 {
				t.Errorf("record %d: %+v", i, r)
			}
		}
		plain := oldResults(t, l, c, func(r *oldecs.DescribeInvocationResultsRequest) {
			r.InvokeId, r.InstanceId, r.ContentEncoding = invoked.InvokeId, "i-3", "PlainText"
		})
		if len(plain) != 1 || plain[0].Output != "hello\n" {
			t.Errorf("PlainText: %+v", plain)
		}
	})
}

// RunCommand of a script that exits 3 on one instance of three:
// PartialFailed, and ExitCodeNonzero on that instance; a run past its
// Timeout ends Timeout.
func TestOldSDKRunCommand(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := oldClient(t)
		ran, err := c.RunCommand(oldRun(l, "exit 3", "i-1", "i-2", "i-3"))
		if err != nil {
			t.Fatal(err)
		}
		slow := oldRun(l, "sleep 100", "i-3")
		slow.Timeout = requests.NewInteger(10)
		timedOut, err := c.RunCommand(slow)
		if err != nil {
			t.Fatal(err)
		}
		l.advance(t, 2*time.Second)
		if got, want := oldStatuses(t, l, c, ran.InvokeId), "PartialFailed: i-1=Success i-2=Failed i-3=Success"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		r := oldResults(t, l, c, func(r *oldecs.DescribeInvocationResultsRequest) { r.InvokeId, r.InstanceId = ran.InvokeId, "i-2" })[0]
		if r.InvocationStatus != "Failed" || r.ErrorCode != "ExitCodeNonzero" || r.ExitCode != 3 || unbase64(t, r.Output) != "three\n" {
			t.Errorf("i-2: %+v", r)
		}
		l.advance(t, 9*time.Second)
		if got, want := oldStatuses(t, l, c, timedOut.InvokeId), "Failed: i-3=Timeout"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		r = oldResults(t, l, c, func(r *oldecs.DescribeInvocationResultsRequest) { r.InvokeId = timedOut.InvokeId })[0]
		if r.ErrorCode != "ExecutionTimeout" || r.FinishedTime != "2025-01-02T03:04:16Z" {
			t.Errorf("%+v", r)
		}
	})
}

// StopInvocation of a running invocation: Stopping, then Terminated; of
// one that has ended, success and no change.
func TestOldSDKStopInvocation(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := oldClient(t)
		ran, err := c.RunCommand(oldRun(l, "sleep 100", "i-1", "i-2"))
		if err != nil {
			t.Fatal(err)
		}
		stop := func(instances ...string) {
			t.Helper()
			r := at(l, oldecs.CreateStopInvocationRequest())
			r.RegionId, r.InvokeId = "cn-hangzhou", ran.InvokeId
			if instances != nil {
				r.InstanceId = &instances
			}
			if _, err := c.StopInvocation(r); err != nil {
				t.Fatal(err)
			}
		}
		l.advance(t, 5*time.Second)
		stop()
		if got, want := oldStatuses(t, l, c, ran.InvokeId), "Stopping: i-1=Stopping i-2=Stopping"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		l.advance(t, time.Second)
		if got, want := oldStatuses(t, l, c, ran.InvokeId), "Stopped: i-1=Terminated i-2=Terminated"; got != want {
			t.Errorf("%s, want %s", got, want)
		}
		all := func(r *oldecs.DescribeInvocationResultsRequest) { r.InvokeId = ran.InvokeId }
		before := oldResults(t, l, c, all)
		l.advance(t, time.Minute)
		stop("i-1")
		after := oldResults(t, l, c, all)
		for i := range after {
			if !reflect.DeepEqual(after[i], before[i]) {
				t.Errorf("changed:\n%+v\n%+v", before[i], after[i])
			}
		}
		if after[0].StopTime != "2025-01-02T03:04:10Z" || after[0].InvokeRecordStatus != "Stopped" {
			t.Errorf("%+v", after[0])
		}
	})
}

// A periodic rate(1m) invocation over ten runs: Repeats 10 and ten
// records of history.
func TestOldSDKPeriodic(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := oldClient(t)
		r := oldRun(l, "echo hello", "i-1")
		r.Frequency = "rate(1m)"
		ran, err := c.RunCommand(r)
		if err != nil {
			t.Fatal(err)
		}
		l.advance(t, 10*time.Minute+20*time.Second)
		latest := oldResults(t, l, c, func(r *oldecs.DescribeInvocationResultsRequest) { r.InvokeId = ran.InvokeId })
		if len(latest) != 1 || latest[0].Repeats != 10 || latest[0].InvocationStatus != "Scheduled" {
			t.Errorf("%+v", latest)
		}
		history := oldResults(t, l, c, func(r *oldecs.DescribeInvocationResultsRequest) {
			r.InvokeId, r.IncludeHistory, r.PageSize = ran.InvokeId, requests.NewBoolean(true), requests.NewInteger(50)
		})
		if len(history) != 10 {
			t.Fatalf("%d records of history, want 10", len(history))
		}
		for i, h := range history {
			if h.Repeats != 10-i || h.InvocationStatus != "Success" || unbase64(t, h.Output) != "hello\n" {
				t.Errorf("run %d: %+v", 10-i, h)
			}
		}
	})
}

// Every error code of the operations comes back as the SDK's error, with the
// code and the HTTP status.
func TestOldSDKLifecycleErrors(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes, CommandQuota: 2}, func(t *testing.T, l *lifecycle) {
		c := oldClient(t)
		param, busy, invokeID := setupErrors(t, l.svc)
		run := func(set func(*oldecs.RunCommandRequest)) func() error {
			return func() error {
				r := oldRun(l, "true", "i-1")
				set(r)
				_, err := c.RunCommand(r)
				return err
			}
		}
		invoke := func(set func(*oldecs.InvokeCommandRequest)) func() error {
			return func() error {
				r := at(l, oldecs.CreateInvokeCommandRequest())
				r.RegionId, r.InstanceId = "cn-hangzhou", &[]string{"i-1"}
				set(r)
				_, err := c.InvokeCommand(r)
				return err
			}
		}
		create := func(set func(*oldecs.CreateCommandRequest)) func() error {
			return func() error {
				r := at(l, oldecs.CreateCreateCommandRequest())
				r.RegionId, r.Name, r.Type, r.CommandContent = "cn-hangzhou", "n", "RunShellScript", "dHJ1ZQ=="
				set(r)
				_, err := c.CreateCommand(r)
				return err
			}
		}
		stop := func(id string, instances ...string) func() error {
			return func() error {
				r := at(l, oldecs.CreateStopInvocationRequest())
				r.RegionId, r.InvokeId = "cn-hangzhou", id
				if instances != nil {
					r.InstanceId = &instances
				}
				_, err := c.StopInvocation(r)
				return err
			}
		}
		many := func(n int) []string { return strings.Split(strings.Repeat("i-1 ", n-1)+"i-1", " ") }
		tags := func(kv ...string) *[]oldecs.RunCommandTag {
			var out []oldecs.RunCommandTag
			for i := 0; i < len(kv); i += 2 {
				out = append(out, oldecs.RunCommandTag{Key: kv[i], Value: kv[i+1]})
			}
			return &out
		}
		tests := []struct {
			sdkErrorCase
			call func() error
		}{
			{sdkErrorCase{"no instance", "MissingParam.InstanceId", 400}, run(func(r *oldecs.RunCommandRequest) { r.InstanceId = nil })},
			{sdkErrorCase{"101 instances", "InstanceIds.ExceedLimit", 403}, run(func(r *oldecs.RunCommandRequest) { ids := many(101); r.InstanceId = &ids })},
			{sdkErrorCase{"51 instances to stop", "InstanceIds.ExceedLimit", 403}, stop(invokeID, many(51)...)},
			{sdkErrorCase{"an instance not in the fleet", "InvalidInstance.NotFound", 404}, run(func(r *oldecs.RunCommandRequest) { r.InstanceId = &[]string{"i-9"} })},
			{sdkErrorCase{"an instance not of the invocation", "InvalidInstanceId.NotFound", 404}, stop(invokeID, "i-2")},
			{sdkErrorCase{"a shell script on Windows", "InvalidInstance.NotMatch", 400}, run(func(r *oldecs.RunCommandRequest) { r.InstanceId = &[]string{"i-win"} })},
			{sdkErrorCase{"an unknown command", "InvalidCmdId.NotFound", 404}, invoke(func(r *oldecs.InvokeCommandRequest) { r.CommandId = "c-nope" })},
			{sdkErrorCase{"an unknown command type", "InvalidCmdType.NotFound", 404}, create(func(r *oldecs.CreateCommandRequest) { r.Type = "RunPythonScript" })},
			{sdkErrorCase{"an unknown invocation", "InvalidInvokeId.NotFound", 404}, stop("t-nope")},
			{sdkErrorCase{"an unknown repeat mode", "InvalidRepeatMode.NotFound", 404}, run(func(r *oldecs.RunCommandRequest) { r.RepeatMode = "Sometimes" })},
			{sdkErrorCase{"an unknown termination mode", "InvalidTerminationMode.NotFound", 404}, run(func(r *oldecs.RunCommandRequest) { r.TerminationMode = "Kill" })},
			{sdkErrorCase{"Period without Frequency", "MissingParam.Frequency", 400}, run(func(r *oldecs.RunCommandRequest) { r.RepeatMode = "Period" })},
			{sdkErrorCase{"a Frequency that cannot be read", "InvalidParam.Frequency", 400}, run(func(r *oldecs.RunCommandRequest) { r.Frequency = "rate(1s)" })},
			{sdkErrorCase{"Parameters of a command without them", "Parameter.Disabled", 400}, invoke(func(r *oldecs.InvokeCommandRequest) {
				r.CommandId, r.Parameters = busy, map[string]any{"name": "x"}
			})},
			{sdkErrorCase{"no value for a parameter", "Parameter.MissingValue", 400}, invoke(func(r *oldecs.InvokeCommandRequest) { r.CommandId = param })},
			{sdkErrorCase{"a parameter the command has not", "Parameter.NotMatched", 403}, invoke(func(r *oldecs.InvokeCommandRequest) {
				r.CommandId, r.Parameters = param, map[string]any{"name": "x", "other": "y"}
			})},
			{sdkErrorCase{"eleven parameters", "ParameterCount.ExceedLimit", 403}, invoke(func(r *oldecs.InvokeCommandRequest) {
				r.CommandId, r.Parameters = param, map[string]any{"a": 1, "b": 1, "c": 1, "d": 1, "e": 1, "f": 1, "g": 1, "h": 1, "i": 1, "j": 1, "k": 1}
			})},
			{sdkErrorCase{"a parameter name of 65 characters", "ParameterKey.ExceedLimit", 403}, invoke(func(r *oldecs.InvokeCommandRequest) {
				r.CommandId, r.Parameters = param, map[string]any{strings.Repeat("k", 65): 1}
			})},
			{sdkErrorCase{"content over 18 KB to keep", "CmdContent.ExceedLimit", 403}, run(func(r *oldecs.RunCommandRequest) {
				r.CommandContent, r.KeepCommand = strings.Repeat("x", 14_000), requests.NewBoolean(true)
			})},
			{sdkErrorCase{"content that is not Base64", "CmdContent.DecodeError", 400}, create(func(r *oldecs.CreateCommandRequest) { r.CommandContent = "not*base64" })},
			{sdkErrorCase{"a name of 129 characters", "CmdName.ExceedLimit", 403}, run(func(r *oldecs.RunCommandRequest) { r.Name = strings.Repeat("n", 129) })},
			{sdkErrorCase{"a description of 513 characters", "CmdDesc.ExceedLimit", 403}, create(func(r *oldecs.CreateCommandRequest) { r.Description = strings.Repeat("d", 513) })},
			{sdkErrorCase{"a third command", "CmdCount.ExceedQuota", 403}, create(func(*oldecs.CreateCommandRequest) {})},
			{sdkErrorCase{"a username of 256 characters", "Username.ExceedLimit", 403}, run(func(r *oldecs.RunCommandRequest) { r.Username = strings.Repeat("u", 256) })},
			{sdkErrorCase{"a ClientToken reused", "IdempotentParameterMismatch", 403}, run(func(r *oldecs.RunCommandRequest) { r.ClientToken, r.Name = "token-1", "other" })},
			{sdkErrorCase{"a command in use", "InvalidStatus.CmdIdInUse", 403}, func() error {
				r := at(l, oldecs.CreateDeleteCommandRequest())
				r.RegionId, r.CommandId = "cn-hangzhou", busy
				_, err := c.DeleteCommand(r)
				return err
			}},
			{sdkErrorCase{"21 tags", "NumberExceed.Tags", 400}, run(func(r *oldecs.RunCommandRequest) {
				r.Tag = tags("a", "", "b", "", "c", "", "d", "", "e", "", "f", "", "g", "", "h", "", "i", "", "j", "", "k", "", "l", "", "m", "",
					"n", "", "o", "", "p", "", "q", "", "r", "", "s", "", "t", "", "u", "")
			})},
			{sdkErrorCase{"a tag key twice", "Duplicate.TagKey", 400}, run(func(r *oldecs.RunCommandRequest) { r.Tag = tags("k", "1", "k", "2") })},
			{sdkErrorCase{"a tag key of 65 characters", "InvalidTagKey.Malformed", 400}, run(func(r *oldecs.RunCommandRequest) { r.Tag = tags(strings.Repeat("k", 65), "v") })},
			{sdkErrorCase{"a tag value of 129 characters", "InvalidTagValue.Malformed", 400}, run(func(r *oldecs.RunCommandRequest) { r.Tag = tags("k", strings.Repeat("v", 129)) })},
			{sdkErrorCase{"a tag value without its key", "MissingParameter.TagKey", 400}, run(func(r *oldecs.RunCommandRequest) { r.Tag = tags("", "v") })},
			{sdkErrorCase{"no name", "MissingParameter.Name", 400}, create(func(r *oldecs.CreateCommandRequest) { r.Name = "" })},
			{sdkErrorCase{"no command", "MissingParameter.CommandId", 400}, invoke(func(*oldecs.InvokeCommandRequest) {})},
			{sdkErrorCase{"a Timeout too short", "InvalidParam.Timeout", 400}, run(func(r *oldecs.RunCommandRequest) { r.Timeout = requests.NewInteger(9) })},
			{sdkErrorCase{"an unknown region", "InvalidRegionId.NotFound", 404}, run(func(r *oldecs.RunCommandRequest) { r.RegionId = "mars-1" })},
		}
		for _, tt := range tests {
			err := tt.call()
			var serverErr *sdkerrors.ServerError
			if !errors.As(err, &serverErr) {
				t.Errorf("%s: error %T: %v", tt.name, err, err)
				continue
			}
			if serverErr.ErrorCode() != tt.code || serverErr.HttpStatus() != tt.status {
				t.Errorf("%s: got %s %d, want %s %d", tt.name, serverErr.ErrorCode(), serverErr.HttpStatus(), tt.code, tt.status)
			}
		}
	})
}

// The fake's throttling faults come back as the SDK's error, with the
// vendor's code and status.
func TestOldSDKThrottled(t *testing.T) {
	for _, code := range []apierror.Code{"Throttling", "Throttling.User", "Throttling.Api"} {
		l := newLifecycle(t, ecstest.Options{Faults: []fault.Rule{{Code: code}}})
		_, err := oldClient(t).RunCommand(oldRun(l, "true", "i-1"))
		var serverErr *sdkerrors.ServerError
		if !errors.As(err, &serverErr) || serverErr.ErrorCode() != string(code) || serverErr.HttpStatus() != 400 {
			t.Errorf("%s: %v", code, err)
		}
	}
}

// DescribeInvocations' current-edition fields, as the older SDK reads
// them. It waits for the codecs to write them.
func TestOldSDKCurrentFieldsOfDescribeInvocations(t *testing.T) {
	bothLifecycles(t, ecstest.Options{Instances: lifecycleFleet, Outcome: lifecycleOutcomes}, func(t *testing.T, l *lifecycle) {
		c := oldClient(t)
		r := oldRun(l, "echo hello", "i-1", "i-2")
		r.Timeout, r.Username = requests.NewInteger(30), "root"
		ran, err := c.RunCommand(r)
		if err != nil {
			t.Fatal(err)
		}
		l.advance(t, 2*time.Second)
		for _, encoding := range []string{"", "PlainText"} {
			dr := at(l, oldecs.CreateDescribeInvocationsRequest())
			dr.RegionId, dr.InvokeId, dr.IncludeOutput, dr.ContentEncoding = "cn-hangzhou", ran.InvokeId, requests.NewBoolean(true), encoding
			res, err := c.DescribeInvocations(dr)
			if err != nil {
				t.Fatal(err)
			}
			inv := res.Invocations.Invocation[0]
			content, output := inv.CommandContent, inv.InvokeInstances.InvokeInstance[0].Output
			if encoding == "" {
				content, output = unbase64(t, content), unbase64(t, output)
			}
			if inv.RepeatMode != "Once" || inv.Timeout != 30 || inv.Username != "root" || content != "echo hello" || output != "hello\n" {
				t.Errorf("%s: invocation %+v", encoding, inv)
			}
			for _, in := range inv.InvokeInstances.InvokeInstance {
				if in.ExitCode != 0 || in.Repeats != 1 || in.StartTime != "2025-01-02T03:04:06Z" || in.FinishTime != "2025-01-02T03:04:07Z" ||
					in.UpdateTime != "2025-01-02T03:04:07Z" || in.CreationTime != "2025-01-02T03:04:05Z" {
					t.Errorf("%s: instance %+v", encoding, in)
				}
			}
		}
	})
}
