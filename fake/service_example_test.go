package fake_test

import (
	"fmt"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
)

// A test drives the fake from Go: a virtual clock, a command run on two
// instances, the clock advanced, and the results read. Nothing sleeps:
// the clock moves when the test says so.
func ExampleService() {
	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	svc, err := fake.NewService(fake.Config{
		Clock: clock,
		Outcome: fake.MatchScripts(
			fake.Script{Match: "deploy", InstanceID: "i-2", ExitCode: 3, Output: "disk full\n"},
			fake.Script{Match: "deploy", Output: "deployed\n", Duration: 5 * time.Second},
		),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	_, invokeID, err := svc.RunCommand(fake.RunCommandRequest{
		RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "./deploy.sh",
		InstanceIDs: []string{"i-1", "i-2"},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	show := func() {
		q := fake.Query{RegionID: "cn-hangzhou", InvokeID: invokeID}
		r, _ := svc.DescribeInvocations(q)
		fmt.Println(clock.Now().Format(time.TimeOnly), r.Invocations[0].InvocationStatus, r.Invocations[0].InvokeStatus)
	}
	show()
	clock.Advance(time.Second) // delivered
	show()
	clock.Advance(5 * time.Second) // i-2 failed after a second, i-1 succeeded after five
	show()                         // both ran to completion: legacy Finished

	res, _ := svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{
		RegionID: "cn-hangzhou", InvokeID: invokeID, ContentEncoding: fake.PlainText,
	})
	for _, r := range res.Results {
		fmt.Printf("%s %s exit %d %q %s\n", r.InstanceID, r.InvocationStatus, r.ExitCode.Value, r.Output, r.InvokeRecordStatus)
	}
	// Output:
	// 03:04:05 Pending Running
	// 03:04:06 Running Running
	// 03:04:11 PartialFailed Finished
	// i-1 Success exit 0 "deployed\n" Finished
	// i-2 Failed exit 3 "disk full\n" Finished
}

// A periodic invocation runs on its schedule as the clock advances, and
// StopInvocation ends it.
func ExampleService_StopInvocation() {
	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	svc, _ := fake.NewService(fake.Config{Clock: clock})
	_, invokeID, _ := svc.RunCommand(fake.RunCommandRequest{
		RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "df -h",
		InstanceIDs: []string{"i-1"}, Frequency: "rate(1m)",
	})
	show := func() {
		q := fake.Query{RegionID: "cn-hangzhou", InvokeID: invokeID}
		r, _ := svc.DescribeInvocations(q)
		inv := r.Invocations[0]
		fmt.Println(inv.InvocationStatus, "timed", inv.Timed, "repeats", inv.Instances[0].Repeats.Value)
	}
	clock.Advance(time.Hour) // each run: due a minute after the last ended, 1 s delivery, 1 s run
	show()
	svc.StopInvocation(fake.StopInvocationRequest{RegionID: "cn-hangzhou", InvokeID: invokeID})
	show()
	// Output:
	// Scheduled timed true repeats 58
	// Stopped timed false repeats 58
}

// A test steps a virtual clock from one transition to the next, and sees
// every status a run takes, without guessing how long to advance.
func ExampleService_NextTransition() {
	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
	svc, _ := fake.NewService(fake.Config{Clock: clock, Outcome: fake.MatchScripts(fake.Script{Duration: 30 * time.Second})})
	_, invokeID, _ := svc.RunCommand(fake.RunCommandRequest{
		RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "backup", InstanceIDs: []string{"i-1"},
	})
	for {
		next, ok := svc.NextTransition()
		if !ok {
			fmt.Println("nothing more is due")
			break
		}
		clock.Set(next)
		r, _ := svc.DescribeInvocations(fake.Query{RegionID: "cn-hangzhou", InvokeID: invokeID})
		fmt.Println(next.Format(time.TimeOnly), r.Invocations[0].Instances[0].InvocationStatus)
	}
	// Output:
	// 03:04:06 Running
	// 03:04:36 Success
	// nothing more is due
}

// A fleet file describes the instances and how their runs end.
func ExampleParseFleet() {
	fleet, err := fake.ParseFleet([]byte(`{
		"Instances": [{"InstanceId": "i-web", "OS": "linux"}, {"InstanceId": "i-db", "Agent": "stopped"}],
		"Outcomes": [{"Match": "backup", "ExitCode": 1, "Duration": "2m"}]
	}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	svc, _ := fake.NewService(fake.Config{Instances: fleet.Instances, Outcome: fake.MatchScripts(fleet.Outcomes...)})
	_, _, err = svc.RunCommand(fake.RunCommandRequest{
		RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "backup", InstanceIDs: []string{"i-app"},
	})
	fmt.Println(err)
	// Output:
	// apierror: InvalidInstance.NotFound (HTTP 404): The specified instance "i-app" does not exist.
}
