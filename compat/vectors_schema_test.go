package compat

// The vectors of the repository's vectors/ folder are validated here
// against their JSON Schemas, with a real validator of draft 2020-12: the
// library's module may not take one as a dependency, and this module is
// already where the repository tests against other modules.

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// vectorsDir is the folder of the vectors.
const vectorsDir = "../vectors"

// schemaFor compiles the schema of the vectors file name, such as
// "rollup.json".
func schemaFor(t *testing.T, name string) *jsonschema.Schema {
	t.Helper()
	path, err := filepath.Abs(filepath.Join(vectorsDir, strings.TrimSuffix(name, ".json")+".schema.json"))
	if err != nil {
		t.Fatal(err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	c.AssertFormat()
	sch, err := c.Compile(path)
	if err != nil {
		t.Fatalf("compiling the schema of %s: %v", name, err)
	}
	return sch
}

// instance decodes a JSON document for validation.
func instance(t *testing.T, data []byte) any {
	t.Helper()
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// vectorsFiles are the vectors files, each with a change that breaks its
// schema: the old text, replaced once by the new, and what the change
// breaks.
var vectorsFiles = []struct {
	name     string
	old, new string
	reason   string
}{
	{"status.json", `"Version": 1`, `"Version": 2`, "a version this schema does not describe"},
	{"rollup.json", `"OneTime":"Running"`, `"OneTime":"running"`, "a status that is not a canonical name"},
	{"requests.json", `"HTTPStatus":404`, `"HTTPStatus":"404"`, "an HTTP status that is not an integer"},
	{"responses.json", `"Severity":"warning"`, `"Severity":"info"`, "a severity that is neither error nor warning"},
	{"scenarios.json", `"Absent":true`, `"Absent":true,"Len":1`, "a check with two expectations"},
}

func TestVectorsMatchTheirSchemas(t *testing.T) {
	matches, err := filepath.Glob(filepath.Join(vectorsDir, "*.json"))
	if err != nil {
		t.Fatal(err)
	}
	var files []string
	for _, m := range matches {
		if !strings.HasSuffix(m, ".schema.json") {
			files = append(files, filepath.Base(m))
		}
	}
	if len(files) != len(vectorsFiles) {
		t.Fatalf("vectors/ holds %q; the test knows %d files", files, len(vectorsFiles))
	}
	for _, f := range vectorsFiles {
		t.Run(f.name, func(t *testing.T) {
			data, err := os.ReadFile(filepath.Join(vectorsDir, f.name))
			if err != nil {
				t.Fatal(err)
			}
			sch := schemaFor(t, f.name)
			if err := sch.Validate(instance(t, data)); err != nil {
				t.Fatalf("%s does not match its schema: %v", f.name, err)
			}

			// The schema is not vacuous: a document with one change,
			// and one with a member the schema does not know, fail.
			if !bytes.Contains(data, []byte(f.old)) {
				t.Fatalf("%s has no %s to change", f.name, f.old)
			}
			bad := bytes.Replace(data, []byte(f.old), []byte(f.new), 1)
			if err := sch.Validate(instance(t, bad)); err == nil {
				t.Errorf("%s with %s (%s) matches its schema", f.name, f.new, f.reason)
			}
			extra := bytes.Replace(data, []byte(`"Version": 1,`), []byte(`"Version": 1, "Unknown": true,`), 1)
			if err := sch.Validate(instance(t, extra)); err == nil {
				t.Errorf("%s with an unknown member matches its schema", f.name)
			}
		})
	}
}
