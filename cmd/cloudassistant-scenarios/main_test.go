package main

import (
	"bytes"
	"encoding/xml"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
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
	// A report that cannot be written is an error of the run.
	srv := fakeServer(t, nil)
	if code, _, stderr := runCmd("-endpoint", srv.URL, "-access-key", "id:secret", "-run", "^region$", "-junit", "/nonexistent/dir/r.xml"); code != 1 || !strings.Contains(stderr, "-junit: open /nonexistent/dir/r.xml") {
		t.Errorf("an unwritable report: exit %d: %s", code, stderr)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	return lines[len(lines)-1]
}
