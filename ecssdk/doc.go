// Package ecssdk is for services that call Cloud Assistant through the
// official Go SDK (github.com/alibabacloud-go/ecs-20140526/v7): it turns
// the SDK's responses into this library's model, and walks every page.
//
// It is a module of its own, so that the library itself depends on the
// standard library only.
//
// # Conversions
//
// [ResponseFrom] turns the body of a DescribeInvocations answer into an
// invocation.Response, with typed statuses, [invocation.Optional] numbers
// and time.Time times, and [ResponseBody] turns it back; [ResultsFrom] and
// [ResultsBody] do the same for DescribeInvocationResults and its
// [Record] type. Every field of both bodies has its place.
//
// # Pages
//
// [AllInvocations] and [AllResults] iterate over every item of every page
// of a request, in token style, stopping on a NextToken seen twice. They
// take the small interfaces [InvocationsAPI] and [ResultsAPI], which
// *ecs.Client implements, so that tests can pass a fake.
//
// # Decisions
//
// Where the vendor is silent, this package decides:
//
//   - A nil pointer in an SDK body is an absent field, never a zero that
//     looks present: an unset Optional, the zero time, the empty string.
//     An empty string is absent too. A nil item of a list is left out.
//   - Times are read in [TimeLayout] only, as the strict codecs read them.
//     A time in any other form (another offset, a fraction of a second)
//     is left absent and reported by a *[TimeError] that names each such
//     field by its path; the rest of the conversion stands.
//   - Converting back, the fields of the API's first edition are always
//     set and the others only when present, as the library's encoders
//     write them. Unknown members have no place in the SDK's bodies: the
//     Unknown lists are left empty one way and dropped the other.
//   - The iterators ask for the most items a page (50) unless the request
//     says otherwise, start from the request's own NextToken if it has
//     one, ignore its PageNumber and PageSize, and do not retry.
package ecssdk
