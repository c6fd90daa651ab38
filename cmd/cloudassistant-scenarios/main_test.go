package main

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
)

func runCmd(args ...string) (code int, stdout, stderr string) {
	var out, errOut bytes.Buffer
	code = run(args, &out, &errOut)
	return code, out.String(), errOut.String()
}

// fakeServer starts the library's fake with the fleet the built-in
// scenarios assume, as the README's commands do.
func fakeServer(t *testing.T, wrap func(http.Handler) http.Handler) *httptest.Server {
	t.Helper()
	code, fleetJSON, stderr := runCmd("-print-fleet")
	if code != 0 {
		t.Fatalf("-print-fleet exited %d: %s", code, stderr)
	}
	fleet, err := fake.ParseFleet([]byte(fleetJSON))
	if err != nil {
		t.Fatal(err)
	}
	svc, err := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(time.Now().UTC().Truncate(time.Second)), Instances: fleet.Instances, Outcome: fake.MatchScripts(fleet.Outcomes...), Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	var h http.Handler = &fakehttp.Handler{Service: svc, Seed: 3, AccessKeys: map[string]string{"id": "secret"}, Now: time.Now}
	if wrap != nil {
		h = wrap(h)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv
}

func TestAgainstTheFake(t *testing.T) {
	srv := fakeServer(t, nil)
	junit := filepath.Join(t.TempDir(), "report.xml")
	code, out, stderr := runCmd("-endpoint", srv.URL, "-access-key", "id:secret", "-junit", junit)
	if code != 0 {
		t.Fatalf("exit %d\n%s\n%s", code, out, stderr)
	}
	if !strings.Contains(out, "--- PASS: run-success (") || !strings.HasPrefix(lastLine(out), "ok: ") || !strings.HasSuffix(lastLine(out), " passed, 0 failed, 0 skipped") {
		t.Errorf("the output is\n%s", out)
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil || doc.Tests < 20 || doc.Failures != 0 {
		t.Errorf("the JUnit report (%v) is\n%s", err, data)
	}
}

func TestABrokenServerFails(t *testing.T) {
	srv := fakeServer(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/_mock/state" {
				http.Error(w, `{"Code":"Gone","Message":"no"}`, http.StatusGone)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	junit := filepath.Join(t.TempDir(), "report.xml")
	code, out, _ := runCmd("-endpoint", srv.URL, "-access-key", "id:secret", "-run", "^control-state$", "-junit", junit, "-v")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s", code, out)
	}
	if !strings.Contains(out, "--- FAIL: control-state (") || !strings.Contains(out, "HTTP 410, want 200") || !strings.Contains(out, "    control-state: GET /_mock/state → HTTP 410") {
		t.Errorf("the output is\n%s", out)
	}
	if data, err := os.ReadFile(junit); err != nil || !bytes.Contains(data, []byte(`failures="1"`)) {
		t.Errorf("the JUnit report (%v) is\n%s", err, data)
	}
}

func TestFlags(t *testing.T) {
	bad := filepath.Join(t.TempDir(), "bad.json")
	if err := os.WriteFile(bad, []byte("{\n  \"Version\": 1,\n  nope\n}"), 0o644); err != nil {
		t.Fatal(err)
	}
	tests := []struct {
		name       string
		args       []string
		wantCode   int
		wantOut    string
		wantStderr string
	}{
		{"help", []string{"-h"}, 0, "", "Usage: cloudassistant-scenarios [flags]"},
		{"unknown flag", []string{"-nope"}, 2, "", "flag provided but not defined: -nope"},
		{"argument", []string{"x"}, 2, "", `cloudassistant-scenarios: unexpected argument "x"`},
		{"missing file", []string{"-scenarios", "/nonexistent/s.json"}, 2, "", "cloudassistant-scenarios: open /nonexistent/s.json: no such file or directory"},
		{"bad file", []string{"-scenarios", bad}, 2, "", "cloudassistant-scenarios: " + bad + ": scenario: line 3, column 3: invalid character 'n' looking for beginning of object key string"},
		{"bad regexp", []string{"-run", "("}, 2, "", "cloudassistant-scenarios: -run: error parsing regexp"},
		{"bad key", []string{"-access-key", "nosecret"}, 2, "", `cloudassistant-scenarios: -access-key "nosecret" is not ID:SECRET`},
		{"list", []string{"-list", "-run", "^run-success$"}, 0, "run-success\trun.lifecycle,run.success,rollup\tA one-time run", ""},
		{"fleet", []string{"-print-fleet"}, 0, `{"InstanceId":"i-linux1"`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCmd(tt.args...)
			if code != tt.wantCode || !strings.Contains(out, tt.wantOut) || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant %d, stdout with %q, stderr with %q", tt.args, code, out, stderr, tt.wantCode, tt.wantOut, tt.wantStderr)
			}
		})
	}
	noFleet := filepath.Join(t.TempDir(), "nofleet.json")
	if err := os.WriteFile(noFleet, []byte(`{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Action":"X"}]}]}`), 0o644); err != nil {
		t.Fatal(err)
	}
	more := []struct {
		name       string
		args       []string
		wantStderr string
	}{
		{"an unwritable report, found before the run", []string{"-junit", "/nonexistent/dir/r.xml"}, "cloudassistant-scenarios: -junit: open /nonexistent/dir/r.xml"},
		{"a -run that matches nothing", []string{"-run", "^nothing$"}, `cloudassistant-scenarios: -run "^nothing$" matches no scenario of vectors/scenarios.json (built in)`},
		{"an endpoint without a scheme", []string{"-endpoint", "127.0.0.1:8080"}, `cloudassistant-scenarios: -endpoint "127.0.0.1:8080" is not an http or https URL with a host and no query`},
		{"an endpoint with a query", []string{"-endpoint", "http://h:1/?x=1"}, `-endpoint "http://h:1/?x=1" is not an http or https URL`},
		{"a file without a fleet", []string{"-scenarios", noFleet, "-print-fleet"}, "cloudassistant-scenarios: " + noFleet + " has no Fleet"},
	}
	for _, tt := range more {
		t.Run(tt.name, func(t *testing.T) {
			code, out, stderr := runCmd(tt.args...)
			if code != 2 || out != "" || !strings.Contains(stderr, tt.wantStderr) {
				t.Errorf("run(%q) = %d\nstdout: %s\nstderr: %s\nwant 2 and stderr with %q", tt.args, code, out, stderr, tt.wantStderr)
			}
		})
	}
}

