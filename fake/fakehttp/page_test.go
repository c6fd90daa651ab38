package fakehttp_test

import (
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
)

// GET /_mock/ answers the page, whole, with a policy that lets its own
// script and style sheet run and nothing else; HEAD its headers; another
// method 405.
func TestPage(t *testing.T) {
	svc, err := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(t0)})
	require.NoError(t, err)
	tests := []struct {
		name       string
		handler    http.Handler
		method     string
		target     string
		wantStatus int
		wantAllow  string
		wantBody   bool // the page, rather than nothing or an error
	}{
		{name: "GET", handler: &fakehttp.Handler{Service: svc}, method: "GET", target: "/_mock/", wantStatus: 200, wantBody: true},
		{name: "GET with a query", handler: &fakehttp.Handler{Service: svc}, method: "GET", target: "/_mock/?InvokeId=t-1", wantStatus: 200, wantBody: true},
		{name: "HEAD", handler: &fakehttp.Handler{Service: svc}, method: "HEAD", target: "/_mock/", wantStatus: 200},
		{name: "from a Control alone", handler: &fakehttp.Control{Service: svc}, method: "GET", target: "/_mock/", wantStatus: 200, wantBody: true},
		{name: "from a Control without a Service", handler: &fakehttp.Control{}, method: "GET", target: "/_mock/", wantStatus: 200, wantBody: true},
		{name: "POST", handler: &fakehttp.Handler{Service: svc}, method: "POST", target: "/_mock/", wantStatus: 405, wantAllow: "GET, HEAD"},
		{name: "DELETE", handler: &fakehttp.Control{Service: svc}, method: "DELETE", target: "/_mock/", wantStatus: 405, wantAllow: "GET, HEAD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.handler.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			require.Equal(t, tt.wantStatus, res.StatusCode)
			require.Equal(t, tt.wantAllow, res.Header.Get("Allow"))
			if tt.wantStatus != 200 {
				require.Equal(t, "application/json;charset=utf-8", res.Header.Get("Content-Type"))
				require.Contains(t, string(body), `"Code":"MethodNotAllowed"`)
				return
			}
			require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
			require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
			require.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
			require.NotEmpty(t, res.Header.Get("Content-Length"))
			if !tt.wantBody {
				require.Empty(t, body)
				return
			}
			require.Equal(t, res.Header.Get("Content-Length"), fmt.Sprint(len(body)))
			checkPage(t, string(body), res.Header.Get("Content-Security-Policy"))
		})
	}
}

