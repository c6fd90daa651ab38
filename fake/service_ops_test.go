package fake_test

import (
	"encoding/base64"
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// echo is an outcome function whose runs print the content they ran.
func echo(x fake.Execution) fake.Result { return fake.Result{Output: x.Content} }

func code(err error) apierror.Code {
	var apiErr *apierror.Error
	if errors.As(err, &apiErr) {
		return apiErr.Code
	}
	return ""
}

func TestClientToken(t *testing.T) {
	f := newFake(t, fake.Config{})
	cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: "eA=="})
	require.NoError(t, err)
	req := fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-1", "i-2"}, ClientToken: "abc"}
	first, err := f.svc.InvokeCommand(req)
	require.NoError(t, err)
	f.clock.Advance(time.Hour)
	again, err := f.svc.InvokeCommand(req)
	require.NoError(t, err)
	require.Equal(t, first, again, "the same token and parameters: the same invocation")

	other := req
	other.Username = "admin"
	_, err = f.svc.InvokeCommand(other)
	require.Equal(t, apierror.IdempotentParameterMismatch, code(err), "the same token, other parameters")

	run := fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}, ClientToken: "abc"}
	_, _, err = f.svc.RunCommand(run)
	require.Equal(t, apierror.IdempotentParameterMismatch, code(err), "a token used by InvokeCommand, reused by RunCommand")

	run.ClientToken = "run"
	c1, i1, err := f.svc.RunCommand(run)
	require.NoError(t, err)
	c2, i2, err := f.svc.RunCommand(run)
	require.NoError(t, err)
	require.Equal(t, [2]string{c1, i1}, [2]string{c2, i2}, "RunCommand: the same CommandId and InvokeId")

	run.RegionID = "cn-beijing"
	_, i3, err := f.svc.RunCommand(run)
	require.NoError(t, err)
	require.NotEqual(t, i1, i3, "a token belongs to its region")

	resp, err := f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz})
	require.NoError(t, err)
	require.Equal(t, 2, resp.TotalCount, "no invocation is made twice")
}

func TestDryRun(t *testing.T) {
	f := newFake(t, fake.Config{})
	cmd, invoke, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x",
		InstanceIDs: []string{"i-1"}, RepeatMode: invocation.DryRun, KeepCommand: true})
	require.NoError(t, err)
	require.Equal(t, [2]string{"", ""}, [2]string{cmd, invoke})
	_, _, err = f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x",
		InstanceIDs: []string{"i-1"}, RepeatMode: invocation.DryRun, Frequency: "rate(1s)"})
	require.Equal(t, apierror.InvalidParamFrequency, code(err), "a dry run checks the request")
	cmds, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz})
	require.NoError(t, err)
	require.Zero(t, cmds.TotalCount, "a dry run keeps no command")
	invs, err := f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: hz})
	require.NoError(t, err)
	require.Zero(t, invs.TotalCount, "and runs nothing")
}

func TestKeepCommand(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(fake.Script{Duration: 10 * time.Second})})
	temp, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}})
	require.NoError(t, err)
	kept, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Name: "keep", Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}, KeepCommand: true})
	require.NoError(t, err)
	listed := func() []string {
		r, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz})
		require.NoError(t, err)
		var ids []string
		for _, c := range r.Commands {
			ids = append(ids, c.CommandID)
		}
		return ids
	}
	require.Equal(t, []string{temp, kept}, listed(), "both exist while they run; made in the same second, they are listed in the order they were made")
	require.Equal(t, apierror.InvalidStatusCmdIDInUse, code(f.svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: temp})))
	f.clock.Advance(11 * time.Second)
	require.Equal(t, []string{kept}, listed(), "the command not kept goes when its run ends")
	require.Equal(t, apierror.InvalidCmdIDNotFound, code(f.svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: temp})))
	require.NoError(t, f.svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: kept}), "a command whose runs ended can be deleted")
	require.Empty(t, listed())
}

