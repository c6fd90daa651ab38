// Package vectors builds the conformance vectors of the repository's
// vectors/ folder: the library's rules restated as JSON tables, so that a
// service or a fake written in another language can run them against its
// own code, as implementations of Unicode and IETF specifications run the
// test data those publish.
//
// # Files
//
// [Files] returns every file of the folder but the schemas, by its path
// under vectors/:
//
//   - status.json: spellings of status values in each family and what
//     parsing makes of them (status.ParseLegacy, status.ParseCurrent);
//   - rollup.json: every non-empty set of per-instance statuses of each
//     family, with the overall status of a one-time and of a periodic
//     invocation, the empty set's error, and the mapping from the current
//     family to the legacy one;
//   - requests.json: DescribeInvocations parameter sets with the query
//     they ask for or the error code and HTTP status they are answered
//     with, across the parameters, limits and errors of the 2018 and the
//     current edition;
//   - responses.json and the documents under responses/: XML and JSON
//     responses with what strict decoding says of them (accepted, or the
//     line, column and path of the defect) and the findings that
//     conform.Check reports on their lenient decoding;
//   - scenarios.json: the lifecycle as data, with the fleet a server is
//     to be started with (package scenario reads and plays it). Each
//     story is played against the library's fake: what it states must
//     hold there, and what it asks to record is taken from the fake's
//     answers, ids and times written as references.
//
// Each file has an integer Version, a Description and a JSON Schema
// (draft 2020-12) beside it, vectors/NAME.schema.json, written by hand as
// the contract of the file's shape. The schemas are validated against the
// files by a test of the compat module, which may take the validator as a
// dependency.
//
// # Built from the library
//
// Nothing in a vector is written by hand: every answer is what the library
// returns. Candidate inputs are generated (spellings of every value, every
// subset of statuses, parameter sets at and beyond each limit, responses
// that each break one rule) and the library's answer is recorded, so the
// vectors agree with the library by construction. The builders check the
// inputs, not the answers: that every rule of conform has a document that
// breaks it alone, and that every error code of DescribeInvocations that a
// request's parameters can cause is caused.
//
// The output is deterministic: members in a fixed order, vectors in a
// stable order, one vector a line where a file holds many, so that a
// change to the library shows as a readable diff of the vectors.
//
// # Regenerating
//
// TestVectorsUpToDate builds the files in memory and fails with a diff when
// the checked-in ones differ; with -update it rewrites them:
//
//	go generate ./internal/vectors
//
// Other tests of the package read the checked-in files, independently of
// the builders, and run every vector back through the library.
package vectors

//go:generate go test -run ^TestVectorsUpToDate$ . -update
