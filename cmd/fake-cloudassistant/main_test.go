package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
	"github.com/ecsassist/cloudassistant/xmlcodec"
)

// lockedBuffer is a bytes.Buffer safe for the server's goroutines. With
// max set, it keeps about the last max bytes written.
type lockedBuffer struct {
	mu  sync.Mutex
	b   bytes.Buffer
	max int
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.max > 0 && l.b.Len()+len(p) > l.max {
		l.b.Next(l.b.Len() / 2)
	}
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
	return startWith(t, &lockedBuffer{}, args...)
}

// startWith is start with stderr for standard error.
func startWith(t *testing.T, stderr *lockedBuffer, args ...string) (string, *lockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
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
	require.Contains(t, stderr.String(), "fake-cloudassistant: serving the API reference's example response; lenient decoding recovers from its known defects:\n"+
		`seed.xml (built in):22:24: Invocations.Invocation[0].Timed: boolean written as "True"`, "the defects are said to be the example's")
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

	// The flags made one rule, listed and removed as any other; the
	// journal kept the request.
	res, err = http.Get(url + "/_mock/faults")
	require.NoError(t, err)
	var rules struct{ Rules []map[string]any }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&rules))
	res.Body.Close()
	require.Equal(t, []map[string]any{{"Id": 1.0, "Action": "*", "Probability": 1.0, "Skip": 0.0, "Times": 0.0, "Effect": "error",
		"Code": "InternalError.Dispatch", "HTTPStatus": 500.0, "Message": "An internal error occurred when dispatch the request.", "Hits": 1.0}}, rules.Rules)
	req, _ := http.NewRequest("DELETE", url+"/_mock/faults?Id=1", nil)
	res, err = http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	res, err = http.Get(url + "/?Action=DescribeInvocations&RegionId=local-1")
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, 200, res.StatusCode)
	res, err = http.Get(url + "/_mock/requests?since=1")
	require.NoError(t, err)
	var journal struct {
		Requests []struct{ Seq, HTTPStatus int }
	}
	require.NoError(t, json.NewDecoder(res.Body).Decode(&journal))
	res.Body.Close()
	require.Equal(t, []struct{ Seq, HTTPStatus int }{{2, 200}}, journal.Requests)
}

// -journal-size bounds the journal; 0 keeps none.
func TestJournalSize(t *testing.T) {
	for _, tt := range []struct {
		size string
		want int
	}{{"2", 2}, {"0", 0}} {
		url, _ := start(t, "-journal-size", tt.size)
		for range 3 {
			res, err := http.Get(url + "/?Action=DescribeInvocations&RegionId=cn-hangzhou")
			require.NoError(t, err)
			res.Body.Close()
		}
		res, err := http.Get(url + "/_mock/requests")
		require.NoError(t, err)
		var journal struct{ Requests []struct{ Seq int } }
		require.NoError(t, json.NewDecoder(res.Body).Decode(&journal))
		res.Body.Close()
		require.Len(t, journal.Requests, tt.want, "-journal-size %s", tt.size)
	}
}

