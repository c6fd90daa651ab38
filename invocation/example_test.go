package invocation_test

import (
	"fmt"

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
