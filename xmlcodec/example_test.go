package xmlcodec_test

import (
	"fmt"
	"os"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// Strict decoding stops at the first defect, with its place; lenient
// decoding recovers and says what it forgave.
func ExampleDecoder_DecodeResponse() {
	body := []byte(`<DescribeInvocationsResponse>
  <Invocations>
    <Invocation><InvokeId>t-1</InvokeId><Timed>True</Timed>
      <InvokeInstances>sa<InvokeInstance><InstanceId>i-1</InstanceId>
        <Instanceinvokestatus> running </instanceinvokestatus></InvokeInstance></InvokeInstances>
    </Invocation>
  </Invocations>
  <RequestId>R1</RequestId>
</DescribeInvocationsResponse>`)

	_, _, err := xmlcodec.Decoder{}.DecodeResponse(body)
	fmt.Println(err)

	r, diags, err := xmlcodec.Decoder{Lenient: true}.DecodeResponse(body)
	fmt.Println(err, r.Invocations[0].Timed, r.Invocations[0].Instances[0].InstanceInvokeStatus)
	for _, d := range diags {
		fmt.Println(d)
	}
	// Output:
	// xmlcodec: line 3, column 48, Invocations.Invocation[0].Timed: "True" is not a boolean (true, false, 1 or 0)
	// <nil> true Running
	// line 3, column 48, Invocations.Invocation[0].Timed: boolean written as "True"
	// line 4, column 24, Invocations.Invocation[0].InvokeInstances: text "sa" in <InvokeInstances> passed over
	// line 5, column 9, Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus: element <Instanceinvokestatus> taken as <InstanceInvokeStatus>
	// line 5, column 40, Invocations.Invocation[0].InvokeInstances.InvokeInstance[0].InstanceInvokeStatus: end tag </instanceinvokestatus> closes <Instanceinvokestatus>
}

// Encoding writes canonical spellings and escapes markup.
func ExampleWriteAPIError() {
	e := apierror.New(apierror.InvalidParamPageSize, `"PageSize" must be <= 50`)
	e.RequestID = "R1"
	if err := xmlcodec.WriteAPIError(os.Stdout, e); err != nil {
		fmt.Println(err)
	}
	// Output:
	// <?xml version="1.0" encoding="UTF-8"?>
	// <Error><RequestId>R1</RequestId><HostId></HostId><Code>InvalidParam.PageSize</Code><Message>&#34;PageSize&#34; must be &lt;= 50</Message></Error>
}

func ExampleAppendResponse() {
	r := invocation.Response{RequestID: "R1", Invocations: []invocation.Invocation{{
		InvokeID: "t-1", InvokeStatus: status.ParseLegacy("success"), Timed: true,
	}}}
	fmt.Println(string(xmlcodec.AppendResponse(nil, &r)))
	// Output:
	// <DescribeInvocationsResponse><TotalCount>0</TotalCount><Invocations><Invocation><InvokeId>t-1</InvokeId><CommandId></CommandId><CommandName></CommandName><CommandType></CommandType><InvokeStatus>Finished</InvokeStatus><Timed>true</Timed><Frequency></Frequency><InvokeInstances></InvokeInstances></Invocation></Invocations><RequestId>R1</RequestId></DescribeInvocationsResponse>
}
