package jsoncodec

import (
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// AppendResponse appends the JSON encoding of r to b.
func AppendResponse(b []byte, r *invocation.Response) []byte {
	b = slices.Grow(b, sizeHint(r))
	b = append(b, `{"TotalCount":`...)
	b = strconv.AppendInt(b, int64(r.TotalCount), 10)
	b = append(b, `,"PageNumber":`...)
	b = strconv.AppendInt(b, int64(r.PageNumber), 10)
	b = append(b, `,"PageSize":`...)
	b = strconv.AppendInt(b, int64(r.PageSize), 10)
	if r.NextToken != "" {
		b = append(b, `,"NextToken":`...)
		b = appendString(b, r.NextToken)
	}
	b = append(b, `,"Invocations":{"Invocation":[`...)
	for i := range r.Invocations {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendInvocation(b, &r.Invocations[i])
	}
	b = append(b, `]},"RequestId":`...)
	b = appendString(b, r.RequestID)
	return append(b, '}')
}

func appendInvocation(b []byte, inv *invocation.Invocation) []byte {
	b = append(b, `{"InvokeId":`...)
	b = appendString(b, inv.InvokeID)
	b = append(b, `,"CommandId":`...)
	b = appendString(b, inv.CommandID)
	b = append(b, `,"CommandName":`...)
	b = appendString(b, inv.CommandName)
	b = append(b, `,"CommandType":`...)
	b = appendString(b, string(invocation.ParseCommandType(string(inv.CommandType))))
	b = append(b, `,"InvokeStatus":`...)
	b = appendString(b, string(wire.CanonicalLegacy(inv.InvokeStatus)))
	if inv.InvocationStatus != "" {
		b = append(b, `,"InvocationStatus":`...)
		b = appendString(b, string(wire.CanonicalCurrent(inv.InvocationStatus)))
	}
	b = append(b, `,"Timed":`...)
	b = strconv.AppendBool(b, inv.Timed)
	b = append(b, `,"Frequency":`...)
	b = appendString(b, inv.Frequency)
	if !inv.CreationTime.IsZero() {
		b = append(b, `,"CreationTime":"`...)
		b = wire.AppendTime(b, inv.CreationTime)
		b = append(b, '"')
	}
	b = append(b, `,"InvokeInstances":{"InvokeInstance":[`...)
	for i := range inv.Instances {
		in := &inv.Instances[i]
		if i > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"InstanceId":`...)
		b = appendString(b, in.InstanceID)
		b = append(b, `,"InstanceInvokeStatus":`...)
		b = appendString(b, string(wire.CanonicalLegacy(in.InstanceInvokeStatus)))
		if in.InvocationStatus != "" {
			b = append(b, `,"InvocationStatus":`...)
			b = appendString(b, string(wire.CanonicalCurrent(in.InvocationStatus)))
		}
		b = append(b, '}')
	}
	return append(b, "]}}"...)
}

// WriteResponse writes the JSON encoding of r to w.
func WriteResponse(w io.Writer, r *invocation.Response) error {
	_, err := w.Write(AppendResponse(nil, r))
	return err
}

// AppendAPIError appends the JSON encoding of e to b: its RequestId,
// HostId, Code and Message.
func AppendAPIError(b []byte, e *apierror.Error) []byte {
	b = append(b, `{"RequestId":`...)
	b = appendString(b, e.RequestID)
	b = append(b, `,"HostId":`...)
	b = appendString(b, e.HostID)
	b = append(b, `,"Code":`...)
	b = appendString(b, string(e.Code))
	b = append(b, `,"Message":`...)
	b = appendString(b, e.Message)
	return append(b, '}')
}

// WriteAPIError writes the JSON encoding of e to w.
func WriteAPIError(w io.Writer, e *apierror.Error) error {
	_, err := w.Write(AppendAPIError(nil, e))
	return err
}

const hex = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD.
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if plain[c] {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r == utf8.RuneError && size == 1 {
				b = append(b, s[start:i]...)
				b = append(b, `\ufffd`...)
				i++
				start = i
				continue
			}
			i += size
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"', '\\':
			b = append(b, '\\', c)
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		default:
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// sizeHint estimates the length of r's encoding, so that appending to a
// short buffer grows it once rather than by doubling: the markup of each
// invocation and instance, and the text of their fields.
func sizeHint(r *invocation.Response) int {
	n := 200 + len(r.RequestID) + len(r.NextToken)
	for i := range r.Invocations {
		inv := &r.Invocations[i]
		n += 420 + len(inv.InvokeID) + len(inv.CommandID) + len(inv.CommandName) + len(inv.Frequency)
		for j := range inv.Instances {
			n += 120 + len(inv.Instances[j].InstanceID)
		}
	}
	return n
}
