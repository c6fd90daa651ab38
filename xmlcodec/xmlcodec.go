// Package xmlcodec encodes and decodes DescribeInvocations responses and
// API errors in XML, with the wire names and list wrappers of the API:
//
//	<DescribeInvocationsResponse>
//	  <TotalCount>5</TotalCount> <PageNumber>1</PageNumber> <PageSize>10</PageSize>
//	  <Invocations><Invocation><InvokeId>t-…</InvokeId> …
//	    <InvokeInstances><InvokeInstance><InstanceId>i-…</InstanceId> …</InvokeInstance></InvokeInstances>
//	  </Invocation></Invocations>
//	  <RequestId>12E7974A-…</RequestId>
//	</DescribeInvocationsResponse>
//
// and <Error><RequestId/><HostId/><Code/><Message/></Error> for errors.
// Package jsoncodec does the same in JSON, with the same API; one schema
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
// A [Decoder] is strict by default: the input must be well-formed XML
// with the schema's exact element names and scalar forms (integers,
// Repeats and Dropped in int32's range, booleans as true, false, 1 or 0,
// times like 2020-01-19T09:15:46Z, each possibly surrounded by white
// space; an empty element is an absent value, as encoding/xml takes it,
// but one of white space only is not a number or boolean). Elements it
// does not know are kept (see below), never an error, so that responses
// of newer API editions decode, but what they hold must be well-formed by
// the same rules as the rest; namespace prefixes are ignored, as
// encoding/xml ignores them. Text content is kept as it is, white space
// included, with references replaced and line ends normalized. An element
// of the schema given twice in one element is an error (see below). The
// first defect is a [*DecodeError] with line, column, byte offset and
// path, such as Invocations.Invocation[4].Timed.
//
// A value a response may leave out is absent when its element is, or is
// empty: an absent ExitCode (a run that has not ended) is not an exit
// code of 0 ([invocation.Optional]), and an absent time is the zero time.
//
// A document type declaration is passed over, external identifiers and
// all; one with an internal subset ([…]) is refused, as its entity
// declarations would change how the document reads.
//
// [Decoder.Lenient] recovers from the defects real responses and the
// vendor's reference examples contain, listed on the field, and reports
// each as a [Diagnostic]; it never drops data without one. In both modes
// status values, command types, repeat and termination modes and OSS
// delivery states ignore case and surrounding white space, and unknown
// ones are kept verbatim (package status); ErrorCode is kept exactly as
// written.
//
// Decoding reads one string: a []byte input is copied once, and the
// decoded strings share that copy; known status values are the status
// constants. A Decoder's limits bound what a decoding costs, whatever the
// input: see [Decoder].
//
// # Elements given twice
//
// Strict decoding refuses an element of the schema that one element
// holds twice (the response, an invocation, an instance, a tag, an error
// body; the items of a list wrapper are not its members, and come any
// number of times): a [*DecodeError] of [ErrDuplicate], which is also
// [ErrSyntax], at the second, naming the line and column of the first. A
// schema of the API has each of them at most once, and encoding/xml reads
// them two ways: it keeps the last value, but joins repeated list
// wrappers. A response that repeats one is read neither way without a
// word.
//
// Lenient decoding reads it, with a [Diagnostic] for each time the
// element comes again: its Err is ErrDuplicate and First places the first
// one. Of a value it keeps the last, as encoding/xml and encoding/json do,
// so that it agrees with the decoders a caller compares it with; what it
// drops is where the diagnostics say. Of a list wrapper (<InvokeInstances>)
// it adds the items to those before, which loses nothing. Package
// jsoncodec decides the same, so that a response gives the same model and
// the same diagnostics in either format.
//
// Elements the schema does not know may come any number of times: each
// is kept, in both modes.
//
// # Unknown elements
//
// Nothing is lost: an element that the response, an
// invocation or an instance does not know is kept, in order, in that
// object's Unknown list, as an [invocation.Member]: <Name>text</Name> or
// <Name/> as a string of its text, references replaced (Kind String;
// XML has no other scalar types), and any other element, with children,
// attributes or a namespace prefix, verbatim (Kind Raw, Format "xml").
// Elements inside a list wrapper or a tag are passed over: the model has
// no place for them. Kept elements count against MaxItems with the list
// items.
//
// The encoder writes them back after the known fields of their object,
// in their order: text as an element of that text (a JSON null as an
// empty one), raw elements verbatim. A scalar member is carried across
// formats (package jsoncodec writes it as a string); a structured one is
// written only by the encoder of its format, and a scalar only if its
// name is an ASCII XML name without a prefix: [Unwritten] lists the paths
// of the members of a response, decoded from JSON, that this encoder
// leaves out. A member named as a field of its object, in any case, is
// never written: it would read back as the field.
//
// # Encoding
//
// [AppendResponse] and [WriteResponse] write canonical spellings and
// well-formed XML for any string, each string as encoding/xml's EscapeText
// writes it: the double and the single quote, the ampersand and the angle
// brackets as &#34;, &#39;, &amp;, &lt; and &gt;; tab, line feed and
// carriage return as &#x9;, &#xA; and &#xD;, so that every parser keeps
// them as they are; each byte of invalid UTF-8 and each character XML 1.0
// does not allow (the other control characters, U+FFFE, U+FFFF) as
// U+FFFD; all else as it is. Package fakehttp writes the strings of
// every other operation with the same writer, so a string is written byte
// for byte the same in every body. The text of a Raw member is written
// as it is, and must be an element. The seed edition's fields are always
// written, but for PageNumber, PageSize, NextToken, InvocationStatus and
// CreationTime, written only when set (a page of token paging has no
// PageNumber or PageSize); the current edition's fields are written only
// when present: a string that is not empty, a value that is set, a time
// that is not zero, tags. Decoding what the encoder writes gives back the
// response, its statuses and modes canonical, absent values absent.
package xmlcodec

