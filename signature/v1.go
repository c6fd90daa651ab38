package signature

import (
	"crypto/hmac"
	"crypto/sha1"
	"encoding/base64"
	"fmt"
	"maps"
	"net/url"
	"slices"
	"strings"
	"time"
)

// The parameters of an HMAC-SHA1 signature, and the values this package
// takes and signs with.
const (
	paramKey       = "AccessKeyId"
	paramSignature = "Signature"
	paramMethod    = "SignatureMethod"
	paramNonce     = "SignatureNonce"
	paramVersion   = "SignatureVersion"
	paramTimestamp = "Timestamp"

	methodV1  = "HMAC-SHA1"
	versionV1 = "1.0"
)

func (v *Verifier) verifyV1(method string, params url.Values, now time.Time) *Error {
	for _, name := range []string{paramKey, paramSignature, paramMethod, paramNonce, paramVersion, paramTimestamp} {
		if n := len(params[name]); n > 1 {
			return newError(InvalidParameter, fmt.Sprintf("The parameter %q is given %d times; a request gives each parameter once.", name, n))
		}
	}
	for _, name := range []string{paramKey, paramSignature, paramMethod, paramNonce, paramTimestamp} {
		if params.Get(name) == "" {
			return newError(Missing(name), fmt.Sprintf("The input parameter %q that is mandatory for a signed request is not supplied.", name))
		}
	}
	if m := params.Get(paramMethod); m != methodV1 {
		return newError(Incomplete, fmt.Sprintf("The signature method %q is not supported.", m))
	}
	if v := params.Get(paramVersion); v != "" && v != versionV1 {
		return newError(Incomplete, fmt.Sprintf("The signature version %q is not supported.", v))
	}
	nonce := params.Get(paramNonce)
	if e := checkNonce(nonce, "parameter", paramNonce); e != nil {
		return e
	}
	secret, e := v.secret(params.Get(paramKey))
	if e != nil {
		return e
	}
	if e := checkTime(params.Get(paramTimestamp), now); e != nil {
		return e
	}
	stringToSign := stringToSignV1(method, params)
	if !hmac.Equal([]byte(macV1(secret, stringToSign)), []byte(params.Get(paramSignature))) {
		return mismatch(stringToSign)
	}
	return v.useNonce(nonce, now)
}

// stringToSignV1 returns the string to sign of a request with method and
// params: the method, "&%2F&" and the percent-encoded form of every
// parameter but Signature, names sorted, each value in its order.
func stringToSignV1(method string, params url.Values) string {
	var b strings.Builder
	for _, k := range slices.Sorted(maps.Keys(params)) {
		if k == paramSignature {
			continue
		}
		ek := url.QueryEscape(k)
		for _, v := range params[k] {
			if b.Len() > 0 {
				b.WriteByte('&')
			}
			b.WriteString(ek)
			b.WriteByte('=')
			b.WriteString(url.QueryEscape(v))
		}
	}
	return method + "&%2F&" + url.QueryEscape(fixer.Replace(b.String()))
}

// macV1 returns the base64 HMAC-SHA1 of stringToSign keyed with secret
// and "&".
func macV1(secret, stringToSign string) string {
	mac := hmac.New(sha1.New, []byte(secret+"&"))
	mac.Write([]byte(stringToSign))
	return base64.StdEncoding.EncodeToString(mac.Sum(nil))
}