// TestUnreachableServer stops the run at the first scenario, whose reset
// found no server, and writes the reports of what ran.
func TestUnreachableServer(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	url := srv.URL
	srv.Close()
	junit := filepath.Join(t.TempDir(), "r.xml")
	code, out, stderr := runCmd("-endpoint", url, "-junit", junit)
	if code != 1 || strings.Count(out, "--- FAIL") != 1 || !strings.Contains(stderr, "stopped after 1 of ") || !strings.Contains(stderr, url+" does not answer") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	if data, err := os.ReadFile(junit); err != nil || !bytes.Contains(data, []byte(`tests="1" failures="1"`)) {
		t.Errorf("the JUnit report (%v) is\n%s", err, data)
	}
}

// TestEverythingSkipped: a server whose clock cannot move skips the
// scenarios that advance it; when all are skipped, nothing was checked
// and the run fails.
func TestEverythingSkipped(t *testing.T) {
	srv := fakeServer(t, func(h http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path == "/_mock/advance" {
				w.WriteHeader(http.StatusConflict)
				return
			}
			h.ServeHTTP(w, r)
		})
	})
	code, out, stderr := runCmd("-endpoint", srv.URL, "-access-key", "id:secret", "-run", "^run-")
	if code != 1 || !strings.Contains(out, "ok: 0 passed, 0 failed, ") || !strings.Contains(stderr, "no scenario passed") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	if !strings.Contains(out, "--- SKIP: run-success (") || !strings.Contains(out, "the server's clock cannot be advanced (HTTP 409)") {
		t.Errorf("stdout: %s", out)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}

// TestInterrupt stops the run on SIGINT while a scenario waits on a
// server that does not answer, and writes the reports of what ran.
func TestInterrupt(t *testing.T) {
	arrived := make(chan struct{}, 1)
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case arrived <- struct{}{}:
		default:
		}
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer srv.Close()
	defer close(release)
	go func() {
		<-arrived
		syscall.Kill(os.Getpid(), syscall.SIGINT)
	}()
	junit := filepath.Join(t.TempDir(), "r.xml")
	code, out, stderr := runCmd("-endpoint", srv.URL, "-junit", junit, "-timeout", "1m")
	if code != 1 || !strings.Contains(stderr, "stopped after 0 of ") || !strings.Contains(stderr, "interrupted") || !strings.Contains(out, "ok: 0 passed") {
		t.Errorf("exit %d\nstdout: %s\nstderr: %s", code, out, stderr)
	}
	if data, err := os.ReadFile(junit); err != nil || !bytes.Contains(data, []byte(`tests="0"`)) {
		t.Errorf("the JUnit report (%v) is\n%s", err, data)
	}
}
