package fakehttp_test

import (
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/fake/journal"
)

// seqs returns the Seq of each request.
func seqs(reqs []journal.Request) []int64 {
	var out []int64
	for _, r := range reqs {
		out = append(out, r.Seq)
	}
	return out
}

// The journal keeps the last JournalSize requests, oldest first; since
// answers those after a Seq; a DELETE empties it and Seq keeps counting;
// a reset starts Seq again at 1.
func TestJournalBoundAndSince(t *testing.T) {
	f := newFaultFake(t, 1)
	f.h.JournalSize = 3
	for range 5 {
		_, _, err := f.call(t, describe)
		require.NoError(t, err)
	}
	require.Equal(t, []int64{3, 4, 5}, seqs(f.h.Requests(0)))
	require.Equal(t, []int64{5}, seqs(f.h.Requests(4)))
	require.Empty(t, f.h.Requests(5))

	var got struct{ Requests []struct{ Seq int64 } }
	e, raw := controlDo(t, f.ts, "GET", "/_mock/requests?since=3", "")
	require.Equal(t, 200, e.status)
	require.NoError(t, json.Unmarshal(raw, &got))
	require.Len(t, got.Requests, 2)
	require.Equal(t, int64(4), got.Requests[0].Seq)

	e, raw = controlDo(t, f.ts, "DELETE", "/_mock/requests", "")
	require.Equal(t, 200, e.status)
	require.Equal(t, `{"Requests":[]}`, strings.TrimSpace(string(raw)))
	require.Empty(t, f.h.Requests(0))
	_, _, err := f.call(t, describe)
	require.NoError(t, err)
	require.Equal(t, []int64{6}, seqs(f.h.Requests(0)), "Seq keeps counting")

	f.h.ResetJournal()
	require.Empty(t, f.h.Requests(0))
	_, _, err = f.call(t, describe)
	require.NoError(t, err)
	require.Equal(t, []int64{1}, seqs(f.h.Requests(0)), "a reset starts Seq at 1")

	off := &fakehttp.Handler{Service: f.svc, JournalSize: -1}
	off.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/?"+describe, nil))
	require.Empty(t, off.Requests(0))
}

// Every field of an entry, over HTTP: a success, an operation's error, a
// fault, and requests refused before an operation ran (an unknown
// action, a limit, a path). Control requests are not journaled.
func TestJournalEntries(t *testing.T) {
	f := newFaultFake(t, 1)
	_, err := f.h.AddFaults(fault.Rule{Action: "StopInvocation"})
	require.NoError(t, err)
	before := time.Now()
	for _, target := range []string{
		"/?" + describe + "&PageSize=5",
		"/?Action=DescribeInvocations&RegionId=cn-nowhere",
		"/?Action=StopInvocation&RegionId=cn-hangzhou&InvokeId=t-1",
		"/?Action=Nope&RegionId=cn-hangzhou",
		"/?" + describe + numbered(1000),
		"/elsewhere?" + describe,
		"/_mock/now",
	} {
		res, err := f.ts.Client().Get(f.ts.URL + target)
		require.NoError(t, err)
		res.Body.Close()
	}
	reqs := f.h.Requests(0)
	require.Len(t, reqs, 6, "the control request is not journaled")
	type row struct {
		Action     string
		RegionID   string
		Params     string
		HTTPStatus int
		Code       apierror.Code
		Fault      int64
	}
	var got []row
	for i, r := range reqs {
		require.Equal(t, int64(i+1), r.Seq)
		require.Equal(t, "GET", r.Method)
		require.Equal(t, t0, r.Now)
		require.False(t, r.Time.Before(before))
		require.Positive(t, r.Duration)
		params := ""
		if len(r.Params) < 10 {
			params = fmt.Sprint(r.Params)
		}
		got = append(got, row{r.Action, r.RegionID, params, r.HTTPStatus, r.Code, r.Fault})
	}
	want := []row{
		{"DescribeInvocations", "cn-hangzhou", "map[Action:DescribeInvocations PageSize:5 RegionId:cn-hangzhou]", 200, "", 0},
		{"DescribeInvocations", "cn-nowhere", "map[Action:DescribeInvocations RegionId:cn-nowhere]", 404, apierror.InvalidRegionIDNotFound, 0},
		{"StopInvocation", "cn-hangzhou", "map[Action:StopInvocation InvokeId:t-1 RegionId:cn-hangzhou]", 500, apierror.InternalErrorDispatch, 1},
		{"Nope", "cn-hangzhou", "map[Action:Nope RegionId:cn-hangzhou]", 404, apierror.InvalidActionNotFound, 0},
		{"", "", "map[]", 400, apierror.InvalidParameterParameterLimit, 0},
		{"", "", "map[]", 404, apierror.InvalidAPINotFound, 0},
	}
	require.Equal(t, want, got)

	// The same over HTTP, in the contract's JSON.
	_, raw := controlDo(t, f.ts, "GET", "/_mock/requests?since=2", "")
	var body struct{ Requests []map[string]any }
	require.NoError(t, json.Unmarshal(raw, &body))
	e := body.Requests[0]
	require.ElementsMatch(t, []string{"Seq", "Time", "Now", "Method", "Action", "RegionId", "Params", "HTTPStatus", "Code", "Fault", "DurationMs"}, keys(e))
	require.Equal(t, 3.0, e["Seq"])
	require.Equal(t, "2025-01-02T03:04:05Z", e["Now"])
	require.Regexp(t, `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z$`, e["Time"])
	require.Equal(t, map[string]any{"Action": "StopInvocation", "InvokeId": "t-1", "RegionId": "cn-hangzhou"}, e["Params"])
	require.Equal(t, "InternalError.Dispatch", e["Code"])
	require.Equal(t, 1.0, e["Fault"])
	require.Equal(t, 500.0, e["HTTPStatus"])
	require.Equal(t, "InvalidAction.NotFound", body.Requests[1]["Code"])
	_, raw = controlDo(t, f.ts, "GET", "/_mock/requests", "")
	require.NoError(t, json.Unmarshal(raw, &body))
	require.Equal(t, "", body.Requests[0]["Code"], "empty on success, and present")
	require.Equal(t, map[string]any{}, body.Requests[4]["Params"], "none read: an empty object")
}

