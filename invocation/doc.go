// Package invocation models Cloud Assistant command invocations as the
// DescribeInvocations API reports them, the records of their runs as
// DescribeInvocationResults reports them, and the errors that API answers
// with.
//
// An [Invocation] runs one command on one or more instances; each
// [InvokeInstance] carries its own status in both status families of
// package status, and the invocation's overall statuses are rolled up from
// them ([Invocation.RollupLegacy], [Invocation.RollupCurrent]). A [Result]
// is one run on one instance, the record DescribeInvocationResults lists.
// The model holds no wire concerns: field names are Go's (InvokeID for
// InvokeId), and the codecs map them to the wire. The one wire rule it
// states is [TimeLayout], the form of every time the API writes, which
// the codecs, the fake and the SDK conversions all read and write.
//
// # Decisions
//
//   - CommandType keeps values it does not know, verbatim, as the status
//     types do; [ParseCommandType] ignores case and surrounding white space.
//   - Frequency text that is empty or white space only means none
//     ([Invocation.HasFrequency]); a one-time invocation has none.
//   - CreationTime, and every other time, is UTC with second precision;
//     the zero time means the response did not say.
//   - An invocation without instances has no roll-up: the roll-up methods
//     return an error rather than guess.
//   - An instance that reports only the current status (InvocationStatus)
//     takes part in the legacy roll-up with that status mapped to legacy
//     ([status.Current.Legacy]); the current family cannot be derived from
//     the legacy one.
//
// # Related packages
//
// This package is the model alone. Package conform checks a response
// against the rules of the API, package apierror is the error the API
// answers with, packages xmlcodec and jsoncodec read and write the wire
// formats, and package fakehttp serves the model as the API does.
package invocation
