package jsoncodec_test

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/internal/codectest"
	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/status"
)

// FuzzDecode decodes any input in both modes: no panic; errors of the
// documented type; what strict mode accepts, lenient mode decodes the
// same with no diagnostic; and whatever decodes, encodes and decodes
// again to the same.
func FuzzDecode(f *testing.F) {
	codectest.Seeds(f, "testdata/*.json", "testdata/fuzzseed/*.json")
	c := codectest.Codec{
		Response: func(data []byte, lenient bool) (invocation.Response, []codectest.Place, error) {
			r, diags, err := jsoncodec.Decoder{Lenient: lenient, MaxDepth: 20, MaxItems: 1000}.DecodeResponse(data)
			return r, places(diags), err
		},
		APIError: func(data []byte, lenient bool) error {
			_, _, err := jsoncodec.Decoder{Lenient: lenient}.DecodeAPIError(data)
			return err
		},
		Encode: func(r *invocation.Response) []byte { return jsoncodec.AppendResponse(nil, r) },
		Error:  place,
	}
	f.Fuzz(func(t *testing.T, data []byte) { codectest.CheckDecoding(t, c, data) })
}

// places returns where diags are.
func places(diags []jsoncodec.Diagnostic) []codectest.Place {
	out := make([]codectest.Place, len(diags))
	for i, d := range diags {
		out[i] = codectest.Place{Line: d.Line, Column: d.Column, Offset: d.Offset}
	}
	return out
}

// place returns where a *DecodeError is.
func place(err error) (codectest.Place, bool) {
	var de *jsoncodec.DecodeError
	if !errors.As(err, &de) {
		return codectest.Place{}, false
	}
	return codectest.Place{Line: de.Line, Column: de.Column, Offset: de.Offset}, true
}

// Reference structs for encoding/json, with plain tags and every field;
// pointers for the values a response may leave out.
type refResponse struct {
	RequestId   string
	TotalCount  int
	PageNumber  int
	PageSize    int
	NextToken   string
	Invocations struct{ Invocation []refInvocation }
}

type refInvocation struct {
	InvokeId, CommandId, CommandName, CommandType string
	InvokeStatus, InvocationStatus                string
	Timed                                         bool
	Frequency, CreationTime                       string
	RepeatMode, CommandContent                    string
	CommandDescription, Parameters                string
	Timeout                                       *int64
	Username, WorkingDir, Launcher                string
	TerminationMode, ContainerId, ContainerName   string
	OssOutputDelivery                             string
	Tags                                          struct {
		Tag []struct{ TagKey, TagValue string }
	}
	InvokeInstances struct{ InvokeInstance []refInstance }
}

type refInstance struct {
	InstanceId, InstanceInvokeStatus, InvocationStatus        string
	Timed                                                     *bool
	Repeats                                                   *int32
	ExitCode                                                  *int64
	Output                                                    string
	Dropped                                                   *int32
	ErrorCode, ErrorInfo                                      string
	CreationTime, StartTime, FinishTime, StopTime, UpdateTime string
	OssOutputStatus, OssOutputUri                             string
	OssOutputErrorCode, OssOutputErrorInfo                    string
}

func opt[T any](p *T) invocation.Optional[T] {
	if p == nil {
		return invocation.Optional[T]{}
	}
	return invocation.Some(*p)
}

func parseTime(s string) time.Time {
	t, _ := wire.ParseTime(s)
	return t
}

// model converts what encoding/json decoded to the model.
func (ref *refResponse) model() invocation.Response {
	r := invocation.Response{RequestID: ref.RequestId, TotalCount: ref.TotalCount, PageNumber: ref.PageNumber,
		PageSize: ref.PageSize, NextToken: ref.NextToken}
	for _, ri := range ref.Invocations.Invocation {
		inv := invocation.Invocation{InvokeID: ri.InvokeId, CommandID: ri.CommandId, CommandName: ri.CommandName,
			CommandType: invocation.ParseCommandType(ri.CommandType), InvokeStatus: status.ParseLegacy(ri.InvokeStatus),
			InvocationStatus: status.ParseCurrent(ri.InvocationStatus), Timed: ri.Timed, Frequency: ri.Frequency,
			CreationTime: parseTime(ri.CreationTime), RepeatMode: invocation.ParseRepeatMode(ri.RepeatMode),
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
				ErrorCode: invocation.ErrorCode(rn.ErrorCode), ErrorInfo: rn.ErrorInfo, CreationTime: parseTime(rn.CreationTime),
				StartTime: parseTime(rn.StartTime), FinishTime: parseTime(rn.FinishTime), StopTime: parseTime(rn.StopTime),
				UpdateTime: parseTime(rn.UpdateTime), OssOutputStatus: invocation.ParseOssOutputStatus(rn.OssOutputStatus),
				OssOutputURI: rn.OssOutputUri, OssOutputErrorCode: rn.OssOutputErrorCode, OssOutputErrorInfo: rn.OssOutputErrorInfo})
		}
		r.Invocations = append(r.Invocations, inv)
	}
	return r
}

// foldsToKnown reports whether a key anywhere in v matches a schema name
// the way encoding/json matches keys (ignoring case, with Unicode folding)
// without being that name: encoding/json takes such keys, strict mode
// refuses or skips them.
func foldsToKnown(v any) bool {
	switch v := v.(type) {
	case map[string]any:
		for k, x := range v {
			for _, name := range codectest.Names() {
				if k != name && strings.EqualFold(k, name) {
					return true
				}
			}
			if foldsToKnown(x) {
				return true
			}
		}
	case []any:
		for _, x := range v {
			if foldsToKnown(x) {
				return true
			}
		}
	}
	return false
}

// FuzzStdlib checks strict decoding against encoding/json: what strict
// mode accepts, encoding/json accepts too, with the same content field for
// field (every field; encoding/json passes over what strict mode keeps as
// unknown). Where a key of the schema comes twice in one object, which
// encoding/json reads its own way, strict mode refuses the input instead,
// at the first such key (codectest.DuplicateJSON, from encoding/json's
// tokens); and it refuses no other input for that reason.
func FuzzStdlib(f *testing.F) {
	codectest.Seeds(f, "testdata/*.json", "testdata/fuzzseed/*.json")
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := jsoncodec.DecodeResponse(data)
		dup, twice := codectest.DuplicateJSON(data)
		if errors.Is(err, jsoncodec.ErrDuplicate) {
			var de *jsoncodec.DecodeError
			if !errors.As(err, &de) || !twice || de.Path != dup {
				t.Fatalf("strict refuses a duplicate key that encoding/json's tokens do not show (%q, %v): %v", dup, twice, err)
			}
			return
		}
		if err != nil {
			return
		}
		if twice {
			t.Fatalf("strict accepts the key %s given twice", dup)
		}
		var generic any
		if err := json.Unmarshal(data, &generic); err != nil {
			t.Fatalf("strict accepts what encoding/json finds malformed: %v", err)
		}
		if foldsToKnown(generic) {
			return
		}
		var ref refResponse
		if err := json.Unmarshal(data, &ref); err != nil {
			t.Fatalf("strict accepts what encoding/json refuses: %v", err)
		}
		want := ref.model()
		if !reflect.DeepEqual(want, codectest.Known(codectest.Canonical(got))) {
			t.Fatalf("strict and encoding/json disagree:\n%+v\n%+v", got, want)
		}
	})
}
