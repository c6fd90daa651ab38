// Package jsoncodec encodes and decodes DescribeInvocations responses and
// API errors in JSON, with the wire names and list wrappers of the API:
//
//	{"TotalCount": 5, "PageNumber": 1, "PageSize": 10,
//	 "Invocations": {"Invocation": [{"InvokeId": "t-…", …,
//	   "InvokeInstances": {"InvokeInstance": [{"InstanceId": "i-…", …}]}}]},
//	 "RequestId": "12E7974A-…"}
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
// data without one. In both modes status values ignore case and
// surrounding white space, and unknown ones are kept verbatim (package
// status).
//
// Decoding converts the input to one string up front; strings without
// escapes are substrings of it and cost no allocation, and known status
// values are the status constants.
//
// # Encoding
//
// [AppendResponse] and [WriteResponse] write canonical spellings and valid
// JSON for any string: quotes, backslashes and control characters are
// escaped, and invalid UTF-8 is replaced by U+FFFD (as encoding/json
// does). InvocationStatus, CreationTime and NextToken are written only when
// set; every other field always.
package jsoncodec

import "github.com/ecsassist/cloudassistant/internal/wire"

// Position locates a place in a decoded input: line, column (in bytes),
// byte offset, and the path of keys, such as
// Invocations.Invocation[2].InvokeInstances.InvokeInstance[0].InstanceId.
type Position = wire.Position

// Diagnostic is a defect that lenient decoding recovered from, with its
// position.
type Diagnostic = wire.Diagnostic

// DecodeError is the defect that stopped decoding: its position, a message
// quoting the offending text, and the condition (ErrSyntax, ErrValue,
// ErrLimit) or the error that reading the input returned.
type DecodeError = wire.DecodeError

// Conditions of a DecodeError, for errors.Is.
var (
	ErrSyntax = wire.ErrSyntax // malformed JSON, or a key or value out of place
	ErrValue  = wire.ErrValue  // a well-formed value of the wrong type or form
	ErrLimit  = wire.ErrLimit  // input larger, deeper or longer than the Decoder's limits
)
