package signature

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// algorithmV3 is the one ACS3 algorithm this package takes.
const algorithmV3 = "ACS3-HMAC-SHA256"

// The headers of an ACS3-HMAC-SHA256 signature besides Authorization.
const (
	headerDate    = "x-acs-date"
	headerNonce   = "x-acs-signature-nonce"
	headerContent = "x-acs-content-sha256"
)

func (v *Verifier) verifyV3(r *http.Request, auth string, body []byte, now time.Time) *Error {
	for _, name := range []string{"Authorization", headerDate, headerNonce, headerContent} {
		if n := len(headerValues(r.Header, name)); n > 1 {
			return newError(Incomplete, fmt.Sprintf("The header %q is given %d times.", name, n))
		}
	}
	algorithm, rest, _ := strings.Cut(auth, " ")
	if algorithm != algorithmV3 {
		return newError(Incomplete, fmt.Sprintf("The signature algorithm %q is not supported.", algorithm))
	}
	var credential, signedHeaders, signature string
	var few [8]string // the first fields read, the rest in many
	fields := few[:0]
	var many map[string]bool
	for part := range strings.SplitSeq(rest, ",") {
		k, v, ok := strings.Cut(strings.TrimSpace(part), "=")
		if !ok {
			return newError(Incomplete, "The Authorization header is malformed.")
		}
		if slices.Contains(fields, k) || many[k] {
			return newError(Incomplete, fmt.Sprintf("The Authorization header names %q twice.", k))
		}
		if len(fields) < len(few) {
			fields = append(fields, k)
		} else {
			if many == nil {
				many = map[string]bool{}
			}
			many[k] = true
		}
		switch k {
		case "Credential":
			credential = v
		case "SignedHeaders":
			signedHeaders = v
		case "Signature":
			signature = v
		}
	}
	for _, f := range []struct{ name, value string }{{"Credential", credential}, {"SignedHeaders", signedHeaders}, {"Signature", signature}} {
		if f.value == "" {
			return newError(Incomplete, fmt.Sprintf("The Authorization header has no %s.", f.name))
		}
	}
	for _, name := range []string{headerDate, headerNonce, headerContent} {
		if headerGet(r.Header, name) == "" {
			return newError(Missing(name), fmt.Sprintf("The header %q that is mandatory for a signed request is not supplied.", name))
		}
	}
	signed := strings.Split(signedHeaders, ";")
	if name := unsigned(r.Header, signed); name != "" {
		return newError(Incomplete, fmt.Sprintf(
			"The header %q is not signed: SignedHeaders must name host, content-type and every x-acs-* header the request has.", name))
	}
	nonce := headerGet(r.Header, headerNonce)
	if e := checkNonce(nonce, "header", headerNonce); e != nil {
		return e
	}
	secret, e := v.secret(credential)
	if e != nil {
		return e
	}
	if e := checkTime(headerGet(r.Header, headerDate), now); e != nil {
		return e
	}
	payload := headerGet(r.Header, headerContent)
	stringToSign := stringToSignV3(r, host(r), signed, payload)
	bodySum := sha256.Sum256(body)
	if !hmac.Equal([]byte(macV3(secret, stringToSign)), []byte(signature)) || hex.EncodeToString(bodySum[:]) != payload {
		return mismatch(stringToSign)
	}
	return v.useNonce(nonce, now)
}

// unsigned returns a header that h has and the signature must cover but
// signed does not name, or "". The vendor requires every common request
// header that is present, but Authorization, to be signed: host and the
// x-acs-* headers. Content-type, which the SDKs sign too, decides whether
// the body is read as parameters, so it must be signed when present.
func unsigned(h http.Header, signed []string) string {
	if !slices.Contains(signed, "host") {
		return "host"
	}
	missing := ""
	for k := range h {
		if len(k) >= 6 && strings.EqualFold(k[:6], "x-acs-") || strings.EqualFold(k, "content-type") {
			if !containsFold(signed, k) {
				if k = strings.ToLower(k); missing == "" || k < missing {
					missing = k
				}
			}
		}
	}
	return missing
}

