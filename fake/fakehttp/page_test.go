package fakehttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fakehttp/page"
	"github.com/ecsassist/cloudassistant/invocation"
)

// GET /_mock/ answers the page and GET /_mock/page-worker.js its worker,
// each whole, of its type and under its policy (package page), whatever
// the query and from a Control alone too; HEAD their headers; another
// method 405, and another file 404.
func TestPageAssets(t *testing.T) {
	svc, err := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(t0)})
	require.NoError(t, err)
	for _, asset := range []struct {
		path string
		page.Asset
	}{{"/_mock/", page.Document()}, {"/_mock/page-worker.js", page.Worker()}} {
		tests := []struct {
			name       string
			handler    http.Handler
			method     string
			query      string
			wantStatus int
		}{
			{name: "GET", handler: &fakehttp.Handler{Service: svc}, method: "GET", wantStatus: 200},
			{name: "GET with a query", handler: &fakehttp.Handler{Service: svc}, method: "GET", query: "?InvokeId=t-1", wantStatus: 200},
			{name: "HEAD", handler: &fakehttp.Handler{Service: svc}, method: "HEAD", wantStatus: 200},
			{name: "from a Control alone", handler: &fakehttp.Control{Service: svc}, method: "GET", wantStatus: 200},
			{name: "from a Control without a Service", handler: &fakehttp.Control{}, method: "GET", wantStatus: 200},
			{name: "POST", handler: &fakehttp.Handler{Service: svc}, method: "POST", wantStatus: 405},
			{name: "DELETE", handler: &fakehttp.Control{Service: svc}, method: "DELETE", wantStatus: 405},
		}
		for _, tt := range tests {
			t.Run(asset.path+" "+tt.name, func(t *testing.T) {
				rec := httptest.NewRecorder()
				tt.handler.ServeHTTP(rec, httptest.NewRequest(tt.method, asset.path+tt.query, nil))
				res := rec.Result()
				body, _ := io.ReadAll(res.Body)
				require.Equal(t, tt.wantStatus, res.StatusCode)
				if tt.wantStatus != 200 {
					require.Equal(t, "GET, HEAD", res.Header.Get("Allow"))
					require.Equal(t, "application/json;charset=utf-8", res.Header.Get("Content-Type"))
					require.Contains(t, string(body), `"Code":"MethodNotAllowed"`)
					return
				}
				require.Equal(t, asset.ContentType, res.Header.Get("Content-Type"))
				require.Equal(t, asset.Policy, res.Header.Get("Content-Security-Policy"))
				require.Equal(t, "nosniff", res.Header.Get("X-Content-Type-Options"))
				require.Equal(t, "no-cache", res.Header.Get("Cache-Control"))
				require.Equal(t, fmt.Sprint(len(asset.Body)), res.Header.Get("Content-Length"))
				if tt.method == "HEAD" {
					require.Empty(t, body)
					return
				}
				require.Equal(t, string(asset.Body), string(body))
			})
		}
	}
	rec := httptest.NewRecorder()
	(&fakehttp.Handler{Service: svc}).ServeHTTP(rec, httptest.NewRequest("GET", "/_mock/page.js", nil))
	require.Equal(t, 404, rec.Code, "the page's script is in the page, not served alone")
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
