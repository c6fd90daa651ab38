package fakehttp_test

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// serve answers req with h directly and decodes the error it answers
// with, in the format its Content-Type names; a 200 gives a nil error.
func serve(t *testing.T, h http.Handler, req *http.Request) (*httptest.ResponseRecorder, *apierror.Error) {
	t.Helper()
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	if rec.Code == http.StatusOK {
		return rec, nil
	}
	var e *apierror.Error
	var err error
	if strings.HasPrefix(rec.Header().Get("Content-Type"), "application/json") {
		e, err = jsoncodec.DecodeAPIError(rec.Body.Bytes())
	} else {
		e, err = xmlcodec.DecodeAPIError(rec.Body.Bytes())
	}
	require.NoError(t, err, "%s", rec.Body)
	require.Regexp(t, requestID, e.RequestID)
	return rec, e
}

func form(target, body string) *http.Request {
	req := httptest.NewRequest(http.MethodPost, target, strings.NewReader(body))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req
}

// numbered returns "&0&1&2…" up to n parameters, the shape of the form
// that cost the server seconds before parameters were counted.
func numbered(n int) string {
	var b strings.Builder
	for i := range n {
		fmt.Fprintf(&b, "&%d", i)
	}
	return b.String()
}

// countingReader counts the bytes read through it.
type countingReader struct {
	r io.Reader
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

// Every limit is counted per request, before the parameters are parsed.
func TestLimits(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t)}
	tests := []struct {
		name       string
		h          *fakehttp.Handler
		req        func() *http.Request
		wantStatus int
		wantCode   apierror.Code
		wantMsg    string
	}{
		{name: "10,001 parameters in a form", h: h,
			req:        func() *http.Request { return form("/?"+base, numbered(10_001)) },
			wantStatus: 400, wantCode: apierror.InvalidParameterParameterLimit,
			wantMsg: "The request carries up to 10004 parameters, more than the 1000 a request may carry."},
		{name: "1,001 parameters in a form", h: h,
			req:        func() *http.Request { return form("/?"+base, numbered(1_001)[1:]) },
			wantStatus: 400, wantCode: apierror.InvalidParameterParameterLimit,
			wantMsg: "The request carries up to 1003 parameters, more than the 1000 a request may carry."},
		{name: "1,001 parameters in a query", h: h,
			req:        func() *http.Request { return httptest.NewRequest(http.MethodGet, "/?"+base+numbered(999), nil) },
			wantStatus: 400, wantCode: apierror.InvalidParameterParameterLimit},
		{name: "semicolons count too", h: &fakehttp.Handler{Service: fleet(t), MaxParams: 3},
			req:        func() *http.Request { return httptest.NewRequest(http.MethodGet, "/?"+base+";a;b", nil) },
			wantStatus: 400, wantCode: apierror.InvalidParameterParameterLimit},
		{name: "query and form count together", h: &fakehttp.Handler{Service: fleet(t), MaxParams: 3},
			req:        func() *http.Request { return form("/?"+base, "Format=JSON&PageSize=5") },
			wantStatus: 400, wantCode: apierror.InvalidParameterParameterLimit},
		{name: "a body of another type is not parameters", h: &fakehttp.Handler{Service: fleet(t), MaxParams: 3},
			req: func() *http.Request {
				req := httptest.NewRequest(http.MethodPost, "/?"+base, strings.NewReader("a&b&c&d&e"))
				req.Header.Set("Content-Type", "text/plain")
				return req
			},
			wantStatus: 200},
		{name: "parameter bytes", h: &fakehttp.Handler{Service: fleet(t), MaxParamBytes: len(base) + 10},
			req:        func() *http.Request { return form("/?"+base, "PageSize=50") },
			wantStatus: 400, wantCode: apierror.InvalidParameterParameterLimit,
			wantMsg: fmt.Sprintf("The parameters take %d bytes, more than the %d a request may carry.", len(base)+11, len(base)+10)},
		{name: "parameter bytes at the limit", h: &fakehttp.Handler{Service: fleet(t), MaxParamBytes: len(base) + 10},
			req:        func() *http.Request { return form("/?"+base, "PageSize=5") },
			wantStatus: 200},
		{name: "body over the limit", h: &fakehttp.Handler{Service: fleet(t), MaxBodyBytes: 10},
			req:        func() *http.Request { return form("/?"+base, "PageSize=50") },
			wantStatus: 413, wantCode: apierror.InvalidParameterRequestTooLarge,
			wantMsg: "The request body is larger than the 10 bytes a request may carry."},
		{name: "body of unknown length over the limit", h: &fakehttp.Handler{Service: fleet(t), MaxBodyBytes: 10},
			req: func() *http.Request {
				req := form("/?"+base, "PageSize=50")
				req.ContentLength = -1
				return req
			},
			wantStatus: 413, wantCode: apierror.InvalidParameterRequestTooLarge},
		{name: "body at the limit", h: &fakehttp.Handler{Service: fleet(t), MaxBodyBytes: 10},
			req:        func() *http.Request { return form("/?"+base, "PageSize=5") },
			wantStatus: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, e := serve(t, tt.h, tt.req())
			require.Equal(t, tt.wantStatus, rec.Code, "%s", rec.Body)
			if tt.wantCode == "" {
				return
			}
			require.Equal(t, tt.wantCode, e.Code, e.Message)
			if tt.wantMsg != "" {
				require.Equal(t, tt.wantMsg, e.Message)
			}
		})
	}
}

