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

// A store answers queries as the API does; overall statuses are rolled up
// from the instances, whatever the input said.
func ExampleStore() {
	store := invocation.NewStore()
	for i, s := range []status.Legacy{status.LegacyFinished, status.LegacyFailed, status.LegacyRunning} {
		store.Put(invocation.Invocation{
			InvokeID: fmt.Sprintf("t-%d", i), CommandID: "c-1", InvokeStatus: status.LegacyStopped, // ignored
			Instances: []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: s}},
		})
	}
	q, _ := invocation.ParseQuery(map[string][]string{
		"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "InstanceId": {"i-1"}, "PageSize": {"2"},
	})
	r, _ := store.Describe(&q)
	fmt.Println("TotalCount", r.TotalCount)
	for _, inv := range r.Invocations {
		fmt.Println(inv.InvokeID, inv.InvokeStatus)
	}
	// Output:
	// TotalCount 3
	// t-0 Finished
	// t-1 Failed
}

// Check lists where a response breaks the rules.
func ExampleCheck() {
	r := invocation.Response{RequestID: "R", Invocations: []invocation.Invocation{{
		InvokeID: "t-1", CommandID: "c-1", InvokeStatus: status.LegacyFinished,
		Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InstanceInvokeStatus: status.LegacyFinished},
			{InstanceID: "i-2", InstanceInvokeStatus: status.LegacyFailed},
		},
	}}}
	for _, f := range invocation.Check(&r) {
		fmt.Println(f)
	}
	// Output:
	// error rollup Invocations.Invocation[0].InvokeStatus: InvokeStatus is Finished; the instances roll up to PartialFailed
}