func TestServiceParameters(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: echo})
	cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, EnableParameter: true, ContentEncoding: fake.PlainText,
		CommandContent: "{{name}} {{ count }} {{on}} {{ACS::InstanceId}} {{ACS::InvokeId}} {{ACS::CommandId}} {{ACS::RegionId}} {{ACS::InstanceName}} {{name}}"})
	require.NoError(t, err)
	id, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-1"},
		Parameters: `{"name":"Jack","count":3,"on":true}`})
	require.NoError(t, err)
	f.clock.Advance(2 * time.Second)
	inv := f.invocation(id)
	require.Equal(t, fmt.Sprintf("Jack 3 true i-1 %s %s %s {{ACS::InstanceName}} Jack", id, cmd, hz), inv.Instances[0].Output,
		"parameters and built-in names are replaced before the run; other built-in names stay")
	require.Equal(t, `{"name":"Jack","count":3,"on":true}`, inv.Parameters)

	cmds, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz, CommandID: cmd})
	require.NoError(t, err)
	require.Equal(t, []string{"name", "count", "on"}, cmds.Commands[0].ParameterNames)

	// Without EnableParameter the content runs as written.
	id = f.run("echo {{name}} {{ACS::InstanceId}}", "i-1")
	f.clock.Advance(2 * time.Second)
	require.Equal(t, "echo {{name}} {{ACS::InstanceId}}", f.invocation(id).Instances[0].Output)
}

func TestDescribeInvocationsFields(t *testing.T) {
	f := newFake(t, fake.Config{})
	cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "deploy", Type: invocation.RunShellScript, CommandContent: "ZWNobyBoaQ==",
		Description: "says hi", WorkingDir: "/srv", Launcher: "bash", Timeout: invocation.Some[int64](30)})
	require.NoError(t, err)
	id, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: []string{"i-2", "i-1", "i-2"},
		Username: "admin", ContainerID: "ctr", ContainerName: "web", ResourceGroupID: "rg-1",
		Tags: []invocation.Tag{{Key: "team", Value: "a"}}})
	require.NoError(t, err)
	q := fake.Query{RegionID: hz, InvokeID: id}
	r, err := f.svc.DescribeInvocations(q)
	require.NoError(t, err)
	inv := r.Invocations[0]
	inv.Instances = nil
	require.Equal(t, invocation.Invocation{
		InvokeID: id, CommandID: cmd, CommandName: "deploy", CommandType: invocation.RunShellScript,
		InvokeStatus: status.LegacyRunning, InvocationStatus: status.CurrentPending, CreationTime: t0,
		RepeatMode: invocation.Once, CommandContent: "ZWNobyBoaQ==", CommandDescription: "says hi",
		Timeout: invocation.Some[int64](30), Username: "admin", WorkingDir: "/srv", Launcher: "bash",
		TerminationMode: invocation.Process, ContainerID: "ctr", ContainerName: "web",
		Tags: []invocation.Tag{{Key: "team", Value: "a"}},
	}, inv, "the command's WorkingDir, Launcher and Timeout when the invocation gives none; Process by default")
	require.Len(t, r.Invocations[0].Instances, 2, "an instance named twice runs once")
	require.Equal(t, "i-2", r.Invocations[0].Instances[0].InstanceID, "in the order given")

	q = fake.Query{RegionID: hz, ResourceGroupID: "rg-1"}
	r, err = f.svc.DescribeInvocations(q)
	require.NoError(t, err)
	require.Equal(t, 1, r.TotalCount, "the resource group it was created in")
	q.ResourceGroupID = "rg-2"
	r, err = f.svc.DescribeInvocations(q)
	require.NoError(t, err)
	require.Zero(t, r.TotalCount)
}

