// Package signature signs and verifies the request signatures of Alibaba
// Cloud's RPC-style APIs, in the two schemes the official SDKs use. It is
// meant for a fake of such an API, which must refuse what the real
// service refuses, and for tests that sign requests by hand; it knows
// nothing of any one API.
//
// A [Verifier] holds the access keys a server knows (AccessKeyId →
// secret), its clock and the signature nonces it has seen. Its
// [Verifier.Verify] checks one request and returns nil or an [*Error]
// carrying the code, HTTP status and message the real service answers
// with, for the server to answer as it is; [Verifier.Reset] forgets the
// nonces seen, as a fake does between tests. [SignV1] and [SignV3] sign a
// request as the SDKs do; [SignV3Headers] signs one covering the headers
// chosen, so that a test can prove that too few are refused.
//
// An [Error]'s Code is of the type [Code], a string type, rather than a
// plain string: a Code is an error too, so that errors.Is(err,
// signature.NonceUsed) tells one refusal from another without a sentinel
// variable for each code, and it converts to any other string type of
// codes as it is. Verify's result is declared error, not *Error, so that
// a nil result is a nil error.
//
// # Schemes
//
// The sources are the vendor's request signature references, the one of
// signature version 3 (ACS3-HMAC-SHA256) and the one of RPC APIs
// (HMAC-SHA1, signature version 1.0), and the official SDKs' signers:
// GetAuthorization and GetRPCSignature in the utils package of
// github.com/alibabacloud-go/darabonba-openapi, and the RPC signature
// composer of github.com/aliyun/alibaba-cloud-sdk-go.
//
//   - ACS3-HMAC-SHA256 (today's SDKs): an Authorization header
//     "ACS3-HMAC-SHA256 Credential=ID,SignedHeaders=h1;h2,Signature=hex",
//     the hex HMAC-SHA256, keyed with the secret, of
//     "ACS3-HMAC-SHA256\n" and the hex SHA-256 of the canonical request:
//     the method, the escaped path ("/" when empty), the query (names and
//     values percent-encoded, sorted by name, then by value), one
//     "name:values" line for each signed header (values trimmed, sorted
//     and joined with commas; host is the request's Host, or its URL's
//     host when Host is empty), the
//     SignedHeaders, and x-acs-content-sha256, the hex SHA-256 of the
//     body, on lines of their own. The headers x-acs-date,
//     x-acs-signature-nonce and x-acs-content-sha256 are required, once
//     each. As the vendor requires, SignedHeaders must name host and
//     every x-acs-* header the request has; it must name content-type too
//     when the request has one (the SDKs sign it), since that header
//     decides whether the body is read as parameters.
//   - HMAC-SHA1, signature version 1.0 (older SDKs): the parameters
//     AccessKeyId, SignatureMethod (HMAC-SHA1), SignatureVersion (1.0,
//     which may be left out), SignatureNonce, Timestamp and Signature, in
//     the query or the form body. The signature is the base64 HMAC-SHA1,
//     keyed with the secret and "&", of the method, "&%2F&" and the
//     percent-encoded form of every other parameter, sorted by name.
//
// Percent-encoding is the SDKs': [url.QueryEscape], then %20 for a space,
// %2A for '*' and '~' left as it is.
//
// # Rules
//
// A request's time (x-acs-date, Timestamp) is written as the vendor
// documents it, yyyy-MM-ddTHH:mm:ssZ ([TimeLayout]): UTC to the second,
// with no zone offset, no fraction of a second and no lower-case letter.
// It must be within [Window] (15 minutes) of the Verifier's clock. A nonce
// may be used once in the Window and is at most [MaxNonceBytes] long. The
// Verifier remembers the nonces of the last Window, at most
// [Verifier.MaxNonces] of them (by default [DefaultMaxNonces]): while that
// many are remembered, a request with a new nonce is refused with
// Throttling until the oldest expire, since forgetting a nonce early would
// let its request be replayed. Only a request whose signature matches uses
// up its nonce. The body is hashed whole.
//
// # Errors
//
// Verify reads the pieces of the signature first, then checks the
// nonce's length, the access key, the time, the signature and last the
// nonce's use; it answers the first failure with one of these codes,
// every one 400 but [AccessKeyNotFound], which is 404:
//
//	IncompleteSignature             no signature at all; a header given twice; an
//	                                algorithm, method or version not supported; an
//	                                Authorization header that cannot be read, names
//	                                a field twice or lacks one; a header that must
//	                                be signed and is not
//	InvalidParameter                a parameter of the HMAC-SHA1 signature given twice
//	MissingParameter.<name>         a header or parameter of the signature missing
//	InvalidParameter.SignatureNonce a nonce longer than MaxNonceBytes
//	InvalidAccessKeyId.NotFound     an AccessKeyId the Verifier does not know
//	InvalidTimeStamp.Format         a time not in TimeLayout
//	InvalidTimeStamp.Expired        a time more than Window away from the clock
//	SignatureDoesNotMatch           a wrong signature or body hash; the message
//	                                carries the server's string to sign
//	SignatureNonceUsed              a nonce used within the Window
//	Throttling                      a new nonce while MaxNonces are remembered
//
// Where the vendor is silent this package decides: a request without any
// signature is IncompleteSignature; a missing piece of a present one is
// MissingParameter.<name> (the header's name for ACS3-HMAC-SHA256); a
// piece given twice is IncompleteSignature for a header and
// InvalidParameter for a parameter; a nonce over MaxNonceBytes is
// InvalidParameter.SignatureNonce (the vendor documents no limit; the
// SDKs send 32 hex digits or a UUID). Messages are the vendor's where it
// has one. No error or message ever carries a secret.
package signature

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// Window is how far a request's time may be from the Verifier's clock,
// and how long a nonce may not be used again.
const Window = 15 * time.Minute

