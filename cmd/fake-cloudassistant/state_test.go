package main

import (
	"bufio"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const stateFleet = `{"Instances":[{"InstanceId":"i-1"},{"InstanceId":"i-2"}],
 "Outcomes":[{"Match":"slow","Duration":"5m","Output":"done\n"},{"Match":"fail","InstanceId":"i-2","ExitCode":3}]}`

// server is a fake server run in this process until stop.
type server struct {
	url    string
	stderr *lockedBuffer
	stop   func() int // as SIGTERM: the exit status
}

func startServer(t *testing.T, args ...string) *server {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	outR, outW := io.Pipe()
	stderr := &lockedBuffer{}
	code := make(chan int, 1)
	go func() { code <- run(ctx, append([]string{"-addr", "127.0.0.1:0"}, args...), outW, stderr) }()
	line, err := bufio.NewReader(outR).ReadString('\n')
	require.NoError(t, err, stderr.String())
	s := &server{url: strings.TrimSpace(strings.TrimPrefix(line, "listening on ")), stderr: stderr}
	stopped := false
	s.stop = func() int {
		if stopped {
			return 0
		}
		stopped = true
		cancel()
		return <-code
	}
	t.Cleanup(func() { s.stop() })
	return s
}

var anyRequestID = regexp.MustCompile(`"RequestId":"[0-9A-F-]+"`)

// get answers a GET of the API or a control endpoint, RequestIds evened
// out.
func (s *server) get(t *testing.T, method, query string) string {
	t.Helper()
	req, err := http.NewRequest(method, s.url+query, nil)
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	return anyRequestID.ReplaceAllString(string(b), `"RequestId":"-"`)
}

// calls makes the same calls on a server.
func calls(t *testing.T, s *server) {
	t.Helper()
	for _, q := range []string{
		"/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=slow&InstanceId.1=i-1&ClientToken=tok-1",
		"/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=fail&InstanceId.1=i-1&InstanceId.2=i-2",
		"/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=tick&InstanceId.1=i-2&Frequency=rate(1m)",
		"/?Action=CreateCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=kept&Name=kept",
	} {
		require.Contains(t, s.get(t, "GET", q), `"RequestId"`)
	}
	s.get(t, "POST", "/_mock/advance?by=150s")
	require.Contains(t, s.get(t, "POST", "/_mock/instances"), `"Code"`) // a bad POST changes nothing
}

// answers is what the API answers of everything the calls made.
func answers(t *testing.T, s *server) []string {
	t.Helper()
	return []string{
		s.get(t, "GET", "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON&InstanceId=i-1&IncludeOutput=true&ContentEncoding=PlainText&PageSize=50"),
		s.get(t, "GET", "/?Action=DescribeInvocationResults&RegionId=cn-hangzhou&Format=JSON&IncludeHistory=true&ContentEncoding=PlainText&PageSize=50"),
		s.get(t, "GET", "/?Action=DescribeCommands&RegionId=cn-hangzhou&Format=JSON&ContentEncoding=PlainText"),
		s.get(t, "GET", "/_mock/state"),
		s.get(t, "GET", "/_mock/faults"),
	}
}

// A server restarted from its state file answers as before; its runs in
// flight finish as they would have; a retried RunCommand with the same
// ClientToken is the same invocation; the file's time and fleet win over
// -start and -fleet.
func TestStateSurvivesARestart(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "state.json")
	fleet := writeFile(t, "fleet.json", stateFleet)
	args := []string{"-clock", "virtual", "-start", "2025-01-02T03:04:05Z", "-fleet", fleet, "-seed", "4"}

	first := startServer(t, append(args, "-state", file)...)
	control := startServer(t, args...) // the same calls, never restarted
	for _, s := range []*server{first, control} {
		calls(t, s)
		s.get(t, "POST", `/_mock/faults?`) // a bad POST: no body
	}
	req, err := http.NewRequest("POST", first.url+"/_mock/faults", strings.NewReader(`{"Rules":[{"Action":"DeleteCommand","Times":2}]}`))
	require.NoError(t, err)
	res, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	res.Body.Close()
	before := answers(t, first)
	require.Equal(t, 0, first.stop(), first.stderr.String())

	again := startServer(t, "-clock", "virtual", "-start", "2030-01-01T00:00:00Z", "-state", file)
	after := answers(t, again)
	require.Equal(t, before, after)
	require.Contains(t, again.stderr.String(), `"restored":true`)

	retry := "/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&ContentEncoding=PlainText&CommandContent=slow&InstanceId.1=i-1&ClientToken=tok-1"
	require.Equal(t, control.get(t, "GET", retry), again.get(t, "GET", retry), "the same invocation for the same ClientToken")
	for _, s := range []*server{again, control} {
		s.get(t, "POST", "/_mock/advance?by=10m")
	}
	a, c := answers(t, again), answers(t, control)
	require.Equal(t, c[:4], a[:4], "ten minutes later, as if it had never stopped")
}

