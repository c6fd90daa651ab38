package status_test

import (
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/status"
)

// asciiSpace is the white space that parsing trims.
const asciiSpace = " \t\n\r\v\f"

// legacySpellings and currentSpellings are the reference for the fuzz
// targets: a text is known when, trimmed, it equals one of these ignoring
// case (strings.EqualFold, unlike the parser, also folds non-ASCII letters
// such as the Kelvin sign, which must not match).
var legacySpellings = map[string]status.Legacy{
	"Running": status.LegacyRunning, "Stopping": status.LegacyStopping, "Stopped": status.LegacyStopped,
	"Failed": status.LegacyFailed, "Finished": status.LegacyFinished, "PartialFailed": status.LegacyPartialFailed,
	"Success": status.LegacyFinished,
}

func referenceLegacy(s string) (status.Legacy, bool) {
	t := strings.Trim(s, asciiSpace)
	for spelling, v := range legacySpellings {
		if isASCII(t) && strings.EqualFold(t, spelling) {
			return v, true
		}
	}
	return status.Legacy(s), false
}

func referenceCurrent(s string) (status.Current, bool) {
	t := strings.Trim(s, asciiSpace)
	for _, v := range status.CurrentValues() {
		if isASCII(t) && strings.EqualFold(t, string(v)) {
			return v, true
		}
	}
	return status.Current(s), false
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// FuzzParseLegacy checks ParseLegacy and UnmarshalText against the
// reference above, and that parse → String → parse is stable. Seeded from
// testdata/spellings.txt.
func FuzzParseLegacy(f *testing.F) {
	for _, s := range readSpellings(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := status.ParseLegacy(s)
		want, known := referenceLegacy(s)
		if got != want || got.Known() != known {
			t.Fatalf("ParseLegacy(%q) = %q (known %v), reference %q (known %v)", s, got, got.Known(), want, known)
		}
		if again := status.ParseLegacy(got.String()); again != got {
			t.Fatalf("ParseLegacy(%q) = %q, but parsing its String gives %q", s, got, again)
		}
		var u status.Legacy
		if err := u.UnmarshalText([]byte(s)); err != nil || u != got {
			t.Fatalf("UnmarshalText(%q) = %q, %v; ParseLegacy gives %q", s, u, err, got)
		}
	})
}

// FuzzParseCurrent is FuzzParseLegacy for the current family.
func FuzzParseCurrent(f *testing.F) {
	for _, s := range readSpellings(f) {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		got := status.ParseCurrent(s)
		want, known := referenceCurrent(s)
		if got != want || got.Known() != known {
			t.Fatalf("ParseCurrent(%q) = %q (known %v), reference %q (known %v)", s, got, got.Known(), want, known)
		}
		if again := status.ParseCurrent(got.String()); again != got {
			t.Fatalf("ParseCurrent(%q) = %q, but parsing its String gives %q", s, got, again)
		}
		var u status.Current
		if err := u.UnmarshalText([]byte(s)); err != nil || u != got {
			t.Fatalf("UnmarshalText(%q) = %q, %v; ParseCurrent gives %q", s, u, err, got)
		}
	})
}
