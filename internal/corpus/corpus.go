// Package corpus reads the seed corpora that the fuzz targets and table
// tests of this module keep under testdata/: text files with one input a
// line, where lines starting with # are comments.
package corpus

import (
	"bufio"
	"os"
	"strings"
	"testing"
)

// Lines returns the lines of the file at path that are not comments, each
// verbatim (surrounding spaces kept). It fails tb if the file cannot be
// read or holds no input.
func Lines(tb testing.TB, path string) []string {
	tb.Helper()
	f, err := os.Open(path)
	if err != nil {
		tb.Fatalf("corpus: %v", err)
	}
	defer f.Close()
	var lines []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			lines = append(lines, sc.Text())
		}
	}
	if err := sc.Err(); err != nil {
		tb.Fatalf("corpus: reading %s: %v", path, err)
	}
	if len(lines) == 0 {
		tb.Fatalf("corpus: %s holds no input", path)
	}
	return lines
}