// DefaultMaxNonces is how many nonces a Verifier remembers by default:
// more than 15 minutes of the 100 requests a second that the vendor's
// gateway takes from one user, in about 25 MB at most.
const DefaultMaxNonces = 100_000

// MaxNonceBytes is the longest signature nonce a Verifier takes. The
// vendor documents no limit; the SDKs send 32 hex digits or a UUID.
const MaxNonceBytes = 128

// TimeLayout is the layout of a request's time (x-acs-date, Timestamp):
// ISO 8601 in UTC, to the second, as the vendor documents it
// (yyyy-MM-ddTHH:mm:ssZ).
const TimeLayout = "2006-01-02T15:04:05Z"

// A Code is an API error code answered by Verify, spelled as the vendor
// spells it. A Code is an error, so that errors.Is(err, NonceUsed)
// reports whether err is an [*Error] with that code.
type Code string

// The codes Verify answers with, besides [Missing]. Every one is HTTP 400
// but AccessKeyNotFound, which is 404.
const (
	Incomplete        Code = "IncompleteSignature"             // no signature, or one that cannot be read
	InvalidParameter  Code = "InvalidParameter"                // a parameter of the signature given twice
	InvalidNonce      Code = "InvalidParameter.SignatureNonce" // a nonce longer than MaxNonceBytes (decision)
	AccessKeyNotFound Code = "InvalidAccessKeyId.NotFound"     // 404: an AccessKeyId the Verifier does not know
	TimeStampFormat   Code = "InvalidTimeStamp.Format"         // a time not in TimeLayout
	TimeStampExpired  Code = "InvalidTimeStamp.Expired"        // a time more than Window away
	DoesNotMatch      Code = "SignatureDoesNotMatch"           // a wrong signature or body hash
	NonceUsed         Code = "SignatureNonceUsed"              // a nonce used within the Window
	Throttling        Code = "Throttling"                      // a new nonce while MaxNonces are remembered
)

// Missing returns the code of a missing piece of a signature, named by
// its header (for ACS3-HMAC-SHA256) or parameter: Missing("Timestamp") is
// "MissingParameter.Timestamp".
func Missing(name string) Code { return Code("MissingParameter." + name) }

// Error returns the code as it is. A Code is an error only to be the
// target of errors.Is, and never returned alone, so it has no prefix of
// the package: that way a Code prints as itself with fmt, which prefers
// Error to String.
func (c Code) Error() string { return string(c) }

// Error is a request refused by Verify: the API's error code, the HTTP
// status to answer with and the vendor's message. It never carries a
// secret.
type Error struct {
	Code       Code
	HTTPStatus int // 400, or 404 for AccessKeyNotFound
	Message    string
}

// newError returns an error with code, its status, and message.
func newError(code Code, message string) *Error {
	status := http.StatusBadRequest
	if code == AccessKeyNotFound {
		status = http.StatusNotFound
	}
	return &Error{Code: code, HTTPStatus: status, Message: message}
}

// Error returns the code, the HTTP status and the message, as in
//
//	signature: SignatureNonceUsed (HTTP 400): Specified signature nonce was used already.
func (e *Error) Error() string {
	return "signature: " + string(e.Code) + " (HTTP " + strconv.Itoa(e.HTTPStatus) + "): " + e.Message
}

// Is reports whether target is e's Code, so that errors.Is(err,
// signature.NonceUsed) tells one refusal from another.
func (e *Error) Is(target error) bool {
	c, ok := target.(Code)
	return ok && c == e.Code
}

