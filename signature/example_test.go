package signature_test

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/signature"
)

// A test signs a request with ACS3-HMAC-SHA256 by hand, as the SDKs do,
// and a fake's Verifier takes it once: the same request again reuses its
// nonce.
func ExampleSignV3() {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	v := &signature.Verifier{
		Keys: map[string]string{"LTAI5tExample": "secretExample"},
		Now:  func() time.Time { return now },
	}

	body := []byte("RegionId=cn-hangzhou&PageSize=5")
	req, _ := http.NewRequest(http.MethodPost, "https://ecs.aliyuncs.com/", strings.NewReader(string(body)))
	req.Header.Set("x-acs-action", "DescribeInvocations")
	req.Header.Set("x-acs-version", "2014-05-26")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := signature.SignV3(req, body, "LTAI5tExample", "secretExample", "3156853299f313e23d", now); err != nil {
		fmt.Println(err)
		return
	}
	auth := req.Header.Get("Authorization")
	fmt.Println(auth[:strings.Index(auth, ",Signature=")])

	form, _ := url.ParseQuery(string(body))
	fmt.Println(v.Verify(req, body, form))
	err := v.Verify(req, body, form)
	fmt.Println(err)
	fmt.Println(errors.Is(err, signature.NonceUsed))
	// Output:
	// ACS3-HMAC-SHA256 Credential=LTAI5tExample,SignedHeaders=content-type;host;x-acs-action;x-acs-content-sha256;x-acs-date;x-acs-signature-nonce;x-acs-version
	// <nil>
	// signature: SignatureNonceUsed (HTTP 400): Specified signature nonce was used already.
	// true
}

// A test signs the parameters of a request with HMAC-SHA1, signature
// version 1.0, and sends them in the query.
func ExampleSignV1() {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	params := url.Values{"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}}
	signature.SignV1(http.MethodGet, params, "LTAI5tExample", "secretExample", "n-1", now)
	fmt.Println(params.Get("Timestamp"), params.Get("Signature"))

	v := &signature.Verifier{Keys: map[string]string{"LTAI5tExample": "secretExample"}, Now: func() time.Time { return now }}
	req, _ := http.NewRequest(http.MethodGet, "https://ecs.aliyuncs.com/?"+params.Encode(), nil)
	fmt.Println(v.Verify(req, nil, req.URL.Query()))
	// Output:
	// 2026-11-25T12:00:00Z wNWhF4yX4QkG4jI9a+ekYD4rU90=
	// <nil>
}

// A fake answers a refused request with the Error's code, status and
// message; the signature of a request changed after signing does not
// match, and the message shows the server's string to sign.
func ExampleVerifier_Verify() {
	now := time.Date(2026, 11, 25, 12, 0, 0, 0, time.UTC)
	v := &signature.Verifier{Keys: map[string]string{"ak": "secret"}, Now: func() time.Time { return now }}
	params := url.Values{"Action": {"DescribeInvocations"}}
	signature.SignV1(http.MethodGet, params, "ak", "secret", "n-2", now)
	params.Set("Action", "RunCommand")

	req, _ := http.NewRequest(http.MethodGet, "https://ecs.aliyuncs.com/?"+params.Encode(), nil)
	var e *signature.Error
	if errors.As(v.Verify(req, nil, params), &e) {
		fmt.Println(e.HTTPStatus, e.Code)
		fmt.Println(e.Message)
	}
	// Output:
	// 400 SignatureDoesNotMatch
	// Specified signature is not matched with our calculation. server string to sign is:GET&%2F&AccessKeyId%3Dak%26Action%3DRunCommand%26SignatureMethod%3DHMAC-SHA1%26SignatureNonce%3Dn-2%26SignatureVersion%3D1.0%26Timestamp%3D2026-11-25T12%253A00%253A00Z
}
