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

// Reference structs with plain tags and every field of the current
// edition: what a user of a general-purpose decoder would write. Statuses
// and times stay raw strings; numbers a response may leave out are
// pointers, as the official SDK has them.
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
	InvokeId           string
	CommandId          string
	CommandName        string
	CommandType        string
	InvokeStatus       string
	InvocationStatus   string
	Timed              bool
	Frequency          string
	CreationTime       string
	RepeatMode         string
	CommandContent     string
	CommandDescription string
	Parameters         string
	Timeout            *int64
	Username           string
	WorkingDir         string
	Launcher           string
	TerminationMode    string
	ContainerId        string
	ContainerName      string
	OssOutputDelivery  string
	Tags               refTags
	InvokeInstances    refInstances
}

type refTags struct {
	Tag []refTag
}

type refTag struct {
	TagKey   string
	TagValue string
}

type refInstances struct {
	InvokeInstance []refInstance
}

type refInstance struct {
	InstanceId           string
	InstanceInvokeStatus string
	InvocationStatus     string
	Timed                *bool
	Repeats              *int32
	ExitCode             *int64
	Output               string
	Dropped              *int32
	ErrorCode            string
	ErrorInfo            string
	CreationTime         string
	StartTime            string
	FinishTime           string
	StopTime             string
	UpdateTime           string
	OssOutputStatus      string
	OssOutputUri         string
	OssOutputErrorCode   string
	OssOutputErrorInfo   string
}

func opt[T any](p *T) invocation.Optional[T] {
	if p == nil {
		return invocation.Optional[T]{}
	}
	return invocation.Some(*p)
}

// fromRef converts a reference decoding to the model, parsing statuses and
// times, for the correctness check.
func fromRef(ref *refResponse) (invocation.Response, error) {
	r := invocation.Response{RequestID: ref.RequestId, TotalCount: ref.TotalCount, PageNumber: ref.PageNumber,
		PageSize: ref.PageSize, NextToken: ref.NextToken}
	var times timeParser
	for _, ri := range ref.Invocations.Invocation {
		inv := invocation.Invocation{InvokeID: ri.InvokeId, CommandID: ri.CommandId, CommandName: ri.CommandName,
			CommandType: invocation.ParseCommandType(ri.CommandType), InvokeStatus: status.ParseLegacy(ri.InvokeStatus),
			InvocationStatus: status.ParseCurrent(ri.InvocationStatus), Timed: ri.Timed, Frequency: ri.Frequency,
			CreationTime: times.parse(ri.CreationTime), RepeatMode: invocation.ParseRepeatMode(ri.RepeatMode),
			CommandContent: ri.CommandContent, CommandDescription: ri.CommandDescription, Parameters: ri.Parameters,
			Timeout: opt(ri.Timeout), Username: ri.Username, WorkingDir: ri.WorkingDir, Launcher: ri.Launcher,
			TerminationMode: invocation.ParseTerminationMode(ri.TerminationMode), ContainerID: ri.ContainerId,
			ContainerName: ri.ContainerName, OssOutputDelivery: ri.OssOutputDelivery}
		for _, t := range ri.Tags.Tag {
			inv.Tags = append(inv.Tags, invocation.Tag{Key: t.TagKey, Value: t.TagValue})
		}
		for _, rn := range ri.InvokeInstances.InvokeInstance {
			inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: rn.InstanceId,
				InstanceInvokeStatus: status.ParseLegacy(rn.InstanceInvokeStatus), InvocationStatus: status.ParseCurrent(rn.InvocationStatus),
				Timed: opt(rn.Timed), Repeats: opt(rn.Repeats), ExitCode: opt(rn.ExitCode), Output: rn.Output, Dropped: opt(rn.Dropped),
				ErrorCode: invocation.ErrorCode(rn.ErrorCode), ErrorInfo: rn.ErrorInfo, CreationTime: times.parse(rn.CreationTime),
				StartTime: times.parse(rn.StartTime), FinishTime: times.parse(rn.FinishTime), StopTime: times.parse(rn.StopTime),
				UpdateTime: times.parse(rn.UpdateTime), OssOutputStatus: invocation.ParseOssOutputStatus(rn.OssOutputStatus),
				OssOutputURI: rn.OssOutputUri, OssOutputErrorCode: rn.OssOutputErrorCode, OssOutputErrorInfo: rn.OssOutputErrorInfo})
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r, times.err
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
	str := dara.StringValue
	r := invocation.Response{RequestID: str(b.RequestId), TotalCount: int(dara.Int64Value(b.TotalCount)),
		PageNumber: int(dara.Int64Value(b.PageNumber)), PageSize: int(dara.Int64Value(b.PageSize)), NextToken: str(b.NextToken)}
	if b.Invocations == nil {
		return r, nil
	}
	var times timeParser
	for _, ri := range b.Invocations.Invocation {
		inv := invocation.Invocation{InvokeID: str(ri.InvokeId), CommandID: str(ri.CommandId),
			CommandName: str(ri.CommandName), CommandType: invocation.ParseCommandType(str(ri.CommandType)),
			InvokeStatus: status.ParseLegacy(str(ri.InvokeStatus)), InvocationStatus: status.ParseCurrent(str(ri.InvocationStatus)),
			Timed: dara.BoolValue(ri.Timed), Frequency: str(ri.Frequency), CreationTime: times.parse(str(ri.CreationTime)),
			RepeatMode: invocation.ParseRepeatMode(str(ri.RepeatMode)), CommandContent: str(ri.CommandContent),
			CommandDescription: str(ri.CommandDescription), Parameters: str(ri.Parameters), Timeout: opt(ri.Timeout),
			Username: str(ri.Username), WorkingDir: str(ri.WorkingDir), Launcher: str(ri.Launcher),
			TerminationMode: invocation.ParseTerminationMode(str(ri.TerminationMode)), ContainerID: str(ri.ContainerId),
			ContainerName: str(ri.ContainerName), OssOutputDelivery: str(ri.OssOutputDelivery)}
		if ri.Tags != nil {
			for _, t := range ri.Tags.Tag {
				inv.Tags = append(inv.Tags, invocation.Tag{Key: str(t.TagKey), Value: str(t.TagValue)})
			}
		}
		if ri.InvokeInstances != nil {
			for _, rn := range ri.InvokeInstances.InvokeInstance {
				inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: str(rn.InstanceId),
					InstanceInvokeStatus: status.ParseLegacy(str(rn.InstanceInvokeStatus)),
					InvocationStatus:     status.ParseCurrent(str(rn.InvocationStatus)),
					Timed:                opt(rn.Timed), Repeats: opt(rn.Repeats), ExitCode: opt(rn.ExitCode), Output: str(rn.Output),
					Dropped: opt(rn.Dropped), ErrorCode: invocation.ErrorCode(str(rn.ErrorCode)), ErrorInfo: str(rn.ErrorInfo),
					CreationTime: times.parse(str(rn.CreationTime)), StartTime: times.parse(str(rn.StartTime)),
					FinishTime: times.parse(str(rn.FinishTime)), StopTime: times.parse(str(rn.StopTime)),
					UpdateTime: times.parse(str(rn.UpdateTime)), OssOutputStatus: invocation.ParseOssOutputStatus(str(rn.OssOutputStatus)),
					OssOutputURI: str(rn.OssOutputUri), OssOutputErrorCode: str(rn.OssOutputErrorCode), OssOutputErrorInfo: str(rn.OssOutputErrorInfo)})
			}
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r, times.err
}
