package bench

import (
	"bytes"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"testing"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/jsoncodec"
)

// serveQuery is the request of the serving benchmarks: one page of ten
// invocations of ten instances each, in JSON, about 6 KB.
const serveQuery = "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON&PageSize=10"

// servers returns the fake's handler over a store of the 50×10 payload's
// invocations, and a plain handler that writes the bytes the fake
// answers serveQuery with (but for their RequestId) and nothing else: the
// cost of net/http alone.
func servers(tb testing.TB) (mockHandler, plain http.Handler, body []byte) {
	resp, _, err := jsoncodec.Decoder{Lenient: true}.DecodeResponse(payloads[0].json)
	if err != nil {
		tb.Fatal(err)
	}
	store, err := fake.NewService(fake.Config{})
	if err != nil {
		panic(err)
	}
	for _, inv := range resp.Invocations {
		if err := store.Load(inv); err != nil {
			tb.Fatal(err)
		}
	}
	h := &fakehttp.Handler{Service: store}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, serveQuery, nil))
	if rec.Code != http.StatusOK {
		tb.Fatalf("status %d: %s", rec.Code, rec.Body)
	}
	body, ctype := rec.Body.Bytes(), rec.Header().Get("Content-Type")
	return h, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", ctype)
		w.WriteHeader(http.StatusOK)
		w.Write(body)
	}), body
}

var requestID = regexp.MustCompile(`"RequestId":"[0-9A-F-]{36}"`)

// The two handlers answer the same bytes, but for the RequestId: the
// serving benchmarks compare like with like.
func TestServersAgree(t *testing.T) {
	h, plain, _ := servers(t)
	answer := func(h http.Handler) []byte {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, serveQuery, nil))
		return requestID.ReplaceAll(rec.Body.Bytes(), nil)
	}
	if a, b := answer(h), answer(plain); !bytes.Equal(a, b) || len(a) < 5000 {
		t.Errorf("the fake answers %d bytes, the plain handler %d:\n%s\n%s", len(a), len(b), a, b)
	}
}

// discard is a ResponseWriter that keeps nothing.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(p []byte) (int, error) { return len(p), nil }
func (d *discard) WriteHeader(int)             {}

// BenchmarkServe answers DescribeInvocations with the fake's handler and
// with a plain handler that writes the same bytes, in the same run:
// through HTTP, by clients over kept-alive connections to an httptest
// server (the headline: what a test suite pointed at the fake sees), and
// by calling ServeHTTP directly (the handlers' own cost). -count runs
// each implementation's repetitions back to back, so that a change of
// load between them (on a shared machine) biases the comparison; run the
// whole benchmark repeatedly instead, then compare:
//
//	go test -c -o bench.test
//	for i in $(seq 10); do ./bench.test -test.run '^$' -test.bench Serve -test.benchmem >> serve.txt; done
//	benchstat -col /impl serve.txt
func BenchmarkServe(b *testing.B) {
	h, plain, body := servers(b)
	impls := []struct {
		name string
		h    http.Handler
	}{{"fake", h}, {"plain", plain}}
	b.Run("level=http", func(b *testing.B) {
		for _, impl := range impls {
			b.Run("impl="+impl.name, func(b *testing.B) {
				ts := httptest.NewServer(impl.h)
				defer ts.Close()
				client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 64}}
				defer client.CloseIdleConnections()
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				b.SetParallelism(8) // 8 clients a CPU
				b.RunParallel(func(pb *testing.PB) {
					for pb.Next() {
						res, err := client.Get(ts.URL + serveQuery)
						if err != nil {
							b.Error(err)
							return
						}
						_, err = io.Copy(io.Discard, res.Body)
						res.Body.Close()
						if err != nil || res.StatusCode != http.StatusOK {
							b.Errorf("status %d, %v", res.StatusCode, err)
							return
						}
					}
				})
			})
		}
	})
	b.Run("level=handler", func(b *testing.B) {
		for _, impl := range impls {
			b.Run("impl="+impl.name, func(b *testing.B) {
				b.SetBytes(int64(len(body)))
				b.ReportAllocs()
				b.RunParallel(func(pb *testing.PB) {
					req := httptest.NewRequest(http.MethodGet, serveQuery, nil)
					w := &discard{h: http.Header{}}
					for pb.Next() {
						clear(w.h)
						impl.h.ServeHTTP(w, req)
					}
				})
			})
		}
	})
}