// A body over the limit is not read: neither when its length is declared,
// nor past the limit when it is not.
func TestLargeBodyNotRead(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t)}
	body := strings.Repeat("&0", 5<<20) // 10 MiB of parameters
	for _, length := range []int64{int64(len(body)), -1} {
		c := &countingReader{r: strings.NewReader(body)}
		req := form("/?"+base, "")
		req.Body, req.ContentLength = io.NopCloser(c), length
		rec, e := serve(t, h, req)
		require.Equal(t, 413, rec.Code)
		require.Equal(t, apierror.InvalidParameterRequestTooLarge, e.Code)
		require.LessOrEqual(t, c.n, fakehttp.DefaultMaxBodyBytes+1, "Content-Length %d", length)
	}
}

// The API is served at / alone, by GET, POST and HEAD.
func TestMethodsAndPaths(t *testing.T) {
	ts := httptest.NewServer(&fakehttp.Handler{Service: fleet(t)})
	defer ts.Close()
	send := func(method, path string, header http.Header) (*http.Response, []byte) {
		t.Helper()
		req, err := http.NewRequest(method, ts.URL+path, nil)
		require.NoError(t, err)
		for k, v := range header {
			req.Header[k] = v
		}
		res, err := ts.Client().Do(req)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res, body
	}
	for _, method := range []string{"PUT", "DELETE", "TRACE", "OPTIONS", "PATCH", "CONNECT", "get", "Post", "PROPFIND"} {
		res, body := send(method, "/?"+base+"&Format=JSON", nil)
		require.Equal(t, 405, res.StatusCode, method)
		require.Equal(t, "GET, HEAD, POST", res.Header.Get("Allow"), method)
		e, err := xmlcodec.DecodeAPIError(body)
		require.NoError(t, err, "%s: before the parameters are read, XML: %s", method, body)
		require.Equal(t, apierror.MethodNotAllowed, e.Code)
		require.Equal(t, fmt.Sprintf("The method %q is not allowed: the API takes GET, HEAD and POST.", method), e.Message)
	}
	res, body := send("DELETE", "/?"+base, http.Header{"X-Acs-Action": {"DescribeInvocations"}})
	require.Equal(t, 405, res.StatusCode)
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err, "a request in the style of signature version 3 is answered in JSON: %s", body)
	require.Equal(t, apierror.MethodNotAllowed, e.Code)

	res, body = send("HEAD", "/?"+base, nil)
	require.Equal(t, 200, res.StatusCode)
	require.Empty(t, body)
	require.Equal(t, "text/xml;charset=utf-8", res.Header.Get("Content-Type"))

	for _, path := range []string{"/x", "/_mockery", "//", "/DescribeInvocations", "/%2F", "/.."} {
		res, body := send("GET", path+"?"+base, nil)
		require.Equal(t, 404, res.StatusCode, path)
		e, err := xmlcodec.DecodeAPIError(body)
		require.NoError(t, err, "%s: %s", path, body)
		require.Equal(t, apierror.InvalidAPINotFound, e.Code, path)
		require.Equal(t, "Specified api is not found, please check your url and method.", e.Message)
		require.Empty(t, res.Header.Get("Allow"))
	}
	res, _ = send("PUT", "/other", nil)
	require.Equal(t, 404, res.StatusCode, "a path that names no API is not found, whatever the method")
}

// Parameters that cannot be read are InvalidParameter (400), with the
// fault named; so is a parameter given twice.
func TestUnreadableParameters(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t)}
	tests := []struct {
		name    string
		req     *http.Request
		wantMsg string
	}{
		{"semicolon", httptest.NewRequest(http.MethodGet, "/?"+base+";PageSize=5", nil),
			"The query string cannot be read: invalid semicolon separator in query."},
		{"bad escape in the query", httptest.NewRequest(http.MethodGet, "/?"+base+"&PageSize=%zz", nil),
			`The query string cannot be read: invalid URL escape "%zz".`},
		{"bad escape in the form", form("/?"+base, "PageSize=%zz"),
			`The form body cannot be read: invalid URL escape "%zz".`},
		{"a parameter twice", httptest.NewRequest(http.MethodGet, "/?"+base+"&RegionId=cn-beijing", nil),
			`The parameter "RegionId" is given 2 times; a request gives each parameter once.`},
		{"in the query and the form", form("/?"+base+"&PageSize=5", "PageSize=5"),
			`The parameter "PageSize" is given 2 times; a request gives each parameter once.`},
		{"the first name in order", httptest.NewRequest(http.MethodGet, "/?"+base+"&b=1&b=2&a=1&a=2", nil),
			`The parameter "a" is given 2 times; a request gives each parameter once.`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rec, e := serve(t, h, tt.req)
			require.Equal(t, 400, rec.Code)
			require.Equal(t, apierror.InvalidParameter, e.Code)
			require.Equal(t, tt.wantMsg, e.Message)
		})
	}
}
