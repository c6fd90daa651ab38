package invocation_test

import (
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/internal/corpus"
	"github.com/ecsassist/cloudassistant/invocation"
)

func lowerASCII(s string) string {
	return strings.Map(func(r rune) rune {
		if 'A' <= r && r <= 'Z' {
			return r + 'a' - 'A'
		}
		return r
	}, s)
}

// FuzzParseCommandType checks ParseCommandType against a reference that
// lowers both sides, that unknown text is kept verbatim, and that parsing is
// stable. Seeded from testdata/commandtypes.txt.
func FuzzParseCommandType(f *testing.F) {
	for _, s := range corpus.Lines(f, "testdata/commandtypes.txt") {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := invocation.ParseCommandType(s)
		trimmed := strings.Trim(s, " \t\n\r\v\f")
		want := invocation.CommandType(s)
		for _, c := range invocation.CommandTypes() {
			// Byte for byte after lowering A to Z: non-ASCII letters that
			// fold to ASCII ones (ſ, K) must not match.
			if lowerASCII(trimmed) == lowerASCII(string(c)) {
				want = c
			}
		}
		if got != want {
			t.Fatalf("ParseCommandType(%q) = %q, want %q", s, got, want)
		}
		if again := invocation.ParseCommandType(got.String()); again != got {
			t.Fatalf("ParseCommandType(%q) = %q, parsing again gives %q", s, got, again)
		}
	})
}
