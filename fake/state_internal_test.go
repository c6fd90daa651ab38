package fake

import (
	"strings"
	"testing"
	"unicode/utf8"

	"pgregory.net/rapid"
)

// The start of an output is a prefix of it of at most MaxOutputStart
// bytes, the whole output when it fits, and UTF-8 when the output is:
// the longest such prefix that does not cut a rune.
func TestOutputStartProperties(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		output := rapid.OneOf(
			rapid.String(), // mostly UTF-8
			rapid.StringOfN(rapid.RuneFrom([]rune{'a', 'é', '€', '𝄞'}), MaxOutputStart-8, MaxOutputStart+8, -1),
			rapid.Map(rapid.SliceOf(rapid.Byte()), func(b []byte) string { return string(b) }),
		).Draw(t, "output")
		got := outputStart(output)
		if !strings.HasPrefix(output, got) || len(got) > MaxOutputStart {
			t.Fatalf("outputStart(%q) = %q: not a prefix of at most %d bytes", output, got, MaxOutputStart)
		}
		if len(output) <= MaxOutputStart && got != output {
			t.Fatalf("outputStart(%q) = %q: the output fits whole", output, got)
		}
		if utf8.ValidString(output) {
			if !utf8.ValidString(got) {
				t.Fatalf("outputStart(%q) = %q: a rune cut", output, got)
			}
			if r, size := utf8.DecodeRuneInString(output[len(got):]); len(got) < len(output) && len(got)+size <= MaxOutputStart {
				t.Fatalf("outputStart(%q) = %q: the rune %q would fit too", output, got, r)
			}
		}
	})
}
