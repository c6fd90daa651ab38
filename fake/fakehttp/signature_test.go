package fakehttp_test

import (
	"bytes"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/jsoncodec"
)

// The signers below follow the vendor's documentation; the compat module
// checks the handler against the official SDKs' own signers.

var clock = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

func fix(s string) string { return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(s) }

// signV1 returns the query of a GET signed with HMAC-SHA1.
func signV1(params url.Values, secret string) string {
	s := "GET&%2F&" + url.QueryEscape(fix(params.Encode()))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(s))
	params.Set("Signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return params.Encode()
}

func v1Params(nonce string, at time.Time) url.Values {
	return url.Values{"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "Format": {"JSON"}, "Version": {"2014-05-26"},
		"AccessKeyId": {"ak"}, "SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {nonce},
		"Timestamp": {at.Format("2006-01-02T15:04:05Z")}}
}

// signV3 signs req with ACS3-HMAC-SHA256, as the SDKs do: host, every
// x-acs-* header and content-type.
func signV3(req *http.Request, body []byte, ak, secret string) {
	signV3Headers(req, body, ak, secret, "host", "x-acs-*", "content-type")
}

// signV3Headers signs req with ACS3-HMAC-SHA256, covering the headers
// named, where "x-acs-*" stands for every x-acs-* header req has (with
// x-acs-content-sha256) and content-type is signed when req has one.
func signV3Headers(req *http.Request, body []byte, ak, secret string, names ...string) {
	sum := sha256.Sum256(body)
	req.Header.Set("x-acs-content-sha256", hex.EncodeToString(sum[:]))
	var signed []string
	for _, name := range names {
		switch {
		case name == "x-acs-*":
			for k := range req.Header {
				if k := strings.ToLower(k); strings.HasPrefix(k, "x-acs-") {
					signed = append(signed, k)
				}
			}
		case name != "content-type" || req.Header.Get(name) != "":
			signed = append(signed, name)
		}
	}
	sort.Strings(signed)
	var headers strings.Builder
	for _, h := range signed {
		v := strings.Join(req.Header.Values(h), ",")
		if h == "host" {
			v = req.URL.Host
		}
		headers.WriteString(h + ":" + v + "\n")
	}
	q := req.URL.Query()
	keys := make([]string, 0, len(q))
	for k := range q {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for _, k := range keys {
		vs := slices.Sorted(slices.Values(q[k]))
		for _, v := range vs {
			parts = append(parts, fix(url.QueryEscape(k))+"="+fix(url.QueryEscape(v)))
		}
	}
	canonical := req.Method + "\n/\n" + strings.Join(parts, "&") + "\n" + headers.String() + "\n" + strings.Join(signed, ";") + "\n" + req.Header.Get("x-acs-content-sha256")
	h := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("ACS3-HMAC-SHA256\n" + hex.EncodeToString(h[:])))
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+ak+",SignedHeaders="+strings.Join(signed, ";")+",Signature="+hex.EncodeToString(mac.Sum(nil)))
}

func v3Request(t *testing.T, base, nonce string, at time.Time) *http.Request {
	req, err := http.NewRequest(http.MethodPost, base+"/?RegionId=cn-hangzhou&InvokeId=t-01", nil)
	require.NoError(t, err)
	req.Header.Set("x-acs-action", "DescribeInvocations")
	req.Header.Set("x-acs-version", "2014-05-26")
	req.Header.Set("x-acs-date", at.Format("2006-01-02T15:04:05Z"))
	req.Header.Set("x-acs-signature-nonce", nonce)
	return req
}

func do(t *testing.T, ts *httptest.Server, req *http.Request) (int, apierror.Code) {
	t.Helper()
	status, code, _ := doMsg(t, ts, req)
	return status, code
}

// doMsg sends req and returns the status, and the code and message of an
// error.
func doMsg(t *testing.T, ts *httptest.Server, req *http.Request) (int, apierror.Code, string) {
	t.Helper()
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode == 200 {
		return 200, "", ""
	}
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err, "%s", body)
	return res.StatusCode, e.Code, e.Message
}

