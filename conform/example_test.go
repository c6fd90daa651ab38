package conform_test

import (
	"fmt"

	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Check lists where a response breaks the rules.
func ExampleCheck() {
	r := invocation.Response{RequestID: "R", Invocations: []invocation.Invocation{{
		InvokeID: "t-1", CommandID: "c-1", InvokeStatus: status.LegacyFinished,
		Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished},
			{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFailed},
		},
	}}}
	for _, f := range conform.Check(&r, nil) {
		fmt.Println(f)
	}
	// Output:
	// error rollup Invocations.Invocation[0].InvokeStatus: InvokeStatus is Finished; the instances roll up to PartialFailed
}
