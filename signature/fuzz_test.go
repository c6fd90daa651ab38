package signature_test

import (
	"errors"
	"io"
	"net/url"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/signature"
)

// fuzzSecret is the secret of "ak" in FuzzVerify; no error may show it
// unless the input holds it.
const fuzzSecret = "fuzz-secret-9f2c"

// statuses are the codes Verify answers with, but MissingParameter.*,
// and their statuses.
var statuses = map[signature.Code]int{
	signature.Incomplete: 400, signature.InvalidParameter: 400, signature.InvalidNonce: 400,
	signature.AccessKeyNotFound: 404, signature.TimeStampFormat: 400, signature.TimeStampExpired: 400,
	signature.DoesNotMatch: 400, signature.NonceUsed: 400, signature.Throttling: 400,
}

// FuzzVerify verifies any request (method, query, headers as lines of
// "Name: value", and body, read as a form when its Content-Type says so),
// seeded from testdata/requests.txt. Whatever comes, Verify answers nil
// or an *Error with a code it documents, that code's status and a
// message, never a secret and never a panic. Then the same request,
// signed afresh with SignV3, verifies (unless SignV3 refuses a header name
// that HTTP cannot carry); and so do its parameters, signed afresh with
// SignV1, without the Authorization header.
func FuzzVerify(f *testing.F) {
	for _, s := range readSeeds(f) {
		f.Add(s.method, s.query, s.header, s.body)
	}
	f.Fuzz(func(t *testing.T, method, query, header, body string) {
		s := seed{method: method, host: "ecs.aliyuncs.com", path: "/", query: query, header: header, body: body}
		v := &signature.Verifier{Keys: map[string]string{"ak": fuzzSecret}, Now: newVerifier().Now, MaxNonces: 4}
		input := method + query + header + body

		req := s.request()
		check := func(what string, err error) {
			t.Helper()
			if err == nil {
				return
			}
			var e *signature.Error
			if !errors.As(err, &e) {
				t.Fatalf("%s: %T %v, not an *Error", what, err, err)
			}
			want, ok := statuses[e.Code]
			if !ok && strings.HasPrefix(string(e.Code), "MissingParameter.") {
				want, ok = 400, true
			}
			if !ok || e.HTTPStatus != want || e.Message == "" {
				t.Fatalf("%s: %#v", what, e)
			}
			if strings.Contains(e.Message, fuzzSecret) && !strings.Contains(input, fuzzSecret) {
				t.Fatalf("%s: the secret shows: %v", what, err)
			}
		}
		check("as sent", verify(v, req, []byte(body)))

		// Signed afresh with ACS3-HMAC-SHA256.
		req = s.request()
		if err := signature.SignV3(req, []byte(body), "ak", fuzzSecret, "fresh-v3", clock); err != nil {
			// Only a header that HTTP cannot carry is refused.
			if !strings.HasSuffix(err.Error(), "is not an HTTP token") {
				t.Fatal(err)
			}
		} else if err := verify(v, req, []byte(body)); err != nil {
			t.Fatalf("signed with SignV3: %v", err)
		}

		// Signed afresh with HMAC-SHA1.
		req = s.request()
		req.Header.Del("Authorization")
		req.Body = io.NopCloser(strings.NewReader(""))
		p := params(req, []byte(body))
		signature.SignV1(method, p, "ak", fuzzSecret, "fresh-v1", clock)
		req.URL.RawQuery = p.Encode()
		req.Header.Del("Content-Type")
		back, err := url.ParseQuery(req.URL.RawQuery)
		if err != nil {
			t.Fatal(err)
		}
		if err := v.Verify(req, nil, back); err != nil {
			t.Fatalf("signed with SignV1: %v", err)
		}
	})
}