func signedServer(t *testing.T) *httptest.Server {
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t), AccessKeys: map[string]string{"ak": "secret"}, Now: func() time.Time { return clock }})
	t.Cleanup(ts.Close)
	return ts
}

func TestSignatureV1(t *testing.T) {
	ts := signedServer(t)
	get := func(query string) (int, apierror.Code) {
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/?"+query, nil)
		require.NoError(t, err)
		return do(t, ts, req)
	}
	ok := func(nonce string, at time.Time) string { return signV1(v1Params(nonce, at), "secret") }

	code, _ := get(ok("n1", clock))
	require.Equal(t, 200, code)
	for _, tt := range []struct {
		name   string
		query  string
		status int
		code   apierror.Code
	}{
		{"nonce used again", ok("n1", clock.Add(time.Minute)), 400, apierror.SignatureNonceUsed},
		{"wrong secret", signV1(v1Params("n2", clock), "other"), 400, apierror.SignatureDoesNotMatch},
		{"changed after signing", ok("n3", clock) + "&InvokeId=t-01", 400, apierror.SignatureDoesNotMatch},
		{"too old", ok("n4", clock.Add(-16*time.Minute)), 400, apierror.InvalidTimeStampExpired},
		{"from the future", ok("n5", clock.Add(16*time.Minute)), 400, apierror.InvalidTimeStampExpired},
		{"unknown key", func() string { p := v1Params("n6", clock); p.Set("AccessKeyId", "other"); return signV1(p, "secret") }(), 404, apierror.InvalidAccessKeyIDNotFound},
		{"no nonce", func() string { p := v1Params("", clock); return signV1(p, "secret") }(), 400, "MissingParameter.SignatureNonce"},
		{"bad timestamp", func() string { p := v1Params("n7", clock); p.Set("Timestamp", "noon"); return signV1(p, "secret") }(), 400, apierror.InvalidTimeStampFormat},
		{"SHA256 method", func() string {
			p := v1Params("n8", clock)
			p.Set("SignatureMethod", "HMAC-SHA256")
			return signV1(p, "secret")
		}(), 400, apierror.IncompleteSignature},
		{"version 2", func() string {
			p := v1Params("n9", clock)
			p.Set("SignatureVersion", "2.0")
			return signV1(p, "secret")
		}(), 400, apierror.IncompleteSignature},
		{"not signed", "Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON", 400, apierror.IncompleteSignature},
	} {
		status, code := get(tt.query)
		require.Equal(t, tt.status, status, tt.name)
		require.Equal(t, tt.code, code, tt.name)
	}
	// A nonce is free again after the window.
	later := &fakehttp.Handler{Service: fleet(t), AccessKeys: map[string]string{"ak": "secret"}}
	now := clock
	later.Now = func() time.Time { return now }
	ts2 := httptest.NewServer(later)
	defer ts2.Close()
	req, _ := http.NewRequest(http.MethodGet, ts2.URL+"/?"+ok("n1", clock), nil)
	status, _ := do(t, ts2, req)
	require.Equal(t, 200, status)
	now = clock.Add(16 * time.Minute)
	req, _ = http.NewRequest(http.MethodGet, ts2.URL+"/?"+ok("n1", now), nil)
	status, _ = do(t, ts2, req)
	require.Equal(t, 200, status, "the nonce was used more than 15 minutes ago")
}

