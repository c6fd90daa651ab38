// Package fakehttp serves a [fake.Service] over HTTP as the Cloud
// Assistant API does: a [Handler] reads each request's parameters into
// the service's request types, has the service answer, and writes the
// answer in XML or JSON with the API's names, error codes and HTTP
// statuses; it checks signatures when given keys, applies fault rules,
// keeps a journal of the requests it answered, and serves the endpoints
// that control the fake ([Control], the rules and the journal) under
// /_mock/. It decides nothing of the service's behaviour: package fake
// does.
//
// Mount a Handler in a test server of your own:
//
//	clock := fake.NewVirtualClock(time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC))
//	svc, err := fake.NewService(fake.Config{Clock: clock, Instances: []fake.Instance{{InstanceID: "i-1"}}})
//	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
//	defer ts.Close()
//	// RunCommand, then two seconds later the run's record, over HTTP:
//	ts.Client().Get(ts.URL + "/?Action=RunCommand&RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=uptime&InstanceId.1=i-1")
//	clock.Advance(2 * time.Second) // or POST ts.URL+"/_mock/advance?by=2s"
//	ts.Client().Get(ts.URL + "/?Action=DescribeInvocationResults&RegionId=cn-hangzhou&Format=JSON")
//
// A Handler without a Service answers every request with
// InternalError.Dispatch.
//
// # Requests
//
// The API is served at the path / (or the empty path, under
// [http.StripPrefix]); every other path is InvalidApi.NotFound (404), as
// the vendor's gateway answers a URL that names no API. The prefix /_mock/
// is kept for the endpoints that control the fake, outside the API: a
// Handler with a Service serves [Control] there, and a Handler without
// one answers it as any other path.
//
// The methods are GET, HEAD and POST, spelled so (methods are
// case-sensitive); any other is MethodNotAllowed (405) with the header
// "Allow: GET, HEAD, POST".
//
// Parameters come from the query string and, for a POST whose
// Content-Type is application/x-www-form-urlencoded, from the body,
// together. Each is given once: a parameter given twice, in one place or
// both, is InvalidParameter (400), as is a query or form that cannot be
// read (a ';' among the parameters, a broken escape such as %zz); the
// message names the fault. The action is the parameter Action or, in the
// style of signature version 3, the header x-acs-action; one that is
// missing or that the Handler does not serve is InvalidAction.NotFound
// (404).
//
// Every request is limited, each limit counted per request: the body to
// [Handler.MaxBodyBytes] (default 1 MiB; InvalidParameter.RequestTooLarge, 413), the
// parameters to [Handler.MaxParams] (default 1,000) and their bytes, query
// and form body together, to [Handler.MaxParamBytes] (default 1 MiB;
// InvalidParameter.ParameterLimit, 400). Parameters are counted before any is
// parsed, so that refusing a request costs little.
//
// Errors found before the parameters are read (path, method, limits,
// unreadable parameters) are answered in XML, the API's default, or in
// JSON for a request in the style of signature version 3 (an x-acs-action
// header or an ACS3 Authorization header); every later error is answered
// in the Format asked for (its first value, when it is given twice; XML
// when Format itself is neither XML nor JSON).
//
// # Operations
//
// Each operation has one entry in the Handler's dispatch table, which
// reads its parameters into the type of the Service's request and writes
// what the Service answers. DescribeInvocations is read by
// [ParseDescribeInvocations] and written by the codecs (packages xmlcodec
// and jsoncodec); the other operations are written in XML or JSON from
// one description of each body, with the API's names:
//
//	CreateCommand              CommandId
//	DescribeCommands           TotalCount, PageNumber and PageSize or NextToken, Commands.Command[]
//	DeleteCommand              (the RequestId alone)
//	InvokeCommand              InvokeId
//	RunCommand                 CommandId, InvokeId
//	StopInvocation             (the RequestId alone)
//	DescribeInvocationResults  Invocation: TotalCount, PageNumber and PageSize or NextToken, InvocationResults.InvocationResult[]
//
// Every body carries a RequestId; the XML root is the action's name and
// Response, such as <RunCommandResponse>. Strings are always written,
// numbers and times only when they are known (a run that has not ended
// has no ExitCode); a last page has no NextToken. The shell reads:
//
//   - lists as the API numbers them from 1: InstanceId.1, InstanceId.2…
//     in the order of N, which may skip numbers; InstanceId.0 is
//     InvalidParameter (400), and a name.N whose N is not a decimal number
//     without a sign or a leading zero is no item, and is passed over as
//     any unknown parameter is (so is InstanceId without a number);
//   - Tag.N.Key and Tag.N.Value as DescribeInvocations reads them;
//   - Parameters as one JSON object in a string, which the Service reads;
//   - integers (Timeout) in decimal, with an optional sign; other text,
//     the empty text included, is InvalidParam.Timeout (400), the code of a
//     Timeout out of range;
//   - booleans (EnableParameter, KeepCommand, IncludeHistory) as true or
//     false in any case, absent meaning false; other text is
//     InvalidParameter.EnableParameter, InvalidParameter.KeepCommand or
//     InvalidParameter.IncludeHistory (400), as DescribeInvocations'
//     Timed and IncludeOutput are;
//   - InvokeRecordStatus in any case, as InvokeStatus is;
//   - PageNumber, PageSize, MaxResults and NextToken as package paging
//     does; every other value as text, which the Service checks.
//
// A value that cannot be read as its type is answered before the Service
// sees the request, and so before the errors the Service finds, RegionId's
// included. Parameters the API has and the fake does not use (OwnerId,
// ResourceOwnerAccount, Timed, WindowsPasswordName, OssOutputDelivery…)
// are passed over.
//
// # Order of checks
//
// A Handler checks a request in this order, and answers the first fault
// it finds:
//
//  1. the path, the method, the limits, and whether the parameters can be
//     read and are each given once (see Requests);
//  2. the signature, when [Handler.AccessKeys] is set (see Signatures);
//  3. the fault rules (see Fault rules);
//  4. the Format, the action, and the operation's parameters, and the
//     answer of the Service.
//
// The first two are what the vendor's gateway does before a request
// reaches the service; an injected fault is the service failing to take
// a request the gateway let through, or refusing it for its rate. So a
// request that is turned away at the door, unsigned or wrongly signed
// above all, never meets a fault: it learns nothing of the service. A
// fault comes before the parameters are validated, so that a client's
// retry of a bad request sees the same fault rate as any other.
//
// # Fault rules
//
// Fault rules make chosen requests of the API fail, so that a test can
// check a client's retries, time-outs and idempotency. The rules, how they
// match (Action, one of [Actions] or "*"; RegionId; an InstanceId the
// request names in InstanceId or InstanceId.N), when they fire (Skip,
// Times, a Probability drawn from a generator seeded with [Handler.Seed])
// and their defaults are package fault's; the Handler keeps a fault.Set
// and does what the rule that applies says:
//
//	error  answer the rule's error, in the request's Format; the operation
//	       is not done
//	lost   do the operation, then answer the rule's error instead of its
//	       answer: a RunCommand's invocation exists though its caller never
//	       saw its id (the case ClientToken is for)
//	drop   close the connection without an answer; the operation is not
//	       done. Over HTTP/1 the connection is hijacked and closed; where it
//	       cannot be (HTTP/2, a ResponseRecorder) ServeHTTP panics with
//	       http.ErrAbortHandler, which net/http's server takes to abort the
//	       response
//	delay  wait Delay in real time, then serve the request as if no rule
//	       applied; when the client goes away during the wait, nothing is
//	       done or answered
//
// A rule applies after the signature check (see Order of checks): a
// request turned away at the door never meets a fault; and before the
// parameters are validated, so that a client's retry of a bad request
// meets the same faults as any other.
//
// In Go, [Handler.AddFaults] adds rules (all or none: the error is a
// *fault.RuleError naming the first bad rule and member),
// [Handler.Faults] lists them, [Handler.DeleteFault] and
// [Handler.DeleteFaults] remove them, and [Handler.ResetFaults] starts
// afresh. Over HTTP, with a JSON body:
//
//	POST   /_mock/faults        {"Rules":[rule, …]} adds rules; answers {"Rules":[…]}, the rules added
//	GET    /_mock/faults        answers {"Rules":[…]}, every rule
//	DELETE /_mock/faults        removes every rule; answers {"Rules":[]}
//	DELETE /_mock/faults?Id=N   removes rule N; answers the rules left
//
// A rule's members are Action, RegionId, InstanceId, Probability (a
// number), Skip and Times (integers), Effect ("error", "lost", "drop" or
// "delay"), Code, HTTPStatus, Message and Delay (a Go duration in a
// string, such as "1.5s"); a null member is an absent one
// (fault.UnmarshalRules, fault.MarshalRules). A listed rule
// has every default filled in, its Id (1, 2, … in order of creation; they
// keep counting after a DELETE, and start again at 1 after
// ResetFaults) and its Hits:
//
//	{"Id":1,"Action":"DescribeInvocations","Probability":1,"Skip":2,"Times":1,"Effect":"error",
//	 "Code":"InternalError.Dispatch","HTTPStatus":500,"Message":"An internal error occurred when dispatch the request.","Hits":0}
//
// The body is JSON whatever its Content-Type says (curl's -d sends
// another), of at most 1 MiB; member names are exact, in their case. Its
// errors change nothing, and are, as every control error,
// {"Code":"…","Message":"…"}:
//
//	400 InvalidParameter            a body that is not a JSON object, a member other than Rules,
//	                                a rule that is not an object, or a member a rule does not have
//	400 MissingParameter.Rules      no Rules
//	400 InvalidParameter.<Member>   a member of the wrong type or out of range, named with its
//	                                rule: "The fault rule Rules[1] is not valid: Probability: 1.5
//	                                is not from 0 to 1."; an unknown Action lists the known ones;
//	                                Id and Hits are the fake's to give
//	413 InvalidParameter.RequestTooLarge  a body over 1 MiB, as the API answers one
//	400 InvalidParameter.Id, 404 InvalidFaultRule.NotFound  an Id that is not a number from 1, or no rule's
//	400 InvalidParameter            a query parameter the method does not take (Id is DELETE's)
//
// [Handler.FaultRate] and [Handler.FaultCode], the first way this
// package had to inject faults, are the rule
// {"Probability":FaultRate,"Code":FaultCode}, made at first use.
//
// # Journal
//
// A Handler keeps a journal of the API's requests it answered, whatever
// the answer: the last [Handler.JournalSize] (default 10,000; a negative
// size turns it off), oldest first, so that a test can check what its
// client sent ("the wait made at most five DescribeInvocations calls").
// Requests refused before an operation ran are journaled too, with their
// Code: a bad signature, an unknown action, a limit, a path that is not
// the API's. Control requests are not. The journal is a journal.Journal,
// a ring of that size; each entry is a journal.Request: Seq (1,
// 2, …), the real Time it arrived, the fake's clock (Now), Method, Action,
// RegionId, Params, HTTPStatus, Code (empty on success), Fault (the Id of
// the rule that applied, 0 when none) and its duration.
//
// Params holds every parameter of the query string and a form body, the
// first value of each, but Signature and SecurityToken; headers are not
// parameters, so neither the Authorization header nor x-acs-security-token
// is kept, and the action of a request in the style of signature version
// 3 is in Action alone. A request refused before its parameters were read
// (path, method, limits) has none. HTTPStatus is 0 for a request not
// answered: dropped, or whose client went away during a delay.
//
// In Go, [Handler.Requests] returns the entries after a Seq,
// [Handler.DeleteRequests] empties the journal, and
// [Handler.ResetJournal] empties it and numbers the next request 1. Over
// HTTP:
//
//	GET    /_mock/requests[?since=SEQ]  answers {"Requests":[…]}, those after SEQ (an integer from 0)
//	DELETE /_mock/requests              empties it (Seq keeps counting); answers {"Requests":[]}
//
// An entry in JSON, its Time in RFC 3339 with nine digits of fraction,
// its Now to the second as the fake answers times, and DurationMs in
// milliseconds with a fraction:
//
//	{"Seq":3,"Time":"2026-01-02T10:11:12.123456789Z","Now":"2025-01-02T03:04:05Z","Method":"GET",
//	 "Action":"RunCommand","RegionId":"cn-hangzhou","Params":{"Action":"RunCommand","InstanceId.1":"i-1",…},
//	 "HTTPStatus":500,"Code":"InternalError.Dispatch","Fault":1,"DurationMs":0.412}
//
// A Handler without a Service has no Now, and serves neither endpoint.
// Journaling keeps the parameters the request read rather than a copy,
// and encodes nothing until the journal is read.
//
// # Control
//
// [Control] serves, under /_mock/, the endpoints that tests and scripts
// outside Go use to drive the fake: POST /_mock/advance?by=DURATION moves
// a virtual clock ahead, POST /_mock/advance?to=next moves it to the next
// transition due (fake.Service.NextTransition; 409
// OperationDenied.NothingDue when none is), GET /_mock/now tells the
// time, and POST /_mock/reboot?InstanceId=ID reboots an instance. They answer JSON, such
// as {"Now":"2025-01-02T03:05:35Z"}; their errors, their codes and
// statuses (an advance of a real clock is 409) are listed on Control. A
// Handler serves beside them /_mock/faults and /_mock/requests (see
// Fault rules and Journal). None is signed, meets a fault rule, or is
// journaled.
//
// # Reset, state and fleet
//
//	POST /_mock/reset       puts the fake back as it started; answers {"Now":"…"}
//	GET  /_mock/state       answers fake.State as JSON: Now, Clock, Instances, Commands, Invocations and their Executions with every Transition, and an ETag
//	GET  /_mock/instances   answers {"Instances":[…]}, the fleet
//	POST /_mock/instances   {"Instances":[change, …]} adds or changes instances (fake.InstanceChange, in a fleet file's shape); answers the fleet
//
// A reset is [Handler.Reset]: the Service's (fake.Service.Reset: every
// command, invocation, execution and ClientToken goes, the fleet is the
// configured one again, ids restart from the seed, the clock does not
// move, loaded fixtures stay), and the Handler's fault rules, journal and
// signature nonces. A change of the fleet is fake.Service.ChangeInstances,
// all or nothing: a body that is not one JSON object with Instances, a
// member a change does not have, a value of the wrong type or that names
// nothing is 400 InvalidParameter naming the fault, with the fleet as it
// was; a body over 1 MiB is 413. The state is read under the service's
// lock, at one instant, as every operation is. Its ETag is the service's
// revision (fake.Service.Revision), which moves whenever the state does:
// a poll that names it in If-None-Match is answered 304 with no body while
// the state is the same, without the document being built, so that a
// reader polling an idle fake costs a few microseconds whatever its size.
//
// # The page
//
// GET /_mock/ (and HEAD) answers the fake's page, one HTML document
// whose script and style sheet are embedded in the package, and GET
// /_mock/page-worker.js its worker, a script embedded too: they need no
// network and no build step, and their Content-Security-Policy lets the
// page's script and style sheet, named by their hashes, and the worker
// run and talk to the fake alone. The worker reads GET /_mock/state and
// works out what the reader sees (the filters, the order, the page, the
// open timelines' rows), so that the tab's main thread only draws and
// never parses a large state. It polls at most once a second, waiting
// at least as long as the last state took it to read, never while the
// tab is hidden. The page shows:
//
//   - the clock, virtual or real, with buttons that advance a virtual one
//     by 1 s, 1 min, 1 h, or to the next transition due;
//   - the fleet, with a button that stops or starts an instance's agent
//     (POST /_mock/instances);
//   - the invocations, newest first, with their overall status in both
//     families, command, type, frequency and executions by status,
//     filtered by status, instance and command;
//   - for an invocation opened, a timeline of its executions along the
//     clock, a row per instance: each status a segment, periodic runs
//     repeated, and each run's end a mark whose tooltip (on hover or focus)
//     gives its times, exit code, error code and the start of its output.
//
// Statuses are told apart by a glyph and a shape (dashed Pending, solid
// Running, hatched Stopping, thin Scheduled, ✓ ✕ ◔ marks), not by colour
// alone; everything is reached by keyboard, the arrow keys moving along a
// timeline's row. Updates keep open timelines, focus and the reader's
// place. The page draws 50 invocations, and 25 rows of a timeline, at a
// time; with the worker reading the state, a state of 100,000
// executions, a document of some 36 MB, leaves the tab responsive while
// it changes. The module pagetest checks it in a headless Chromium.
//
// # Signatures
//
// When [Handler.AccessKeys] is set, every request of the API must be
// signed with one of the two schemes the API takes; the official SDKs sign
// with one each:
//
//   - ACS3-HMAC-SHA256 (today's SDKs): an Authorization header
//     "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=h1;h2,Signature=hex"
//     over a canonical request made of the method, the path, the query
//     (names sorted, every value), the signed headers and the
//     x-acs-content-sha256 of the body. The headers x-acs-date,
//     x-acs-signature-nonce and x-acs-content-sha256 are required, once
//     each. As the vendor requires, SignedHeaders must name host and every
//     x-acs-* header the request has; it must name content-type too when
//     the request has one (the SDKs sign it), as that header decides
//     whether the body is read as parameters.
//   - HMAC-SHA1, signature version 1.0 (older SDKs): the parameters
//     AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce,
//     Timestamp and Signature, the signature being the base64 HMAC-SHA1,
//     keyed with the secret and "&", of METHOD&%2F& and the percent-encoded
//     sorted parameters.
//
// Both schemes sign every operation alike. A request's time (x-acs-date,
// Timestamp) is written as the vendor documents it, in UTC to the second,
// such as 2026-11-25T12:00:00Z; a zone offset, a fraction of a second or
// lower-case letters are InvalidTimeStamp.Format. It must be within 15
// minutes of the server's clock, [Handler.Now], which is the real time
// whatever the Service's clock (InvalidTimeStamp.Expired). A nonce may be
// used once in 15 minutes (SignatureNonceUsed), and is at most
// [signature.MaxNonceBytes] long (InvalidParameter.SignatureNonce, 400: the vendor
// documents no limit). The nonces of the last 15 minutes are remembered,
// at most [Handler.MaxNonces] of them (by default 100,000, some 25 MB):
// while that many are, a request with a new nonce is Throttling (400),
// until the oldest expire. Only a request whose signature matches uses a
// nonce. The body is hashed whole: one over the size limit is
// InvalidParameter.RequestTooLarge before its signature is looked at.
//
// Where the vendor is silent this package decides: a request without any
// signature is IncompleteSignature; a missing piece of a present one is
// MissingParameter.<name> (the header's name for ACS3); a piece given
// twice (an Authorization field, a header, a parameter such as Signature)
// is IncompleteSignature for a header and InvalidParameter for a
// parameter, as any parameter given twice is; a header the signature must
// cover and does not is IncompleteSignature; the body's hash is checked
// against x-acs-content-sha256 as part of the signature.
package fakehttp
