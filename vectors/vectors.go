// Package vectors holds the conformance vectors and scenarios of Cloud
// Assistant's invocation rules as JSON files, so that a service or a fake
// written in any language can run them, and embeds them for Go programs
// (the scenario runner, cmd/cloudassistant-scenarios, plays
// scenarios.json from here).
//
// The files, each with an integer Version, a Description and a JSON
// Schema beside it (NAME.schema.json, draft 2020-12):
//
//   - status.json: spellings of status values in each family and what
//     parsing makes of them;
//   - rollup.json: every non-empty set of per-instance statuses of each
//     family, with the overall status of a one-time and of a periodic
//     invocation, and the mapping from the current family to the legacy
//     one;
//   - requests.json: DescribeInvocations parameter sets with the query
//     they ask for, or the error code and HTTP status they are answered
//     with;
//   - responses.json and the documents under responses/: responses with
//     what strict decoding says of them and the findings of the
//     conformance check;
//   - scenarios.json: the lifecycle as data, requests to a server and what
//     their answers must hold, with the fleet file the server is to be
//     started with (read it with package scenario), which
//     scenarios/fleet.json holds again as a fleet file.
//
// The files are written from the library itself and a test fails when
// they differ from what it answers; they are never edited by hand.
package vectors

import "embed"

// FS holds the files of the folder, by their names: "rollup.json",
// "scenarios.json", "responses/seed-1.xml" and so on.
//
//go:embed *.json responses scenarios
var FS embed.FS
