package signature_test

import (
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/signature"
)

// Every request of testdata/requests.txt is answered as it says; two of
// them are signed by the official Go SDK's signers.
func TestRequests(t *testing.T) {
	for _, s := range readSeeds(t) {
		t.Run(s.name, func(t *testing.T) {
			req := s.request()
			got, _, msg := code(t, verify(newVerifier(), req, []byte(s.body)))
			if got == "" {
				got = "ok"
			}
			require.Equal(t, s.want, string(got), msg)
		})
	}
}

// verifyCase is a request, its body, and what Verify answers.
type verifyCase struct {
	name       string
	req        func() (*http.Request, []byte)
	want       signature.Code // "" for a request verified
	wantStatus int
	wantMsg    string // the message, when not ""
	reason     string
}

// run verifies each case's request in turn with v, so that a case may
// count on the nonces of those before it.
func run(t *testing.T, v *signature.Verifier, tests []verifyCase) {
	t.Helper()
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			req, body := tt.req()
			got, status, msg := code(t, verify(v, req, body))
			require.Equal(t, tt.want, got, "%s %s", msg, tt.reason)
			require.Equal(t, tt.wantStatus, status, msg)
			if tt.wantMsg != "" {
				require.Equal(t, tt.wantMsg, msg)
			}
		})
	}
}

// v1 returns a case's request: a GET with query.
func v1(t *testing.T, query string) func() (*http.Request, []byte) {
	return func() (*http.Request, []byte) {
		req, err := http.NewRequest(http.MethodGet, "https://ecs.aliyuncs.com/?"+query, nil)
		require.NoError(t, err)
		return req, nil
	}
}

func TestVerifyV1(t *testing.T) {
	ok := func(nonce string, at time.Time) string { return refSignV1("GET", v1Params(nonce, at), "secret") }
	with := func(nonce, name, value string) string {
		p := v1Params(nonce, clock)
		p.Set(name, value)
		return refSignV1("GET", p, "secret")
	}
	run(t, newVerifier(), []verifyCase{
		{name: "signed", req: v1(t, ok("n1", clock)), wantStatus: 200},
		{name: "nonce used again", req: v1(t, ok("n1", clock.Add(time.Minute))), want: signature.NonceUsed, wantStatus: 400,
			wantMsg: "Specified signature nonce was used already."},
		{name: "wrong secret", req: v1(t, refSignV1("GET", v1Params("n2", clock), "other")), want: signature.DoesNotMatch, wantStatus: 400},
		{name: "another method", req: func() (*http.Request, []byte) {
			req, body := v1(t, ok("n2", clock))()
			req.Method = http.MethodPost
			return req, body
		}, want: signature.DoesNotMatch, wantStatus: 400,
			wantMsg: "Specified signature is not matched with our calculation. server string to sign is:" +
				"POST&%2F&AccessKeyId%3Dak%26Action%3DDescribeInvocations%26Format%3DJSON%26RegionId%3Dcn-hangzhou%26SignatureMethod%3DHMAC-SHA1" +
				"%26SignatureNonce%3Dn2%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-25T12%253A00%253A00Z%26Version%3D2014-05-26"},
		{name: "changed after signing", req: v1(t, ok("n3", clock)+"&InvokeId=t-01"), want: signature.DoesNotMatch, wantStatus: 400},
		{name: "too old", req: v1(t, ok("n4", clock.Add(-16*time.Minute))), want: signature.TimeStampExpired, wantStatus: 400,
			wantMsg: `Specified time stamp or date value "2026-11-25T11:44:00Z" is expired.`},
		{name: "15 minutes old", req: v1(t, ok("n4", clock.Add(-15*time.Minute))), wantStatus: 200},
		{name: "from the future", req: v1(t, ok("n5", clock.Add(16*time.Minute))), want: signature.TimeStampExpired, wantStatus: 400},
		{name: "unknown key", req: v1(t, with("n6", "AccessKeyId", "other")), want: signature.AccessKeyNotFound, wantStatus: 404,
			wantMsg: "Specified access key is not found."},
		{name: "no nonce", req: v1(t, ok("", clock)), want: "MissingParameter.SignatureNonce", wantStatus: 400,
			wantMsg: `The input parameter "SignatureNonce" that is mandatory for a signed request is not supplied.`},
		{name: "no signature", req: v1(t, strings.Split(ok("n7", clock), "&Signature=")[0]), want: signature.Missing("Signature"), wantStatus: 400},
		{name: "bad timestamp", req: v1(t, with("n7", "Timestamp", "noon")), want: signature.TimeStampFormat, wantStatus: 400,
			wantMsg: `Specified time stamp or date value "noon" is not well formatted: the format is yyyy-MM-ddTHH:mm:ssZ, in UTC.`},
		{name: "SHA256 method", req: v1(t, with("n8", "SignatureMethod", "HMAC-SHA256")), want: signature.Incomplete, wantStatus: 400,
			wantMsg: `The signature method "HMAC-SHA256" is not supported.`},
		{name: "version 2", req: v1(t, with("n9", "SignatureVersion", "2.0")), want: signature.Incomplete, wantStatus: 400,
			wantMsg: `The signature version "2.0" is not supported.`},
		{name: "no version", req: v1(t, func() string {
			p := v1Params("n10", clock)
			p.Del("SignatureVersion")
			return refSignV1("GET", p, "secret")
		}()), wantStatus: 200, reason: "the version may be left out"},
		{name: "not signed", req: v1(t, "Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON"), want: signature.Incomplete, wantStatus: 400,
			wantMsg: "The request signature does not conform to Aliyun standards: the request is not signed."},
	})
}