// With a -state-interval, a kill -9 loses nothing older than the
// interval.
func TestStateAfterKill(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and kills the server")
	}
	dir := t.TempDir()
	bin := filepath.Join(dir, "fake-cloudassistant")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	file := filepath.Join(dir, "state.json")
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-clock", "virtual", "-start", "2025-01-02T03:04:05Z", "-state", file, "-state-interval", "50ms")
	stdout, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = io.Discard
	require.NoError(t, cmd.Start())
	line, err := bufio.NewReader(stdout).ReadString('\n')
	require.NoError(t, err)
	s := &server{url: strings.TrimSpace(strings.TrimPrefix(line, "listening on "))}
	run := s.get(t, "GET", "/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&CommandContent=dXB0aW1l&InstanceId.1=i-1")
	var ids struct{ InvokeId string }
	require.NoError(t, json.Unmarshal([]byte(run), &ids))
	time.Sleep(500 * time.Millisecond) // ten intervals
	require.NoError(t, cmd.Process.Signal(syscall.SIGKILL))
	cmd.Wait()

	again := startServer(t, "-clock", "virtual", "-state", file)
	require.Contains(t, again.get(t, "GET", "/?Action=DescribeInvocations&RegionId=cn-hangzhou&Format=JSON"), ids.InvokeId)
}

// A state file that cannot be used stops the start with status 1 and a
// message that names the file and the fault, and is left as it was.
func TestBadStateFiles(t *testing.T) {
	good := func(t *testing.T, file string) {
		s := startServer(t, "-clock", "virtual", "-state", file)
		s.get(t, "GET", "/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&CommandContent=dXB0aW1l&InstanceId.1=i-1")
		require.Equal(t, 0, s.stop())
	}
	tests := []struct {
		name    string
		make    func(t *testing.T, file string) string // the state file's path
		wantErr string
	}{
		{"truncated", func(t *testing.T, file string) string {
			good(t, file)
			b, _ := os.ReadFile(file)
			require.NoError(t, os.WriteFile(file, b[:len(b)/2], 0o644))
			return file
		}, "not a state file: "},
		{"corrupted", func(t *testing.T, file string) string {
			require.NoError(t, os.WriteFile(file, []byte(`{"Version":1,"Service":{"Version":1,"Key":"AAA=","Calls":[{}]}}`), 0o644))
			return file
		}, "fake: Restore: the snapshot's key is 2 bytes, not 32"},
		{"not JSON", func(t *testing.T, file string) string {
			require.NoError(t, os.WriteFile(file, []byte("\x00\x01garbage"), 0o644))
			return file
		}, "not a state file: invalid character"},
		{"empty", func(t *testing.T, file string) string {
			require.NoError(t, os.WriteFile(file, nil, 0o644))
			return file
		}, "the file is empty"},
		{"newer", func(t *testing.T, file string) string {
			require.NoError(t, os.WriteFile(file, []byte(`{"Version":2}`), 0o644))
			return file
		}, "written by a newer version of the format (2; this server reads up to 1)"},
		{"unknown member", func(t *testing.T, file string) string {
			require.NoError(t, os.WriteFile(file, []byte(`{"Version":1,"Colour":"red"}`), 0o644))
			return file
		}, `not a state file: json: unknown field "Colour"`},
		{"unreadable", func(t *testing.T, file string) string {
			require.NoError(t, os.Mkdir(file, 0o755)) // a folder where the file should be
			return file
		}, "is a directory"},
		{"no folder", func(t *testing.T, file string) string {
			return filepath.Join(file, "missing", "state.json")
		}, "its folder cannot be written"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			file := tt.make(t, filepath.Join(t.TempDir(), "state.json"))
			before, beforeErr := os.ReadFile(file)
			var stderr strings.Builder
			code := run(context.Background(), []string{"-addr", "127.0.0.1:0", "-state", file}, io.Discard, &stderr)
			require.Equal(t, 1, code, stderr.String())
			require.Contains(t, stderr.String(), "fake-cloudassistant: -state "+file+": ")
			require.Contains(t, stderr.String(), tt.wantErr)
			after, afterErr := os.ReadFile(file)
			require.Equal(t, before, after, "the file is left as it was")
			require.Equal(t, beforeErr == nil, afterErr == nil)
		})
	}
}

// The server serves the fake's page, and moves a virtual clock to the
// next transition due.
func TestServerPageAndNext(t *testing.T) {
	s := startServer(t, "-clock", "virtual", "-start", "2025-01-01T00:00:00Z")
	res, err := http.Get(s.url + "/_mock/")
	require.NoError(t, err)
	page, err := io.ReadAll(res.Body)
	res.Body.Close()
	require.NoError(t, err)
	require.Equal(t, 200, res.StatusCode)
	require.Equal(t, "text/html; charset=utf-8", res.Header.Get("Content-Type"))
	require.Contains(t, string(page), "<title>Cloud Assistant fake</title>")

	require.Contains(t, s.get(t, "POST", "/_mock/advance?to=next"), `"Code":"OperationDenied.NothingDue"`)
	s.get(t, "POST", "/?Action=RunCommand&RegionId=cn-hangzhou&Format=JSON&Type=RunShellScript&CommandContent=uptime&InstanceId.1=i-1")
	require.Equal(t, `{"Now":"2025-01-01T00:00:01Z"}`+"\n", s.get(t, "POST", "/_mock/advance?to=next"), "the run is delivered a second after it was made")
}
