package scenario_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/scenario"
	"github.com/ecsassist/cloudassistant/vectors"
)

// published returns the published scenario file.
func published(t testing.TB) *scenario.File {
	t.Helper()
	data, err := vectors.FS.ReadFile("scenarios.json")
	if err != nil {
		t.Fatal(err)
	}
	f, err := scenario.Parse(data)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// newFake returns the library's fake, started as the fake server is with
// the fleet file fleet and a virtual clock, and keys, when given, that
// requests must be signed with.
func newFake(t testing.TB, fleetJSON []byte, keys map[string]string) *fakehttp.Handler {
	t.Helper()
	fleet, err := fake.ParseFleet(fleetJSON)
	if err != nil {
		t.Fatal(err)
	}
	clock := fake.NewVirtualClock(time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC))
	svc, err := fake.NewService(fake.Config{Clock: clock, Instances: fleet.Instances, Outcome: fake.MatchScripts(fleet.Outcomes...), Seed: 7})
	if err != nil {
		t.Fatal(err)
	}
	h := &fakehttp.Handler{Service: svc, Seed: 7, AccessKeys: keys}
	if keys != nil {
		h.Now = time.Now // signatures are checked against the real time
	}
	return h
}

func runAll(t testing.TB, h http.Handler, f *scenario.File, r scenario.Runner) []scenario.Result {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	r.Endpoint, r.Client = srv.URL, srv.Client()
	var results []scenario.Result
	for _, s := range f.Scenarios {
		results = append(results, r.Run(context.Background(), s))
	}
	return results
}

// TestPublishedScenariosPassOnTheFake plays every published scenario
// against the library's fake, with signed requests, at a start other
// than the one the scenarios were recorded at.
func TestPublishedScenariosPassOnTheFake(t *testing.T) {
	f := published(t)
	h := newFake(t, f.Fleet, map[string]string{"AKID": "secret"})
	results := runAll(t, h, f, scenario.Runner{AccessKeyID: "AKID", AccessKeySecret: "secret"})
	for _, res := range results {
		if res.Outcome != scenario.Passed {
			t.Errorf("%s: %s at step %d (%s): %s", res.Name, res.Outcome, res.Step, res.Request, res.Reason)
		}
	}
	if passed, _, _ := scenario.Count(results); passed != len(f.Scenarios) {
		t.Errorf("%d of %d scenarios passed", passed, len(f.Scenarios))
	}
}

// TestUnsignedScenariosFailOnASigningFake shows that the runner's
// signature is what a signing fake accepted above.
func TestUnsignedScenariosFailOnASigningFake(t *testing.T) {
	f := published(t)
	h := newFake(t, f.Fleet, map[string]string{"AKID": "secret"})
	results := runAll(t, h, &scenario.File{Scenarios: f.Scenarios[:1]}, scenario.Runner{})
	if results[0].Outcome != scenario.Failed || !strings.Contains(results[0].Reason, "HTTP 400, want 200") {
		t.Fatalf("an unsigned run = %+v, want it failed with HTTP 400", results[0])
	}
}

// rewrite answers with the handler's answer after replacing old with new
// in its body.
func rewrite(h http.Handler, old, new string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, r)
		for k, v := range rec.Header() {
			if k != "Content-Length" {
				w.Header()[k] = v
			}
		}
		w.WriteHeader(rec.Code)
		w.Write(bytes.ReplaceAll(rec.Body.Bytes(), []byte(old), []byte(new)))
	})
}

// dropParam serves requests without the parameter name.
func dropParam(h http.Handler, name string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/" {
			body, _ := io.ReadAll(r.Body)
			q, _ := url.ParseQuery(string(body))
			q.Del(name)
			r.Body = io.NopCloser(strings.NewReader(q.Encode()))
			r.ContentLength = int64(len(q.Encode()))
		}
		h.ServeHTTP(w, r)
	})
}

// ignoreAction answers the action with an empty success, doing nothing.
func ignoreAction(h http.Handler, action string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodPost && r.URL.Path == "/" {
			body, _ := io.ReadAll(r.Body)
			q, _ := url.ParseQuery(string(body))
			if q.Get("Action") == action {
				w.Header().Set("Content-Type", "application/json")
				io.WriteString(w, `{"RequestId":"00000000-0000-0000-0000-000000000000"}`)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
		}
		h.ServeHTTP(w, r)
	})
}

// TestABrokenServerFailsExactlyItsRule breaks one rule of the fake at a
// time and requires the scenarios that fail to be exactly those that
// check that rule.
func TestABrokenServerFailsExactlyItsRule(t *testing.T) {
	f := published(t)
	tests := []struct {
		rule   string
		breaks func(http.Handler) http.Handler
	}{
		{"run.timeout", func(h http.Handler) http.Handler { return rewrite(h, `"ExecutionTimeout"`, `"ExitCodeNonzero"`) }},
		{"aborted", func(h http.Handler) http.Handler { return rewrite(h, `"ClientNotRunning"`, `"InstanceNotRunning"`) }},
		{"idempotency", func(h http.Handler) http.Handler { return dropParam(h, "ClientToken") }},
		{"stop", func(h http.Handler) http.Handler { return ignoreAction(h, "StopInvocation") }},
		{"command.delete", func(h http.Handler) http.Handler { return ignoreAction(h, "DeleteCommand") }},
		{"paging", func(h http.Handler) http.Handler { return rewrite(h, `"NextToken":"`, `"LastToken":"`) }},
	}
	for _, tt := range tests {
		t.Run(tt.rule, func(t *testing.T) {
			h := newFake(t, f.Fleet, nil)
			results := runAll(t, tt.breaks(h), f, scenario.Runner{})
			var failed, want []string
			for i, res := range results {
				if res.Outcome == scenario.Failed {
					failed = append(failed, res.Name)
				}
				if slices.Contains(f.Scenarios[i].Rules, tt.rule) {
					want = append(want, f.Scenarios[i].Name)
				}
			}
			if len(want) == 0 {
				t.Fatalf("no scenario checks %s", tt.rule)
			}
			if !slices.Equal(failed, want) {
				t.Errorf("breaking %s fails %q; want %q, the scenarios that check it", tt.rule, failed, want)
				for _, res := range results {
					if res.Outcome == scenario.Failed {
						t.Logf("%s: step %d: %s", res.Name, res.Step, res.Reason)
					}
				}
			}
		})
	}
}
