package jsoncodec_test

import (
	"fmt"
	"os"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

// Strict decoding stops at the first defect, with its place; lenient
// decoding recovers and says what it forgave.
func ExampleDecoder_DecodeResponse() {
	body := []byte(`{"RequestId": "R1", "TotalCount": "1",
  "Invocations": {"Invocation": {"InvokeId": "t-1", "Timed": False,
    "InvokeInstances": {"InvokeInstance": [{"InstanceId": "i-1", "InstanceInvokeStatus": " finished "}]}}}}`)

	_, _, err := jsoncodec.Decoder{}.DecodeResponse(body)
	fmt.Println(err)

	r, diags, err := jsoncodec.Decoder{Lenient: true}.DecodeResponse(body)
	fmt.Println(err, r.TotalCount, r.Invocations[0].Instances[0].InstanceInvokeStatus)
	for _, d := range diags {
		fmt.Println(d)
	}
	// Output:
	// jsoncodec: line 1, column 35, TotalCount: expected an integer, found "\"1\","
	// <nil> 1 Finished
	// line 1, column 35, TotalCount: integer written as the string "1"
	// line 2, column 33, Invocations.Invocation: a single object where a list is expected, taken as a list of one
	// line 2, column 62, Invocations.Invocation[0].Timed: boolean written as False
}

// Encoding writes canonical spellings.
func ExampleWriteResponse() {
	r := invocation.Response{
		RequestID: "R1", TotalCount: 1, PageNumber: 1, PageSize: 10,
		Invocations: []invocation.Invocation{{
			InvokeID: "t-1", CommandID: "c-1", CommandType: invocation.RunShellScript,
			InvokeStatus: status.ParseLegacy("success"),
			Instances:    []invocation.InvokeInstance{{InstanceID: "i-1", InstanceInvokeStatus: status.ParseLegacy("finished")}},
		}},
	}
	if err := jsoncodec.WriteResponse(os.Stdout, &r); err != nil {
		fmt.Println(err)
	}
	// Output:
	// {"TotalCount":1,"PageNumber":1,"PageSize":10,"Invocations":{"Invocation":[{"InvokeId":"t-1","CommandId":"c-1","CommandName":"","CommandType":"RunShellScript","InvokeStatus":"Finished","Timed":false,"Frequency":"","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1","InstanceInvokeStatus":"Finished"}]}}]},"RequestId":"R1"}
}

// An API error body decodes into apierror.Error; the HTTP status comes
// from the response, not the body.
func ExampleDecodeAPIError() {
	e, err := jsoncodec.DecodeAPIError([]byte(`{"RequestId":"R2","HostId":"ecs.aliyuncs.com","Code":"InvalidParam.PageSize","Message":"bad"}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	e.HTTPStatus = e.Code.HTTPStatus()
	fmt.Println(e)
	// Output:
	// apierror: InvalidParam.PageSize (HTTP 400): bad (RequestId R2)
}