func TestDescribeCommands(t *testing.T) {
	f := newFake(t, fake.Config{})
	var ids []string
	for i, name := range []string{"deploy-web", "deploy-db", "backup", "clean"} {
		typ := invocation.RunShellScript
		if i == 3 {
			typ = invocation.RunPowerShellScript
		}
		id, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: name, Type: typ, CommandContent: "echo " + name,
			ContentEncoding: fake.PlainText, ResourceGroupID: fmt.Sprintf("rg-%d", i%2), Tags: []invocation.Tag{{Key: "n", Value: fmt.Sprint(i)}}})
		require.NoError(t, err)
		ids = append(ids, id)
		f.clock.Advance(time.Second)
	}
	for range 2 {
		_, err := f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: ids[2], InstanceIDs: []string{"i-1"}})
		require.NoError(t, err)
	}
	names := func(req fake.DescribeCommandsRequest) []string {
		req.RegionID = hz
		r, err := f.svc.DescribeCommands(req)
		require.NoError(t, err)
		var out []string
		for _, c := range r.Commands {
			out = append(out, c.Name)
		}
		return out
	}
	tests := []struct {
		name string
		req  fake.DescribeCommandsRequest
		want []string
	}{
		{name: "all, newest first", want: []string{"clean", "backup", "deploy-db", "deploy-web"}},
		{name: "by id", req: fake.DescribeCommandsRequest{CommandID: ids[1]}, want: []string{"deploy-db"}},
		{name: "an unknown id: none", req: fake.DescribeCommandsRequest{CommandID: "c-nope"}},
		{name: "by type", req: fake.DescribeCommandsRequest{Type: invocation.RunPowerShellScript}, want: []string{"clean"}},
		{name: "by name", req: fake.DescribeCommandsRequest{Name: "deploy"}},
		{name: "by a name prefix", req: fake.DescribeCommandsRequest{Name: "deploy*"}, want: []string{"deploy-db", "deploy-web"}},
		{name: "by resource group", req: fake.DescribeCommandsRequest{ResourceGroupID: "rg-1"}, want: []string{"clean", "deploy-db"}},
		{name: "by tag", req: fake.DescribeCommandsRequest{Tags: []invocation.Tag{{Key: "n", Value: "2"}}}, want: []string{"backup"}},
		{name: "by tag key", req: fake.DescribeCommandsRequest{Tags: []invocation.Tag{{Key: "n"}}}, want: []string{"clean", "backup", "deploy-db", "deploy-web"}},
		{name: "page 2 of 3", req: fake.DescribeCommandsRequest{Paging: paging.Request{Page: paging.Page{Number: 2, Size: 3}}}, want: []string{"deploy-web"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, names(tt.req))
		})
	}

	r, err := f.svc.DescribeCommands(fake.DescribeCommandsRequest{RegionID: hz, CommandID: ids[2]})
	require.NoError(t, err)
	require.Equal(t, fake.DescribeCommandsResponse{TotalCount: 1, PageNumber: 1, PageSize: 10, Commands: []fake.Command{{
		CommandID: ids[2], Name: "backup", Type: invocation.RunShellScript, CommandContent: base64.StdEncoding.EncodeToString([]byte("echo backup")),
		Timeout: 60, InvokeTimes: 2, CreationTime: t0.Add(2 * time.Second), ResourceGroupID: "rg-0", Tags: []invocation.Tag{{Key: "n", Value: "2"}},
	}}}, r, "content in Base64 by default; Timeout 60 by default; InvokeTimes counts the invocations")

	// Token paging walks every command once, in order.
	var walked []string
	req := fake.DescribeCommandsRequest{RegionID: hz, ContentEncoding: fake.PlainText, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 3}}}
	for {
		r, err := f.svc.DescribeCommands(req)
		require.NoError(t, err)
		require.Equal(t, 4, r.TotalCount)
		require.Zero(t, r.PageNumber, "token paging has no page number")
		for _, c := range r.Commands {
			walked = append(walked, c.Name)
			require.Equal(t, "echo "+c.Name, c.CommandContent)
		}
		if r.NextToken == "" {
			break
		}
		req.Paging.Cursor.NextToken = r.NextToken
	}
	require.Equal(t, []string{"clean", "backup", "deploy-db", "deploy-web"}, walked)
	req.Type = invocation.RunShellScript
	_, err = f.svc.DescribeCommands(req)
	require.Equal(t, apierror.InvalidParameterNextToken, code(err), "a token issued for other filters")
}

