package signature_test

import (
	"bufio"
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"io"
	"net/http"
	"net/url"
	"os"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/signature"
)

// The reference signers below follow the vendor's documentation and are
// written apart from the package's own, so that each checks the other;
// testdata/requests.txt holds requests signed by the official Go SDK's
// signer.

// clock is the Verifiers' time in these tests.
var clock = time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)

// keys are the access keys the Verifiers of these tests know.
var keys = map[string]string{"ak": "secret", "ak2": "secret2", "LTAI5tExample": "secretExample"}

// newVerifier returns a Verifier that knows keys, at clock.
func newVerifier() *signature.Verifier {
	return &signature.Verifier{Keys: keys, Now: func() time.Time { return clock }}
}

func fix(s string) string { return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(s) }

// refSignV1 sets params' Signature, an HMAC-SHA1 over the others, as the
// vendor documents it, and returns params encoded.
func refSignV1(method string, params url.Values, secret string) string {
	params.Del("Signature")
	s := method + "&%2F&" + url.QueryEscape(fix(params.Encode()))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(s))
	params.Set("Signature", base64.StdEncoding.EncodeToString(mac.Sum(nil)))
	return params.Encode()
}

// v1Params returns the parameters of a DescribeInvocations request in the
// style of signature version 1.0, unsigned.
func v1Params(nonce string, at time.Time) url.Values {
	return url.Values{"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "Format": {"JSON"}, "Version": {"2014-05-26"},
		"AccessKeyId": {"ak"}, "SignatureMethod": {"HMAC-SHA1"}, "SignatureVersion": {"1.0"}, "SignatureNonce": {nonce},
		"Timestamp": {at.Format(signature.TimeLayout)}}
}

// refSignV3 signs req with ACS3-HMAC-SHA256 as the vendor documents it,
// covering the headers named, where "x-acs-*" stands for every x-acs-*
// header req has and content-type is signed when req has one. It signs
// the headers req has: x-acs-date and x-acs-signature-nonce are the
// caller's to set.
func refSignV3(req *http.Request, body []byte, ak, secret string, names ...string) {
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
		var vals []string // trimmed and sorted, as the SDK's getCanonicalHeaders has them
		for _, v := range req.Header.Values(h) {
			vals = append(vals, strings.TrimSpace(v))
		}
		sort.Strings(vals)
		v := strings.Join(vals, ",")
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
		for _, v := range slices.Sorted(slices.Values(q[k])) {
			parts = append(parts, fix(url.QueryEscape(k))+"="+fix(url.QueryEscape(v)))
		}
	}
	canonical := req.Method + "\n/\n" + strings.Join(parts, "&") + "\n" + headers.String() + "\n" + strings.Join(signed, ";") + "\n" + req.Header.Get("x-acs-content-sha256")
	h := sha256.Sum256([]byte(canonical))
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte("ACS3-HMAC-SHA256\n" + hex.EncodeToString(h[:])))
	req.Header.Set("Authorization", "ACS3-HMAC-SHA256 Credential="+ak+",SignedHeaders="+strings.Join(signed, ";")+",Signature="+hex.EncodeToString(mac.Sum(nil)))
}

// v3Request returns a DescribeInvocations request in the style of
// signature version 3, unsigned, with a nonce and date.
func v3Request(t testing.TB, nonce string, at time.Time) *http.Request {
	req, err := http.NewRequest(http.MethodPost, "https://ecs.aliyuncs.com/?RegionId=cn-hangzhou&InvokeId=t-01", nil)
	require.NoError(t, err)
	req.Header.Set("x-acs-action", "DescribeInvocations")
	req.Header.Set("x-acs-version", "2014-05-26")
	req.Header.Set("x-acs-date", at.Format(signature.TimeLayout))
	req.Header.Set("x-acs-signature-nonce", nonce)
	return req
}

// params returns the parameters of req, whose body is body, as a server
// parses them: the query, and a form body when its Content-Type says so.
func params(req *http.Request, body []byte) url.Values {
	p, _ := url.ParseQuery(req.URL.RawQuery)
	if strings.HasPrefix(req.Header.Get("Content-Type"), "application/x-www-form-urlencoded") {
		form, _ := url.ParseQuery(string(body))
		for k, vs := range form {
			p[k] = append(p[k], vs...)
		}
	}
	return p
}

// verify verifies req, whose body is body, with v, as a server would.
func verify(v *signature.Verifier, req *http.Request, body []byte) error {
	return v.Verify(req, body, params(req, body))
}

// code returns the code and status of err, an *signature.Error or nil.
func code(t testing.TB, err error) (signature.Code, int, string) {
	t.Helper()
	if err == nil {
		return "", 200, ""
	}
	var e *signature.Error
	require.ErrorAs(t, err, &e)
	return e.Code, e.HTTPStatus, e.Message
}

// seed is a request of testdata/requests.txt.
type seed struct {
	name                      string
	method, host, path, query string
	header, body              string
	want                      string // "ok" or the code Verify answers
}

// request returns the seed as a request received by a server.
func (s seed) request() *http.Request {
	req := &http.Request{
		Method: s.method, URL: &url.URL{Path: s.path, RawQuery: s.query}, Host: s.host,
		Header: http.Header{}, Body: io.NopCloser(strings.NewReader(s.body)),
	}
	for line := range strings.SplitSeq(s.header, "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && k != "" {
			req.Header.Add(k, strings.TrimSpace(v))
		}
	}
	return req
}

// readSeeds reads testdata/requests.txt: see its opening comment.
func readSeeds(t testing.TB) []seed {
	const name = "testdata/requests.txt"
	f, err := os.Open(name)
	require.NoError(t, err)
	defer f.Close()
	var seeds []seed
	fresh := seed{method: "GET", host: "ecs.aliyuncs.com", path: "/"}
	s, open := fresh, false
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 1<<20)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(text, "#"):
			if !open && s.name == "" {
				s.name = strings.TrimSpace(strings.TrimPrefix(text, "#"))
			}
			continue
		case text == "":
			if open {
				seeds = append(seeds, s)
			}
			s, open = fresh, false
			continue
		}
		field, value, _ := strings.Cut(text, " ")
		v, err := strconv.Unquote(value)
		require.NoError(t, err, "%s:%d", name, line)
		open = true
		switch field {
		case "method":
			s.method = v
		case "host":
			s.host = v
		case "path":
			s.path = v
		case "query":
			s.query = v
		case "header":
			if s.header != "" {
				s.header += "\n"
			}
			s.header += v
		case "body":
			s.body = v
		case "want":
			s.want = v
		default:
			t.Fatalf("%s:%d: unknown field %q", name, line, field)
		}
	}
	require.NoError(t, sc.Err())
	if open {
		seeds = append(seeds, s)
	}
	require.NotEmpty(t, seeds)
	return seeds
}
