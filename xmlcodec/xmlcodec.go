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
//
// # Decoding
//
// A [Decoder] is strict by default: the input must be well-formed XML
// with the schema's exact element names and scalar forms (integers,
// booleans as true, false, 1 or 0, times like 2020-01-19T09:15:46Z, each
// possibly surrounded by white space; an empty element is an absent
// value, as encoding/xml takes it, but one of white space only is not a
// number or boolean). Elements it does not know are
// passed over, never an error, so that responses of newer API editions
// decode; namespace prefixes are ignored, as encoding/xml ignores them.
// Text content is kept as it is, white space included, with references
// replaced and line ends normalized. Repeated list wrappers add to the
// list. The first defect is a [*DecodeError] with line, column, byte
// offset and path, such as Invocations.Invocation[4].Timed.
//
// [Decoder.Lenient] recovers from the defects real responses and the
// vendor's reference examples contain, listed on the field, and reports
// each as a [Diagnostic]; it never drops data without one. In both modes
// status values ignore case and surrounding white space, and unknown ones
// are kept verbatim (package status).
//
// Decoding converts the input to one string up front; text without
// references is a substring of it and costs no allocation, and known
// status values are the status constants.
//
// # Encoding
//
// [AppendResponse] and [WriteResponse] write canonical spellings and
// well-formed XML for any string: markup characters are escaped, carriage
// returns are written as &#xD; so that they survive, and invalid UTF-8 and
// characters XML 1.0 does not allow (control characters other than tab,
// line feed and carriage return) are replaced by U+FFFD, as encoding/xml
// does. InvocationStatus, CreationTime and NextToken are written only when
// set; every other field always.
package xmlcodec

import "github.com/ecsassist/cloudassistant/internal/wire"

// Position locates a place in a decoded input: line, column (in bytes),
// byte offset, and the path of elements, such as
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
	ErrSyntax = wire.ErrSyntax // malformed XML, or an element or text out of place
	ErrValue  = wire.ErrValue  // a well-formed value of the wrong form
	ErrLimit  = wire.ErrLimit  // input larger, deeper or longer than the Decoder's limits
)
