package jsoncodec

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

// AppendResponse appends the JSON encoding of r to b.
func AppendResponse(b []byte, r *invocation.Response) []byte {
	return appendObject(b, wire.Response, unsafe.Pointer(r))
}

// WriteResponse writes the JSON encoding of r to w.
func WriteResponse(w io.Writer, r *invocation.Response) error {
	_, err := w.Write(AppendResponse(nil, r))
	return err
}

// AppendAPIError appends the JSON encoding of e to b: its RequestId,
// HostId, Code and Message.
func AppendAPIError(b []byte, e *apierror.Error) []byte {
	return appendObject(b, wire.APIError, unsafe.Pointer(e))
}

// WriteAPIError writes the JSON encoding of e to w.
func WriteAPIError(w io.Writer, e *apierror.Error) error {
	_, err := w.Write(AppendAPIError(nil, e))
	return err
}

// appendObject appends the object o at v, growing a short b once, by an
// estimate of the encoding's size (a key costs its name and 4 bytes of
// quotes, colon and comma).
func appendObject(b []byte, o *wire.Object, v unsafe.Pointer) []byte {
	b = slices.Grow(b, wire.Size(o, v, 1, 4))
	return wire.Append(b, markup{}, o, v)
}

// markup is JSON's structure: objects in braces, lists in wrapper objects
// holding an array under the item's key.
type markup struct{}

func (markup) Open(b []byte, _ *wire.Object) []byte  { return append(b, '{') }
func (markup) Close(b []byte, _ *wire.Object) []byte { return append(b, '}') }
func (markup) Next(b []byte) []byte                  { return append(b, ',') }

func (markup) Member(b []byte, f *wire.Field, first bool) []byte {
	if !first {
		b = append(b, ',')
	}
	b = key(b, f.Name)
	if f.Kind == wire.List {
		b = key(append(b, '{'), f.Item.Name)
		b = append(b, '[')
	}
	return b
}

func key(b []byte, name string) []byte {
	b = append(b, '"')
	b = append(b, name...)
	return append(b, '"', ':')
}

func (markup) End(b []byte, f *wire.Field) []byte {
	if f.Kind == wire.List {
		b = append(b, ']', '}')
	}
	return b
}

func (markup) Time(b []byte, t time.Time) []byte {
	return append(wire.AppendTime(append(b, '"'), t), '"')
}

const hex = "0123456789abcdef"

// Text appends s as a JSON string: quotes, backslashes and control
// characters escaped, invalid UTF-8 replaced by U+FFFD.
func (markup) Text(b []byte, s string) []byte {
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
