package invocation_test

import (
	"bufio"
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

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
	file, err := os.Open("testdata/commandtypes.txt")
	require.NoError(f, err)
	defer file.Close()
	sc := bufio.NewScanner(file)
	for sc.Scan() {
		if !strings.HasPrefix(sc.Text(), "#") {
			f.Add(sc.Text())
		}
	}
	require.NoError(f, sc.Err())
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
