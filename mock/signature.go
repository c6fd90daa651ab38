package mock

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// Signature checking. The API takes two schemes, and the official SDKs
// sign with one each:
//
//   - ACS3-HMAC-SHA256 (today's SDKs): an Authorization header
//     "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=h1;h2,Signature=hex"
//     over a canonical request made of the method, the path, the sorted
//     query, the signed headers (x-acs-*, host, content-type) and the
//     x-acs-content-sha256 of the body; x-acs-date and
//     x-acs-signature-nonce are required.
//   - HMAC-SHA1, signature version 1.0 (older SDKs): the parameters
//     AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce,
//     Timestamp and Signature, the signature being the base64 HMAC-SHA1,
//     keyed with the secret and "&", of METHOD&%2F& and the percent-encoded
//     sorted parameters.
//
// Where the vendor is silent this package decides: a request without any
// signature is IncompleteSignature; a missing piece of a present one is
// MissingParameter.<name> (the header's name for ACS3); a time that
// cannot be read is InvalidTimeStamp.Format; the body's hash is checked
// against x-acs-content-sha256 as part of the signature.

// window is how far a request's time may be from the server's, and how
// long a nonce may not be used again.
const window = 15 * time.Minute

// nonces remembers the nonces used within the window.
type nonces struct {
	mu   sync.Mutex
	seen map[string]time.Time
	last time.Time // when seen was last purged
}

// use records nonce at now and reports whether it was free.
func (n *nonces) use(nonce string, now time.Time) bool {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen == nil {
		n.seen = map[string]time.Time{}
	}
	if now.Sub(n.last) > window {
		for k, t := range n.seen {
			if now.Sub(t) > window {
				delete(n.seen, k)
			}
		}
		n.last = now
	}
	if t, ok := n.seen[nonce]; ok && now.Sub(t) <= window {
		return false
	}
	n.seen[nonce] = now
	return true
}

// verify checks the signature of r, whose body is body and whose
// parameters (query and form) are params, against h.AccessKeys.
func (h *Handler) verify(r *http.Request, body []byte, params url.Values) *apierror.Error {
	now := time.Now()
	if h.Now != nil {
		now = h.Now()
	}
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "ACS3-") {
		return h.verifyV3(r, auth, body, now)
	}
	if params.Has("Signature") || params.Has("AccessKeyId") {
		return h.verifyV1(r, params, now)
	}
	return apierror.New(apierror.IncompleteSignature, "The request signature does not conform to Aliyun standards: the request is not signed.")
}

func (h *Handler) verifyV3(r *http.Request, auth string, body []byte, now time.Time) *apierror.Error {
	algorithm, rest, _ := strings.Cut(auth, " ")
	if algorithm != "ACS3-HMAC-SHA256" {
		return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The signature algorithm %q is not supported.", algorithm))
	}
	fields := map[string]string{}
	for _, part := range strings.Split(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return apierror.New(apierror.IncompleteSignature, "The Authorization header is malformed.")
		}
		fields[k] = v
	}
	for _, k := range []string{"Credential", "SignedHeaders", "Signature"} {
		if fields[k] == "" {
			return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The Authorization header has no %s.", k))
		}
	}
	for _, name := range []string{"x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if r.Header.Get(name) == "" {
			return apierror.New(apierror.Code("MissingParameter."+name), fmt.Sprintf("The header %q that is mandatory for a signed request is not supplied.", name))
		}
	}
	secret, ok := h.AccessKeys[fields["Credential"]]
	if !ok {
		return apierror.New(apierror.InvalidAccessKeyNotFound, "Specified access key is not found.")
	}
	if e := checkTime(r.Header.Get("x-acs-date"), now); e != nil {
		return e
	}
	// The canonical request, as the SDKs build it.
	signed := strings.Split(fields["SignedHeaders"], ";")
	var headers strings.Builder
	for _, name := range signed {
		vals := slices.Clone(r.Header.Values(name))
		if name == "host" {
			vals = []string{r.Host}
		}
		for i := range vals {
			vals[i] = strings.TrimSpace(vals[i])
		}
		sort.Strings(vals)
		headers.WriteString(name + ":" + strings.Join(vals, ",") + "\n")
	}
	query := r.URL.Query()
	keys := make([]string, 0, len(query))
	for k := range query {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var q strings.Builder
	for i, k := range keys {
		if i > 0 {
			q.WriteByte('&')
		}
		q.WriteString(k + "=" + percentEncode(query.Get(k)))
	}
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	payload := r.Header.Get("x-acs-content-sha256")
	canonical := r.Method + "\n" + path + "\n" + q.String() + "\n" + headers.String() + "\n" + strings.Join(signed, ";") + "\n" + payload
	sum := sha256.Sum256([]byte(canonical))
	stringToSign := "ACS3-HMAC-SHA256\n" + hex.EncodeToString(sum[:])
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	bodySum := sha256.Sum256(body)
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(fields["Signature"])) || hex.EncodeToString(bodySum[:]) != payload {
		return mismatch(stringToSign)
	}
	if !h.nonces.use(r.Header.Get("x-acs-signature-nonce"), now) {
		return apierror.New(apierror.SignatureNonceUsed, "Specified signature nonce was used already.")
	}
	return nil
}

