package corpus

import (
	"fmt"
	"slices"
	"testing"
)

func TestLines(t *testing.T) {
	got := Lines(t, "testdata/two.txt")
	if want := []string{" first ", "second"}; !slices.Equal(got, want) {
		t.Errorf("Lines = %q, want %q", got, want)
	}
}

// recorder is a testing.TB that records the first Fatalf instead of
// stopping.
type recorder struct {
	testing.TB
	failed string
}

func (r *recorder) Helper() {}
func (r *recorder) Fatalf(format string, args ...any) {
	if r.failed == "" {
		r.failed = fmt.Sprintf(format, args...)
	}
}

func TestLinesFailures(t *testing.T) {
	for path, want := range map[string]string{
		"testdata/missing.txt": "corpus: open testdata/missing.txt: no such file or directory",
		"testdata/empty.txt":   "corpus: testdata/empty.txt holds no input",
		"testdata":             "corpus: reading testdata: read testdata: is a directory",
	} {
		r := &recorder{TB: t}
		Lines(r, path)
		if r.failed != want {
			t.Errorf("Lines(%q) failed with %q, want %q", path, r.failed, want)
		}
	}
}
