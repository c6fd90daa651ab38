// Package fakehttp serves a [fake.Service] over HTTP as the Cloud
// Assistant API does: a [Handler] reads each request's parameters into
// the service's request types, has the service answer, and writes the
// answer in XML or JSON with the API's names, error codes and HTTP
// statuses; it checks signatures when given keys, injects faults when
// asked, and serves the endpoints that control the fake ([Control]) under
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
//  3. an injected fault, drawn at [Handler.FaultRate] (see Faults);
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
// # Faults
//
// [Handler.FaultRate] of the requests, drawn from a generator seeded with
// [Handler.Seed], are answered with [Handler.FaultCode]:
// InternalError.Dispatch (500, "An internal error occurred when dispatch
// the request."), or one of the vendor's flow-control codes, Throttling,
// Throttling.User or Throttling.Api, with the HTTP status package
// apierror gives them (400: a decision, as no reference at hand states
// it; the official SDKs tell a throttling error by its code, whatever its
// status) and the vendor's messages ("Request was denied due to user flow
// control."). A throttled request, like a failed one, changes nothing.
//
// # Control
//
// [Control] serves, under /_mock/, the endpoints that tests and scripts
// outside Go use to drive the fake: POST /_mock/advance?by=DURATION moves
// a virtual clock ahead, GET /_mock/now tells the time, and POST
// /_mock/reboot?InstanceId=ID reboots an instance. They answer JSON, such
// as {"Now":"2025-01-02T03:05:35Z"}; their errors, their codes and
// statuses (an advance of a real clock is 409) are listed on Control.
// They are not signed and meet no injected fault.
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
