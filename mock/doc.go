// Package mock is a fake of the DescribeInvocations API: a [Store] of
// invocations that answers queries as the API does, [ParseQuery], which
// reads a request's parameters with the API's error codes, and [Handler],
// which serves them over HTTP: the query in the URL or a form body,
// answers in XML or JSON, the API's error codes and HTTP statuses, a
// RequestId on every response, and, when given access keys, the official
// SDKs' signatures checked.
//
// Mount a Handler in a test server of your own, with your own store:
//
//	store := mock.NewStore()
//	store.Put(inv)
//	ts := httptest.NewServer(&mock.Handler{Store: store})
//	defer ts.Close()
//	resp, err := ts.Client().Get(ts.URL + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON")
//
// A Handler without a Store answers every request with
// InternalError.Dispatch.
//
// # Requests
//
// The API is served at the path / (or the empty path, under
// [http.StripPrefix]); every other path is InvalidApi.NotFound (404), as
// the vendor's gateway answers a URL that names no API. The prefix /_mock/
// is kept for endpoints that control the fake, outside the API; a Handler
// answers it as any other path.
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
// message names the fault.
//
// Every request is limited, each limit counted per request: the body to
// [Handler.MaxBodyBytes] (default 1 MiB; RequestTooLarge, 413), the
// parameters to [Handler.MaxParams] (default 1,000) and their bytes, query
// and form body together, to [Handler.MaxParamBytes] (default 1 MiB;
// ParameterLimitExceeded, 400). Parameters are counted before any is
// parsed, so that refusing a request costs little.
//
// Errors found before the parameters are read (path, method, limits,
// unreadable parameters) are answered in XML, the API's default, or in
// JSON for a request in the style of signature version 3 (an x-acs-action
// header or an ACS3 Authorization header); every later error is answered
// in the Format asked for (its first value, when it is given twice).
//
// # Order of checks
//
// A Handler checks a request in this order, and answers the first fault
// it finds:
//
//  1. the path, the method, the limits, and whether the parameters can be
//     read and are each given once (see Requests);
//  2. the signature, when [Handler.AccessKeys] is set (see Signatures);
//  3. an injected fault, drawn at [Handler.FaultRate]
//     (InternalError.Dispatch, 500);
//  4. the operation's parameters, as [ParseQuery] reads them, and the
//     store's answer.
//
// The first two are what the vendor's gateway does before a request
// reaches the service; InternalError.Dispatch is the service failing to
// take a request the gateway let through. So a request that is turned
// away at the door, unsigned or wrongly signed above all, never meets a
// fault: it learns nothing of the service. A fault comes before the
// parameters are validated, so that a client's retry of a bad request
// sees the same fault rate as any other.
//
// # Signatures
//
// When [Handler.AccessKeys] is set, every request must be signed with one
// of the two schemes the API takes; the official SDKs sign with one each:
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
// A request's time (x-acs-date, Timestamp) is written as the vendor
// documents it, in UTC to the second, such as 2026-11-25T12:00:00Z; a zone
// offset, a fraction of a second or lower-case letters are
// InvalidTimeStamp.Format. It must be within 15 minutes of the server's
// clock (InvalidTimeStamp.Expired). A nonce may be used once in 15 minutes
// (SignatureNonceUsed), and is at most [MaxNonceBytes] long
// (InvalidParameter.SignatureNonce, 400: the vendor documents no limit).
// The nonces of the last 15 minutes are remembered, at most
// [Handler.MaxNonces] of them (by default 100,000, some 25 MB): while that
// many are, a request with a new nonce is Throttling (400), until the
// oldest expire. Only a request whose signature matches uses a nonce.
// The body is hashed whole: one over the size limit is RequestTooLarge
// before its signature is looked at.
//
// Where the vendor is silent this package decides: a request without any
// signature is IncompleteSignature; a missing piece of a present one is
// MissingParameter.<name> (the header's name for ACS3); a piece given
// twice (an Authorization field, a header, a parameter such as Signature)
// is IncompleteSignature for a header and InvalidParameter for a
// parameter, as any parameter given twice is; a header the signature must
// cover and does not is IncompleteSignature; the body's hash is checked
// against x-acs-content-sha256 as part of the signature.
package mock
