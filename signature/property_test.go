package signature_test

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/signature"
)

// genTime draws a time within the Window of clock, to the second.
func genTime(t *rapid.T) time.Time {
	return clock.Add(time.Duration(rapid.IntRange(-900, 900).Draw(t, "offset")) * time.Second)
}

// A request signed with SignV1 verifies, whatever its parameters, and its
// nonce is used up.
func TestRoundTripV1(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := newVerifier()
		params := genParams().Draw(t, "params")
		method := rapid.SampledFrom([]string{"GET", "POST"}).Draw(t, "method")
		nonce := rapid.StringMatching(`[!-~]{1,128}`).Draw(t, "nonce")
		signature.SignV1(method, params, "ak", "secret", nonce, genTime(t))
		// The parameters travel encoded and are parsed back.
		got, err := url.ParseQuery(params.Encode())
		require.NoError(t, err)
		req := &http.Request{Method: method, URL: &url.URL{Path: "/"}, Host: "ecs.aliyuncs.com", Header: http.Header{}}
		require.NoError(t, v.Verify(req, nil, got))
		require.ErrorIs(t, v.Verify(req, nil, got), signature.NonceUsed)
	})
}

// A request signed with SignV3 verifies, whatever its query, headers and
// body, and its nonce is used up.
func TestRoundTripV3(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		v := newVerifier()
		req, body := genV3Request(t)
		nonce := rapid.StringMatching(`[!-~]{1,128}`).Draw(t, "nonce")
		require.NoError(t, signature.SignV3(req, body, "ak", "secret", nonce, genTime(t)))
		require.NoError(t, v.Verify(req, body, nil))
		require.ErrorIs(t, v.Verify(req, body, nil), signature.NonceUsed)
	})
}

// Changing any signed piece of an HMAC-SHA1 request after signing makes
// it fail: a parameter of the request or the method is a signature that
// does not match; a piece of the signature is refused by its own rule.
func TestTamperV1(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		params := genParams().Draw(t, "params")
		params.Set("Action", "DescribeInvocations")
		method := "GET"
		signature.SignV1(method, params, "ak", "secret", "nonce", clock)
		names := make([]string, 0, len(params))
		for k := range params {
			names = append(names, k)
		}
		want := signature.DoesNotMatch
		switch what := rapid.SampledFrom([]string{"method", "value", "add", "remove"}).Draw(t, "tamper"); what {
		case "method":
			method = "POST"
		case "add":
			name := rapid.String().Draw(t, "name")
			if params.Has(name) {
				t.Skip("the parameter is there")
			}
			params.Set(name, rapid.String().Draw(t, "value"))
		case "remove":
			name := rapid.SampledFrom([]string{"Action", "SignatureVersion"}).Draw(t, "name")
			params.Del(name)
		case "value":
			name := rapid.SampledFrom(names).Draw(t, "name")
			vals := params[name]
			i := rapid.IntRange(0, len(vals)-1).Draw(t, "index")
			vals[i] += rapid.StringN(1, 4, -1).Draw(t, "suffix")
			switch name {
			case "Timestamp":
				want = signature.TimeStampFormat
			case "SignatureMethod", "SignatureVersion":
				want = signature.Incomplete
			case "AccessKeyId":
				want = signature.AccessKeyNotFound
			}
		}
		req := &http.Request{Method: method, URL: &url.URL{Path: "/"}, Host: "ecs.aliyuncs.com", Header: http.Header{}}
		require.ErrorIs(t, newVerifier().Verify(req, nil, params), want)
	})
}

// Changing any signed piece of an ACS3-HMAC-SHA256 request after signing
// makes it a signature that does not match, or, for the key, one unknown.
func TestTamperV3(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		req, body := genV3Request(t)
		require.NoError(t, signature.SignV3(req, body, "ak", "secret", "nonce", clock))
		want := signature.DoesNotMatch
		switch what := rapid.SampledFrom([]string{"method", "path", "query", "host", "header", "body", "hash", "signature", "key"}).Draw(t, "tamper"); what {
		case "method":
			req.Method += "X"
		case "path":
			req.URL.Path = "/x"
		case "query":
			req.URL.RawQuery += "&" + url.Values{rapid.String().Draw(t, "name"): {rapid.String().Draw(t, "value")}}.Encode()
		case "host":
			req.Host = "ecs.cn-hangzhou.aliyuncs.com"
		case "header":
			var signed []string
			for k := range req.Header {
				if k != "Authorization" {
					signed = append(signed, k)
				}
			}
			name := rapid.SampledFrom(signed).Draw(t, "name")
			vals := req.Header[name]
			i := rapid.IntRange(0, len(vals)-1).Draw(t, "index")
			vals[i] = strings.TrimSpace(vals[i]) + rapid.StringMatching(`[!-~]`).Draw(t, "suffix")
			switch name {
			case "X-Acs-Date":
				want = signature.TimeStampFormat
			case "X-Acs-Signature-Nonce":
				if len(vals[i]) > signature.MaxNonceBytes {
					want = signature.InvalidNonce
				}
			}
		case "body":
			body = append(body, rapid.Byte().Draw(t, "byte"))
		case "hash":
			sum := []byte(req.Header.Get("x-acs-content-sha256"))
			sum[rapid.IntRange(0, len(sum)-1).Draw(t, "index")] ^= 1
			req.Header.Set("x-acs-content-sha256", string(sum))
		case "signature":
			auth := []byte(req.Header.Get("Authorization"))
			auth[len(auth)-1-rapid.IntRange(0, 63).Draw(t, "index")] ^= 1
			req.Header.Set("Authorization", string(auth))
		case "key":
			auth := req.Header.Get("Authorization")
			key := rapid.SampledFrom([]string{"ak2", "nobody"}).Draw(t, "key")
			req.Header.Set("Authorization", strings.Replace(auth, "Credential=ak,", "Credential="+key+",", 1))
			if key == "nobody" {
				want = signature.AccessKeyNotFound
			}
		}
		require.ErrorIs(t, newVerifier().Verify(req, body, nil), want)
	})
}
