package conform_test

import (
	"errors"
	"fmt"

	"github.com/ecsassist/cloudassistant/conform"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
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

// Duplicate reports a member given twice, from the diagnostic of lenient
// decoding, which the model cannot show.
func ExampleDuplicate() {
	in := `{"RequestId":"R","TotalCount":1,"TotalCount":2}`
	_, diags, _ := jsoncodec.Decoder{Lenient: true}.DecodeResponse([]byte(in))
	for _, d := range diags {
		if errors.Is(d.Err, jsoncodec.ErrDuplicate) {
			fmt.Println(conform.Duplicate(d.Path, d.Message))
		}
	}
	// Output:
	// error duplicate-member TotalCount: key "TotalCount" given again, first at line 1, column 18: the last value is kept
}
