package scenario_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/scenario"
	"github.com/ecsassist/cloudassistant/vectors"
	"pgregory.net/rapid"
)

// FuzzParse reads anything as a scenario file: Parse never panics, and a
// file it accepts, written back as JSON, reads the same again.
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("testdata/*.json")
	for _, name := range seeds {
		data, err := os.ReadFile(name)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	published, err := vectors.FS.ReadFile("scenarios.json")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(published)
	f.Add([]byte(`{"Version":1,"Scenarios":[{"Name":"a","Steps":[{"Control":"GET /_mock/now","Expect":{"Checks":[{"Path":"[0][1].x","Len":0}]}}]}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		file, err := scenario.Parse(data)
		if err != nil {
			if !strings.HasPrefix(err.Error(), "scenario: ") {
				t.Fatalf("the error %q has no prefix", err)
			}
			return
		}
		once, err := json.Marshal(file)
		if err != nil {
			t.Fatal(err)
		}
		again, err := scenario.Parse(once)
		if err != nil {
			t.Fatalf("a file Parse accepted, written back, is refused: %v\n%s", err, once)
		}
		twice, err := json.Marshal(again)
		if err != nil {
			t.Fatal(err)
		}
		if string(once) != string(twice) {
			t.Fatalf("a round trip changed the file:\n%s\n%s", once, twice)
		}
	})
}

// TestLookupFindsWhatAPathNames builds documents along random paths and
// requires Lookup to find the value at each, and nothing one step past
// the end of an array.
func TestLookupFindsWhatAPathNames(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		depth := rapid.IntRange(0, 6).Draw(t, "depth")
		leaf := any(rapid.StringMatching(`[a-z]{0,4}`).Draw(t, "leaf"))
		v := leaf
		var parts []string
		for i := 0; i < depth; i++ {
			if rapid.Bool().Draw(t, "array") {
				n := rapid.IntRange(1, 3).Draw(t, "len")
				at := rapid.IntRange(0, n-1).Draw(t, "at")
				arr := make([]any, n)
				for k := range arr {
					arr[k] = "other"
				}
				arr[at] = v
				v = arr
				parts = append([]string{"[" + strconv.Itoa(at) + "]"}, parts...)
			} else {
				name := rapid.StringMatching(`[A-Za-z_][A-Za-z0-9_]{0,5}`).Draw(t, "name")
				v = map[string]any{name: v, name + "x": "other"}
				parts = append([]string{"." + name}, parts...)
			}
		}
		path := strings.TrimPrefix(strings.Join(parts, ""), ".")
		got, ok := scenario.Lookup(v, path)
		if !ok || got != leaf {
			t.Fatalf("Lookup(%q) = %v, %v; want %q", path, got, ok, leaf)
		}
		if _, ok := scenario.Lookup(v, path+"[99]"); ok {
			t.Fatalf("Lookup(%q) found something past the end", path+"[99]")
		}
	})
}

// TestRunnerSurvivesAnyAnswer plays published scenarios against a server
// that answers anything: the runner reports each scenario as failed or
// skipped, with a reason, and never panics or passes one by accident.
func TestRunnerSurvivesAnyAnswer(t *testing.T) {
	f := published(t)
	rapid.Check(t, func(t *rapid.T) {
		status := rapid.SampledFrom([]int{200, 400, 404, 409, 500}).Draw(t, "status")
		body := rapid.OneOf(
			rapid.Just(`{}`),
			rapid.Just(`{"Now":"2025-01-02T03:04:05Z"}`),
			rapid.Just(`{"Now":"2025-01-02T03:04:05Z","InvokeId":"t-1","CommandId":"c-1","Code":"X"}`),
			rapid.StringMatching(`[\[\]{}":,0-9a-zA-Z ]{0,40}`),
		).Draw(t, "body")
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.WriteHeader(status)
			io.WriteString(w, body)
		}))
		defer srv.Close()
		s := rapid.SampledFrom(f.Scenarios).Draw(t, "scenario")
		r := scenario.Runner{Endpoint: srv.URL, Client: srv.Client()}
		res := r.Run(context.Background(), s)
		if res.Outcome == scenario.Passed || res.Reason == "" {
			t.Fatalf("%s against a server that answers %d %q: %+v", s.Name, status, body, res)
		}
	})
}
