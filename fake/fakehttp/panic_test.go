package fakehttp_test

import (
	"bytes"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// syncBuffer is a buffer that a logger and a test share.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// A panic in the outcome function answers the request that met it with
// InternalError.Dispatch (500), is logged with its stack, and the next
// request, by the API or a control endpoint, is served.
func TestPanicAnswersInternalErrorAndServesTheNext(t *testing.T) {
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(fake.Config{Clock: clock, Outcome: func(x fake.Execution) fake.Result {
		if strings.Contains(x.Content, "boom") {
			panic("scripted failure")
		}
		return fake.Result{}
	}})
	require.NoError(t, err)
	var log syncBuffer
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc, Logger: slog.New(slog.NewJSONHandler(&log, nil))})
	defer ts.Close()
	client := ts.Client()
	client.Timeout = 5 * time.Second // a fake that kept its lock would never answer

	get := func(path string) (int, []byte) {
		t.Helper()
		res, err := client.Get(ts.URL + path)
		require.NoError(t, err)
		defer res.Body.Close()
		body, err := io.ReadAll(res.Body)
		require.NoError(t, err)
		return res.StatusCode, body
	}
	code, body := get("/?Action=RunCommand&RegionId=cn-hangzhou&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=boom&InstanceId.1=i-1")
	require.Equal(t, http.StatusOK, code, string(body))
	clock.Advance(time.Second)

	code, body = get("/?Action=DescribeInvocations&RegionId=cn-hangzhou")
	require.Equal(t, http.StatusInternalServerError, code, string(body))
	e, err := xmlcodec.DecodeAPIError(body)
	require.NoError(t, err)
	require.Equal(t, apierror.InternalErrorDispatch, e.Code)
	require.Contains(t, log.String(), "scripted failure")
	require.Contains(t, log.String(), "panic_test.go", "logged with the outcome function's stack")

	code, body = get("/?Action=DescribeInvocations&RegionId=cn-hangzhou")
	require.Equal(t, http.StatusOK, code, string(body))
	code, body = get("/_mock/now")
	require.Equal(t, http.StatusOK, code, string(body))
}

// A panic reached through a control endpoint mounted alone is answered
// as a control error, and the next control request is served.
func TestControlPanic(t *testing.T) {
	clock := fake.NewVirtualClock(t0)
	svc, err := fake.NewService(fake.Config{Clock: clock, Outcome: func(fake.Execution) fake.Result { panic("scripted failure") }})
	require.NoError(t, err)
	_, _, err = svc.RunCommand(fake.RunCommandRequest{RegionID: "cn-hangzhou", Type: "RunShellScript", CommandContent: "boom",
		ContentEncoding: fake.PlainText, InstanceIDs: []string{"i-1"}})
	require.NoError(t, err)
	clock.Advance(time.Second)
	old := slog.Default()
	slog.SetDefault(slog.New(slog.NewTextHandler(io.Discard, nil)))
	defer slog.SetDefault(old)
	c := &fakehttp.Control{Service: svc}
	rec := httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_mock/now", nil))
	require.Equal(t, http.StatusInternalServerError, rec.Code)
	require.JSONEq(t, `{"Code":"InternalError.Dispatch","Message":"An internal error occurred when dispatch the request."}`, rec.Body.String())
	rec = httptest.NewRecorder()
	c.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/_mock/now", nil))
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
}