func TestInvocationResults(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(
		fake.Script{Match: "fail", InstanceID: "i-2", ExitCode: 1, Output: "no"},
		fake.Script{Output: "ok"},
	)})
	periodic := fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "fail sometimes", InstanceIDs: []string{"i-1", "i-2"},
		Frequency: "rate(1m)", Tags: []invocation.Tag{{Key: "kind", Value: "periodic"}}, ResourceGroupID: "rg-p"}
	cmd, pid, err := f.svc.RunCommand(periodic)
	require.NoError(t, err)
	f.clock.Advance(11 * time.Minute)
	once := f.run("once", "i-1", "i-3")
	f.clock.Advance(time.Second)

	latest := f.results(fake.DescribeInvocationResultsRequest{})
	var got []string
	for _, r := range latest {
		got = append(got, fmt.Sprintf("%s %s %s/%s repeats=%d", r.InvokeID, r.InstanceID, r.InvocationStatus, r.InvokeRecordStatus, r.Repeats.Value))
	}
	require.Equal(t, []string{
		once + " i-1 Running/Running repeats=1",
		once + " i-3 Running/Running repeats=1",
		pid + " i-1 Scheduled/Running repeats=10",
		pid + " i-2 Scheduled/Running repeats=10",
	}, got, "one record per invocation and instance: newest invocation first, instances in order")

	history := f.results(fake.DescribeInvocationResultsRequest{InvokeID: pid, InstanceID: "i-2", IncludeHistory: true})
	require.Len(t, history, 10, "rate(1m) for 11 minutes: ten runs, each one 1 s delivery + 1 s run + 60 s")
	for i, r := range history {
		n := int32(10 - i)
		start := t0.Add(time.Duration(n)*time.Minute + time.Duration(2*n-1)*time.Second)
		require.Equal(t, invocation.Result{
			CommandID: cmd, InvokeID: pid, InstanceID: "i-2", InvocationStatus: status.CurrentFailed, InvokeRecordStatus: status.LegacyFinished,
			ExitCode: invocation.Some[int64](1), Output: "no", Dropped: invocation.Some[int32](0), Repeats: invocation.Some(n),
			StartTime: start, FinishedTime: start.Add(time.Second), ErrorCode: invocation.ExitCodeNonzero, ErrorInfo: "the command exited with a non-zero code",
			TerminationMode: invocation.Process, Tags: periodic.Tags,
		}, r, "run %d, newest first", n)
	}

	count := func(req fake.DescribeInvocationResultsRequest) int {
		req.RegionID = hz
		r, err := f.svc.DescribeInvocationResults(req)
		require.NoError(t, err)
		return r.TotalCount
	}
	tests := []struct {
		name string
		req  fake.DescribeInvocationResultsRequest
		want int
	}{
		{"everything", fake.DescribeInvocationResultsRequest{}, 4},
		{"with history: every run that started", fake.DescribeInvocationResultsRequest{IncludeHistory: true}, 22},
		{"an unknown InvokeId", fake.DescribeInvocationResultsRequest{InvokeID: "t-nope"}, 0},
		{"by instance", fake.DescribeInvocationResultsRequest{InstanceID: "i-1"}, 2},
		{"by instance, history", fake.DescribeInvocationResultsRequest{InstanceID: "i-1", IncludeHistory: true}, 11},
		{"by command", fake.DescribeInvocationResultsRequest{CommandID: cmd}, 2},
		{"by record status", fake.DescribeInvocationResultsRequest{InvokeRecordStatus: status.LegacyRunning}, 4},
		{"by record status, history", fake.DescribeInvocationResultsRequest{InvokeRecordStatus: status.LegacyFinished, IncludeHistory: true}, 20},
		{"by resource group", fake.DescribeInvocationResultsRequest{ResourceGroupID: "rg-p"}, 2},
		{"by tag", fake.DescribeInvocationResultsRequest{Tags: []invocation.Tag{{Key: "kind"}}}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, count(tt.req))
		})
	}

	r, err := f.svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, InvokeID: pid, InstanceID: "i-1", IncludeHistory: true,
		Paging: paging.Request{Page: paging.Page{Number: 2, Size: 4}}})
	require.NoError(t, err)
	require.Equal(t, 10, r.TotalCount)
	require.Equal(t, [2]int{2, 4}, [2]int{r.PageNumber, r.PageSize})
	require.Len(t, r.Results, 4)
	require.Equal(t, int32(6), r.Results[0].Repeats.Value)
	require.Equal(t, base64.StdEncoding.EncodeToString([]byte("ok")), r.Results[0].Output, "Output in Base64 by default")

	// Stopping a periodic invocation: its history keeps the runs.
	require.NoError(t, f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: pid}))
	require.Equal(t, 10, count(fake.DescribeInvocationResultsRequest{InvokeID: pid, InstanceID: "i-1", IncludeHistory: true}))
	require.Equal(t, 2, count(fake.DescribeInvocationResultsRequest{InvokeID: pid, InvokeRecordStatus: status.LegacyStopped}))
}