// Verifier verifies the signatures of requests. Set its fields before the
// first Verify and change them no more; Verify and Reset are then safe
// for concurrent use. A Verifier must not be copied after its first use.
//
// The zero Verifier knows no access key, so that it refuses every signed
// request with AccessKeyNotFound; it uses the real time and remembers at
// most DefaultMaxNonces nonces.
type Verifier struct {
	// Keys maps each AccessKeyId the server knows to its secret.
	Keys map[string]string

	// Now is the server's clock; nil means time.Now.
	Now func() time.Time

	// MaxNonces bounds the nonces remembered, each for Window after its
	// use; zero or less means DefaultMaxNonces. While that many are
	// remembered, a request with a new nonce is refused with Throttling
	// until the oldest expire.
	MaxNonces int

	nonces nonces
}

// Reset forgets every nonce used, so that each may be used again.
func (v *Verifier) Reset() { v.nonces.reset() }

// Verify checks the signature of r, whose body is body and whose
// parameters are params: the query and form parameters as the caller
// parsed them (for ACS3-HMAC-SHA256, the canonical query is read from
// r.URL itself). A request with an Authorization header starting "ACS3-"
// is checked as ACS3-HMAC-SHA256 (its host is r.Host, or r.URL.Host when
// r.Host is empty); one with a Signature or AccessKeyId parameter as
// HMAC-SHA1; any other is refused as not signed. Verify
// returns nil or an [*Error], and uses up the request's nonce only when
// it returns nil. r must not be nil.
func (v *Verifier) Verify(r *http.Request, body []byte, params url.Values) error {
	// A nil *Error must not become a non-nil error.
	if e := v.verify(r, body, params); e != nil {
		return e
	}
	return nil
}

func (v *Verifier) verify(r *http.Request, body []byte, params url.Values) *Error {
	now := time.Now()
	if v.Now != nil {
		now = v.Now()
	}
	if auth := r.Header.Get("Authorization"); strings.HasPrefix(auth, "ACS3-") {
		return v.verifyV3(r, auth, body, now)
	}
	if params.Has("Signature") || params.Has("AccessKeyId") {
		return v.verifyV1(r.Method, params, now)
	}
	return newError(Incomplete, "The request signature does not conform to Aliyun standards: the request is not signed.")
}

// secret returns the secret of the AccessKeyId id.
func (v *Verifier) secret(id string) (string, *Error) {
	secret, ok := v.Keys[id]
	if !ok {
		return "", newError(AccessKeyNotFound, "Specified access key is not found.")
	}
	return secret, nil
}

// useNonce records nonce as used at now, or returns the error for a nonce
// used already or for a full store.
func (v *Verifier) useNonce(nonce string, now time.Time) *Error {
	limit := v.MaxNonces
	if limit <= 0 {
		limit = DefaultMaxNonces
	}
	switch v.nonces.use(nonce, now, limit) {
	case nonceUsed:
		return newError(NonceUsed, "Specified signature nonce was used already.")
	case nonceFull:
		return newError(Throttling, fmt.Sprintf(
			"Request was denied due to request throttling: the server remembers %d signature nonces of the last 15 minutes, as many as it keeps.", limit))
	}
	return nil
}

// checkNonce checks the length of a nonce, which the header or parameter
// name carries.
func checkNonce(nonce, kind, name string) *Error {
	if len(nonce) > MaxNonceBytes {
		return newError(InvalidNonce,
			fmt.Sprintf("The %s %q is %d bytes long; a nonce is at most %d.", kind, name, len(nonce), MaxNonceBytes))
	}
	return nil
}

// checkTime checks a request time against now. Only TimeLayout is taken:
// no zone offset, no fraction of a second, no lower-case letters.
func checkTime(s string, now time.Time) *Error {
	t, err := time.Parse(TimeLayout, s)
	if err != nil || t.Format(TimeLayout) != s {
		return newError(TimeStampFormat,
			fmt.Sprintf("Specified time stamp or date value %q is not well formatted: the format is yyyy-MM-ddTHH:mm:ssZ, in UTC.", s))
	}
	if d := now.Sub(t); d > Window || d < -Window {
		return newError(TimeStampExpired, fmt.Sprintf("Specified time stamp or date value %q is expired.", s))
	}
	return nil
}

// mismatch is SignatureDoesNotMatch with the string to sign the server
// computed, as the real service answers.
func mismatch(stringToSign string) *Error {
	return newError(DoesNotMatch,
		"Specified signature is not matched with our calculation. server string to sign is:"+stringToSign)
}

// fixer turns url.QueryEscape's output into the SDKs' percent-encoding.
var fixer = strings.NewReplacer("+", "%20", "*", "%2A", "%7E", "~")

// percentEncode encodes as the SDKs do: url.QueryEscape, then %20 for a
// space, %2A for '*' and '~' as it is.
func percentEncode(s string) string {
	for i := range len(s) {
		if c := s[i]; !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '_' || c == '.' || c == '~') {
			return fixer.Replace(url.QueryEscape(s))
		}
	}
	return s // unreserved throughout, as most names and values are
}
