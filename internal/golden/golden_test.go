package golden

import (
	"os"
	"path/filepath"
	"testing"
)

type recorder struct {
	testing.TB
	failed bool
}

func (r *recorder) Helper()               {}
func (r *recorder) Errorf(string, ...any) { r.failed = true }
func (r *recorder) Fatalf(string, ...any) { r.failed = true }
func (r *recorder) Fatal(...any)          { r.failed = true }

func TestCheck(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "x.golden")

	r := &recorder{TB: t}
	Check(r, path, []byte("a"))
	if !r.failed {
		t.Error("a missing golden file must fail")
	}

	*update = true
	r = &recorder{TB: t}
	Check(r, path, []byte("a"))
	*update = false
	if r.failed {
		t.Error("-update must write the file and pass")
	}
	if b, _ := os.ReadFile(path); string(b) != "a" {
		t.Errorf("file holds %q", b)
	}

	r = &recorder{TB: t}
	Check(r, path, []byte("a"))
	if r.failed {
		t.Error("equal output must pass")
	}
	r = &recorder{TB: t}
	Check(r, path, []byte("b"))
	if !r.failed {
		t.Error("different output must fail")
	}

	*update = true
	r = &recorder{TB: t}
	Check(r, filepath.Join(path, "under-a-file"), []byte("a"))
	*update = false
	if !r.failed {
		t.Error("an unwritable path must fail")
	}
}
