package xmlcodec

import (
	"io"
	"slices"
	"time"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// AppendResponse appends the XML encoding of r to b, without an XML
// declaration.
func AppendResponse(b []byte, r *invocation.Response) []byte {
	return appendObject(b, wire.Response, unsafe.Pointer(r))
}

// WriteResponse writes the XML encoding of r to w, after an XML
// declaration.
func WriteResponse(w io.Writer, r *invocation.Response) error {
	_, err := w.Write(AppendResponse([]byte(header), r))
	return err
}

// AppendAPIError appends the XML encoding of e to b, without an XML
// declaration: its RequestId, HostId, Code and Message.
func AppendAPIError(b []byte, e *apierror.Error) []byte {
	return appendObject(b, wire.APIError, unsafe.Pointer(e))
}

// WriteAPIError writes the XML encoding of e to w, after an XML
// declaration.
func WriteAPIError(w io.Writer, e *apierror.Error) error {
	_, err := w.Write(AppendAPIError([]byte(header), e))
	return err
}

// header is the XML declaration WriteResponse and WriteAPIError write.
const header = `<?xml version="1.0" encoding="UTF-8"?>` + "\n"

// appendObject appends the object o at v, growing a short b once, by an
// estimate of the encoding's size (a name is written twice, with 5 bytes
// of angle brackets and slash).
func appendObject(b []byte, o *wire.Object, v unsafe.Pointer) []byte {
	b = slices.Grow(b, wire.Size(o, v, 2, 5))
	return wire.Append(b, markup{}, o, v)
}

// markup is XML's structure: every object, member and item an element
// named as the schema says.
type markup struct{}

func (markup) Open(b []byte, o *wire.Object) []byte          { return tag(b, "<", o.Name) }
func (markup) Close(b []byte, o *wire.Object) []byte         { return tag(b, "</", o.Name) }
func (markup) Member(b []byte, f *wire.Field, _ bool) []byte { return tag(b, "<", f.Name) }
func (markup) End(b []byte, f *wire.Field) []byte            { return tag(b, "</", f.Name) }
func (markup) Next(b []byte) []byte                          { return b }
func (markup) Time(b []byte, t time.Time) []byte             { return wire.AppendTime(b, t) }

func tag(b []byte, open, name string) []byte {
	b = append(b, open...)
	b = append(b, name...)
	return append(b, '>')
}

// escaped marks the ASCII bytes text cannot hold as they are.
var escaped = func() (t [utf8.RuneSelf]bool) {
	for c := 0; c < 0x20; c++ {
		t[c] = c != '\t' && c != '\n'
	}
	t['<'], t['>'], t['&'], t['"'], t['\''] = true, true, true, true, true
	return t
}()

// Text appends s escaped as XML character data.
func (markup) Text(b []byte, s string) []byte {
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
