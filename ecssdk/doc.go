// Package ecssdk is for services that call Cloud Assistant through the
// official Go SDK (github.com/alibabacloud-go/ecs-20140526/v7): it turns
// the SDK's responses into this library's model, walks every page, and
// waits for a run to finish.
//
// It is a module of its own, so that the library itself depends on the
// standard library only.
//
// # Conversions
//
// [ResponseFrom] turns the body of a DescribeInvocations answer into an
// invocation.Response, with typed statuses, [invocation.Optional] numbers
// and time.Time times, and [ResponseBody] turns it back; [ResultsFrom] and
// [ResultsBody] do the same for DescribeInvocationResults and its records,
// [invocation.Result]. Every field of both bodies has its place.
//
// # Pages
//
// [AllInvocations] and [AllResults] iterate over every item of every page
// of a request, in token style, stopping on a NextToken seen twice.
//
// # Waiting
//
// [Waiter.Wait] (and [Wait], with the default schedule) polls one
// invocation until it settles, retrying throttled and failed answers, and
// returns a *[RunError] listing each instance that did not succeed when
// the run failed. [Waiter.Run] (and [Run]) starts a run with RunCommand,
// waits, and returns each instance's exit code and decoded output.
//
// The functions take the small interfaces [InvocationsAPI], [ResultsAPI]
// and [RunAPI], which *ecs.Client implements, so that tests can pass a
// fake, and a Waiter takes its sleep as a function, so that a test's
// clock can be a fake's. Package ecstest gives a test both in one call:
// the project's fake behind a local server, an *ecs.Client configured for
// it, and a Sleep that moves the fake's clock.
//
// # Decisions
//
// Where the vendor is silent, this package decides:
//
//   - A nil pointer in an SDK body is an absent field, never a zero that
//     looks present: an unset Optional, the zero time, the empty string.
//     An empty string is absent too. A nil item of a list is left out.
//   - Times are read in [invocation.TimeLayout] only, as the strict
//     codecs read them. A time in any other form (another offset, a
//     fraction of a second) is left absent and reported by a *[TimeError]
//     that names each such field by its path; the rest of the conversion
//     stands.
//   - Converting back, the fields of the API's first edition are always
//     set, but for PageNumber and PageSize, which token paging leaves out;
//     the others only when present. Unknown members have no place in the
//     SDK's bodies: the Unknown lists are left empty one way and dropped
//     the other.
//   - The iterators ask for the most items a page (50) unless the request
//     says otherwise, start from the request's own NextToken if it has
//     one, ignore its PageNumber and PageSize, and do not retry.
//   - The status a wait watches is the reported InvocationStatus, or,
//     when there is none, the roll-up of the instances' statuses. A
//     status it does not know is not settled. Scheduled settles a
//     periodic invocation only: Timed, or RepeatMode Period,
//     NextRebootOnly or EveryReboot.
//   - Stopped is an error, as Failed and PartialFailed are: the command
//     did not run to its end everywhere.
//   - Retried: the SDK's three throttling codes, HTTP statuses 500 to 599,
//     and an answer without the invocation (just after it was created);
//     at most Retries in a row, 10 by default, so that even three answers
//     in ten failing at random end a wait less than twice in a million
//     polls (0.3¹¹). Not retried: any other 4xx, and failures of the network,
//     which the SDK's own retry options cover.
//   - A wait looks at statuses, not times: a time of the last answer in
//     the wrong form is absent in the result and reported with it, a
//     *TimeError beside a nil error or joined to the *RunError.
//   - Run sends a random ClientToken when the request has none, so that a
//     retried RunCommand cannot start the command twice, and asks for the
//     output once, after the run settled, in Base64, which it decodes.
package ecssdk
