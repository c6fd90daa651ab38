package signature_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/signature"
)

func TestSignV3Errors(t *testing.T) {
	tests := []struct {
		name    string
		req     func() *http.Request
		ak      string
		headers []string // nil for SignV3
		wantErr string
	}{
		{name: "no URL", req: func() *http.Request { return &http.Request{Method: "GET", Host: "h"} }, ak: "ak",
			wantErr: "signature: SignV3: the request has no URL"},
		{name: "no host", req: func() *http.Request { return &http.Request{Method: "GET", URL: &url.URL{Path: "/"}} }, ak: "ak",
			wantErr: "signature: SignV3: the request has no host"},
		{name: "no host, some headers", req: func() *http.Request { return &http.Request{Method: "GET", URL: &url.URL{Path: "/"}} }, ak: "ak",
			headers: []string{"host"}, wantErr: "signature: SignV3Headers: the request has no host"},
		{name: "empty AccessKeyId", ak: "", wantErr: `signature: SignV3: AccessKeyId "" cannot be carried by an Authorization header`},
		{name: "AccessKeyId with a comma", ak: "a,b", wantErr: `signature: SignV3: AccessKeyId "a,b" cannot be carried by an Authorization header`},
		{name: "AccessKeyId with a trailing space", ak: "ak ", wantErr: `signature: SignV3: AccessKeyId "ak " cannot be carried by an Authorization header`},
		{name: "upper-case header name", ak: "ak", headers: []string{"Host"},
			wantErr: `signature: SignV3Headers: header name "Host" is not a lower-case HTTP token`},
		{name: "header name with a semicolon", ak: "ak", headers: []string{"host;x-acs-date"},
			wantErr: `signature: SignV3Headers: header name "host;x-acs-date" is not a lower-case HTTP token`},
		{name: "empty header name", ak: "ak", headers: []string{"host", ""},
			wantErr: `signature: SignV3Headers: header name "" is not a lower-case HTTP token`},
		{name: "no header", ak: "ak", headers: []string{}, wantErr: "signature: SignV3Headers: no header to sign"},
		{name: "an x-acs-* header whose name is not a token", ak: "ak", req: func() *http.Request {
			r := v3Request(t, "n", clock)
			r.Header["x-acs-a,b"] = []string{"v"}
			return r
		}, wantErr: `signature: SignV3: header name "x-acs-a,b" is not an HTTP token`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req := v3Request(t, "n", clock)
			if tt.req != nil {
				req = tt.req()
			}
			before := req.Header.Clone()
			var err error
			if tt.headers == nil {
				err = signature.SignV3(req, nil, tt.ak, "secret", "n", clock)
			} else {
				err = signature.SignV3Headers(req, nil, tt.ak, "secret", "n", clock, tt.headers...)
			}
			require.EqualError(t, err, tt.wantErr)
			require.Empty(t, cmp.Diff(before, req.Header), "the request was changed (-want +got)")
		})
	}
}

// SignV3 sets the headers it is documented to set, and signs a request
// without headers or Host too.
func TestSignV3Sets(t *testing.T) {
	req := &http.Request{Method: "POST", URL: &url.URL{Host: "ecs.aliyuncs.com", Path: "/"}}
	require.NoError(t, signature.SignV3(req, []byte("x"), "ak", "secret", "n", clock.In(time.FixedZone("", 3600)).Add(time.Second/2)))
	require.Equal(t, "2026-11-25T12:00:00Z", req.Header.Get("x-acs-date"), "now in UTC, to the second")
	require.Equal(t, "n", req.Header.Get("x-acs-signature-nonce"))
	require.Equal(t, "2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881", req.Header.Get("x-acs-content-sha256"))
	require.True(t, strings.HasPrefix(req.Header.Get("Authorization"),
		"ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce,Signature="))
	require.NoError(t, newVerifier().Verify(req, []byte("x"), nil))
}

// SignV3Headers signs the headers named, sorted and each once.
func TestSignV3Headers(t *testing.T) {
	req := v3Request(t, "n", clock)
	require.NoError(t, signature.SignV3Headers(req, nil, "ak", "secret", "n", clock, "x-acs-date", "host", "x-acs-date", "x-absent"))
	require.Contains(t, req.Header.Get("Authorization"), ",SignedHeaders=host;x-absent;x-acs-date,")
	require.ErrorIs(t, verify(newVerifier(), req, nil), signature.Incomplete)
}