func keys(m map[string]any) []string {
	var out []string
	for k := range m {
		out = append(out, k)
	}
	return out
}

// A test can assert how often a client called an action.
func TestJournalCountsCalls(t *testing.T) {
	f := newFaultFake(t, 1)
	for range 3 {
		_, _, err := f.call(t, describe)
		require.NoError(t, err)
	}
	_, _, err := f.call(t, run)
	require.NoError(t, err)
	n := 0
	for _, r := range f.h.Requests(0) {
		if r.Action == "DescribeInvocations" {
			n++
		}
	}
	require.Equal(t, 3, n)
}

// No entry of the journal, in Go or over HTTP, holds a secret: the
// signing secret, a Signature, an Authorization header or a
// SecurityToken, whichever way the request was signed and answered.
func TestJournalKeepsNoSecret(t *testing.T) {
	const secret = "s3cr3t-value-of-the-key"
	svc := fleet(t)
	h := &fakehttp.Handler{Service: svc, AccessKeys: map[string]string{"ak": secret}, Now: func() time.Time { return clock }}
	ts := httptest.NewServer(h)
	defer ts.Close()
	var secrets []string

	// HMAC-SHA1, in the query, with a SecurityToken; then the same
	// signature again (a nonce used) and a wrong one.
	p := v1Params("j1", clock)
	p.Set("SecurityToken", "token-that-is-secret")
	q := signV1(p, secret)
	parsed, _ := http.NewRequest("GET", "/?"+q, nil)
	secrets = append(secrets, parsed.URL.Query().Get("Signature"), "token-that-is-secret")
	for _, target := range []string{"/?" + q, "/?" + q, "/?" + signV1(v1Params("j2", clock), "wrong")} {
		res, err := ts.Client().Get(ts.URL + target)
		require.NoError(t, err)
		res.Body.Close()
	}
	// ACS3-HMAC-SHA256, in a header; with a form body too.
	for i, body := range []string{"", "PageSize=5"} {
		req := v3Request(t, ts.URL, fmt.Sprint("j3-", i), clock)
		if body != "" {
			req.Body = io.NopCloser(strings.NewReader(body))
			req.ContentLength = int64(len(body))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		}
		req.Header.Set("x-acs-security-token", "header-token-secret")
		signV3(req, []byte(body), "ak", secret)
		auth := req.Header.Get("Authorization")
		secrets = append(secrets, auth, auth[strings.LastIndex(auth, "=")+1:], "header-token-secret")
		status, code := do(t, ts, req)
		require.Equal(t, 200, status, code)
	}
	// A fault after the signature, and a panic-free refusal before it.
	_, err := h.AddFaults(fault.Rule{Effect: fault.EffectLost})
	require.NoError(t, err)
	p = v1Params("j4", clock)
	q = signV1(p, secret)
	parsed, _ = http.NewRequest("GET", "/?"+q, nil)
	secrets = append(secrets, parsed.URL.Query().Get("Signature"))
	res, err := ts.Client().Get(ts.URL + "/?" + q)
	require.NoError(t, err)
	res.Body.Close()

	reqs := h.Requests(0)
	require.Len(t, reqs, 6)
	require.Equal(t, []int{200, 400, 400, 200, 200, 500}, func() []int {
		var s []int
		for _, r := range reqs {
			s = append(s, r.HTTPStatus)
		}
		return s
	}())
	goText := fmt.Sprintf("%#v", reqs)
	_, raw := controlDo(t, ts, "GET", "/_mock/requests", "")
	for _, s := range append(secrets, secret) {
		require.NotEmpty(t, s)
		require.NotContains(t, goText, s)
		require.NotContains(t, string(raw), s)
		require.NotContains(t, string(raw), jsonEscaped(s))
	}
	for _, r := range reqs {
		require.NotContains(t, r.Params, "Signature")
		require.NotContains(t, r.Params, "SecurityToken")
	}
	require.Equal(t, "ak", reqs[0].Params["AccessKeyId"], "the other parameters are kept")
}

func jsonEscaped(s string) string {
	b, _ := json.Marshal(s)
	return strings.Trim(string(b), `"`)
}

// Journaling costs a request no allocation of its own beyond its entry:
// the parameters read are kept, not copied.
func TestJournalAllocs(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t)}
	req := httptest.NewRequest(http.MethodGet, "/?"+describe+"&Format=JSON&PageSize=1", nil)
	serve := func() { h.ServeHTTP(discard{}, req) }
	serve()
	on := testing.AllocsPerRun(200, serve)
	off := &fakehttp.Handler{Service: h.Service, JournalSize: -1}
	serveOff := func() { off.ServeHTTP(discard{}, req) }
	serveOff()
	without := testing.AllocsPerRun(200, serveOff)
	require.LessOrEqual(t, on, without+1, "journal on: %v allocations a request, off: %v", on, without)
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{}

var discardHeader = http.Header{}

func (discard) Header() http.Header         { return discardHeader }
func (discard) Write(p []byte) (int, error) { return len(p), nil }
func (discard) WriteHeader(int)             {}
