package vectors

import (
	"strconv"
	"strings"

	"github.com/ecsassist/cloudassistant/status"
)

// The region the scenarios call, and the paths of the answers they read.
const (
	region = "cn-hangzhou"
	res    = "Invocation.InvocationResults.InvocationResult"
	res0   = res + "[0]."
	inv    = "Invocations.Invocation"
	inv0   = inv + "[0]."
	cmds   = "Commands.Command"
)

// bigOutput is the output of the fleet's "big output" runs: a first
// line, then 24,576 bytes that a record keeps, the most it keeps.
var bigOutput = "this line is dropped\n" + strings.Repeat("x", 24576-len("kept\n")) + "kept\n"

// scenarioFleet is the fleet file the scenarios assume: its instances,
// and outcomes chosen by what a run's content contains.
func scenarioFleet() fleetFile {
	return fleetFile{
		Instances: []fleetInstance{
			{InstanceID: "i-linux1", OS: "linux", ResourceGroupID: "rg-a", Tags: map[string]string{"team": "blue"}},
			{InstanceID: "i-linux2", OS: "linux"},
			{InstanceID: "i-linux3", OS: "linux"},
			{InstanceID: "i-win1", OS: "windows"},
			{InstanceID: "i-stopped", OS: "linux", Status: "Stopped"},
			{InstanceID: "i-noagent", OS: "linux", Agent: "Stopped"},
		},
		Outcomes: []fleetOutcome{
			{Match: "exit 3", ExitCode: 3, Output: "three\n"},
			{Match: "fail on linux2", InstanceID: "i-linux2", ExitCode: 1, Output: "no\n"},
			{Match: "sleep 600", Duration: "600s"},
			{Match: "sleep 30", Duration: "30s", Output: "slept\n"},
			{Match: "raise", Status: "Error", ErrorCode: "ExecutionException"},
			{Match: "cd /nowhere", Status: "Invalid", ErrorCode: "DirectoryNotExists"},
			{Match: "hello world", Output: "hello world\n"},
			{Match: "echo i-linux1 t-", Output: "named\n"},
			{Match: "big output", Output: bigOutput},
		},
	}
}

// fleetFile is the fake server's fleet file, its members in the order
// its documentation gives them.
type fleetFile struct {
	Instances []fleetInstance
	Outcomes  []fleetOutcome
}

type fleetInstance struct {
	InstanceID      string            `json:"InstanceId"`
	OS              string            `json:",omitempty"`
	Status          string            `json:",omitempty"`
	Agent           string            `json:",omitempty"`
	ResourceGroupID string            `json:"ResourceGroupId,omitempty"`
	Tags            map[string]string `json:",omitempty"`
}

type fleetOutcome struct {
	Match      string
	InstanceID string `json:"InstanceId,omitempty"`
	ExitCode   int    `json:",omitempty"`
	Output     string `json:",omitempty"`
	Duration   string `json:",omitempty"`
	Status     string `json:",omitempty"`
	ErrorCode  string `json:",omitempty"`
}

