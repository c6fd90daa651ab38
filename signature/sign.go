package signature

import (
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"
)

// SignV1 signs a request with method (such as "GET") and the parameters
// params with HMAC-SHA1, signature version 1.0, as the SDKs do: it sets
// AccessKeyId, SignatureMethod, SignatureVersion, SignatureNonce and
// Timestamp (now in UTC, in TimeLayout), then Signature over every other
// parameter. The request is to carry params in its query or form body as
// they are. SignV1 signs whatever it is given, a nonce too long or an
// empty one included, so that a test can prove their refusal. It panics
// if params is nil.
func SignV1(method string, params url.Values, accessKeyID, secret, nonce string, now time.Time) {
	params.Del(paramSignature)
	params.Set(paramKey, accessKeyID)
	params.Set(paramMethod, methodV1)
	params.Set(paramVersion, versionV1)
	params.Set(paramNonce, nonce)
	params.Set(paramTimestamp, now.UTC().Format(TimeLayout))
	params.Set(paramSignature, macV1(secret, stringToSignV1(method, params)))
}

// SignV3 signs r, whose body is body, with ACS3-HMAC-SHA256 as the SDKs
// do: it sets the headers x-acs-date (now in UTC, in TimeLayout),
// x-acs-signature-nonce and x-acs-content-sha256, then Authorization,
// covering host, every x-acs-* header r has and content-type when r has
// one, which is what Verify requires. The canonical request reads r's
// method, URL, headers and Host (r.URL.Host when r.Host is empty); r's
// Body is not read, and is the caller's to set to body. Set every other
// header before signing.
//
// SignV3 returns an error, and leaves r as it was, when r has no URL or
// no host, when a header to sign is not named by an HTTP token, or when
// accessKeyID is empty, holds a comma or begins or ends with white space,
// none of which an Authorization header can carry.
func SignV3(r *http.Request, body []byte, accessKeyID, secret, nonce string, now time.Time) error {
	return signV3(r, body, accessKeyID, secret, nonce, now, nil, "SignV3")
}

// SignV3Headers is SignV3 covering exactly the headers named, sorted and
// each once, whatever Verify requires: so that a test can sign with too
// few headers, or name one that r does not have. A name must be a
// lower-case HTTP token (no comma, semicolon, colon or white space);
// SignV3Headers returns an error for any other, or for none.
func SignV3Headers(r *http.Request, body []byte, accessKeyID, secret, nonce string, now time.Time, headers ...string) error {
	for _, name := range headers {
		if !token(name) || name != strings.ToLower(name) {
			return fmt.Errorf("signature: SignV3Headers: header name %q is not a lower-case HTTP token", name)
		}
	}
	if len(headers) == 0 {
		return errors.New("signature: SignV3Headers: no header to sign")
	}
	return signV3(r, body, accessKeyID, secret, nonce, now, slices.Compact(slices.Sorted(slices.Values(headers))), "SignV3Headers")
}

// signV3 signs r covering the headers signed, or those Verify requires
// when signed is nil; fn names the function for errors.
func signV3(r *http.Request, body []byte, accessKeyID, secret, nonce string, now time.Time, signed []string, fn string) error {
	if r.URL == nil {
		return fmt.Errorf("signature: %s: the request has no URL", fn)
	}
	host := host(r)
	if host == "" {
		return fmt.Errorf("signature: %s: the request has no host", fn)
	}
	if accessKeyID == "" || strings.Contains(accessKeyID, ",") || strings.TrimSpace(accessKeyID) != accessKeyID {
		return fmt.Errorf("signature: %s: AccessKeyId %q cannot be carried by an Authorization header", fn, accessKeyID)
	}
	if signed == nil {
		signed = []string{"host", headerContent, headerDate, headerNonce}
		for k := range r.Header {
			if lk := strings.ToLower(k); strings.HasPrefix(lk, "x-acs-") || lk == "content-type" {
				if !token(k) {
					return fmt.Errorf("signature: %s: header name %q is not an HTTP token", fn, k)
				}
				signed = append(signed, lk)
			}
		}
		slices.Sort(signed)
		signed = slices.Compact(signed)
	}
	if r.Header == nil {
		r.Header = http.Header{}
	}
	sum := sha256.Sum256(body)
	payload := hex.EncodeToString(sum[:])
	r.Header.Set(headerDate, now.UTC().Format(TimeLayout))
	r.Header.Set(headerNonce, nonce)
	r.Header.Set(headerContent, payload)
	mac := macV3(secret, stringToSignV3(r, host, signed, payload))
	r.Header.Set("Authorization", algorithmV3+" Credential="+accessKeyID+",SignedHeaders="+strings.Join(signed, ";")+",Signature="+mac)
	return nil
}

// token reports whether name is an HTTP token (RFC 9110's tchar).
func token(name string) bool {
	if name == "" {
		return false
	}
	for i := range len(name) {
		c := name[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9':
		case strings.IndexByte("!#$%&'*+-.^_`|~", c) >= 0:
		default:
			return false
		}
	}
	return true
}
