package ecssdk

import (
	"fmt"
	"strings"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// A TimeError lists the times of a response body that are not written in
// [invocation.TimeLayout]. The conversion that returns it has converted
// everything else and left those times absent (zero), so its result is
// usable; the error says what was lost.
type TimeError struct {
	Times []BadTime
}

// BadTime is a time that a response body carried in a form other than
// [invocation.TimeLayout]: where, by its path in the body's wire names,
// and the text as written.
type BadTime struct {
	Path string // such as "Invocations.Invocation[0].InvokeInstances.InvokeInstance[1].StartTime"
	Text string
}

func (e *TimeError) Error() string {
	var b strings.Builder
	b.WriteString("ecssdk: time not in the layout " + invocation.TimeLayout + ":")
	for i, t := range e.Times {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, " %s %q", t.Path, t.Text)
	}
	return b.String()
}

// times reads the times of one conversion, collecting those that do not
// parse.
type times struct{ bad []BadTime }

// read returns the time that p points to: zero when p is nil or empty,
// and zero, noted under path, when it is not in invocation.TimeLayout.
func (ts *times) read(path string, p *string) time.Time {
	if p == nil || *p == "" {
		return time.Time{}
	}
	// time.Parse would also take a fraction of a second after the
	// seconds; the layout has none.
	t, err := time.Parse(invocation.TimeLayout, *p)
	if err != nil || len(*p) != len(invocation.TimeLayout) {
		ts.bad = append(ts.bad, BadTime{Path: path, Text: *p})
		return time.Time{}
	}
	return t
}

// err returns the *TimeError of the times that did not parse, or nil.
func (ts *times) err() error {
	if len(ts.bad) == 0 {
		return nil
	}
	return &TimeError{Times: ts.bad}
}

// timeText returns t in invocation.TimeLayout, in UTC, or nil for the
// zero time.
func timeText(t time.Time) *string {
	if t.IsZero() {
		return nil
	}
	s := t.UTC().Format(invocation.TimeLayout)
	return &s
}

// str returns the string p points to, or "" for nil.
func str(p *string) string {
	if p == nil {
		return ""
	}
	return *p
}

// always returns a pointer to s, even when s is empty: for the fields of
// the API's first edition, which every response carries.
func always(s string) *string { return &s }

