package main

import (
	"bufio"
	"bytes"
	"context"
	"io"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/jsoncodec"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// start runs the server with args until the test ends, and returns its
// URL and standard error.
func start(t *testing.T, args ...string) (string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr := &lockedBuffer{}
	code := make(chan int, 1)
	go func() { code <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), outW, stderr) }()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err, stderr.String())
	require.True(t, strings.HasPrefix(line, "listening on http://127.0.0.1:"), line)
	t.Cleanup(func() {
		cancel()
		require.Equal(t, 0, <-code, "a clean shutdown")
		require.Contains(t, stderr.String(), `"msg":"shut down"`)
	})
	return strings.TrimSpace(strings.TrimPrefix(line, "listening on ")), stderr
}

func TestServesTheSeed(t *testing.T) {
	url, stderr := start(t)
	res, err := http.Get(url + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	r, err := jsoncodec.DecodeResponse(body)
	require.NoError(t, err)
	require.Equal(t, 5, r.TotalCount)
	require.Equal(t, "t-a8935b93739442e59ed621a6xxxxxxxx", r.Invocations[0].InvokeID, "in file order")
	require.Contains(t, stderr.String(), `seed.xml (built in):78:9: Invocations.Invocation[4]: broken start tag`)
	require.Contains(t, stderr.String(), `"msg":"request"`)
}

func TestDataRegionsAndFaults(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "r.json")
	require.NoError(t, os.WriteFile(file, []byte(`{"RequestId":"x","Invocations":{"Invocation":[
		{"InvokeId":"t-1","CommandId":"c-1","InvokeStatus":"Running","InvokeInstances":{"InvokeInstance":[{"InstanceId":"i-1","InstanceInvokeStatus":"finished"}]}},
		{"InvokeId":"t-2","CommandId":"c-1","InvokeStatus":"Running"}]}}`), 0o644))
	url, stderr := start(t, "-data", file, "-region", "local-1", "-fault-rate", "1")
	require.Contains(t, stderr.String(), "t-2 not served")
	res, err := http.Get(url + "/?Action=DescribeInvocations&RegionId=local-1")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 500, res.StatusCode, "every request faulted")
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{{"-fault-rate", "2"}, {"-bogus"}, {"-data", "/no/such/file"}, {"-addr", "256.0.0.1:1"}, {"-access-key", "nosecret"}} {
		var stderr bytes.Buffer
		code := run(context.Background(), args, io.Discard, &stderr)
		require.NotZero(t, code, "%v", args)
		require.NotEmpty(t, stderr.String())
	}
	dir := t.TempDir()
	for name, content := range map[string]string{"text.txt": "hello", "broken.json": `{"RequestId":`} {
		file := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(file, []byte(content), 0o644))
		var stderr bytes.Buffer
		require.Equal(t, 1, run(context.Background(), []string{"-data", file}, io.Discard, &stderr), name)
		require.Contains(t, stderr.String(), name)
	}
}

func TestAccessKeys(t *testing.T) {
	url, stderr := start(t, "-access-key", "ak:top-secret")
	res, err := http.Get(url + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON")
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 400, res.StatusCode, "an unsigned request")
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err)
	require.Equal(t, "IncompleteSignature", string(e.Code))
	require.NotContains(t, stderr.String(), "top-secret", "no secret is logged")
}

// The module's go line decides the default GODEBUG settings of the built
// server. From go 1.24 on, net/url refuses more than 10,000 parameters; an
// older go line switches that cap off (urlmaxqueryparams=0), and one
// request of a million parameters then costs seconds of CPU.
func TestGoLineCapsQueryParameters(t *testing.T) {
	_, err := url.ParseQuery(strings.Repeat("a&", 10_000) + "a")
	require.EqualError(t, err, "number of URL query parameters exceeded limit")
}
