package xmlcodec_test

import (
	"encoding/xml"
	"errors"
	"reflect"
	"strconv"
	"testing"
	"time"
	"unsafe"

	"github.com/ecsassist/cloudassistant/internal/codectest"
	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// FuzzDecode decodes any input in both modes: no panic; errors of the
// documented type; what strict mode accepts, lenient mode decodes the
// same with no diagnostic; and whatever decodes, encodes and decodes
// again to the same.
func FuzzDecode(f *testing.F) {
	codectest.Seeds(f, "testdata/*.xml", "testdata/fuzzseed/*.xml")
	c := codectest.Codec{
		Response: func(data []byte, lenient bool) (invocation.Response, []codectest.Place, error) {
			r, diags, err := xmlcodec.Decoder{Lenient: lenient, MaxDepth: 20, MaxItems: 1000}.DecodeResponse(data)
			return r, places(diags), err
		},
		APIError: func(data []byte, lenient bool) error {
			_, _, err := xmlcodec.Decoder{Lenient: lenient}.DecodeAPIError(data)
			return err
		},
		Encode: func(r *invocation.Response) []byte { return xmlcodec.AppendResponse(nil, r) },
		Error:  place,
	}
	f.Fuzz(func(t *testing.T, data []byte) { codectest.CheckDecoding(t, c, data) })
}

// places returns where diags are.
func places(diags []xmlcodec.Diagnostic) []codectest.Place {
	out := make([]codectest.Place, len(diags))
	for i, d := range diags {
		out[i] = codectest.Place{Line: d.Line, Column: d.Column, Offset: d.Offset}
	}
	return out
}

// place returns where a *DecodeError is.
func place(err error) (codectest.Place, bool) {
	var de *xmlcodec.DecodeError
	if !errors.As(err, &de) {
		return codectest.Place{}, false
	}
	return codectest.Place{Line: de.Line, Column: de.Column, Offset: de.Offset}, true
}

// Reference structs for encoding/xml, with plain tags and every field.
// The values a response may leave out are text, converted as the
// encoding/xml would convert them but for an empty element, which is
// absent (encoding/xml takes it as 0).
type refResponse struct {
	XMLName     xml.Name `xml:"DescribeInvocationsResponse"`
	RequestId   string
	TotalCount  int
	PageNumber  int
	PageSize    int
	NextToken   string
	Invocations []refInvocation `xml:"Invocations>Invocation"`
}

type refInvocation struct {
	InvokeId, CommandId, CommandName, CommandType string
	InvokeStatus, InvocationStatus                string
	Timed                                         bool
	Frequency, CreationTime                       string
	RepeatMode, CommandContent                    string
	CommandDescription, Parameters                string
	Timeout                                       string
	Username, WorkingDir, Launcher                string
	TerminationMode, ContainerId, ContainerName   string
	OssOutputDelivery                             string
	Tags                                          []struct{ TagKey, TagValue string } `xml:"Tags>Tag"`
	Instances                                     []refInstance                       `xml:"InvokeInstances>InvokeInstance"`
}

type refInstance struct {
	InstanceId, InstanceInvokeStatus, InvocationStatus        string
	Timed, Repeats, ExitCode                                  string
	Output                                                    string
	Dropped                                                   string
	ErrorCode, ErrorInfo                                      string
	CreationTime, StartTime, FinishTime, StopTime, UpdateTime string
	OssOutputStatus, OssOutputUri                             string
	OssOutputErrorCode, OssOutputErrorInfo                    string
}

// number converts the text of an optional integer element as
// encoding/xml converts an integer.
func number[T int32 | int64](t *testing.T, s string) invocation.Optional[T] {
	if s == "" {
		return invocation.Optional[T]{}
	}
	n, err := strconv.ParseInt(trim(s), 10, int(unsafe.Sizeof(T(0))*8))
	if err != nil {
		t.Fatalf("strict accepts the integer %q, which encoding/xml refuses: %v", s, err)
	}
	return invocation.Some(T(n))
}

// boolean converts the text of an optional boolean element as
// encoding/xml converts a boolean.
func boolean(t *testing.T, s string) invocation.Optional[bool] {
	if s == "" {
		return invocation.Optional[bool]{}
	}
	v, err := strconv.ParseBool(trim(s))
	if err != nil {
		t.Fatalf("strict accepts the boolean %q, which encoding/xml refuses: %v", s, err)
	}
	return invocation.Some(v)
}

func parseTime(s string) time.Time {
	tm, _ := wire.ParseTime(trim(s))
	return tm
}

// model converts what encoding/xml decoded to the model.
func (ref *refResponse) model(t *testing.T) invocation.Response {
	r := invocation.Response{RequestID: ref.RequestId, TotalCount: ref.TotalCount, PageNumber: ref.PageNumber,
		PageSize: ref.PageSize, NextToken: ref.NextToken}
	for _, ri := range ref.Invocations {
		inv := invocation.Invocation{InvokeID: ri.InvokeId, CommandID: ri.CommandId, CommandName: ri.CommandName,
			CommandType: invocation.ParseCommandType(ri.CommandType), InvokeStatus: status.ParseLegacy(ri.InvokeStatus),
			InvocationStatus: status.ParseCurrent(ri.InvocationStatus), Timed: ri.Timed, Frequency: ri.Frequency,
			CreationTime: parseTime(ri.CreationTime), RepeatMode: invocation.ParseRepeatMode(ri.RepeatMode),
			CommandContent: ri.CommandContent, CommandDescription: ri.CommandDescription, Parameters: ri.Parameters,
			Timeout: number[int64](t, ri.Timeout), Username: ri.Username, WorkingDir: ri.WorkingDir, Launcher: ri.Launcher,
			TerminationMode: invocation.ParseTerminationMode(ri.TerminationMode), ContainerID: ri.ContainerId,
			ContainerName: ri.ContainerName, OssOutputDelivery: ri.OssOutputDelivery}
		for _, tag := range ri.Tags {
			inv.Tags = append(inv.Tags, invocation.Tag{Key: tag.TagKey, Value: tag.TagValue})
		}
		for _, rn := range ri.Instances {
			inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: rn.InstanceId,
				InstanceInvokeStatus: status.ParseLegacy(rn.InstanceInvokeStatus), InvocationStatus: status.ParseCurrent(rn.InvocationStatus),
				Timed: boolean(t, rn.Timed), Repeats: number[int32](t, rn.Repeats), ExitCode: number[int64](t, rn.ExitCode),
				Output: rn.Output, Dropped: number[int32](t, rn.Dropped), ErrorCode: invocation.ErrorCode(rn.ErrorCode),
				ErrorInfo: rn.ErrorInfo, CreationTime: parseTime(rn.CreationTime), StartTime: parseTime(rn.StartTime),
				FinishTime: parseTime(rn.FinishTime), StopTime: parseTime(rn.StopTime), UpdateTime: parseTime(rn.UpdateTime),
				OssOutputStatus: invocation.ParseOssOutputStatus(rn.OssOutputStatus), OssOutputURI: rn.OssOutputUri,
				OssOutputErrorCode: rn.OssOutputErrorCode, OssOutputErrorInfo: rn.OssOutputErrorInfo})
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r
}

// FuzzStdlib checks strict decoding against encoding/xml: what strict
// mode accepts, encoding/xml accepts too, with the same content field for
// field (every field; encoding/xml passes over what strict mode keeps as
// unknown). Where an element of the schema comes twice in one element,
// which encoding/xml reads its own way, strict mode refuses the input
// instead, at the first such element (codectest.DuplicateXML, from
// encoding/xml's tokens); and it refuses no other input for that reason.
func FuzzStdlib(f *testing.F) {
	codectest.Seeds(f, "testdata/*.xml", "testdata/fuzzseed/*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := xmlcodec.DecodeResponse(data)
		dup, twice := codectest.DuplicateXML(data)
		if errors.Is(err, xmlcodec.ErrDuplicate) {
			var de *xmlcodec.DecodeError
			if !errors.As(err, &de) || !twice || de.Path != dup {
				t.Fatalf("strict refuses a duplicate element that encoding/xml's tokens do not show (%q, %v): %v", dup, twice, err)
			}
			return
		}
		if err != nil {
			return
		}
		if twice {
			t.Fatalf("strict accepts the element %s given twice", dup)
		}
		var ref refResponse
		if err := xml.Unmarshal(data, &ref); err != nil {
			t.Fatalf("strict accepts what encoding/xml refuses: %v", err)
		}
		if want := ref.model(t); !reflect.DeepEqual(want, codectest.Known(codectest.Canonical(got))) {
			t.Fatalf("strict and encoding/xml disagree:\n%+v\n%+v", got, want)
		}
	})
}

func trim(s string) string {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}