func TestRetention(t *testing.T) {
	t.Run("count: ended ones first, oldest first", func(t *testing.T) {
		f := newFake(t, fake.Config{MaxInvocations: 3, Outcome: fake.MatchScripts(fake.Script{Match: "long", Duration: time.Hour})})
		long := f.run("long", "i-1")
		f.clock.Advance(time.Second)
		a := f.run("short", "i-1")
		f.clock.Advance(time.Second)
		b := f.run("short", "i-1")
		f.clock.Advance(5 * time.Second)
		c := f.run("short", "i-1")
		require.Equal(t, []string{c, b, long}, f.invocationIDs(), "a ended first and went")
		f.clock.Advance(5 * time.Second)
		d := f.run("long", "i-1")
		require.Equal(t, []string{d, c, long}, f.invocationIDs(), "then b, which ended after a")
		f.clock.Advance(time.Second)
		e := f.run("long", "i-1")
		require.Equal(t, []string{e, d, long}, f.invocationIDs(), "then c")
		f.clock.Advance(time.Second)
		g := f.run("long", "i-1")
		require.Equal(t, []string{g, e, d}, f.invocationIDs(), "none has ended: the oldest goes")
		_ = a
		require.Equal(t, apierror.InvalidInvokeIDNotFound, code(f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: long})))
		require.Empty(t, f.results(fake.DescribeInvocationResultsRequest{InvokeID: long}))
	})
	t.Run("age: an ended invocation is kept for Retention", func(t *testing.T) {
		f := newFake(t, fake.Config{Retention: time.Hour})
		a := f.run("x", "i-1") // ends at +2s
		f.clock.Advance(30 * time.Minute)
		b := f.run("x", "i-1")
		f.clock.Set(t0.Add(time.Hour + time.Second))
		require.Equal(t, []string{b, a}, f.invocationIDs())
		f.clock.Set(t0.Add(time.Hour + 2*time.Second))
		require.Equal(t, []string{b}, f.invocationIDs(), "an hour after it ended")
	})
	t.Run("a periodic invocation that runs is not aged out", func(t *testing.T) {
		f := newFake(t, fake.Config{Retention: time.Hour})
		p := f.run("x", "i-1")
		_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}, Frequency: "rate(1h)"})
		require.NoError(t, err)
		f.clock.Advance(5 * time.Hour)
		ids := f.invocationIDs()
		require.Len(t, ids, 1)
		require.NotEqual(t, p, ids[0])
		require.Len(t, f.results(fake.DescribeInvocationResultsRequest{InvokeID: ids[0], IncludeHistory: true}), 1,
			"its history keeps the runs of the retention period, and the last")
	})
}

// invocationIDs lists the InvokeIds DescribeInvocations shows, newest
// first.
func (f *tfake) invocationIDs() []string {
	f.t.Helper()
	q := fake.Query{RegionID: hz, Paging: paging.Request{Page: paging.Page{Number: 1, Size: 50}}}
	r, err := f.svc.DescribeInvocations(q)
	require.NoError(f.t, err)
	var ids []string
	for _, inv := range r.Invocations {
		ids = append(ids, inv.InvokeID)
	}
	return ids
}

