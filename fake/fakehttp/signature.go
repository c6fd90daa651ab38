package fakehttp

import (
	"crypto/hmac"
	"crypto/sha1"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// Signature checking: see "Signatures" in the package documentation.

// window is how far a request's time may be from the server's, and how
// long a nonce may not be used again.
const window = 15 * time.Minute

// DefaultMaxNonces is how many nonces a Handler remembers by default:
// more than 15 minutes of the 100 requests a second that the vendor's
// gateway takes from one user, in about 25 MB at most.
const DefaultMaxNonces = 100_000

// nonces remembers the nonces used within the window, at most a limit.
// The zero nonces is empty and ready to use.
type nonces struct {
	mu    sync.Mutex
	seen  map[string]time.Time // nonce → when it was used
	order []used               // the uses, oldest first from head on
	head  int
}

type used struct {
	nonce string
	at    time.Time
}

// The outcomes of nonces.use.
type nonceUse int

const (
	nonceFree nonceUse = iota // recorded
	nonceUsed                 // used within the window
	nonceFull                 // new, and limit nonces are remembered
)

// use records nonce as used at now, if it is free and fewer than limit
// nonces are remembered. Uses older than the window are forgotten first,
// oldest first; none is forgotten early, since its request could then be
// replayed.
func (n *nonces) use(nonce string, now time.Time, limit int) nonceUse {
	n.mu.Lock()
	defer n.mu.Unlock()
	if n.seen == nil {
		n.seen = map[string]time.Time{}
	}
	// Uses are appended as they come, so the expired ones are at the
	// front (unless the clock went back: then some are forgotten later
	// than they could be, never earlier).
	for n.head < len(n.order) && now.Sub(n.order[n.head].at) > window {
		u := n.order[n.head]
		if t, ok := n.seen[u.nonce]; ok && t.Equal(u.at) {
			delete(n.seen, u.nonce)
		}
		n.order[n.head] = used{}
		n.head++
	}
	if n.head > len(n.order)/2 {
		n.order = append(n.order[:0], n.order[n.head:]...)
		n.head = 0
	}
	if t, ok := n.seen[nonce]; ok {
		if now.Sub(t) <= window {
			return nonceUsed
		}
	} else if len(n.seen) >= limit {
		return nonceFull
	}
	n.seen[nonce] = now
	n.order = append(n.order, used{nonce, now})
	return nonceFree
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
	for _, name := range []string{"Authorization", "x-acs-date", "x-acs-signature-nonce", "x-acs-content-sha256"} {
		if n := len(r.Header.Values(name)); n > 1 {
			return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The header %q is given %d times.", name, n))
		}
	}
	algorithm, rest, _ := strings.Cut(auth, " ")
	if algorithm != "ACS3-HMAC-SHA256" {
		return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The signature algorithm %q is not supported.", algorithm))
	}
	fields := map[string]string{}
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return apierror.New(apierror.IncompleteSignature, "The Authorization header is malformed.")
		}
		if _, twice := fields[k]; twice {
			return apierror.New(apierror.IncompleteSignature, fmt.Sprintf("The Authorization header names %q twice.", k))
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
	signed := strings.Split(fields["SignedHeaders"], ";")
	if name := unsigned(r, signed); name != "" {
		return apierror.New(apierror.IncompleteSignature, fmt.Sprintf(
			"The header %q is not signed: SignedHeaders must name host, content-type and every x-acs-* header the request has.", name))
	}
	nonce := r.Header.Get("x-acs-signature-nonce")
	if e := checkNonce(nonce, "header", "x-acs-signature-nonce"); e != nil {
		return e
	}
	secret, ok := h.AccessKeys[fields["Credential"]]
	if !ok {
		return apierror.New(apierror.InvalidAccessKeyIDNotFound, "Specified access key is not found.")
	}
	if e := checkTime(r.Header.Get("x-acs-date"), now); e != nil {
		return e
	}
	// The canonical request, as the SDKs build it.
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
	path := r.URL.EscapedPath()
	if path == "" {
		path = "/"
	}
	payload := r.Header.Get("x-acs-content-sha256")
	canonical := r.Method + "\n" + path + "\n" + canonicalQuery(r.URL.Query()) + "\n" + headers.String() + "\n" + strings.Join(signed, ";") + "\n" + payload
	sum := sha256.Sum256([]byte(canonical))
	stringToSign := "ACS3-HMAC-SHA256\n" + hex.EncodeToString(sum[:])
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	bodySum := sha256.Sum256(body)
	if !hmac.Equal([]byte(hex.EncodeToString(mac.Sum(nil))), []byte(fields["Signature"])) || hex.EncodeToString(bodySum[:]) != payload {
		return mismatch(stringToSign)
	}
	return h.useNonce(nonce, now)
}

// unsigned returns a header that r has and the signature must cover but
// signed does not name, or "". The vendor requires every common request
// header that is present, but Authorization, to be signed: host and the
// x-acs-* headers. Content-type, which the SDKs sign too, decides whether
// the body is read as parameters, so it must be signed when present.
func unsigned(r *http.Request, signed []string) string {
	if !slices.Contains(signed, "host") {
		return "host"
	}
	var missing []string
	for k := range r.Header {
		k = strings.ToLower(k)
		if (strings.HasPrefix(k, "x-acs-") || k == "content-type") && !slices.Contains(signed, k) {
			missing = append(missing, k)
		}
	}
	if len(missing) == 0 {
		return ""
	}
	return slices.Min(missing)
}

// canonicalQuery returns the query as the canonical request has it:
// names and values percent-encoded, sorted by name, then by value for a
// name given more than once (the SDKs never give one twice, and the
// handler refuses it, but every value is covered).
func canonicalQuery(query url.Values) string {
	keys := slices.Sorted(maps.Keys(query))
	var q strings.Builder
	for _, k := range keys {
		for _, v := range slices.Sorted(slices.Values(query[k])) {
			if q.Len() > 0 {
				q.WriteByte('&')
			}
			q.WriteString(percentEncode(k) + "=" + percentEncode(v))
		}
	}
	return q.String()
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
	nonce := params.Get("SignatureNonce")
	if e := checkNonce(nonce, "parameter", "SignatureNonce"); e != nil {
		return e
	}
	secret, ok := h.AccessKeys[params.Get("AccessKeyId")]
	if !ok {
		return apierror.New(apierror.InvalidAccessKeyIDNotFound, "Specified access key is not found.")
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
	return h.useNonce(nonce, now)
}

// MaxNonceBytes is the longest signature nonce a Handler takes. The
// vendor documents no limit; the SDKs send 32 hex digits or a UUID.
const MaxNonceBytes = 128

// checkNonce checks the length of a nonce, which the header or parameter
// name carries.
func checkNonce(nonce, kind, name string) *apierror.Error {
	if len(nonce) > MaxNonceBytes {
		return apierror.New(apierror.InvalidParameterSignatureNonce,
			fmt.Sprintf("The %s %q is %d bytes long; a nonce is at most %d.", kind, name, len(nonce), MaxNonceBytes))
	}
	return nil
}

// useNonce records nonce as used at now, or returns the error for a nonce
// used already.
func (h *Handler) useNonce(nonce string, now time.Time) *apierror.Error {
	limit := positive(h.MaxNonces, DefaultMaxNonces)
	switch h.nonces.use(nonce, now, limit) {
	case nonceUsed:
		return apierror.New(apierror.SignatureNonceUsed, "Specified signature nonce was used already.")
	case nonceFull:
		return apierror.New(apierror.Throttling, fmt.Sprintf(
			"Request was denied due to request throttling: the server remembers %d signature nonces of the last 15 minutes, as many as it keeps.", limit))
	}
	return nil
}

// mismatch is SignatureDoesNotMatch with the string to sign the server
// computed, as the real service answers.
func mismatch(stringToSign string) *apierror.Error {
	return apierror.New(apierror.SignatureDoesNotMatch,
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

// timeLayout is the format of a request's time: ISO 8601 in UTC, to the
// second, as the vendor documents it (yyyy-MM-ddTHH:mm:ssZ).
const timeLayout = "2006-01-02T15:04:05Z"

// checkTime checks a request time against now. Only timeLayout is taken:
// no zone offset, no fraction of a second, no lower-case letters.
func checkTime(s string, now time.Time) *apierror.Error {
	t, err := time.Parse(timeLayout, s)
	if err != nil || t.Format(timeLayout) != s {
		return apierror.New(apierror.InvalidTimeStampFormat,
			fmt.Sprintf("Specified time stamp or date value %q is not well formatted: the format is yyyy-MM-ddTHH:mm:ssZ, in UTC.", s))
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
