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
// header or an ACS3 Authorization header).
package mock
