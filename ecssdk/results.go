package ecssdk

import (
	"fmt"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Results is the body of a DescribeInvocationResults answer: one page of
// records ([invocation.Result]) and its paging fields. Fields the answer
// did not carry are zero. A page of token paging has no PageNumber or
// PageSize (both 0).
type Results struct {
	RequestID  string // RequestId
	TotalCount int    // all matches, on every page
	PageNumber int    // page-number paging: the page's number
	PageSize   int    // page-number paging: the page's size
	NextToken  string // token paging: the next page's token; empty on the last
	Records    []invocation.Result
}

// ResultsFrom converts the body of a DescribeInvocationResults answer into
// [Results], by the rules of [ResponseFrom]: statuses and other enums
// parsed in any case with unknown text kept, nil pointers absent, times
// in [invocation.TimeLayout], and a *[TimeError] listing the times in any
// other form, which are left absent. A nil body gives the zero Results.
func ResultsFrom(body *ecs.DescribeInvocationResultsResponseBody) (Results, error) {
	var r Results
	if body == nil {
		return r, nil
	}
	r.RequestID = str(body.RequestId)
	var ts times
	if inv := body.Invocation; inv != nil {
		r.TotalCount = integer(inv.TotalCount)
		r.PageNumber = integer(inv.PageNumber)
		r.PageSize = integer(inv.PageSize)
		r.NextToken = str(inv.NextToken)
		if inv.InvocationResults != nil {
			for i, rec := range inv.InvocationResults.InvocationResult {
				if rec == nil {
					continue
				}
				path := fmt.Sprintf("Invocation.InvocationResults.InvocationResult[%d]", i)
				r.Records = append(r.Records, recordFrom(&ts, path, rec))
			}
		}
	}
	return r, ts.err()
}

// recordFrom converts one record, found at path.
func recordFrom(ts *times, path string, in *ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult) invocation.Result {
	r := invocation.Result{
		CommandID:          str(in.CommandId),
		InvokeID:           str(in.InvokeId),
		InstanceID:         str(in.InstanceId),
		InvocationStatus:   status.ParseCurrent(str(in.InvocationStatus)),
		InvokeRecordStatus: status.ParseLegacy(str(in.InvokeRecordStatus)),
		ExitCode:           opt(in.ExitCode),
		Output:             str(in.Output),
		Dropped:            opt(in.Dropped),
		Repeats:            opt(in.Repeats),
		StartTime:          ts.read(path+".StartTime", in.StartTime),
		FinishedTime:       ts.read(path+".FinishedTime", in.FinishedTime),
		StopTime:           ts.read(path+".StopTime", in.StopTime),
		ErrorCode:          invocation.ErrorCode(str(in.ErrorCode)),
		ErrorInfo:          str(in.ErrorInfo),
		Username:           str(in.Username),
		ContainerID:        str(in.ContainerId),
		ContainerName:      str(in.ContainerName),
		TerminationMode:    invocation.ParseTerminationMode(str(in.TerminationMode)),
		Launcher:           str(in.Launcher),
		OssOutputDelivery:  str(in.OssOutputDelivery),
		OssOutputStatus:    invocation.ParseOssOutputStatus(str(in.OssOutputStatus)),
		OssOutputURI:       str(in.OssOutputUri),
		OssOutputErrorCode: str(in.OssOutputErrorCode),
		OssOutputErrorInfo: str(in.OssOutputErrorInfo),
	}
	if in.Tags != nil {
		for _, t := range in.Tags.Tag {
			if t != nil {
				r.Tags = append(r.Tags, invocation.Tag{Key: str(t.TagKey), Value: str(t.TagValue)})
			}
		}
	}
	return r
}

// ResultsBody converts [Results] into the SDK's body of a
// DescribeInvocationResults answer; it is the inverse of [ResultsFrom].
// RequestId, TotalCount and the Invocation object with its list of
// records are always set; every other field only when present, as
// [ResponseBody] sets the current edition's fields.
func ResultsBody(r Results) *ecs.DescribeInvocationResultsResponseBody {
	total := int64(r.TotalCount)
	list := make([]*ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult, len(r.Records))
	for i := range r.Records {
		list[i] = recordBody(&r.Records[i])
	}
	return &ecs.DescribeInvocationResultsResponseBody{
		RequestId: always(r.RequestID),
		Invocation: &ecs.DescribeInvocationResultsResponseBodyInvocation{
			TotalCount: &total,
			PageNumber: nonzero(r.PageNumber),
			PageSize:   nonzero(r.PageSize),
			NextToken:  present(r.NextToken),
			InvocationResults: &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResults{
				InvocationResult: list,
			},
		},
	}
}

// recordBody converts one record into the SDK's.
func recordBody(r *invocation.Result) *ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult {
	out := &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult{
		CommandId:          present(r.CommandID),
		InvokeId:           present(r.InvokeID),
		InstanceId:         present(r.InstanceID),
		InvocationStatus:   present(string(r.InvocationStatus)),
		InvokeRecordStatus: present(string(r.InvokeRecordStatus)),
		ExitCode:           ptr(r.ExitCode),
		Output:             present(r.Output),
		Dropped:            ptr(r.Dropped),
		Repeats:            ptr(r.Repeats),
		StartTime:          timeText(r.StartTime),
		FinishedTime:       timeText(r.FinishedTime),
		StopTime:           timeText(r.StopTime),
		ErrorCode:          present(string(r.ErrorCode)),
		ErrorInfo:          present(r.ErrorInfo),
		Username:           present(r.Username),
		ContainerId:        present(r.ContainerID),
		ContainerName:      present(r.ContainerName),
		TerminationMode:    present(string(r.TerminationMode)),
		Launcher:           present(r.Launcher),
		OssOutputDelivery:  present(r.OssOutputDelivery),
		OssOutputStatus:    present(string(r.OssOutputStatus)),
		OssOutputUri:       present(r.OssOutputURI),
		OssOutputErrorCode: present(r.OssOutputErrorCode),
		OssOutputErrorInfo: present(r.OssOutputErrorInfo),
	}
	if len(r.Tags) > 0 {
		out.Tags = &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResultTags{}
		for _, t := range r.Tags {
			out.Tags.Tag = append(out.Tags.Tag, &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResultTagsTag{
				TagKey: always(t.Key), TagValue: always(t.Value),
			})
		}
	}
	return out
}