// checkPage checks that the page holds its script and its style sheet,
// and that the policy names each by its hash and allows nothing else.
func checkPage(t *testing.T, page, csp string) {
	t.Helper()
	require.True(t, strings.HasPrefix(page, "<!doctype html>"), "a document: %.40q", page)
	require.NotContains(t, page, "/*page.js*/")
	require.NotContains(t, page, "/*page.css*/")
	hash := func(s string) string {
		sum := sha256.Sum256([]byte(s))
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	for _, tag := range []string{"script", "style"} {
		m := regexp.MustCompile(`(?s)<`+tag+`>(.*?)</`+tag+`>`).FindAllStringSubmatch(page, -1)
		require.Len(t, m, 1, "one <%s>", tag)
		require.Contains(t, csp, tag+"-src "+hash(m[0][1]), "the policy allows the page's %s by its hash", tag)
	}
	for _, directive := range []string{"default-src 'none'", "worker-src 'self'", "connect-src 'self'", "img-src data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
		require.Contains(t, csp, directive)
	}
	require.NotContains(t, csp, "unsafe")
}

// GET /_mock/page-worker.js answers the page's worker, the script as it
// is in the package, with a policy that lets it read the fake and
// nothing else; HEAD its headers; another method 405.
func TestPageWorker(t *testing.T) {
	svc, err := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(t0)})
	require.NoError(t, err)
	script, err := os.ReadFile("page/page-worker.js")
	require.NoError(t, err)
	tests := []struct {
		name       string
		handler    http.Handler
		method     string
		target     string
		wantStatus int
		wantAllow  string
		wantBody   string
	}{
		{name: "GET", handler: &fakehttp.Handler{Service: svc}, method: "GET", target: "/_mock/page-worker.js", wantStatus: 200, wantBody: string(script)},
		{name: "GET with a query", handler: &fakehttp.Handler{Service: svc}, method: "GET", target: "/_mock/page-worker.js?v=2", wantStatus: 200, wantBody: string(script)},
		{name: "HEAD", handler: &fakehttp.Handler{Service: svc}, method: "HEAD", target: "/_mock/page-worker.js", wantStatus: 200},
		{name: "from a Control alone", handler: &fakehttp.Control{Service: svc}, method: "GET", target: "/_mock/page-worker.js", wantStatus: 200, wantBody: string(script)},
		{name: "from a Control without a Service", handler: &fakehttp.Control{}, method: "GET", target: "/_mock/page-worker.js", wantStatus: 200, wantBody: string(script)},
		{name: "POST", handler: &fakehttp.Handler{Service: svc}, method: "POST", target: "/_mock/page-worker.js", wantStatus: 405, wantAllow: "GET, HEAD"},
		{name: "PUT", handler: &fakehttp.Control{Service: svc}, method: "PUT", target: "/_mock/page-worker.js", wantStatus: 405, wantAllow: "GET, HEAD"},
		{name: "another script", handler: &fakehttp.Handler{Service: svc}, method: "GET", target: "/_mock/page.js", wantStatus: 404},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := httptest.NewRecorder()
			tt.handler.ServeHTTP(rec, httptest.NewRequest(tt.method, tt.target, nil))
			res := rec.Result()
			body, _ := io.ReadAll(res.Body)
			require.Equal(t, tt.wantStatus, res.StatusCode)
			require.Equal(t, tt.wantAllow, res.Header.Get("Allow"))
			if tt.wantStatus != 200 {
				require.Equal(t, "application/json;charset=utf-8", res.Header.Get("Content-Type"))
				require.Contains(t, string(body), `"Code":"`)
				return
			}
			require.Equal(t, "text/javascript; charset=utf-8", res.Header.Get("Content-Type"))
			require.Equal(t, "default-src 'none'; connect-src 'self'", res.Header.Get("Content-Security-Policy"))
			require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
			require.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
			require.Equal(t, fmt.Sprint(len(script)), res.Header.Get("Content-Length"))
			require.Equal(t, tt.wantBody, string(body))
		})
	}
}

// GET /_mock/state tags the document; a poll with the tag it has is 304,
// with no body, until the state changes.
func TestStateETag(t *testing.T) {
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(fake.Config{Clock: clock})
	require.NoError(t, err)
	h := &fakehttp.Handler{Service: svc}
	get := func(ifNoneMatch ...string) *httptest.ResponseRecorder {
		req := httptest.NewRequest("GET", "/_mock/state", nil)
		for _, v := range ifNoneMatch {
			req.Header.Add("If-None-Match", v)
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		return rec
	}
	first := get()
	require.Equal(t, 200, first.Code)
	tag := first.Header().Get("ETag")
	require.Regexp(t, `^"[0-9a-z]+"$`, tag)
	require.Equal(t, tag, get().Header().Get("ETag"), "the same state, the same tag")

	tests := []struct {
		name        string
		ifNoneMatch []string
		want        int
	}{
		{name: "its tag", ifNoneMatch: []string{tag}, want: 304},
		{name: "weak", ifNoneMatch: []string{"W/" + tag}, want: 304},
		{name: "in a list", ifNoneMatch: []string{`"other", ` + tag}, want: 304},
		{name: "in a second header", ifNoneMatch: []string{`"other"`, tag}, want: 304},
		{name: "any", ifNoneMatch: []string{"*"}, want: 304},
		{name: "another tag", ifNoneMatch: []string{`"other"`}, want: 200},
		{name: "unquoted", ifNoneMatch: []string{strings.Trim(tag, `"`)}, want: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec := get(tt.ifNoneMatch...)
			require.Equal(t, tt.want, rec.Code)
			require.Equal(t, tag, rec.Header().Get("ETag"))
			if tt.want == 304 {
				require.Empty(t, rec.Body.String())
			}
		})
	}

	_, _, err = svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: invocation.RunShellScript, CommandContent: "uptime", InstanceIDs: []string{"i-1"}})
	require.NoError(t, err)
	changed := get(tag)
	require.Equal(t, 200, changed.Code, "a new invocation changes the state")
	next := changed.Header().Get("ETag")
	require.NotEqual(t, tag, next)
	clock.Advance(time.Second)
	moved := get(next)
	require.Equal(t, 200, moved.Code, "the clock's move changes the state")
	require.Equal(t, 304, get(moved.Header().Get("ETag")).Code, "until the next change")
	svc.Reset()
	require.Equal(t, 200, get(moved.Header().Get("ETag")).Code, "a reset changes the state")
}
