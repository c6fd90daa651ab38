package invocation_test

import (
	"errors"
	"fmt"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
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

// API errors, from this module's validation or from a response, are
// reached with errors.As.
func ExampleError() {
	_, err := paging.Parse(map[string][]string{"PageNumber": {"0"}})
	var apiErr *invocation.Error
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.Code, apiErr.HTTPStatus)
	}
	// Output:
	// InvalidParam.PageNumber 400
}
