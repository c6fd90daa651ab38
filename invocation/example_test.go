package invocation_test

import (
	"fmt"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The overall statuses an invocation must report, in both families, rolled
// up from its instances.
func ExampleInvocation_RollupLegacy() {
	inv := invocation.Invocation{
		InvokeID:         "t-bd09beef975b4e50",
		InvokeStatus:     status.ParseLegacy("success"),
		InvocationStatus: status.CurrentSuccess,
		Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InstanceInvokeStatus: status.ParseLegacy("finished"), InvocationStatus: status.CurrentSuccess},
			{InstanceID: "i-2", InstanceInvokeStatus: status.ParseLegacy("finished"), InvocationStatus: status.CurrentFailed},
		},
	}
	legacy, _ := inv.RollupLegacy()
	current, _ := inv.RollupCurrent()
	fmt.Println("legacy:", inv.InvokeStatus, "reported,", legacy, "rolled up")
	fmt.Println("current:", inv.InvocationStatus, "reported,", current, "rolled up")
	// Output:
	// legacy: Finished reported, Finished rolled up
	// current: Success reported, PartialFailed rolled up
}

// A record of DescribeInvocationResults, with its times read in the API's
// layout; an absent exit code is told apart from 0.
func ExampleResult() {
	start, _ := time.Parse(invocation.TimeLayout, "2025-01-01T00:00:01Z")
	finished, _ := time.Parse(invocation.TimeLayout, "2025-01-01T00:00:21Z")
	r := invocation.Result{
		InvokeID:         "t-650c6dccb26a4459",
		InstanceID:       "i-web1",
		InvocationStatus: status.CurrentSuccess,
		ExitCode:         invocation.Some(int64(0)),
		StartTime:        start,
		FinishedTime:     finished,
	}
	code, ended := r.ExitCode.Get()
	fmt.Println(r.InstanceID, r.InvocationStatus, "exit code", code, ended, "in", r.FinishedTime.Sub(r.StartTime))
	fmt.Println("finished at", r.FinishedTime.Format(invocation.TimeLayout))
	// Output:
	// i-web1 Success exit code 0 true in 20s
	// finished at 2025-01-01T00:00:21Z
}