func (h *Handler) verifyV1(r *http.Request, params url.Values, now time.Time) *apierror.Error {
	for _, name := range []string{"AccessKeyId", "Signature", "SignatureMethod", "SignatureNonce", "Timestamp"} {
		if params.Get(name) == "" {
			return apierror.New(apierror.Code("MissingParameter."+name), fmt.Sprintf("The input parameter %q that is mandatory for a signed request is not supplied.", name))
		}
	}
	if m := params.Get("SignatureMethod"); m != "HMAC-SHA1" {
		return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The signature method %q is not supported.", m))
	}
	if v := params.Get("SignatureVersion"); v != "" && v != "1.0" {
		return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The signature version %q is not supported.", v))
	}
	secret, ok := h.AccessKeys[params.Get("AccessKeyId")]
	if !ok {
		return apierror.New(apierror.InvalidAccessKeyNotFound, "Specified access key is not found.")
	}
	if e := checkTime(params.Get("Timestamp"), now); e != nil {
		return e
	}
	signing := url.Values{}
	for k, vs := range params {
		if k != "Signature" {
			signing[k] = vs
		}
	}
	stringToSign := r.Method + "&%2F&" + url.QueryEscape(percentFix(signing.Encode()))
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	if !hmac.Equal([]byte(base64.StdEncoding.EncodeToString(mac.Sum(nil))), []byte(params.Get("Signature"))) {
		return mismatch(stringToSign)
	}
	if !h.nonces.use(params.Get("SignatureNonce"), now) {
		return apierror.New(apierror.SignatureNonceUsed, "Specified signature nonce was used already.")
	}
	return nil
}

// mismatch is SignatureDoesNotMatch with the string to sign the server
// computed, as the real service answers.
func mismatch(stringToSign string) *apierror.Error {
	return apierror.New(apierror.SignatureDoesNotMatch,
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

// checkTime checks a request time in ISO 8601 UTC against now.
func checkTime(s string, now time.Time) *apierror.Error {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return apierror.New(apierror.InvalidTimeStampFormat, fmt.Sprintf("Specified time stamp or date value %q is not well formatted.", s))
	}
	if d := now.Sub(t); d > window || d < -window {
		return apierror.New(apierror.InvalidTimeStampExpired, fmt.Sprintf("Specified time stamp or date value %q is expired.", s))
	}
	return nil
}

// percentEncode encodes as the SDKs do: url.QueryEscape, then %20 for a
// space, %2A for '*' and '~' as it is.
func percentEncode(s string) string { return percentFix(url.QueryEscape(s)) }

func percentFix(s string) string {
	return strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~").Replace(s)
}