// present returns a pointer to s, or nil when s is empty: for the fields
// that a response carries only when it has them.
func present(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// opt returns the value p points to as an Optional: absent for nil.
func opt[T any](p *T) invocation.Optional[T] {
	if p == nil {
		return invocation.Optional[T]{}
	}
	return invocation.Some(*p)
}

// ptr returns a pointer to o's value, or nil when o is absent.
func ptr[T any](o invocation.Optional[T]) *T {
	if !o.Set {
		return nil
	}
	v := o.Value
	return &v
}

// integer returns the integer p points to as an int, or 0 for nil.
func integer(p *int64) int {
	if p == nil {
		return 0
	}
	return int(*p)
}

// nonzero returns a pointer to n as an int64, or nil when n is 0.
func nonzero(n int) *int64 {
	if n == 0 {
		return nil
	}
	v := int64(n)
	return &v
}

// ResponseFrom converts the body of a DescribeInvocations answer into the
// model. Every field of the body has its place in the model:
//
//   - statuses are parsed as the codecs parse them ([status.ParseLegacy],
//     [status.ParseCurrent]: any case, surrounding white space ignored,
//     unknown text kept verbatim), and so are CommandType, RepeatMode,
//     TerminationMode and OssOutputStatus; ErrorCode is kept verbatim;
//   - a nil pointer is an absent field: an unset [invocation.Optional],
//     the zero time, the empty string, false, 0; a nil item of a list is
//     left out;
//   - times are read in [invocation.TimeLayout]; an empty one is absent.
//
// A time in any other form is left absent and reported, with every other
// such time of the body, by a *[TimeError]; the returned response is
// complete but for those times. No other error is possible. A nil body
// gives the zero Response.
//
// The SDK's body has no place for members the library does not know, so
// the Unknown lists of the result are empty.
func ResponseFrom(body *ecs.DescribeInvocationsResponseBody) (invocation.Response, error) {
	var r invocation.Response
	if body == nil {
		return r, nil
	}
	r.RequestID = str(body.RequestId)
	r.TotalCount = integer(body.TotalCount)
	r.PageNumber = integer(body.PageNumber)
	r.PageSize = integer(body.PageSize)
	r.NextToken = str(body.NextToken)
	var ts times
	if body.Invocations != nil {
		for i, inv := range body.Invocations.Invocation {
			if inv == nil {
				continue
			}
			path := fmt.Sprintf("Invocations.Invocation[%d]", i)
			r.Invocations = append(r.Invocations, invocationFrom(&ts, path, inv))
		}
	}
	return r, ts.err()
}

// invocationFrom converts one invocation of a DescribeInvocations body,
// found at path, noting its bad times in ts.
func invocationFrom(ts *times, path string, in *ecs.DescribeInvocationsResponseBodyInvocationsInvocation) invocation.Invocation {
	inv := invocation.Invocation{
		InvokeID:           str(in.InvokeId),
		CommandID:          str(in.CommandId),
		CommandName:        str(in.CommandName),
		CommandType:        invocation.ParseCommandType(str(in.CommandType)),
		InvokeStatus:       status.ParseLegacy(str(in.InvokeStatus)),
		InvocationStatus:   status.ParseCurrent(str(in.InvocationStatus)),
		Timed:              in.Timed != nil && *in.Timed,
		Frequency:          str(in.Frequency),
		CreationTime:       ts.read(path+".CreationTime", in.CreationTime),
		RepeatMode:         invocation.ParseRepeatMode(str(in.RepeatMode)),
		CommandContent:     str(in.CommandContent),
		CommandDescription: str(in.CommandDescription),
		Parameters:         str(in.Parameters),
		Timeout:            opt(in.Timeout),
		Username:           str(in.Username),
		WorkingDir:         str(in.WorkingDir),
		Launcher:           str(in.Launcher),
		TerminationMode:    invocation.ParseTerminationMode(str(in.TerminationMode)),
		ContainerID:        str(in.ContainerId),
		ContainerName:      str(in.ContainerName),
		OssOutputDelivery:  str(in.OssOutputDelivery),
	}
	if in.InvokeInstances != nil {
		for j, ii := range in.InvokeInstances.InvokeInstance {
			if ii == nil {
				continue
			}
			p := fmt.Sprintf("%s.InvokeInstances.InvokeInstance[%d]", path, j)
			inv.Instances = append(inv.Instances, instanceFrom(ts, p, ii))
		}
	}
	if in.Tags != nil {
		for _, t := range in.Tags.Tag {
			if t != nil {
				inv.Tags = append(inv.Tags, invocation.Tag{Key: str(t.TagKey), Value: str(t.TagValue)})
			}
		}
	}
	return inv
}

// instanceFrom converts one instance of an invocation, found at path.
func instanceFrom(ts *times, path string, in *ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance) invocation.InvokeInstance {
	return invocation.InvokeInstance{
		InstanceID:           str(in.InstanceId),
		InstanceInvokeStatus: status.ParseLegacy(str(in.InstanceInvokeStatus)),
		InvocationStatus:     status.ParseCurrent(str(in.InvocationStatus)),
		Timed:                opt(in.Timed),
		Repeats:              opt(in.Repeats),
		ExitCode:             opt(in.ExitCode),
		Output:               str(in.Output),
		Dropped:              opt(in.Dropped),
		ErrorCode:            invocation.ErrorCode(str(in.ErrorCode)),
		ErrorInfo:            str(in.ErrorInfo),
		CreationTime:         ts.read(path+".CreationTime", in.CreationTime),
		StartTime:            ts.read(path+".StartTime", in.StartTime),
		FinishTime:           ts.read(path+".FinishTime", in.FinishTime),
		StopTime:             ts.read(path+".StopTime", in.StopTime),
		UpdateTime:           ts.read(path+".UpdateTime", in.UpdateTime),
		OssOutputStatus:      invocation.ParseOssOutputStatus(str(in.OssOutputStatus)),
		OssOutputURI:         str(in.OssOutputUri),
		OssOutputErrorCode:   str(in.OssOutputErrorCode),
		OssOutputErrorInfo:   str(in.OssOutputErrorInfo),
	}
}

// ResponseBody converts a DescribeInvocations response of the model into
// the SDK's body, as a server of the API would write it; it is the
// inverse of [ResponseFrom], so that ResponseFrom(ResponseBody(r)) is r
// for every r that ResponseFrom can return.
//
// The fields of the API's first edition are always set, even when empty:
// RequestId, TotalCount, the Invocations and InvokeInstances lists,
// InvokeId, CommandId, CommandName, CommandType, InvokeStatus, Timed,
// Frequency, InstanceId and InstanceInvokeStatus. Every other field is set
// only when present: a string that is not empty, an Optional that is set,
// a time that is not zero, a page number or size that is not 0, a list of
// tags that is not empty. Times are written in [invocation.TimeLayout],
// in UTC and to the second. Unknown members have no place in the SDK's
// body and are left out.
func ResponseBody(r invocation.Response) *ecs.DescribeInvocationsResponseBody {
	total := int64(r.TotalCount)
	body := &ecs.DescribeInvocationsResponseBody{
		RequestId:   always(r.RequestID),
		TotalCount:  &total,
		PageNumber:  nonzero(r.PageNumber),
		PageSize:    nonzero(r.PageSize),
		NextToken:   present(r.NextToken),
		Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{},
	}
	body.Invocations.Invocation = make([]*ecs.DescribeInvocationsResponseBodyInvocationsInvocation, len(r.Invocations))
	for i := range r.Invocations {
		body.Invocations.Invocation[i] = invocationBody(&r.Invocations[i])
	}
	return body
}

// invocationBody converts one invocation of the model into the SDK's.
func invocationBody(inv *invocation.Invocation) *ecs.DescribeInvocationsResponseBodyInvocationsInvocation {
	timed := inv.Timed
	out := &ecs.DescribeInvocationsResponseBodyInvocationsInvocation{
		InvokeId:           always(inv.InvokeID),
		CommandId:          always(inv.CommandID),
		CommandName:        always(inv.CommandName),
		CommandType:        always(string(inv.CommandType)),
		InvokeStatus:       always(string(inv.InvokeStatus)),
		InvocationStatus:   present(string(inv.InvocationStatus)),
		Timed:              &timed,
		Frequency:          always(inv.Frequency),
		CreationTime:       timeText(inv.CreationTime),
		RepeatMode:         present(string(inv.RepeatMode)),
		CommandContent:     present(inv.CommandContent),
		CommandDescription: present(inv.CommandDescription),
		Parameters:         present(inv.Parameters),
		Timeout:            ptr(inv.Timeout),
		Username:           present(inv.Username),
		WorkingDir:         present(inv.WorkingDir),
		Launcher:           present(inv.Launcher),
		TerminationMode:    present(string(inv.TerminationMode)),
		ContainerId:        present(inv.ContainerID),
		ContainerName:      present(inv.ContainerName),
		OssOutputDelivery:  present(inv.OssOutputDelivery),
		InvokeInstances:    &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstances{},
	}
	out.InvokeInstances.InvokeInstance = make([]*ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance, len(inv.Instances))
	for j := range inv.Instances {
		out.InvokeInstances.InvokeInstance[j] = instanceBody(&inv.Instances[j])
	}
	if len(inv.Tags) > 0 {
		out.Tags = &ecs.DescribeInvocationsResponseBodyInvocationsInvocationTags{}
		for _, t := range inv.Tags {
			out.Tags.Tag = append(out.Tags.Tag, &ecs.DescribeInvocationsResponseBodyInvocationsInvocationTagsTag{
				TagKey: always(t.Key), TagValue: always(t.Value),
			})
		}
	}
	return out
}

// instanceBody converts one instance of the model into the SDK's.
func instanceBody(ii *invocation.InvokeInstance) *ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance {
	return &ecs.DescribeInvocationsResponseBodyInvocationsInvocationInvokeInstancesInvokeInstance{
		InstanceId:           always(ii.InstanceID),
		InstanceInvokeStatus: always(string(ii.InstanceInvokeStatus)),
		InvocationStatus:     present(string(ii.InvocationStatus)),
		Timed:                ptr(ii.Timed),
		Repeats:              ptr(ii.Repeats),
		ExitCode:             ptr(ii.ExitCode),
		Output:               present(ii.Output),
		Dropped:              ptr(ii.Dropped),
		ErrorCode:            present(string(ii.ErrorCode)),
		ErrorInfo:            present(ii.ErrorInfo),
		CreationTime:         timeText(ii.CreationTime),
		StartTime:            timeText(ii.StartTime),
		FinishTime:           timeText(ii.FinishTime),
		StopTime:             timeText(ii.StopTime),
		UpdateTime:           timeText(ii.UpdateTime),
		OssOutputStatus:      present(string(ii.OssOutputStatus)),
		OssOutputUri:         present(ii.OssOutputURI),
		OssOutputErrorCode:   present(ii.OssOutputErrorCode),
		OssOutputErrorInfo:   present(ii.OssOutputErrorInfo),
	}
}
