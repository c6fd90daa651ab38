// Package scenario plays the lifecycle of Cloud Assistant as data: a
// scenario is a list of requests to a server, API calls and control
// requests, each with what its answer must hold, and a Runner plays it
// against any server that speaks the API and the control endpoints of the
// fake (cmd/fake-cloudassistant) under /_mock/, in any language. The
// scenarios this repository publishes, vectors/scenarios.json, cover every
// operation and every rule of the fake; the command
// cmd/cloudassistant-scenarios plays them and reports in text and JUnit
// XML.
//
// # Files
//
// Parse reads a scenario File: a Version, the Fleet the server is to be
// started with (the fake server's fleet file: instances, and outcomes
// chosen by what a run's content contains), the Rules the scenarios check,
// by id, and the Scenarios. Each Scenario names the rules it checks, so
// that a server that breaks one rule fails exactly the scenarios that name
// it. Each Step is either an API call (Action and Params, one value each;
// the runner posts them as a form with Format=JSON unless Params has a
// Format) or a control request (Control, "POST /_mock/advance?by=1s", with
// an optional JSON Body). Its Expect holds the HTTP status (200 when
// absent), the error Code, whether the connection is to be dropped, and
// Checks on the JSON body, each at a path such as
// "Invocation.InvocationResults.InvocationResult[0].ExitCode": Equals a
// JSON value (objects by members, arrays in order, numbers by exact
// value), Len of an array, object or string (in UTF-8 bytes), Matches an
// unanchored RE2 regular expression, or Absent. Save keeps a value of the
// answer, such as the InvokeId, for later steps, and Repeat sends a step
// several times.
//
// References in strings, replaced before a step runs: ${name} is a value
// saved by an earlier step, ${T} the scenario's start (the Now that
// POST /_mock/reset answers) and ${T+90s} a time after it, in the API's
// layout, 2006-01-02T15:04:05Z; $${ is a literal ${. Parse refuses a
// reference that is malformed or names a value no earlier step saves. Ids
// and times are thus never written as one server made them, and a
// scenario passes on a server started at any instant with any seed.
//
// # Running
//
// Runner.Run resets the server (POST /_mock/reset), then plays the steps
// in order and stops at the first that fails. A scenario is Skipped, not
// Failed, when a control request is answered as a server without that
// endpoint answers (404, 405 or 501, with no code or the fake's
// InvalidApi.NotFound or MethodNotAllowed) or an advance 409 (a server
// whose clock is not virtual); a server without the reset fails, since no
// scenario can start from nothing. Redirects are answers, not followed. A
// Runner with an AccessKeyID signs API calls as the older official SDKs
// do (HMAC-SHA1, signature version 1.0). Trace sees every request and
// answer. A failed Result names the step, its request, the reason (for
// objects, the first member that differs) and the start of the answer.
// WriteText reports results as go test -v does (WriteResult one at a
// time, WriteSummary the counts), and WriteJUnit as JUnit XML for CI.
//
// # Where the published scenarios come from
//
// vectors/scenarios.json is written from the library: each scenario is
// played against the library's fake; the values a scenario states (the
// statuses of a roll-up, computed by package status; error codes with the
// HTTP status package apierror gives them) must hold there, and the values
// it asks to record are taken from the fake's answers, with the ids
// replaced by references to the steps that saved them and the times by
// references to the start. The file is then played again as written.
// A test regenerates it and fails on any difference.
package scenario