// A nonce is free again once the Window has passed since its use.
func TestVerifyNonceWindow(t *testing.T) {
	now := clock
	v := &signature.Verifier{Keys: keys, Now: func() time.Time { return now }}
	send := func(nonce string) error {
		req, _ := v1(t, refSignV1("GET", v1Params(nonce, now), "secret"))()
		return verify(v, req, nil)
	}
	require.NoError(t, send("n1"))
	now = clock.Add(signature.Window)
	require.ErrorIs(t, send("n1"), signature.NonceUsed, "used exactly a Window ago")
	now = clock.Add(signature.Window + time.Second)
	require.NoError(t, send("n1"), "used more than a Window ago")
}

func TestVerifyV1Pieces(t *testing.T) {
	run(t, newVerifier(), []verifyCase{
		{name: "a second Signature", req: v1(t, refSignV1("GET", v1Params("p1", clock), "secret")+"&Signature=AAAA"),
			want: signature.InvalidParameter, wantStatus: 400,
			wantMsg: `The parameter "Signature" is given 2 times; a request gives each parameter once.`},
		{name: "a Signature before the genuine one", req: v1(t, "Signature=AAAA&"+refSignV1("GET", v1Params("p2", clock), "secret")),
			want: signature.InvalidParameter, wantStatus: 400},
		{name: "a second Timestamp", req: v1(t, refSignV1("GET", v1Params("p2", clock), "secret")+"&Timestamp=2026-11-25T12%3A00%3A00Z"),
			want: signature.InvalidParameter, wantStatus: 400},
		{name: "another parameter twice, signed so", req: v1(t, func() string {
			p := v1Params("p2", clock)
			p.Add("RegionId", "cn-beijing")
			return refSignV1("GET", p, "secret")
		}()), wantStatus: 200, reason: "every value is signed; refusing a repeated parameter is the API's business"},
		{name: "a timestamp with a zone offset", req: v1(t, func() string {
			p := v1Params("p3", clock)
			p.Set("Timestamp", "2026-11-25T20:00:00+08:00")
			return refSignV1("GET", p, "secret")
		}()), want: signature.TimeStampFormat, wantStatus: 400},
		{name: "a timestamp with a fraction", req: v1(t, func() string {
			p := v1Params("p4", clock)
			p.Set("Timestamp", "2026-11-25T12:00:00.000Z")
			return refSignV1("GET", p, "secret")
		}()), want: signature.TimeStampFormat, wantStatus: 400},
		{name: "a nonce of 129 bytes", req: v1(t, refSignV1("GET", v1Params(strings.Repeat("n", 129), clock), "secret")),
			want: signature.InvalidNonce, wantStatus: 400,
			wantMsg: `The parameter "SignatureNonce" is 129 bytes long; a nonce is at most 128.`},
		{name: "a nonce of 128 bytes", req: v1(t, refSignV1("GET", v1Params(strings.Repeat("n", 128), clock), "secret")), wantStatus: 200},
	})
}

