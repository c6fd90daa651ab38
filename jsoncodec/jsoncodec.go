// Package jsoncodec encodes and decodes DescribeInvocations responses and
// API errors in JSON, with the wire names and list wrappers of the API:
//
//	{"TotalCount": 5, "PageNumber": 1, "PageSize": 10,
//	 "Invocations": {"Invocation": [{"InvokeId": "t-…", …,
//	   "InvokeInstances": {"InvokeInstance": [{"InstanceId": "i-…", …}]}}]},
//	 "RequestId": "12E7974A-…"}
//
// and {"RequestId": …, "HostId": …, "Code": …, "Message": …} for errors.
// Package xmlcodec does the same in XML, with the same API; one schema
// drives both.
//
// # Decoding
//
// A [Decoder] is strict by default: the input must be well-formed JSON
// with the schema's exact key names and scalar types. Keys it does not
// know are skipped, never an error, so that responses of newer API
// editions decode. The first defect is a [*DecodeError] with line, column,
// byte offset and path, such as Invocations.Invocation[4].Timed.
//
// [Decoder.Lenient] recovers from the defects real responses contain,
// listed on the field, and reports each as a [Diagnostic]; it never drops
// data without one. In both modes status values and command types ignore
// case and surrounding white space, and unknown ones are kept verbatim
// (package status).
//
// Decoding reads one string: a []byte input is copied once, and the
// decoded strings share that copy; known status values are the status
// constants. A Decoder's limits bound what a decoding costs, whatever the
// input: see [Decoder].
//
// # Encoding
//
// [AppendResponse] and [WriteResponse] write canonical spellings and valid
// JSON for any string: quotes, backslashes and control characters are
// escaped, and invalid UTF-8 is replaced by U+FFFD (as encoding/json
// does). PageNumber, PageSize, NextToken, InvocationStatus and
// CreationTime are written only when set (a page of token paging has no
// PageNumber or PageSize); every other field always. Decoding what the
// encoder writes gives back the response, its statuses canonical.
package jsoncodec

import "github.com/ecsassist/cloudassistant/internal/wire"

// Position locates a place in decoded JSON text: a key, a value, or the
// place of a defect.
type Position struct {
	Line   int    // 1-based line
	Column int    // 1-based column, in bytes
	Offset int    // 0-based byte offset
	Path   string // the keys and list indexes that lead there, such as Invocations.Invocation[2].InvokeInstances.InvokeInstance[0].InstanceId
}

// String returns "line L, column C, PATH", without the path when it is
// empty.
func (p Position) String() string { return wire.FormatPosition(p.Line, p.Column, p.Path) }

// Diagnostic is a defect that lenient decoding recovered from, such as a
// number written as a string, with its position.
type Diagnostic struct {
	Position
	Message string // what was wrong and what decoding did, with the offending text quoted
}

// String returns the diagnostic as "line L, column C, PATH: MESSAGE".
func (d Diagnostic) String() string { return d.Position.String() + ": " + d.Message }

// DecodeError is the defect that stopped decoding: its place, a message
// quoting the offending text, and its condition, for errors.Is.
type DecodeError struct {
	Line    int    // 1-based line
	Column  int    // 1-based column, in bytes
	Offset  int    // 0-based byte offset
	Path    string // the keys that lead to the value at fault, empty at the top level
	Message string // what is wrong, with the offending text quoted
	Err     error  // ErrSyntax, ErrValue or ErrLimit, or the error that reading the input returned
}

// Error returns "jsoncodec: line L, column C, PATH: MESSAGE", without the
// path when it is empty.
func (e *DecodeError) Error() string {
	return "jsoncodec: " + wire.FormatPosition(e.Line, e.Column, e.Path) + ": " + e.Message
}

// Unwrap returns e.Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// Conditions of a DecodeError, for errors.Is. They are the same values in
// package xmlcodec.
var (
	ErrSyntax = wire.ErrSyntax // malformed JSON, or a key or value out of place
	ErrValue  = wire.ErrValue  // a well-formed value of the wrong type or form
	ErrLimit  = wire.ErrLimit  // input larger, deeper or longer than the Decoder's limits
)

func newDiagnostic(p wire.Position, msg string) Diagnostic { return Diagnostic{Position(p), msg} }

func newError(p wire.Position, msg string, err error) error {
	return &DecodeError{Line: p.Line, Column: p.Column, Offset: p.Offset, Path: p.Path, Message: msg, Err: err}
}
