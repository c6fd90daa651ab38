package xmlcodec

import (
	"io"
	"slices"
	"strconv"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// AppendResponse appends the XML encoding of r to b, without an XML
// declaration.
func AppendResponse(b []byte, r *invocation.Response) []byte {
	b = slices.Grow(b, sizeHint(r))
	b = append(b, "<DescribeInvocationsResponse><TotalCount>"...)
	b = strconv.AppendInt(b, int64(r.TotalCount), 10)
	b = append(b, "</TotalCount><PageNumber>"...)
	b = strconv.AppendInt(b, int64(r.PageNumber), 10)
	b = append(b, "</PageNumber><PageSize>"...)
	b = strconv.AppendInt(b, int64(r.PageSize), 10)
	b = append(b, "</PageSize>"...)
	if r.NextToken != "" {
		b = element(b, "NextToken", r.NextToken)
	}
	b = append(b, "<Invocations>"...)
	for i := range r.Invocations {
		b = appendInvocation(b, &r.Invocations[i])
	}
	b = append(b, "</Invocations>"...)
	b = element(b, "RequestId", r.RequestID)
	return append(b, "</DescribeInvocationsResponse>"...)
}

func appendInvocation(b []byte, inv *invocation.Invocation) []byte {
	b = append(b, "<Invocation>"...)
	b = element(b, "InvokeId", inv.InvokeID)
	b = element(b, "CommandId", inv.CommandID)
	b = element(b, "CommandName", inv.CommandName)
	b = element(b, "CommandType", string(invocation.ParseCommandType(string(inv.CommandType))))
	b = element(b, "InvokeStatus", string(wire.CanonicalLegacy(inv.InvokeStatus)))
	if inv.InvocationStatus != "" {
		b = element(b, "InvocationStatus", string(wire.CanonicalCurrent(inv.InvocationStatus)))
	}
	b = append(b, "<Timed>"...)
	b = strconv.AppendBool(b, inv.Timed)
	b = append(b, "</Timed>"...)
	b = element(b, "Frequency", inv.Frequency)
	if !inv.CreationTime.IsZero() {
		b = append(b, "<CreationTime>"...)
		b = wire.AppendTime(b, inv.CreationTime)
		b = append(b, "</CreationTime>"...)
	}
	b = append(b, "<InvokeInstances>"...)
	for i := range inv.Instances {
		in := &inv.Instances[i]
		b = append(b, "<InvokeInstance>"...)
		b = element(b, "InstanceId", in.InstanceID)
		b = element(b, "InstanceInvokeStatus", string(wire.CanonicalLegacy(in.InstanceInvokeStatus)))
		if in.InvocationStatus != "" {
			b = element(b, "InvocationStatus", string(wire.CanonicalCurrent(in.InvocationStatus)))
		}
		b = append(b, "</InvokeInstance>"...)
	}
	return append(b, "</InvokeInstances></Invocation>"...)
}

// element appends <name>text</name>, with text escaped.
func element(b []byte, name, text string) []byte {
	b = append(b, '<')
	b = append(b, name...)
	b = append(b, '>')
	b = appendText(b, text)
	b = append(b, '<', '/')
	b = append(b, name...)
	return append(b, '>')
}

// WriteResponse writes the XML encoding of r to w, after an XML
// declaration.
func WriteResponse(w io.Writer, r *invocation.Response) error {
	b := append([]byte(nil), header...)
	_, err := w.Write(AppendResponse(b, r))
	return err
}

// header is the XML declaration WriteResponse and WriteAPIError write.
const header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// AppendAPIError appends the XML encoding of e to b, without an XML
// declaration: its RequestId, HostId, Code and Message.
func AppendAPIError(b []byte, e *apierror.Error) []byte {
	b = append(b, "<Error>"...)
	b = element(b, "RequestId", e.RequestID)
	b = element(b, "HostId", e.HostID)
	b = element(b, "Code", string(e.Code))
	b = element(b, "Message", e.Message)
	return append(b, "</Error>"...)
}

// WriteAPIError writes the XML encoding of e to w, after an XML
// declaration.
func WriteAPIError(w io.Writer, e *apierror.Error) error {
	b := append([]byte(nil), header...)
	_, err := w.Write(AppendAPIError(b, e))
	return err
}

// escaped marks the ASCII bytes text cannot hold as they are.
var escaped = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n'
	}
	t['<'], t['>'], t['&'], t['"'], t['\''] = true, true, true, true, true
	return t
}()

// appendText appends s escaped as XML character data.
func appendText(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if !escaped[c] {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '<':
				b = append(b, "&lt;"...)
			case '>':
				b = append(b, "&gt;"...)
			case '&':
				b = append(b, "&amp;"...)
			case '"':
				b = append(b, "&#34;"...)
			case '\'':
				b = append(b, "&#39;"...)
			case '\r':
				b = append(b, "&#xD;"...)
			default:
				b = append(b, "\uFFFD"...)
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 || !isXMLChar(r) {
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i += size
			start = i
			continue
		}
		i += size
	}
	return append(b, s[start:]...)
}

// sizeHint estimates the length of r's encoding, so that appending to a
// short buffer grows it once rather than by doubling: the markup of each
// invocation and instance, and the text of their fields.
func sizeHint(r *invocation.Response) int {
	n := 300 + len(r.RequestID) + len(r.NextToken)
	for i := range r.Invocations {
		inv := &r.Invocations[i]
		n += 620 + len(inv.InvokeID) + len(inv.CommandID) + len(inv.CommandName) + len(inv.Frequency)
		for j := range inv.Instances {
			n += 190 + len(inv.Instances[j].InstanceID)
		}
	}
	return n
}