// SignV1 sets the parameters it is documented to set.
func TestSignV1Sets(t *testing.T) {
	p := url.Values{"Action": {"DescribeInvocations"}, "Signature": {"stale"}}
	signature.SignV1("GET", p, "ak", "secret", "n", clock.Add(time.Second/2))
	want := url.Values{"Action": {"DescribeInvocations"}, "AccessKeyId": {"ak"}, "SignatureMethod": {"HMAC-SHA1"},
		"SignatureVersion": {"1.0"}, "SignatureNonce": {"n"}, "Timestamp": {"2026-11-25T12:00:00Z"}}
	wantSigned := url.Values{}
	for k, vs := range want {
		wantSigned[k] = vs
	}
	refSignV1("GET", wantSigned, "secret")
	require.Empty(t, cmp.Diff(wantSigned, p), "(-want +got)")
}

// The package's signers agree with the reference signers written from
// the vendor's documentation.
func TestSignAgreesWithReference(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		params := genParams().Draw(t, "params")
		method := rapid.SampledFrom([]string{"GET", "POST"}).Draw(t, "method")
		nonce := rapid.StringMatching(`[0-9a-f]{32}`).Draw(t, "nonce")
		got := clone(params)
		signature.SignV1(method, got, "ak", "secret", nonce, clock)
		want := clone(params)
		for k, v := range map[string]string{"AccessKeyId": "ak", "SignatureMethod": "HMAC-SHA1", "SignatureVersion": "1.0",
			"SignatureNonce": nonce, "Timestamp": clock.Format(signature.TimeLayout)} {
			want.Set(k, v)
		}
		refSignV1(method, want, "secret")
		require.Empty(t, cmp.Diff(want, got), "(-want +got)")

		req, body := genV3Request(t)
		ref := req.Clone(req.Context())
		require.NoError(t, signature.SignV3(req, body, "ak", "secret", nonce, clock))
		ref.Header.Set("x-acs-date", clock.Format(signature.TimeLayout))
		ref.Header.Set("x-acs-signature-nonce", nonce)
		refSignV3(ref, body, "ak", "secret", "host", "x-acs-*", "content-type")
		require.Equal(t, ref.Header.Get("Authorization"), req.Header.Get("Authorization"))
	})
}

func clone(p url.Values) url.Values {
	c := url.Values{}
	for k, vs := range p {
		c[k] = append([]string(nil), vs...)
	}
	return c
}

// genParams draws parameters, none of them a piece of a signature.
func genParams() *rapid.Generator[url.Values] {
	return rapid.Custom(func(t *rapid.T) url.Values {
		p := url.Values{}
		names := rapid.SliceOfN(rapid.String(), 0, 6).Draw(t, "names")
		for _, name := range names {
			switch name {
			case "AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "SignatureVersion", "Timestamp":
				continue
			}
			p[name] = rapid.SliceOfN(rapid.String(), 1, 3).Draw(t, "values")
		}
		return p
	})
}

// genV3Request draws an unsigned request with a query of any parameters,
// a few x-acs-* headers (values of printable ASCII, as HTTP carries them),
// maybe a Content-Type, and a body.
func genV3Request(t *rapid.T) (*http.Request, []byte) {
	query := genParams().Draw(t, "query")
	req := &http.Request{
		Method: rapid.SampledFrom([]string{"GET", "POST", "PUT"}).Draw(t, "method"),
		URL:    &url.URL{Scheme: "https", Host: "ecs.aliyuncs.com", Path: "/", RawQuery: query.Encode()},
		Host:   "ecs.aliyuncs.com",
		Header: http.Header{},
	}
	value := rapid.StringMatching(`[ -~]{0,20}`)
	for _, name := range rapid.SliceOfN(rapid.StringMatching(`x-acs-[a-z0-9-]{1,8}`), 0, 4).Draw(t, "headers") {
		if name == "x-acs-date" || name == "x-acs-signature-nonce" || name == "x-acs-content-sha256" {
			continue
		}
		for _, v := range rapid.SliceOfN(value, 1, 2).Draw(t, "values") {
			req.Header.Add(name, v)
		}
	}
	if rapid.Bool().Draw(t, "form") {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	return req, rapid.SliceOfN(rapid.Byte(), 0, 64).Draw(t, "body")
}
