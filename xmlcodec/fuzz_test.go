package xmlcodec_test

import (
	"encoding/xml"
	"errors"
	"reflect"
	"testing"

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

// Reference structs for encoding/xml, with plain tags.
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
	Instances                                     []refInstance `xml:"InvokeInstances>InvokeInstance"`
}

type refInstance struct{ InstanceId, InstanceInvokeStatus, InvocationStatus string }

// FuzzStdlib checks strict decoding against encoding/xml: what strict
// mode accepts, encoding/xml accepts too, with the same content field for
// field.
func FuzzStdlib(f *testing.F) {
	codectest.Seeds(f, "testdata/*.xml", "testdata/fuzzseed/*.xml")
	f.Fuzz(func(t *testing.T, data []byte) {
		got, err := xmlcodec.DecodeResponse(data)
		if err != nil {
			return
		}
		var ref refResponse
		if err := xml.Unmarshal(data, &ref); err != nil {
			t.Fatalf("strict accepts what encoding/xml refuses: %v", err)
		}
		want := invocation.Response{RequestID: ref.RequestId, TotalCount: ref.TotalCount, PageNumber: ref.PageNumber,
			PageSize: ref.PageSize, NextToken: ref.NextToken}
		for _, ri := range ref.Invocations {
			inv := invocation.Invocation{InvokeID: ri.InvokeId, CommandID: ri.CommandId, CommandName: ri.CommandName,
				CommandType: invocation.ParseCommandType(ri.CommandType), InvokeStatus: status.ParseLegacy(ri.InvokeStatus),
				InvocationStatus: status.ParseCurrent(ri.InvocationStatus), Timed: ri.Timed, Frequency: ri.Frequency}
			if ri.CreationTime != "" {
				inv.CreationTime, _ = wire.ParseTime(trim(ri.CreationTime))
			}
			for _, rn := range ri.Instances {
				inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: rn.InstanceId,
					InstanceInvokeStatus: status.ParseLegacy(rn.InstanceInvokeStatus), InvocationStatus: status.ParseCurrent(rn.InvocationStatus)})
			}
			want.Invocations = append(want.Invocations, inv)
		}
		if !reflect.DeepEqual(want, codectest.Canonical(got)) {
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