// v3 returns a case's request: a v3Request with a nonce and the clock,
// changed by edit, which signs it.
func v3(t *testing.T, nonce string, edit func(r *http.Request) []byte) func() (*http.Request, []byte) {
	return func() (*http.Request, []byte) {
		r := v3Request(t, nonce, clock)
		return r, edit(r)
	}
}

// every signs r with refSignV3 as the SDKs do, with no body.
func every(r *http.Request) []byte {
	refSignV3(r, nil, "ak", "secret", "host", "x-acs-*", "content-type")
	return nil
}

func TestVerifyV3(t *testing.T) {
	run(t, newVerifier(), []verifyCase{
		{name: "signed", req: v3(t, "m1", every), wantStatus: 200},
		{name: "nonce used again", req: v3(t, "m1", every), want: signature.NonceUsed, wantStatus: 400},
		{name: "wrong secret", req: v3(t, "m2", func(r *http.Request) []byte {
			refSignV3(r, nil, "ak", "x", "host", "x-acs-*")
			return nil
		}), want: signature.DoesNotMatch, wantStatus: 400},
		{name: "unknown key", req: v3(t, "m3", func(r *http.Request) []byte {
			refSignV3(r, nil, "zz", "secret", "host", "x-acs-*")
			return nil
		}), want: signature.AccessKeyNotFound, wantStatus: 404},
		{name: "expired", req: func() (*http.Request, []byte) {
			r := v3Request(t, "m4", clock.Add(-time.Hour))
			return r, every(r)
		}, want: signature.TimeStampExpired, wantStatus: 400},
		{name: "body changed", req: v3(t, "m5", func(r *http.Request) []byte {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			every(r)
			return []byte("PageSize=5")
		}), want: signature.DoesNotMatch, wantStatus: 400, reason: "the body's hash is checked as part of the signature"},
		{name: "body's hash changed with the body", req: v3(t, "m5", func(r *http.Request) []byte {
			every(r)
			r.Header.Set("x-acs-content-sha256", "1f4d4fc4b8c28a9f73b5c0fdb2fc2b60a4ea3ab9eb2b4e5b2d4eb7fbbd9ea3c5")
			return []byte("PageSize=5")
		}), want: signature.DoesNotMatch, wantStatus: 400},
		{name: "no date", req: v3(t, "m6", func(r *http.Request) []byte {
			every(r)
			r.Header.Del("x-acs-date")
			return nil
		}), want: "MissingParameter.x-acs-date", wantStatus: 400,
			wantMsg: `The header "x-acs-date" that is mandatory for a signed request is not supplied.`},
		{name: "no nonce", req: v3(t, "m6", func(r *http.Request) []byte {
			every(r)
			r.Header.Del("x-acs-signature-nonce")
			return nil
		}), want: signature.Missing("x-acs-signature-nonce"), wantStatus: 400},
		{name: "no body hash", req: v3(t, "m6", func(r *http.Request) []byte {
			every(r)
			r.Header.Del("x-acs-content-sha256")
			return nil
		}), want: signature.Missing("x-acs-content-sha256"), wantStatus: 400},
		{name: "other algorithm", req: v3(t, "m7", func(r *http.Request) []byte {
			r.Header.Set("Authorization", "ACS3-HMAC-SM3 Credential=ak,SignedHeaders=host,Signature=00")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: `The signature algorithm "ACS3-HMAC-SM3" is not supported.`},
		{name: "malformed", req: v3(t, "m8", func(r *http.Request) []byte {
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: "The Authorization header is malformed."},
		{name: "no signature", req: v3(t, "m9", func(r *http.Request) []byte {
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: "The Authorization header has no Signature."},
		{name: "no credential", req: v3(t, "m9", func(r *http.Request) []byte {
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 SignedHeaders=host,Signature=00")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: "The Authorization header has no Credential."},
		{name: "an empty SignedHeaders", req: v3(t, "m9", func(r *http.Request) []byte {
			r.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=,Signature=00")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: "The Authorization header has no SignedHeaders."},
		{name: "many fields, one twice", req: v3(t, "m9", func(r *http.Request) []byte {
			var b strings.Builder
			b.WriteString("ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=00")
			for i := range 20 {
				fmt.Fprintf(&b, ",F%d=x", i)
			}
			b.WriteString(",F15=y")
			r.Header.Set("Authorization", b.String())
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: `The Authorization header names "F15" twice.`},
		{name: "many fields", req: v3(t, "m10", func(r *http.Request) []byte {
			every(r)
			var b strings.Builder
			b.WriteString(r.Header.Get("Authorization"))
			for i := range 20 {
				fmt.Fprintf(&b, ",F%d=x", i)
			}
			r.Header.Set("Authorization", b.String())
			return nil
		}), wantStatus: 200, reason: "fields the package does not know are ignored"},
	})
}

// A signature must cover what the vendor requires it to cover, and every
// piece of it is read once.
func TestVerifyV3Coverage(t *testing.T) {
	notSigned := func(name string) string {
		return `The header "` + name + `" is not signed: SignedHeaders must name host, content-type and every x-acs-* header the request has.`
	}
	run(t, newVerifier(), []verifyCase{
		{name: "every header signed", req: v3(t, "c1", every), wantStatus: 200},
		{name: "host alone, replayed with a fresh nonce and date", req: v3(t, "c2", func(r *http.Request) []byte {
			refSignV3(r, nil, "ak", "secret", "host")
			r.Header.Set("x-acs-signature-nonce", "replayed")
			r.Header.Set("x-acs-date", clock.Add(time.Minute).Format(time.RFC3339))
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: notSigned("x-acs-action")},
		{name: "x-acs-content-sha256 alone", req: v3(t, "c3", func(r *http.Request) []byte {
			refSignV3(r, nil, "ak", "secret", "x-acs-content-sha256")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: notSigned("host")},
		{name: "an x-acs-* header added after signing", req: v3(t, "c4", func(r *http.Request) []byte {
			every(r)
			r.Header.Set("x-acs-security-token", "t")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: notSigned("x-acs-security-token")},
		{name: "content-type not signed", req: v3(t, "c5", func(r *http.Request) []byte {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			refSignV3(r, nil, "ak", "secret", "host", "x-acs-*")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: notSigned("content-type")},
		{name: "content-type signed", req: v3(t, "c6", func(r *http.Request) []byte {
			r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			every(r)
			return nil
		}), wantStatus: 200},
		{name: "a header the vendor does not require, signed", req: v3(t, "c6b", func(r *http.Request) []byte {
			r.Header.Set("User-Agent", "test")
			refSignV3(r, nil, "ak", "secret", "host", "x-acs-*", "user-agent")
			return nil
		}), wantStatus: 200},
		{name: "a parameter appended after signing", req: v3(t, "c7", func(r *http.Request) []byte {
			every(r)
			r.URL.RawQuery += "&RegionId=cn-beijing"
			return nil
		}), want: signature.DoesNotMatch, wantStatus: 400},
		{name: "a parameter given twice, signed so", req: v3(t, "c8", func(r *http.Request) []byte {
			r.URL.RawQuery += "&RegionId=cn-beijing"
			every(r)
			return nil
		}), wantStatus: 200, reason: "every value is signed; refusing a repeated parameter is the API's business"},
		{name: "two signatures", req: v3(t, "c9", func(r *http.Request) []byte {
			every(r)
			r.Header.Set("Authorization", r.Header.Get("Authorization")+",Signature=00")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: `The Authorization header names "Signature" twice.`},
		{name: "two Authorization headers", req: v3(t, "c10", func(r *http.Request) []byte {
			every(r)
			r.Header.Add("Authorization", "ACS3-HMAC-SHA256 Credential=ak,SignedHeaders=host,Signature=00")
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: `The header "Authorization" is given 2 times.`},
		{name: "two dates", req: v3(t, "c11", func(r *http.Request) []byte {
			r.Header.Add("x-acs-date", clock.Add(time.Minute).Format(time.RFC3339))
			every(r)
			return nil
		}), want: signature.Incomplete, wantStatus: 400, wantMsg: `The header "x-acs-date" is given 2 times.`},
		{name: "a date with a zone offset", req: v3(t, "c12", func(r *http.Request) []byte {
			r.Header.Set("x-acs-date", clock.In(time.FixedZone("", 8*3600)).Format(time.RFC3339))
			every(r)
			return nil
		}), want: signature.TimeStampFormat, wantStatus: 400,
			wantMsg: `Specified time stamp or date value "2026-11-25T20:00:00+08:00" is not well formatted: the format is yyyy-MM-ddTHH:mm:ssZ, in UTC.`},
		{name: "a date with a fraction", req: v3(t, "c13", func(r *http.Request) []byte {
			r.Header.Set("x-acs-date", "2026-11-25T12:00:00.5Z")
			every(r)
			return nil
		}), want: signature.TimeStampFormat, wantStatus: 400},
		{name: "a date in lower case", req: v3(t, "c14", func(r *http.Request) []byte {
			r.Header.Set("x-acs-date", "2026-11-25t12:00:00z")
			every(r)
			return nil
		}), want: signature.TimeStampFormat, wantStatus: 400},
		{name: "a nonce of 128 bytes", req: v3(t, strings.Repeat("n", 128), every), wantStatus: 200},
		{name: "a nonce of 129 bytes", req: v3(t, strings.Repeat("n", 129), every), want: signature.InvalidNonce, wantStatus: 400,
			wantMsg: `The header "x-acs-signature-nonce" is 129 bytes long; a nonce is at most 128.`},
	})
}

// The nonces remembered are bounded: when the store is full, a new nonce
// is refused with Throttling until the oldest expire, and none is
// forgotten early (its request could then be replayed).
func TestVerifyNonceBound(t *testing.T) {
	now := clock
	v := &signature.Verifier{Keys: keys, MaxNonces: 3, Now: func() time.Time { return now }}
	send := func(nonce string) (signature.Code, int, string) {
		req := v3Request(t, nonce, now)
		return code(t, verify(v, req, every(req)))
	}
	for i, nonce := range []string{"a", "b", "c"} {
		now = clock.Add(time.Duration(i) * time.Minute)
		got, _, msg := send(nonce)
		require.Empty(t, got, msg)
	}
	got, status, msg := send("d")
	require.Equal(t, signature.Throttling, got)
	require.Equal(t, 400, status)
	require.Equal(t, "Request was denied due to request throttling: the server remembers 3 signature nonces of the last 15 minutes, as many as it keeps.", msg)
	got, _, _ = send("a")
	require.Equal(t, signature.NonceUsed, got, "a full store still knows its nonces")

	now = clock.Add(15*time.Minute + time.Second) // "a" expires
	got, _, msg = send("d")
	require.Empty(t, got, msg)
	got, _, _ = send("e")
	require.Equal(t, signature.Throttling, got, "b, c and d are remembered")
	got, _, _ = send("b")
	require.Equal(t, signature.NonceUsed, got)
	now = clock.Add(time.Hour)
	for _, nonce := range []string{"a", "b", "e"} {
		got, _, msg = send(nonce)
		require.Empty(t, got, "%s: %s", nonce, msg)
	}
}

// Only a request whose signature matches uses up its nonce.
func TestVerifyNonceOnlyWhenSigned(t *testing.T) {
	v := newVerifier()
	req := v3Request(t, "n", clock)
	refSignV3(req, nil, "ak", "wrong", "host", "x-acs-*")
	require.ErrorIs(t, verify(v, req, nil), signature.DoesNotMatch)
	req = v3Request(t, "n", clock)
	require.NoError(t, verify(v, req, every(req)))
}

// The default bound is DefaultMaxNonces, whatever MaxNonces less than one
// says.
func TestVerifyDefaultBound(t *testing.T) {
	for _, maxNonces := range []int{0, -1} {
		v := &signature.Verifier{Keys: keys, MaxNonces: maxNonces, Now: func() time.Time { return clock }}
		for i := range 3 {
			req := v3Request(t, fmt.Sprint(i), clock)
			require.NoError(t, verify(v, req, every(req)), "MaxNonces %d", maxNonces)
		}
	}
}

// Reset forgets every nonce, and the store takes new ones again.
func TestVerifierReset(t *testing.T) {
	v := &signature.Verifier{Keys: keys, MaxNonces: 1, Now: func() time.Time { return clock }}
	send := func(nonce string) error {
		req := v3Request(t, nonce, clock)
		return verify(v, req, every(req))
	}
	require.NoError(t, send("a"))
	require.ErrorIs(t, send("a"), signature.NonceUsed)
	require.ErrorIs(t, send("b"), signature.Throttling)
	v.Reset()
	require.NoError(t, send("a"))
	v.Reset()
	require.NoError(t, send("b"))
	require.ErrorIs(t, send("b"), signature.NonceUsed)
}

// The zero Verifier knows no key and reads the real time.
func TestVerifierZero(t *testing.T) {
	var v signature.Verifier
	req := v3Request(t, "z", time.Now())
	require.ErrorIs(t, verify(&v, req, every(req)), signature.AccessKeyNotFound)

	v.Keys = keys
	req = v3Request(t, "z", time.Now())
	require.NoError(t, verify(&v, req, every(req)))
}

// A request without a URL is read as one for "/" without a query.
func TestVerifyNoURL(t *testing.T) {
	req := v3Request(t, "u", clock)
	body := every(req)
	req.URL = nil
	got, _, msg := code(t, newVerifier().Verify(req, body, nil))
	require.Equal(t, signature.DoesNotMatch, got)
	require.Contains(t, msg, "server string to sign is:ACS3-HMAC-SHA256\n")
}

func TestError(t *testing.T) {
	tests := []struct {
		name string
		err  *signature.Error
		want string
	}{
		{"nonce", &signature.Error{Code: signature.NonceUsed, HTTPStatus: 400, Message: "Specified signature nonce was used already."},
			"signature: SignatureNonceUsed (HTTP 400): Specified signature nonce was used already."},
		{"key", &signature.Error{Code: signature.AccessKeyNotFound, HTTPStatus: 404, Message: "m"},
			"signature: InvalidAccessKeyId.NotFound (HTTP 404): m"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.err.Error())
		})
	}
	require.Equal(t, "SignatureNonceUsed", signature.NonceUsed.Error())
	require.Equal(t, "SignatureNonceUsed", fmt.Sprint(signature.NonceUsed))
	require.Equal(t, signature.Code("MissingParameter.Timestamp"), signature.Missing("Timestamp"))

	var err error = &signature.Error{Code: signature.NonceUsed}
	require.ErrorIs(t, fmt.Errorf("wrapped: %w", err), signature.NonceUsed)
	require.NotErrorIs(t, err, signature.DoesNotMatch)
	require.NotErrorIs(t, err, errors.New("SignatureNonceUsed"))
}

// No error carries the secret of the key it names.
func TestVerifyNoSecret(t *testing.T) {
	const secret = "s3cr3t-never-shown"
	v := &signature.Verifier{Keys: map[string]string{"ak": secret}, Now: func() time.Time { return clock }}
	req := v3Request(t, "s", clock)
	refSignV3(req, nil, "ak", "wrong", "host", "x-acs-*")
	err := verify(v, req, nil)
	require.ErrorIs(t, err, signature.DoesNotMatch)
	require.NotContains(t, err.Error(), secret)
	req, _ = v1(t, refSignV1("GET", v1Params("s", clock), "wrong"))()
	err = verify(v, req, nil)
	require.ErrorIs(t, err, signature.DoesNotMatch)
	require.NotContains(t, err.Error(), secret)
}