// scenarioRules are the rules the scenarios check, by id.
var scenarioRules = map[string]string{
	"run.lifecycle":   "A run is Pending when created, Running when delivered 1 s later (StartTime), and ends when its script does (FinishedTime); DescribeInvocations, DescribeInvocationResults and the state document tell the same story.",
	"run.success":     "A script that exits 0 ends Success, InvokeRecordStatus Finished, ExitCode 0, no ErrorCode.",
	"run.failed":      "A script that exits non-zero ends Failed with ErrorCode ExitCodeNonzero and its ExitCode; InvokeRecordStatus is Finished.",
	"run.timeout":     "A script still running Timeout seconds after it started ends Timeout with ErrorCode ExecutionTimeout and FinishedTime = StartTime + Timeout.",
	"run.error":       "A scripted outcome may end a run Error or Invalid with its ErrorCode.",
	"run.output":      "Output is Base64 unless ContentEncoding is PlainText; a record keeps the last 24,576 bytes and Dropped counts the rest.",
	"run.parameters":  "{{name}} in a command's content is replaced by the invocation's Parameters, {{ACS::InstanceId}}, {{ACS::InvokeId}}, {{ACS::CommandId}} and {{ACS::RegionId}} by their values, before the run.",
	"rollup":          "An invocation's overall status is the roll-up of its instances' statuses, in the current and the legacy family, by the rules for one-time and periodic invocations.",
	"aborted":         "A run on an instance that is not running, or whose agent is not, is never delivered: 60 s after its creation it is Aborted with ErrorCode InstanceNotRunning or ClientNotRunning.",
	"stop":            "StopInvocation cancels runs not yet started (Cancelled) and stops running ones (Stopping, then Terminated 1 s later with StopTime the call's time); an ended invocation is left as it is.",
	"periodic":        "A periodic invocation is Scheduled between runs; rate(N) runs one interval after creation and one interval after each run ends; each run adds to Repeats and a history record, newest first.",
	"reboot":          "NextRebootOnly and EveryReboot runs wait, Scheduled, for a reboot and are delivered 1 s after it.",
	"command.create":  "CreateCommand checks its parameters and makes a command that DescribeCommands lists with its defaults.",
	"command.list":    "DescribeCommands filters by id, type and name (a trailing * matches a prefix), counts InvokeTimes, and pages.",
	"command.delete":  "DeleteCommand removes a command; an unknown one is InvalidCmdId.NotFound, one that an invocation still running uses is InvalidStatus.CmdIdInUse.",
	"command.keep":    "A command that RunCommand makes disappears when its invocation ends, unless KeepCommand is true.",
	"invoke.errors":   "InvokeCommand and RunCommand refuse bad parameters with the vendor's codes and HTTP statuses.",
	"idempotency":     "A repeated ClientToken with the same parameters answers the first call's invocation; with other parameters it is IdempotentParameterMismatch.",
	"paging":          "Every list pages by PageNumber and PageSize or by NextToken and MaxResults; the last page carries no NextToken.",
	"results":         "DescribeInvocationResults filters records by instance, command and record status; an unknown InvokeId lists nothing.",
	"describe":        "DescribeInvocations lists invocations newest first, computed live from their executions, and filters them.",
	"tags":            "Tags given to an invocation are kept on it and its records, and filter them.",
	"region":          "A region the service does not know is refused.",
	"control.reset":   "POST /_mock/reset removes every command, invocation and fault rule, empties the journal and restarts the ids, without moving the clock.",
	"control.state":   "GET /_mock/state lists the instances, commands and invocations, each execution with every status it has had, oldest first.",
	"control.faults":  "Fault rules answer errors (error), do the operation then answer an error (lost), or close the connection (drop), by action, region and instance, with Skip and Times.",
	"control.journal": "GET /_mock/requests lists the API requests received, with their parameters and answers, oldest first.",
	"control.fleet":   "POST /_mock/instances adds or changes instances; a run on an instance or agent that stops ends Failed with ExecutionInterrupted.",
}

// overall returns the overall current and legacy statuses of an
// invocation whose instances have the current statuses given, as the
// library rolls them up.
func overall(timed bool, instances ...status.Current) (status.Current, status.Legacy) {
	var cur status.CurrentSet
	var leg status.LegacySet
	for _, s := range instances {
		if err := cur.Add(s); err != nil {
			panic(err)
		}
		l, err := s.Legacy()
		if err != nil {
			panic(err)
		}
		if err := leg.Add(l); err != nil {
			panic(err)
		}
	}
	c, err := cur.Rollup()
	if err != nil {
		panic(err)
	}
	l, err := leg.Rollup(timed)
	if err != nil {
		panic(err)
	}
	return c, l
}

// legacy returns the legacy status of one instance's current status.
func legacy(s status.Current) status.Legacy {
	l, err := s.Legacy()
	if err != nil {
		panic(err)
	}
	return l
}

// run is a RunCommand of a shell script on instances.
func run(content string, instances ...string) *act {
	kv := []string{"RegionId", region, "Type", "RunShellScript", "CommandContent", content}
	for i, id := range instances {
		kv = append(kv, "InstanceId."+strconv.Itoa(i+1), id)
	}
	return call("RunCommand", kv...).save("invoke", "InvokeId").save("command", "CommandId")
}

func (a *act) with(kv ...string) *act {
	for i := 0; i+1 < len(kv); i += 2 {
		a.step.Params[kv[i]] = kv[i+1]
	}
	return a
}

func results(kv ...string) *act {
	return call("DescribeInvocationResults", append([]string{"RegionId", region, "InvokeId", "${invoke}"}, kv...)...)
}

func invocations(kv ...string) *act {
	return call("DescribeInvocations", append([]string{"RegionId", region}, kv...)...)
}