// containsFold reports whether names holds the lower-case form of name.
func containsFold(names []string, name string) bool {
	for _, n := range names {
		if lowerOf(n, name) {
			return true
		}
	}
	return false
}

// lowerOf reports whether lower is strings.ToLower(s), without allocating
// for ASCII.
func lowerOf(lower, s string) bool {
	if len(lower) != len(s) {
		return strings.ToLower(s) == lower
	}
	for i := range len(s) {
		c := s[i]
		if c >= 0x80 {
			return strings.ToLower(s) == lower
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c != lower[i] {
			return false
		}
	}
	return true
}

// headerValues is h.Values(name) without allocating for a name of at
// most 64 bytes: it canonicalizes name as textproto does, on the stack.
func headerValues(h http.Header, name string) []string {
	var buf [64]byte
	if len(name) > len(buf) {
		return h.Values(name)
	}
	b := buf[:len(name)]
	upper := true
	for i := range len(name) {
		c := name[i]
		if !token(name[i : i+1]) {
			return h[name] // textproto leaves such a name as it is
		}
		if upper && 'a' <= c && c <= 'z' {
			c -= 'a' - 'A'
		} else if !upper && 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		b[i] = c
		upper = c == '-'
	}
	return h[string(b)]
}

// headerGet is h.Get(name) without allocating, as headerValues.
func headerGet(h http.Header, name string) string {
	if vals := headerValues(h, name); len(vals) > 0 {
		return vals[0]
	}
	return ""
}

// host returns the host of r as a server has it, r.Host, or r.URL.Host
// when r.Host is empty (as in a request built in-process).
func host(r *http.Request) string {
	if r.Host == "" && r.URL != nil {
		return r.URL.Host
	}
	return r.Host
}

// stringToSignV3 returns the string to sign of r, whose host is host,
// covering the headers signed, in their order, and the body's hash
// payload.
func stringToSignV3(r *http.Request, host string, signed []string, payload string) string {
	var b strings.Builder
	b.Grow(512)
	path, query := "/", url.Values(nil)
	if r.URL != nil {
		if p := r.URL.EscapedPath(); p != "" {
			path = p
		}
		query = r.URL.Query()
	}
	b.WriteString(r.Method)
	b.WriteByte('\n')
	b.WriteString(path)
	b.WriteByte('\n')
	writeCanonicalQuery(&b, query)
	b.WriteByte('\n')
	for _, name := range signed {
		b.WriteString(name)
		b.WriteByte(':')
		switch vals := headerValues(r.Header, name); {
		case name == "host":
			b.WriteString(host)
		case len(vals) == 1:
			b.WriteString(strings.TrimSpace(vals[0]))
		default:
			vals = slices.Clone(vals)
			for i := range vals {
				vals[i] = strings.TrimSpace(vals[i])
			}
			slices.Sort(vals)
			b.WriteString(strings.Join(vals, ","))
		}
		b.WriteByte('\n')
	}
	b.WriteByte('\n')
	for i, name := range signed {
		if i > 0 {
			b.WriteByte(';')
		}
		b.WriteString(name)
	}
	b.WriteByte('\n')
	b.WriteString(payload)
	sum := sha256.Sum256([]byte(b.String()))
	return algorithmV3 + "\n" + hex.EncodeToString(sum[:])
}

// writeCanonicalQuery writes the query as the canonical request has it:
// names and values percent-encoded, sorted by name, then by value for a
// name given more than once (the SDKs never give one twice, but every
// value is covered).
func writeCanonicalQuery(b *strings.Builder, query url.Values) {
	first := true
	for _, k := range slices.Sorted(maps.Keys(query)) {
		vals := query[k]
		if len(vals) > 1 {
			vals = slices.Sorted(slices.Values(vals))
		}
		for _, v := range vals {
			if !first {
				b.WriteByte('&')
			}
			first = false
			b.WriteString(percentEncode(k))
			b.WriteByte('=')
			b.WriteString(percentEncode(v))
		}
	}
}

// macV3 returns the hex HMAC-SHA256 of stringToSign keyed with secret.
func macV3(secret, stringToSign string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(stringToSign))
	return hex.EncodeToString(mac.Sum(nil))
}
