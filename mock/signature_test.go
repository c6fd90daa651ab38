package mock_test

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/mock"
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

// signV3 signs req with ACS3-HMAC-SHA256.
func signV3(req *http.Request, body []byte, ak, secret string) {
	sum := sha256.Sum256(body)
	req.Header.Set("x-acs-content-sha256", hex.EncodeToString(sum[:]))
	signed := []string{"host", "x-acs-action", "x-acs-content-sha256", "x-acs-date", "x-acs-signature-nonce", "x-acs-version"}
	var headers strings.Builder
	for _, h := range signed {
		v := req.Header.Get(h)
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
		parts = append(parts, k+"="+fix(url.QueryEscape(q.Get(k))))
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
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	body, _ := io.ReadAll(res.Body)
	if res.StatusCode == 200 {
		return 200, ""
	}
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err, "%s", body)
	return res.StatusCode, e.Code
}

func signedServer(t *testing.T) *httptest.Server {
	ts := httptest.NewServer(&mock.Handler{Store: fleet(t), AccessKeys: map[string]string{"ak": "secret"}, Now: func() time.Time { return clock }})
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
		{"unknown key", func() string { p := v1Params("n6", clock); p.Set("AccessKeyId", "other"); return signV1(p, "secret") }(), 404, apierror.InvalidAccessKeyNotFound},
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
	later := &mock.Handler{Store: fleet(t), AccessKeys: map[string]string{"ak": "secret"}}
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
		{"unknown key", func() *http.Request { r := v3Request(t, ts.URL, "m3", clock); signV3(r, nil, "zz", "secret"); return r }, 404, apierror.InvalidAccessKeyNotFound},
		{"expired", func() *http.Request {
			r := v3Request(t, ts.URL, "m4", clock.Add(-time.Hour))
			signV3(r, nil, "ak", "secret")
			return r
		}, 400, apierror.InvalidTimeStampExpired},
		{"body changed", func() *http.Request {
			r := v3Request(t, ts.URL, "m5", clock)
			signV3(r, nil, "ak", "secret")
			r.Body = io.NopCloser(strings.NewReader("PageSize=5"))
			r.ContentLength = 10
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
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
