package vectors

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// params returns a Parameters object of n keys.
func params(n int) string {
	m := map[string]string{}
	for i := range n {
		m["p"+strconv.Itoa(i)] = "v"
	}
	b, _ := json.Marshal(m)
	return string(b)
}

// limitStories are the scenarios of limits, filters and the errors of the
// control plane.
func limitStories() []story {
	S := status.CurrentSuccess
	stopMany := []string{"RegionId", region, "InvokeId", "${invoke}"}
	for i := 1; i <= 51; i++ {
		stopMany = append(stopMany, "InstanceId."+strconv.Itoa(i), "i-linux1")
	}
	tags := []string{}
	for i := 1; i <= invocation.MaxTags+1; i++ {
		tags = append(tags, "Tag."+strconv.Itoa(i)+".Key", "k"+strconv.Itoa(i))
	}
	return []story{
		tell("command-parameters", "A command with EnableParameter takes Parameters by name; unknown names, too many keys and too long a key are refused.",
			rules("run.parameters", "invoke.errors"),
			call("CreateCommand", "RegionId", region, "Name", "greet", "Type", "RunShellScript", "CommandContent", b64("echo hello {{who}}"), "EnableParameter", "true").
				save("command", "CommandId"),
			call("DescribeCommands", "RegionId", region, "CommandId", "${command}").rec(cmds+"[0].EnableParameter", cmds+"[0].ParameterNames"),
			call("InvokeCommand", "RegionId", region, "CommandId", "${command}", "InstanceId.1", "i-linux1", "Parameters", `{"who":"world"}`).save("invoke", "InvokeId"),
			advance("2s"),
			results("ContentEncoding", "PlainText").is(res0+"Output", "hello world\n"),
			call("InvokeCommand", "RegionId", region, "CommandId", "${command}", "InstanceId.1", "i-linux1", "Parameters", `{"who":"x","whom":"y"}`).fails(apierror.ParameterNotMatched),
			call("InvokeCommand", "RegionId", region, "CommandId", "${command}", "InstanceId.1", "i-linux1", "Parameters", params(11)).fails(apierror.ParameterCountExceedLimit),
			call("InvokeCommand", "RegionId", region, "CommandId", "${command}", "InstanceId.1", "i-linux1", "Parameters", `{"`+strings.Repeat("k", 65)+`":"v"}`).fails(apierror.ParameterKeyExceedLimit),
		),
		tell("common-limits", "Timeout, WorkingDir, Launcher and the boolean parameters are checked before anything is made.",
			rules("invoke.errors", "command.create"),
			run("ls", "i-linux1").with("Timeout", "9").fails(apierror.InvalidParamTimeout),
			run("ls", "i-linux1").with("Timeout", "86401").fails(apierror.InvalidParamTimeout),
			run("ls", "i-linux1").with("WorkingDir", "/"+strings.Repeat("w", 200)).fails(apierror.InvalidParamWorkingDir),
			run("ls", "i-linux1").with("Launcher", strings.Repeat("l", 1025)).fails(apierror.InvalidParamLauncher),
			run("ls", "i-linux1").with("EnableParameter", "maybe").fails(apierror.InvalidParameterEnableParameter),
			run("ls", "i-linux1").with("KeepCommand", "maybe").fails(apierror.InvalidParameterKeepCommand),
			call("CreateCommand", "RegionId", region, "Name", "x", "Type", "RunShellScript", "CommandContent", b64("ls"), "Timeout", "5").fails(apierror.InvalidParamTimeout),
			invocations().is("TotalCount", 0),
			call("DescribeCommands", "RegionId", region).is("TotalCount", 0),
		),
		tell("command-quota", "A region keeps at most its quota of commands; RunCommand's own commands do not count unless kept.",
			rules("command.create"),
			call("CreateCommand", "RegionId", region, "Name", "many", "Type", "RunShellScript", "CommandContent", b64("ls")).times(fake.DefaultCommandQuota),
			call("CreateCommand", "RegionId", region, "Name", "one more", "Type", "RunShellScript", "CommandContent", b64("ls")).fails(apierror.CmdCountExceedQuota),
			run("echo not kept", "i-linux1"),
			run("echo kept", "i-linux1").with("KeepCommand", "true").fails(apierror.CmdCountExceedQuota),
			call("DescribeCommands", "RegionId", region, "Name", "many").is("TotalCount", fake.DefaultCommandQuota),
		),
		tell("stop-errors", "StopInvocation takes at most 50 instances, each an instance of the invocation.",
			rules("stop"),
			run("sleep 600", "i-linux1"),
			call("StopInvocation", stopMany...).fails(apierror.InstanceIDsExceedLimit),
			call("StopInvocation", "RegionId", region, "InvokeId", "${invoke}", "InstanceId.1", "i-linux2").fails(apierror.InvalidInstanceIDNotFound),
			results().is(res0+"InvocationStatus", status.CurrentPending),
		),
		tell("results-filters", "DescribeInvocationResults filters by instance, command and record status; an unknown InvokeId lists nothing.",
			rules("results", "run.failed"),
			run("fail on linux2", "i-linux1", "i-linux2"),
			advance("2s"),
			results("InvokeRecordStatus", string(legacy(status.CurrentFailed))).length(res, 2),
			results("InstanceId", "i-linux2").length(res, 1).is(res0+"ExitCode", 1),
			call("DescribeInvocationResults", "RegionId", region, "CommandId", "${command}").is("Invocation.TotalCount", 2),
			call("DescribeInvocationResults", "RegionId", region, "InvokeId", "t-00000000000000000000000000000000").is("Invocation.TotalCount", 0).length(res, 0),
			results("InvokeRecordStatus", "Sideways").fails(apierror.InvalidParameterInvokeRecordStatus),
			results("IncludeHistory", "maybe").fails(apierror.InvalidParameterIncludeHistory),
		),
		tell("windows", "A Windows instance runs PowerShell and batch scripts, not shell scripts.",
			rules("invoke.errors", "run.success"),
			call("RunCommand", "RegionId", region, "Type", "RunPowerShellScript", "CommandContent", "Get-Date", "InstanceId.1", "i-win1").save("invoke", "InvokeId"),
			advance("2s"),
			results().is(res0+"InvocationStatus", S),
			call("RunCommand", "RegionId", region, "Type", "RunBatScript", "CommandContent", "dir", "InstanceId.1", "i-win1", "InstanceId.2", "i-linux1").fails(apierror.InvalidInstanceNotMatch),
		),
		tell("every-reboot", "EveryReboot runs after each reboot and stays Timed; the instance waits Scheduled in between.",
			rules("reboot"),
			run("echo boot", "i-linux1").with("RepeatMode", "EveryReboot"),
			control("POST /_mock/reboot?InstanceId=i-linux1"),
			advance("2s"),
			results().is(res0+"Repeats", 1).is(res0+"InvocationStatus", status.CurrentScheduled),
			control("POST /_mock/reboot?InstanceId=i-linux1"),
			advance("2s"),
			results("IncludeHistory", "true").length(res, 2),
			invocations("InvokeId", "${invoke}").is(inv0+"Timed", true).rec(inv0+"InvocationStatus", inv0+"InvokeStatus"),
		),
		tell("content-encoding", "CommandContent and Output are Base64 unless ContentEncoding is PlainText; CreateCommand takes PlainText too.",
			rules("run.output", "command.create"),
			call("CreateCommand", "RegionId", region, "Name", "plain", "Type", "RunShellScript", "CommandContent", "echo plain", "ContentEncoding", "PlainText").save("command", "CommandId"),
			call("DescribeCommands", "RegionId", region, "CommandId", "${command}").is(cmds+"[0].CommandContent", b64("echo plain")),
			call("DescribeCommands", "RegionId", region, "CommandId", "${command}", "ContentEncoding", "PlainText").is(cmds+"[0].CommandContent", "echo plain"),
			run("echo ok", "i-linux1"),
			invocations("InvokeId", "${invoke}", "ContentEncoding", "PlainText").is(inv0+"CommandContent", "echo ok"),
			invocations("InvokeId", "${invoke}").is(inv0+"CommandContent", b64("echo ok")),
		),
		tell("tag-errors", "Tags are refused past their count, with an empty key, or with a key given twice.",
			rules("tags"),
			run("ls", "i-linux1").with(tags...).fails(apierror.NumberExceedTags),
			run("ls", "i-linux1").with("Tag.1.Value", "v").fails(apierror.MissingParameterTagKey),
			invocations().is("TotalCount", 0),
		),
		tell("resource-group", "An invocation made in a resource group is found by it.",
			rules("describe"),
			run("echo ok", "i-linux1").with("ResourceGroupId", "rg-x").save("grouped", "InvokeId"),
			run("echo ok", "i-linux2"),
			invocations("ResourceGroupId", "rg-x").length(inv, 1).is(inv0+"InvokeId", "${grouped}"),
			invocations("Timed", "true").length(inv, 0),
		),
		tell("control-errors", "Control requests with a bad value are refused with a 4xx and change nothing. Only the HTTP statuses are the contract; the codes are each fake's own.",
			rules("control.fleet", "reboot"),
			control("POST /_mock/reboot?InstanceId=i-nosuch").status(404, ""),
			control("POST /_mock/advance").status(400, ""),
			control("POST /_mock/advance?by=-1s").status(400, ""),
			control("GET /_mock/advance?by=1s").status(405, ""),
			control("POST /_mock/instances").body(map[string]any{"Instances": []map[string]any{{"InstanceId": "i-ok"}, {"InstanceId": "bad"}}}).status(400, ""),
			control("GET /_mock/instances").length("Instances", 6),
			control("POST /_mock/advance?by=1s&by=2s").status(400, ""),
			control("GET /_mock/nothing").status(404, ""),
			control("GET /_mock/now").is("Now", "${T}"),
		),
	}
}