func TestSignatureV3(t *testing.T) {
	ts := signedServer(t)
	req := v3Request(t, ts.URL, "m1", clock)
	signV3(req, nil, "ak", "secret")
	status, _ := do(t, ts, req)
	require.Equal(t, 200, status)

	for _, tt := range []struct {
		name   string
		req    func() *http.Request
		status int
		code   apierror.Code
	}{
		{"nonce used again", func() *http.Request { r := v3Request(t, ts.URL, "m1", clock); signV3(r, nil, "ak", "secret"); return r }, 400, apierror.SignatureNonceUsed},
		{"wrong secret", func() *http.Request { r := v3Request(t, ts.URL, "m2", clock); signV3(r, nil, "ak", "x"); return r }, 400, apierror.SignatureDoesNotMatch},
		{"unknown key", func() *http.Request { r := v3Request(t, ts.URL, "m3", clock); signV3(r, nil, "zz", "secret"); return r }, 404, apierror.InvalidAccessKeyIDNotFound},
		{"expired", func() *http.Request {
			r := v3Request(t, ts.URL, "m4", clock.Add(-time.Hour))
			signV3(r, nil, "ak", "secret")
			return r
		}, 400, apierror.InvalidTimeStampExpired},
		{"body changed", func() *http.Request {
			r := v3Request(t, ts.URL, "m5", clock)
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			signV3(r, nil, "ak", "secret")
			r.Body = io.NopCloser(strings.NewReader("PageSize=5"))
			r.ContentLength = 10
			return r
		}, 400, apierror.SignatureDoesNotMatch},
		{"no date", func() *http.Request {
			r := v3Request(t, ts.URL, "m6", clock)
			signV3(r, nil, "ak", "secret")
			r.Header.Del("x-acs-date")
			return r
		}, 400, "MissingParameter.x-acs-date"},
		{"other algorithm", func() *http.Request {
			r := v3Request(t, ts.URL, "m7", clock)
			r.Header.Set("Authorization", "ACS3-HMAC-SM3 Credential=ak,SignedHeaders=host,Signature=00")
			return r
		}, 400, apierror.IncompleteSignature},
		{"malformed", func() *http.Request {
			r := v3Request(t, ts.URL, "m8", clock)
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential")
			return r
		}, 400, apierror.IncompleteSignature},
		{"no signature", func() *http.Request {
			r := v3Request(t, ts.URL, "m9", clock)
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host")
			return r
		}, 400, apierror.IncompleteSignature},
	} {
		status, code := do(t, ts, tt.req())
		require.Equal(t, tt.status, status, tt.name)
		require.Equal(t, tt.code, code, tt.name)
	}
}