import "github.com/ecsassist/cloudassistant/internal/wire"

// Position locates a place in a decoded document: an element, or the
// place of a defect.
type Position struct {
	Line   int    // 1-based line
	Column int    // 1-based column, in bytes
	Offset int    // 0-based byte offset
	Path   string // the elements and list indexes that lead there, below the root, such as Invocations.Invocation[2].InvokeInstances.InvokeInstance[0].InstanceId
}

// String returns "line L, column C, PATH", without the path when it is
// empty.
func (p Position) String() string { return wire.FormatPosition(p.Line, p.Column, p.Path) }

// Diagnostic is a defect that lenient decoding recovered from, such as
// text between elements, with its position.
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
	Path    string // the elements that lead to the one at fault; empty for the root and outside the schema's elements
	Message string // what is wrong, with the offending text quoted
	Err     error  // ErrSyntax, ErrValue, ErrLimit or ErrDuplicate, or the error that reading the input returned
}

// Error returns "xmlcodec: line L, column C, PATH: MESSAGE", without the
// path when it is empty.
func (e *DecodeError) Error() string {
	return "xmlcodec: " + wire.FormatPosition(e.Line, e.Column, e.Path) + ": " + e.Message
}

// Unwrap returns e.Err.
func (e *DecodeError) Unwrap() error { return e.Err }

// Conditions of a DecodeError, for errors.Is. They are the same values in
// package jsoncodec.
var (
	ErrSyntax = wire.ErrSyntax // malformed XML, or an element or text out of place
	ErrValue  = wire.ErrValue  // a well-formed value of the wrong form
	ErrLimit  = wire.ErrLimit  // input larger, deeper or longer than the Decoder's limits

	// ErrDuplicate is an element of the schema given twice in one element: strict decoding refuses it,
	// lenient decoding reports it (Diagnostic.Err). It is ErrSyntax too.
	ErrDuplicate = wire.ErrDuplicate
)

func newDiagnostic(n wire.Note) Diagnostic {
	return Diagnostic{Position: Position(n.Position), Message: n.Message, Err: n.Err, First: Position(n.First)}
}

func newError(p wire.Position, msg string, err error) error {
	return &DecodeError{Line: p.Line, Column: p.Column, Offset: p.Offset, Path: p.Path, Message: msg, Err: err}
}
