package bench

import (
	"bytes"
	"encoding/xml"
	"fmt"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Reference structs with plain tags: what a user of a general-purpose
// decoder would write. Statuses stay raw strings.
type refResponse struct {
	XMLName     xml.Name `xml:"DescribeInvocationsResponse" json:"-"`
	RequestId   string
	TotalCount  int
	PageNumber  int
	PageSize    int
	NextToken   string
	Invocations refInvocations
}

type refInvocations struct {
	Invocation []refInvocation
}

type refInvocation struct {
	InvokeId         string
	CommandId        string
	CommandName      string
	CommandType      string
	InvokeStatus     string
	InvocationStatus string
	Timed            bool
	Frequency        string
	CreationTime     string
	InvokeInstances  refInstances
}

type refInstances struct {
	InvokeInstance []refInstance
}

type refInstance struct {
	InstanceId           string
	InstanceInvokeStatus string
	InvocationStatus     string
}

// fromRef converts a reference decoding to the model, parsing statuses and
// times, for the correctness check.
func fromRef(ref *refResponse) (invocation.Response, error) {
	r := invocation.Response{RequestID: ref.RequestId, TotalCount: ref.TotalCount, PageNumber: ref.PageNumber,
		PageSize: ref.PageSize, NextToken: ref.NextToken}
	for _, ri := range ref.Invocations.Invocation {
		inv := invocation.Invocation{InvokeID: ri.InvokeId, CommandID: ri.CommandId, CommandName: ri.CommandName,
			CommandType: invocation.ParseCommandType(ri.CommandType), InvokeStatus: status.ParseLegacy(ri.InvokeStatus),
			InvocationStatus: status.ParseCurrent(ri.InvocationStatus), Timed: ri.Timed, Frequency: ri.Frequency}
		if err := parseTime(ri.CreationTime, &inv); err != nil {
			return r, err
		}
		for _, rn := range ri.InvokeInstances.InvokeInstance {
			inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: rn.InstanceId,
				InstanceInvokeStatus: status.ParseLegacy(rn.InstanceInvokeStatus), InvocationStatus: status.ParseCurrent(rn.InvocationStatus)})
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r, nil
}

// sdkDecode reproduces what github.com/alibabacloud-go/ecs-20140526/v7
// does with a response body, with its own functions: darabonba-openapi's
// CallApi reads the body with dara.ReadAsJSON, makes it a map with
// dara.ToMap and converts {body, headers, statusCode} with dara.Convert;
// DescribeInvocationsWithOptions then converts that map into
// *DescribeInvocationsResponse with dara.Convert.
func sdkDecode(body []byte) (*ecs.DescribeInvocationsResponse, error) {
	obj, err := dara.ReadAsJSON(bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	var called map[string]interface{}
	if err := dara.Convert(map[string]interface{}{
		"body":       dara.ToMap(obj),
		"headers":    map[string]*string{"content-type": dara.String("application/json;charset=utf-8")},
		"statusCode": 200,
	}, &called); err != nil {
		return nil, err
	}
	result := &ecs.DescribeInvocationsResponse{}
	if err := dara.Convert(called, &result); err != nil {
		return nil, err
	}
	return result, nil
}

// fromSDK converts the SDK's response to the model, for the correctness
// check.
func fromSDK(res *ecs.DescribeInvocationsResponse) (invocation.Response, error) {
	b := res.Body
	if b == nil {
		return invocation.Response{}, fmt.Errorf("no body")
	}
	r := invocation.Response{RequestID: dara.StringValue(b.RequestId), TotalCount: int(dara.Int64Value(b.TotalCount)),
		PageNumber: int(dara.Int64Value(b.PageNumber)), PageSize: int(dara.Int64Value(b.PageSize)), NextToken: dara.StringValue(b.NextToken)}
	if b.Invocations == nil {
		return r, nil
	}
	for _, ri := range b.Invocations.Invocation {
		inv := invocation.Invocation{InvokeID: dara.StringValue(ri.InvokeId), CommandID: dara.StringValue(ri.CommandId),
			CommandName: dara.StringValue(ri.CommandName), CommandType: invocation.ParseCommandType(dara.StringValue(ri.CommandType)),
			InvokeStatus: status.ParseLegacy(dara.StringValue(ri.InvokeStatus)), InvocationStatus: status.ParseCurrent(dara.StringValue(ri.InvocationStatus)),
			Timed: dara.BoolValue(ri.Timed), Frequency: dara.StringValue(ri.Frequency)}
		if err := parseTime(dara.StringValue(ri.CreationTime), &inv); err != nil {
			return r, err
		}
		if ri.InvokeInstances != nil {
			for _, rn := range ri.InvokeInstances.InvokeInstance {
				inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: dara.StringValue(rn.InstanceId),
					InstanceInvokeStatus: status.ParseLegacy(dara.StringValue(rn.InstanceInvokeStatus)),
					InvocationStatus:     status.ParseCurrent(dara.StringValue(rn.InvocationStatus))})
			}
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r, nil
}