// A signature must cover what the vendor requires it to cover, and every
// piece of it is read once.
func TestSignatureV3Coverage(t *testing.T) {
	ts := signedServer(t)
	nonce := 0
	fresh := func() *http.Request {
		nonce++
		return v3Request(t, ts.URL, fmt.Sprintf("c%d", nonce), clock)
	}
	for _, tt := range []struct {
		name   string
		req    func() *http.Request
		status int
		code   apierror.Code
		msg    string
	}{
		{name: "every header signed", req: func() *http.Request { r := fresh(); signV3(r, nil, "ak", "secret"); return r }, status: 200},
		{name: "host alone, replayed with a fresh nonce and date", req: func() *http.Request {
			r := fresh()
			signV3Headers(r, nil, "ak", "secret", "host")
			r.Header.Set("x-acs-signature-nonce", "replayed")
			r.Header.Set("x-acs-date", clock.Add(time.Minute).Format(time.RFC3339))
			return r
		}, status: 400, code: apierror.IncompleteSignature,
			msg: `The header "x-acs-action" is not signed: SignedHeaders must name host, content-type and every x-acs-* header the request has.`},
		{name: "x-acs-content-sha256 alone", req: func() *http.Request {
			r := fresh()
			signV3Headers(r, nil, "ak", "secret", "x-acs-content-sha256")
			return r
		}, status: 400, code: apierror.IncompleteSignature,
			msg: `The header "host" is not signed: SignedHeaders must name host, content-type and every x-acs-* header the request has.`},
		{name: "an x-acs-* header added after signing", req: func() *http.Request {
			r := fresh()
			signV3(r, nil, "ak", "secret")
			r.Header.Set("x-acs-security-token", "t")
			return r
		}, status: 400, code: apierror.IncompleteSignature},
		{name: "content-type not signed", req: func() *http.Request {
			r := fresh()
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			signV3Headers(r, nil, "ak", "secret", "host", "x-acs-*")
			return r
		}, status: 400, code: apierror.IncompleteSignature,
			msg: `The header "content-type" is not signed: SignedHeaders must name host, content-type and every x-acs-* header the request has.`},
		{name: "content-type signed", req: func() *http.Request {
			r := fresh()
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 200},
		{name: "a parameter appended after signing", req: func() *http.Request {
			r := fresh()
			signV3(r, nil, "ak", "secret")
			r.URL.RawQuery += "&RegionId=cn-beijing"
			return r
		}, status: 400, code: apierror.InvalidParameter},
		{name: "a parameter given twice, signed so", req: func() *http.Request {
			r := fresh()
			r.URL.RawQuery += "&RegionId=cn-beijing"
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 400, code: apierror.InvalidParameter, msg: `The parameter "RegionId" is given 2 times; a request gives each parameter once.`},
		{name: "two signatures", req: func() *http.Request {
			r := fresh()
			signV3(r, nil, "ak", "secret")
			r.Header.Set("Authorization", r.Header.Get("Authorization")+",Signature=00")
			return r
		}, status: 400, code: apierror.IncompleteSignature, msg: `The Authorization header names "Signature" twice.`},
		{name: "two Authorization headers", req: func() *http.Request {
			r := fresh()
			signV3(r, nil, "ak", "secret")
			r.Header.Add("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=00")
			return r
		}, status: 400, code: apierror.IncompleteSignature, msg: `The header "Authorization" is given 2 times.`},
		{name: "two dates", req: func() *http.Request {
			r := fresh()
			r.Header.Add("x-acs-date", clock.Add(time.Minute).Format(time.RFC3339))
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 400, code: apierror.IncompleteSignature, msg: `The header "x-acs-date" is given 2 times.`},
		{name: "a date with a zone offset", req: func() *http.Request {
			r := fresh()
			r.Header.Set("x-acs-date", clock.In(time.FixedZone("", 8*3600)).Format(time.RFC3339))
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 400, code: apierror.InvalidTimeStampFormat,
			msg: `Specified time stamp or date value "2026-11-25T20:00:00+08:00" is not well formatted: the format is yyyy-MM-ddTHH:mm:ssZ, in UTC.`},
		{name: "a date with a fraction", req: func() *http.Request {
			r := fresh()
			r.Header.Set("x-acs-date", "2026-11-25T12:00:00.5Z")
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 400, code: apierror.InvalidTimeStampFormat},
		{name: "a date in lower case", req: func() *http.Request {
			r := fresh()
			r.Header.Set("x-acs-date", "2026-11-25t12:00:00z")
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 400, code: apierror.InvalidTimeStampFormat},
		{name: "a nonce of 128 bytes", req: func() *http.Request {
			r := fresh()
			r.Header.Set("x-acs-signature-nonce", strings.Repeat("n", 128))
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 200},
		{name: "a nonce of 129 bytes", req: func() *http.Request {
			r := fresh()
			r.Header.Set("x-acs-signature-nonce", strings.Repeat("n", 129))
			signV3(r, nil, "ak", "secret")
			return r
		}, status: 400, code: apierror.InvalidParameterSignatureNonce,
			msg: `The header "x-acs-signature-nonce" is 129 bytes long; a nonce is at most 128.`},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, code, msg := doMsg(t, ts, tt.req())
			require.Equal(t, tt.status, status, msg)
			require.Equal(t, tt.code, code, msg)
			if tt.msg != "" {
				require.Equal(t, tt.msg, msg)
			}
		})
	}
}

// A genuine signature over a body larger than the server takes is a size
// error, not a signature that does not match: the body is not cut before
// it is hashed.
func TestSignatureLargeBody(t *testing.T) {
	ts := signedServer(t)
	body := []byte("PageSize=5&Padding=" + strings.Repeat("x", fakehttp.DefaultMaxBodyBytes))
	req := v3Request(t, ts.URL, "large", clock)
	req.Body, req.ContentLength = io.NopCloser(bytes.NewReader(body)), int64(len(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	signV3(req, body, "ak", "secret")
	status, code := do(t, ts, req)
	require.Equal(t, 413, status)
	require.Equal(t, apierror.InvalidParameterRequestTooLarge, code)
}

func TestSignatureV1Pieces(t *testing.T) {
	ts := signedServer(t)
	get := func(query string) (int, apierror.Code, string) {
		req, err := http.NewRequest(http.MethodGet, ts.URL+"/?"+query, nil)
		require.NoError(t, err)
		return doMsg(t, ts, req)
	}
	with := func(nonce, name, value string) string {
		p := v1Params(nonce, clock)
		p.Set(name, value)
		return signV1(p, "secret")
	}
	for _, tt := range []struct {
		name   string
		query  string
		status int
		code   apierror.Code
		msg    string
	}{
		{"a second Signature", signV1(v1Params("p1", clock), "secret") + "&Signature=AAAA", 400, apierror.InvalidParameter,
			`The parameter "Signature" is given 2 times; a request gives each parameter once.`},
		{"a Signature before the genuine one", "Signature=AAAA&" + signV1(v1Params("p2", clock), "secret"), 400, apierror.InvalidParameter, ""},
		{"a timestamp with a zone offset", with("p3", "Timestamp", "2026-11-25T20:00:00+08:00"), 400, apierror.InvalidTimeStampFormat, ""},
		{"a timestamp with a fraction", with("p4", "Timestamp", "2026-11-25T12:00:00.000Z"), 400, apierror.InvalidTimeStampFormat, ""},
		{"a nonce of 129 bytes", signV1(v1Params(strings.Repeat("n", 129), clock), "secret"), 400, apierror.InvalidParameterSignatureNonce,
			`The parameter "SignatureNonce" is 129 bytes long; a nonce is at most 128.`},
		{"a nonce of 128 bytes", signV1(v1Params(strings.Repeat("n", 128), clock), "secret"), 200, "", ""},
	} {
		t.Run(tt.name, func(t *testing.T) {
			status, code, msg := get(tt.query)
			require.Equal(t, tt.status, status, msg)
			require.Equal(t, tt.code, code, msg)
			if tt.msg != "" {
				require.Equal(t, tt.msg, msg)
			}
		})
	}
}

// The nonces remembered are bounded: when the store is full, a new nonce
// is refused with Throttling until the oldest expire, and none is
// forgotten early (its request could then be replayed).
func TestNonceStoreBound(t *testing.T) {
	now := clock
	h := &fakehttp.Handler{Service: fleet(t), AccessKeys: map[string]string{"ak": "secret"}, MaxNonces: 3, Now: func() time.Time { return now }}
	ts := httptest.NewServer(h)
	defer ts.Close()
	send := func(nonce string) (int, apierror.Code, string) {
		req := v3Request(t, ts.URL, nonce, now)
		signV3(req, nil, "ak", "secret")
		return doMsg(t, ts, req)
	}
	for i, nonce := range []string{"a", "b", "c"} {
		now = clock.Add(time.Duration(i) * time.Minute)
		status, _, msg := send(nonce)
		require.Equal(t, 200, status, msg)
	}
	status, code, msg := send("d")
	require.Equal(t, 400, status)
	require.Equal(t, apierror.Throttling, code)
	require.Equal(t, "Request was denied due to request throttling: the server remembers 3 signature nonces of the last 15 minutes, as many as it keeps.", msg)
	_, code, _ = send("a")
	require.Equal(t, apierror.SignatureNonceUsed, code, "a full store still knows its nonces")

	now = clock.Add(15*time.Minute + time.Second) // "a" expires
	status, _, msg = send("d")
	require.Equal(t, 200, status, msg)
	_, code, _ = send("e")
	require.Equal(t, apierror.Throttling, code, "b, c and d are remembered")
	_, code, _ = send("b")
	require.Equal(t, apierror.SignatureNonceUsed, code)
	now = clock.Add(time.Hour)
	for _, nonce := range []string{"a", "b", "e"} {
		status, _, msg = send(nonce)
		require.Equal(t, 200, status, "%s: %s", nonce, msg)
	}
}
