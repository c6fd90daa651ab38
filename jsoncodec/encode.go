package jsoncodec

import (
	"io"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/ecsassist/cloudassistant/internal/wire"
	"github.com/ecsassist/cloudassistant/invocation"
)

// AppendResponse appends the JSON encoding of r to b.
func AppendResponse(b []byte, r *invocation.Response) []byte {
	return encoder.Append(b, wire.Response, unsafe.Pointer(r))
}

// WriteResponse writes the JSON encoding of r to w.
func WriteResponse(w io.Writer, r *invocation.Response) error {
	_, err := w.Write(AppendResponse(nil, r))
	return err
}

// AppendAPIError appends the JSON encoding of e to b: its RequestId,
// HostId, Code and Message.
func AppendAPIError(b []byte, e *apierror.Error) []byte {
	return encoder.Append(b, wire.APIError, unsafe.Pointer(e))
}

// WriteAPIError writes the JSON encoding of e to w.
func WriteAPIError(w io.Writer, e *apierror.Error) error {
	_, err := w.Write(AppendAPIError(nil, e))
	return err
}

// encoder writes JSON: objects in braces, lists in wrapper objects that
// hold an array under the item's key.
var encoder = wire.NewEncoder(wire.Format{
	Object: func(*wire.Object) (string, string) { return "{", "}" },
	Member: func(f *wire.Field, first bool) (open, close string) {
		open = strconv.Quote(f.Name) + ":"
		if !first {
			open = "," + open
		}
		if f.Kind == wire.List {
			return open + "{" + strconv.Quote(f.Item.Name) + ":[", "]}"
		}
		return open, ""
	},
	Next:  ",",
	Text:  appendString,
	Quote: `"`,
})

const hex = "0123456789abcdef"

// appendString appends s as a JSON string: quotes, backslashes and
// control characters escaped, invalid UTF-8 replaced by U+FFFD.
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