func TestServiceRegions(t *testing.T) {
	f := newFake(t, fake.Config{Regions: []string{hz, "cn-beijing"}})
	cmd, err := f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: "eA=="})
	require.NoError(t, err)
	id := f.run("x", "i-1")
	_, err = f.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: "cn-beijing", CommandID: cmd, InstanceIDs: []string{"i-1"}})
	require.Equal(t, apierror.InvalidCmdIDNotFound, code(err), "a command belongs to its region")
	require.Equal(t, apierror.InvalidInvokeIDNotFound, code(f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: "cn-beijing", InvokeID: id})))
	r, err := f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: "cn-beijing"})
	require.NoError(t, err)
	require.Zero(t, r.TotalCount)
	res, err := f.svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: "cn-beijing", InvokeID: id})
	require.NoError(t, err)
	require.Zero(t, res.TotalCount)
	_, err = f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: "cn-shanghai"})
	require.Equal(t, apierror.InvalidRegionIDNotFound, code(err), "only the configured regions")
}

// A clock set back does not take the service back: it stands still until
// the clock passes the latest time the service saw.
func TestClockBack(t *testing.T) {
	f := newFake(t, fake.Config{Outcome: fake.MatchScripts(fake.Script{Duration: 10 * time.Second})})
	id := f.run("x", "i-1")
	f.clock.Advance(5 * time.Second)
	require.Equal(t, "Running/Running repeats=1 start=+1s", brief(f.invocation(id).Instances[0]))
	f.clock.Set(t0)
	second := f.run("x", "i-1")
	require.Equal(t, t0.Add(5*time.Second), f.invocation(second).CreationTime, "created at the latest time seen")
	f.clock.Set(t0.Add(11 * time.Second))
	require.Equal(t, "Success/Finished repeats=1 exit=0 start=+1s finish=+11s", brief(f.invocation(id).Instances[0]))
}

// The service's responses break no rule of the spec oracle.
func TestServiceConforms(t *testing.T) {
	f := newFake(t, fake.Config{
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-3", Agent: fake.AgentStopped}},
		Outcome: fake.MatchScripts(fake.Script{Match: "fail", InstanceID: "i-2", ExitCode: 2, Output: strings.Repeat("y", 30000)},
			fake.Script{Match: "slow", Duration: time.Minute}),
	})
	f.run("fail", "i-1", "i-2")
	f.run("slow", "i-1", "i-3")
	stop := f.run("slow", "i-1", "i-2")
	_, _, err := f.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "fail", InstanceIDs: []string{"i-1", "i-2"}, Frequency: "rate(1m)"})
	require.NoError(t, err)
	for i := range 200 {
		if i == 20 {
			require.NoError(t, f.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: stop}))
		}
		q := fake.Query{RegionID: hz, InstanceID: "i-1", IncludeOutput: true}
		r, err := f.svc.DescribeInvocations(q)
		require.NoError(t, err)
		r.RequestID = "00000000-0000-0000-0000-000000000000"
		require.Equal(t, 4, r.TotalCount)
		for _, finding := range conform.Check(&r, nil) {
			// A stopped periodic invocation is no longer Timed but keeps its
			// Frequency, which the oracle warns about.
			if finding.Severity == conform.SeverityError || finding.Rule != conform.RuleFrequency {
				t.Fatalf("at +%ds: %+v", i, finding)
			}
		}
		f.clock.Advance(time.Second)
	}
}

// Kept commands count against the region's quota; RunCommand's command
// that is not kept does not.
func TestCommandQuota(t *testing.T) {
	f := newFake(t, fake.Config{CommandQuota: 1, Regions: []string{hz, "cn-beijing"}})
	run := fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: "x", InstanceIDs: []string{"i-1"}, KeepCommand: true}
	kept, _, err := f.svc.RunCommand(run)
	require.NoError(t, err)
	_, _, err = f.svc.RunCommand(run)
	require.Equal(t, apierror.CmdCountExceedQuota, code(err))
	run.KeepCommand = false
	_, _, err = f.svc.RunCommand(run)
	require.NoError(t, err, "a command that goes with its run takes no quota")
	_, err = f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-beijing", Name: "n", Type: invocation.RunShellScript, CommandContent: "eA=="})
	require.NoError(t, err, "the quota is per region")
	f.clock.Advance(time.Minute)
	require.NoError(t, f.svc.DeleteCommand(fake.DeleteCommandRequest{RegionID: hz, CommandID: kept}))
	_, err = f.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: "eA=="})
	require.NoError(t, err, "a deleted command frees its place")
}
