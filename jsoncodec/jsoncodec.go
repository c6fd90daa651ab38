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
// Both editions of the API decode: the 2018 edition of the seed's
// examples, and the current one, whose every field the model
// has: RepeatMode, CommandContent, Parameters, Timeout, Tags and the rest
// on invocations; Timed, Repeats, ExitCode, Output, Dropped, ErrorCode,
// the times and the OSS delivery on instances; NextToken on responses.
//
// # Decoding
//
// A [Decoder] is strict by default: the input must be well-formed JSON
// with the schema's exact key names and scalar types: JSON numbers for
// TotalCount, PageNumber, PageSize, Timeout, ExitCode, Repeats (an int32)
// and Dropped (an int32), JSON booleans for Timed, strings for the rest.
// Keys it does not know are kept (see below), never an error, so that
// responses of newer API editions decode. The first defect is a
// [*DecodeError] with line, column, byte offset and path, such as
// Invocations.Invocation[4].Timed.
//
// A value a response may leave out is absent when its key is: an absent
// ExitCode (a run that has not ended) is not an exit code of 0
// ([invocation.Optional]), and an absent time, or an empty string for a
// time (the vendor's sample writes StopTime so), is the zero time. A key
// of the schema given twice in one object is an error (see below).
//
// [Decoder.Lenient] recovers from the defects real responses contain,
// listed on the field, and reports each as a [Diagnostic]; it never drops
// data without one. In both modes status values, command types, repeat
// and termination modes and OSS delivery states ignore case and
// surrounding white space, and unknown ones are kept verbatim (package
// status); ErrorCode is kept exactly as written.
//
// Decoding reads one string: a []byte input is copied once, and the
// decoded strings share that copy; known status values are the status
// constants. A Decoder's limits bound what a decoding costs, whatever the
// input: see [Decoder].
//
// # Keys given twice
//
// Strict decoding refuses a key of the schema that one object gives twice
// (the response, an invocation, an instance, a tag, a list wrapper, an
// error body): a [*DecodeError] of [ErrDuplicate], which is also
// [ErrSyntax], at the second, naming the line and column of the first.
// RFC 8259 §4 leaves the meaning of repeated names to each
// implementation, and they disagree: encoding/json keeps the last value
// and merges repeated objects, encoding/json/v2 refuses them. A response
// that repeats a key is read neither way without a word.
//
// Lenient decoding reads it, with a [Diagnostic] for each time the key
// comes again: its Err is ErrDuplicate and First places the first one. Of
// a value it keeps the last, as encoding/json and encoding/xml do and as
// RFC 8259 notes of many implementations, so that it agrees with the
// decoders a caller compares it with; what it drops is where the
// diagnostics say. Of a list wrapper ("InvokeInstances") or of the items'
// key in one ("InvokeInstance") it adds the items to those before, which
// loses nothing. Package xmlcodec decides the same, so that a response
// gives the same model and the same diagnostics in either format.
//
// Keys the schema does not know may come any number of times: each is
// kept, in both modes.
//
// # Unknown members
//
// Nothing is lost: a key that the response, an invocation or
// an instance does not know is kept, in order, in that object's Unknown
// list, as an [invocation.Member]: a string as its text (Kind String), a
// number or a boolean as its literal (Number, Bool), null (Null), an
// object or an array verbatim (Raw, with Format "json"). Keys inside a
// list wrapper or a tag are passed over: the model has no place for them.
// Kept members count against MaxItems with the list items.
//
// The encoder writes them back after the known fields of their object,
// in their order: scalars as they were read, and raw values verbatim. A
// scalar member is carried across formats (package xmlcodec writes it as
// an element's text, and reads it back as a string); a structured one is
// written only by the encoder of its format: [Unwritten] lists the paths
// of the members of a response, decoded from XML, that this encoder
// leaves out. A member named as a field of its object, in any case, is
// never written: it would read back as the field.
//
// # Encoding
//
// [AppendResponse] and [WriteResponse] write canonical spellings and valid
// JSON for any string, each string as encoding/json writes it with HTML
// escaping off: a quote and a backslash escaped with a backslash; \b, \f,
// \n, \r and \t for those control characters, \u00XX for the others;
// U+2028 and U+2029 as \u2028 and \u2029, since JavaScript reads them as
// line ends; each byte of invalid UTF-8 as \ufffd; '<', '>', '&' and all
// else as it is. Package fakehttp writes the strings of every other
// operation with the same writer, so a string is written byte for byte
// the same in every body. The text of a Raw member is written as it is,
// and must be JSON.
// The seed edition's fields are always written, but for PageNumber,
// PageSize, NextToken, InvocationStatus and CreationTime, written only
// when set (a page of token paging has no PageNumber or PageSize); the
// current edition's fields are written only when present: a string that
// is not empty, a value that is set, a time that is not zero, tags.
// Decoding what the encoder writes gives back the response, its statuses
// and modes canonical, absent values absent.
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

	// Err is the condition of the defect, for errors.Is, where callers
	// may branch on it: ErrDuplicate for a member given again, whose
	// first occurrence First places. It is nil for the other defects.
	Err   error
	First Position // for ErrDuplicate, where the member was first given; else the zero Position
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
	Err     error  // ErrSyntax, ErrValue, ErrLimit or ErrDuplicate, or the error that reading the input returned
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

	// ErrDuplicate is a key of the schema given twice in one object: strict decoding refuses it,
	// lenient decoding reports it (Diagnostic.Err). It is ErrSyntax too.
	ErrDuplicate = wire.ErrDuplicate
)

func newDiagnostic(n wire.Note) Diagnostic {
	return Diagnostic{Position: Position(n.Position), Message: n.Message, Err: n.Err, First: Position(n.First)}
}

func newError(p wire.Position, msg string, err error) error {
	return &DecodeError{Line: p.Line, Column: p.Column, Offset: p.Offset, Path: p.Path, Message: msg, Err: err}
}
