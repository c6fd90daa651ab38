package signature_test

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/signature"
)

// signedV3 returns n requests of the SDKs' shape, each signed with a
// nonce of its own.
func signedV3(tb testing.TB, n int) []*http.Request {
	reqs := make([]*http.Request, n)
	for i := range reqs {
		req := v3Request(tb, "", clock)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("User-Agent", "AlibabaCloud (linux; amd64) Golang/1.24 Core/0.01 TeaDSL/2")
		if err := signature.SignV3(req, benchBody, "ak", "secret", fmt.Sprintf("%032x", i), clock); err != nil {
			tb.Fatal(err)
		}
		reqs[i] = req
	}
	return reqs
}

var benchBody = []byte("PageSize=50&InstanceId=i-bp1&InvokeStatus=Finished")

// signedV1 returns n parameter sets of the SDKs' shape, each signed with
// a nonce of its own.
func signedV1(n int) []url.Values {
	ps := make([]url.Values, n)
	for i := range ps {
		p := url.Values{"Action": {"DescribeInvocations"}, "RegionId": {"cn-hangzhou"}, "Format": {"JSON"},
			"Version": {"2014-05-26"}, "PageSize": {"50"}, "InvokeStatus": {"Finished"}}
		signature.SignV1(http.MethodGet, p, "ak", "secret", fmt.Sprintf("%032x", i), clock)
		ps[i] = p
	}
	return ps
}

// Verify of a request signed with ACS3-HMAC-SHA256 that passes, its nonce
// recorded.
func BenchmarkVerifyV3(b *testing.B) {
	reqs := signedV3(b, b.N)
	v := &signature.Verifier{Keys: keys, Now: func() time.Time { return clock }, MaxNonces: b.N + 1}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := v.Verify(reqs[i], benchBody, nil); err != nil {
			b.Fatal(err)
		}
	}
}

// Verify of parameters signed with HMAC-SHA1 that pass, the nonce
// recorded.
func BenchmarkVerifyV1(b *testing.B) {
	ps := signedV1(b.N)
	req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Host: "ecs.aliyuncs.com", Header: http.Header{}}
	v := &signature.Verifier{Keys: keys, Now: func() time.Time { return clock }, MaxNonces: b.N + 1}
	b.ReportAllocs()
	b.ResetTimer()
	for i := range b.N {
		if err := v.Verify(req, nil, ps[i]); err != nil {
			b.Fatal(err)
		}
	}
}

// Verify is on every request of a fake: its allocations stay few. The
// bounds are those measured (46 and 30), with some room for the race
// detector and the nonce store's growth.
func TestVerifyAllocs(t *testing.T) {
	const runs = 200
	reqs := signedV3(t, runs+1)
	ps := signedV1(runs + 1)
	v1req := &http.Request{Method: http.MethodGet, URL: &url.URL{Path: "/"}, Host: "ecs.aliyuncs.com", Header: http.Header{}}
	tests := []struct {
		name   string
		verify func(v *signature.Verifier, i int) error
		want   float64 // at most
	}{
		{"ACS3-HMAC-SHA256", func(v *signature.Verifier, i int) error { return v.Verify(reqs[i], benchBody, nil) }, 55},
		{"HMAC-SHA1", func(v *signature.Verifier, i int) error { return v.Verify(v1req, nil, ps[i]) }, 36},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			v := &signature.Verifier{Keys: keys, Now: func() time.Time { return clock }}
			i := 0
			got := testing.AllocsPerRun(runs, func() {
				if err := tt.verify(v, i); err != nil {
					t.Fatal(err)
				}
				i++
			})
			if got > tt.want {
				t.Errorf("%v allocations a Verify, want at most %v", got, tt.want)
			}
		})
	}
}
