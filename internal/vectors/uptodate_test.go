package vectors

import (
	"flag"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/google/go-cmp/cmp"
)

var update = flag.Bool("update", false, "rewrite the files of vectors/")

var (
	builtOnce  sync.Once
	builtFiles map[string][]byte
	builtErr   error
)

// built returns Files(root), built once for all the tests.
func built(t *testing.T) map[string][]byte {
	t.Helper()
	builtOnce.Do(func() { builtFiles, builtErr = Files(root) })
	if builtErr != nil {
		t.Fatal(builtErr)
	}
	return builtFiles
}

// root and dir are the repository's root and its vectors folder.
const (
	root = "../.."
	dir  = "../../vectors"
)

// TestVectorsUpToDate builds the vectors in memory and compares them with
// the checked-in files, which -update rewrites: a change of the library's
// answers shows as a difference here, and the vectors are regenerated
// rather than edited.
func TestVectorsUpToDate(t *testing.T) {
	if *update {
		if err := Write(root, dir); err != nil {
			t.Fatal(err)
		}
	}
	files := built(t)
	for _, name := range slices.Sorted(maps.Keys(files)) {
		have, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("%v (go generate ./internal/vectors writes it)", err)
			continue
		}
		if diff := cmp.Diff(string(have), string(files[name])); diff != "" {
			t.Errorf("vectors/%s is not what the library says (go generate ./internal/vectors rewrites it) (-checked-in +built):\n%s", name, diff)
		}
	}
	// Every file of the folder is built, or is a schema, or is the Go
	// package that embeds them.
	err := filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(dir, path)
		rel = filepath.ToSlash(rel)
		if _, ok := files[rel]; !ok && !strings.HasSuffix(rel, ".schema.json") && rel != "vectors.go" {
			t.Errorf("vectors/%s is not built by the package: remove it", rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