func TestBadArguments(t *testing.T) {
	for _, args := range [][]string{
		{"-fault-rate", "2"}, {"-fault-rate", "NaN"}, {"-fault-rate", "-0.1"}, {"-fault-rate", "+Inf"},
		{"-bogus"}, {"-data", "/no/such/file"}, {"-addr", "256.0.0.1:1"},
		{"-read-header-timeout", "0s"}, {"-read-timeout", "-1s"}, {"-write-timeout", "0"}, {"-idle-timeout", "-5m"},
		{"-max-header-bytes", "0"}, {"-max-body-bytes", "-1"}, {"-journal-size", "-1"},
	} {
		var stderr bytes.Buffer
		code := run(context.Background(), args, io.Discard, &stderr)
		require.NotZero(t, code, "%v", args)
		require.NotEmpty(t, stderr.String())
	}
	// A malformed key is reported without its value, which may be a
	// secret alone.
	for _, tt := range []struct{ key, want string }{
		{"s3cr3t-value", "fake-cloudassistant: -access-key number 2 is not ID:SECRET (it has no colon); its value is not shown\n"},
		{":s3cr3t-value", "fake-cloudassistant: -access-key number 2 is not ID:SECRET (its ID is empty); its value is not shown\n"},
		{"s3cr3t-value:", "fake-cloudassistant: -access-key number 2 is not ID:SECRET (its secret is empty); its value is not shown\n"},
	} {
		var stderr bytes.Buffer
		code := run(context.Background(), []string{"-access-key", "ak:fine", "-access-key", tt.key}, io.Discard, &stderr)
		require.Equal(t, 2, code)
		require.Equal(t, tt.want, stderr.String())
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

// -h prints every flag and is not an error.
func TestHelp(t *testing.T) {
	var stderr bytes.Buffer
	require.Equal(t, 0, run(context.Background(), []string{"-h"}, io.Discard, &stderr))
	for _, name := range []string{"addr", "clock", "start", "fleet", "data", "region", "fault-rate", "fault-code", "seed", "journal-size", "access-key", "read-header-timeout",
		"read-timeout", "write-timeout", "idle-timeout", "max-header-bytes", "max-body-bytes"} {
		require.Contains(t, stderr.String(), "\n  -"+name+" ", name)
	}
}

// dial opens a connection to the server at url.
func dial(t *testing.T, url string) net.Conn {
	t.Helper()
	conn, err := net.Dial("tcp", strings.TrimPrefix(url, "http://"))
	require.NoError(t, err)
	t.Cleanup(func() { conn.Close() })
	return conn
}

const get = "GET /?Action=DescribeInvocations&RegionId=cn-hangzhou HTTP/1.1\r\nHost: test\r\n\r\n"

// closedWithin waits for the server to close conn, reading what is left
// of br, and returns how long it took; the test fails if it takes more
// than limit.
func closedWithin(t *testing.T, conn net.Conn, br *bufio.Reader, limit time.Duration) time.Duration {
	t.Helper()
	start := time.Now()
	require.NoError(t, conn.SetReadDeadline(start.Add(limit)))
	_, err := io.Copy(io.Discard, br)
	require.NoError(t, err, "the server closes the connection (io.Copy reads to EOF)")
	return time.Since(start)
}

// A kept-alive connection left idle is closed after -idle-timeout.
func TestIdleTimeout(t *testing.T) {
	url, _ := start(t, "-idle-timeout", "200ms")
	conn := dial(t, url)
	br := bufio.NewReader(conn)
	_, err := io.WriteString(conn, get)
	require.NoError(t, err)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	_, err = io.Copy(io.Discard, res.Body)
	require.NoError(t, err)
	require.Equal(t, 200, res.StatusCode)
	require.False(t, res.Close, "kept alive")
	took := closedWithin(t, conn, br, 3*time.Second)
	require.GreaterOrEqual(t, took, 150*time.Millisecond)
}

// A second request whose headers stop half-way is closed after
// -read-header-timeout.
func TestReadHeaderTimeout(t *testing.T) {
	url, _ := start(t, "-read-header-timeout", "200ms")
	conn := dial(t, url)
	br := bufio.NewReader(conn)
	_, err := io.WriteString(conn, get)
	require.NoError(t, err)
	res, err := http.ReadResponse(br, nil)
	require.NoError(t, err)
	_, err = io.Copy(io.Discard, res.Body)
	require.NoError(t, err)
	_, err = io.WriteString(conn, "GET /?Action=DescribeInvocations HTTP/1.1\r\nHost: te")
	require.NoError(t, err)
	closedWithin(t, conn, br, 3*time.Second)
}

// trickle writes body to conn one byte per interval, until it is all
// written or a write fails.
func trickle(conn net.Conn, body string, interval time.Duration) {
	for i := range len(body) {
		if _, err := io.WriteString(conn, body[i:i+1]); err != nil {
			return
		}
		time.Sleep(interval)
	}
}

func post(body string) string {
	return fmt.Sprintf("POST / HTTP/1.1\r\nHost: test\r\nContent-Type: application/x-www-form-urlencoded\r\nContent-Length: %d\r\n\r\n", len(body))
}

// A body sent a byte at a time is cut off at -read-timeout, long before
// it would be whole: the answer says the body could not be read.
func TestReadTimeout(t *testing.T) {
	url, _ := start(t, "-read-timeout", "300ms")
	conn := dial(t, url)
	body := "Action=DescribeInvocations&RegionId=cn-hangzhou&PageSize=5&Format=JSON" // 70 bytes: 3.5 s
	_, err := io.WriteString(conn, post(body))
	require.NoError(t, err)
	go trickle(conn, body, 50*time.Millisecond)
	start := time.Now()
	require.NoError(t, conn.SetReadDeadline(start.Add(3*time.Second)))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	require.Equal(t, 400, res.StatusCode, "%s", b)
	require.Contains(t, string(b), "<Code>InvalidParameter</Code><Message>The request body cannot be read: ")
	require.Less(t, time.Since(start), 2*time.Second)
}

// A response not written within -write-timeout of the request's headers
// is not written at all: the connection is closed.
func TestWriteTimeout(t *testing.T) {
	url, _ := start(t, "-write-timeout", "300ms")
	conn := dial(t, url)
	body := "Action=DescribeInvocations&RegionId=cn-hangzhou" // 47 bytes: about 0.7 s
	_, err := io.WriteString(conn, post(body))
	require.NoError(t, err)
	trickle(conn, body, 15*time.Millisecond)
	require.NoError(t, conn.SetReadDeadline(time.Now().Add(3*time.Second)))
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err == nil {
		res.Body.Close()
	}
	require.Error(t, err, "no response after the write deadline")
	require.NotErrorIs(t, err, os.ErrDeadlineExceeded, "closed by the server, not waited out")
}

// Headers over -max-header-bytes (and net/http's 4096 bytes of slack) are
// answered 431.
func TestMaxHeaderBytes(t *testing.T) {
	url, _ := start(t, "-max-header-bytes", "1024")
	conn := dial(t, url)
	_, err := io.WriteString(conn, "GET / HTTP/1.1\r\nHost: test\r\nX-Padding: "+strings.Repeat("x", 8192)+"\r\n\r\n")
	require.NoError(t, err)
	res, err := http.ReadResponse(bufio.NewReader(conn), nil)
	require.NoError(t, err)
	res.Body.Close()
	require.Equal(t, http.StatusRequestHeaderFieldsTooLarge, res.StatusCode)
}

// A body over -max-body-bytes is RequestTooLarge.
func TestMaxBodyBytes(t *testing.T) {
	url, _ := start(t, "-max-body-bytes", "16")
	res, err := http.Post(url+"/?Format=JSON", "application/x-www-form-urlencoded",
		strings.NewReader("Action=DescribeInvocations&RegionId=cn-hangzhou"))
	require.NoError(t, err)
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	require.Equal(t, 413, res.StatusCode)
	e, err := xmlcodec.DecodeAPIError(body)
	require.NoError(t, err, "%s", body)
	require.Equal(t, "InvalidParameter.RequestTooLarge", string(e.Code))
}

// A current-edition response loads in either format: its Base64 content
// and output are kept as plain text and answered in either encoding, and a
// structured member the other format cannot write is said to be left out.
func TestDataCurrentEdition(t *testing.T) {
	dir := t.TempDir()
	xmlFile := filepath.Join(dir, "current.xml")
	data, err := os.ReadFile("../../xmlcodec/testdata/current-success.xml")
	require.NoError(t, err)
	data = bytes.Replace(data, []byte("</InvokeInstances>"), []byte("</InvokeInstances><Future><Part>1</Part></Future>"), 1)
	data = regexp.MustCompile(`<CommandContent>[^<]*</CommandContent>`).ReplaceAll(data, []byte("<CommandContent>ZWNobyBoZWxsbw==</CommandContent>"))
	require.NoError(t, os.WriteFile(xmlFile, data, 0o644))
	want, err := xmlcodec.DecodeResponse(data)
	require.NoError(t, err)
	inv := want.Invocations[0]

	url, stderr := start(t, "-data", xmlFile)
	require.Contains(t, stderr.String(), "current.xml: Invocations.Invocation[0].Future: a structured member unknown to this library, kept as XML; answers in JSON leave it out")
	require.NotContains(t, stderr.String(), "CommandContent: not Base64")
	get := func(query string) invocation.Invocation {
		t.Helper()
		res, err := http.Get(url + "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON&IncludeOutput=true&InvokeId=" + inv.InvokeID + query)
		require.NoError(t, err)
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		require.Equal(t, 200, res.StatusCode, "%s", body)
		r, err := jsoncodec.DecodeResponse(body)
		require.NoError(t, err)
		require.Len(t, r.Invocations, 1)
		return r.Invocations[0]
	}
	got := get("")
	require.Equal(t, inv.CommandContent, got.CommandContent, "Base64 by default, as the file wrote it")
	require.Equal(t, inv.Instances[0].Output, got.Instances[0].Output)
	require.Equal(t, inv.Instances[0].ExitCode, got.Instances[0].ExitCode)
	require.Equal(t, inv.RepeatMode, got.RepeatMode)
	require.Equal(t, inv.Tags, got.Tags)

	got = get("&ContentEncoding=PlainText")
	content, err := base64.StdEncoding.DecodeString(inv.CommandContent)
	require.NoError(t, err)
	require.Equal(t, "echo hello", string(content))
	require.Equal(t, string(content), got.CommandContent, "the fake keeps plain text")
	output, err := base64.StdEncoding.DecodeString(inv.Instances[0].Output)
	require.NoError(t, err)
	require.Equal(t, string(output), got.Instances[0].Output)
}

// Content that is not Base64, such as the vendor's masked sample, was
// written as plain text: it is kept as it is, with a note.
func TestDataNotBase64(t *testing.T) {
	_, stderr := start(t, "-data", "../../jsoncodec/testdata/current-success.json")
	require.Contains(t, stderr.String(), "current-success.json: Invocations.Invocation[0].CommandContent: not Base64, taken as plain text")
}
