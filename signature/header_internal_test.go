package signature

import (
	"net/http"
	"strings"
	"testing"

	"pgregory.net/rapid"
)

// headerValues finds what http.Header.Values finds, whatever the name.
func TestHeaderValuesAgrees(t *testing.T) {
	name := rapid.OneOf(
		rapid.StringMatching(`[a-zA-Z0-9-]{1,10}`),
		rapid.StringMatching(`x-acs-[a-z]{60,70}`), // longer than the buffer, or not
		rapid.String(),
	)
	rapid.Check(t, func(t *rapid.T) {
		h := http.Header{}
		for _, n := range rapid.SliceOfN(name, 0, 5).Draw(t, "added") {
			h.Add(n, "v")
		}
		for _, n := range rapid.SliceOfN(name, 0, 3).Draw(t, "set as they are") {
			h[n] = []string{"w"}
		}
		for _, n := range append(rapid.SliceOfN(name, 1, 5).Draw(t, "looked up"), keys(h)...) {
			if got, want := headerValues(h, n), h.Values(n); strings.Join(got, "\x00") != strings.Join(want, "\x00") || len(got) != len(want) {
				t.Fatalf("headerValues(%q) = %q, want %q", n, got, want)
			}
			lower := strings.ToLower(n)
			if !lowerOf(lower, n) || (lower != n && lowerOf(n, n+"x")) {
				t.Fatalf("lowerOf(%q, %q) is wrong", lower, n)
			}
		}
	})
}

func keys(h http.Header) []string {
	var ks []string
	for k := range h {
		ks = append(ks, k)
	}
	return ks
}

func TestLowerOf(t *testing.T) {
	tests := []struct {
		name     string
		lower, s string
		want     bool
		reason   string
	}{
		{"ascii", "x-acs-date", "X-Acs-Date", true, ""},
		{"different", "x-acs-date", "X-Acs-Data", false, ""},
		{"not lower", "X-acs-date", "X-Acs-Date", false, ""},
		{"unicode", "ä-x", "Ä-X", true, "two bytes each way"},
		{"unicode changing length", "k", "\u212a", true, "the Kelvin sign lowers to k"},
		{"unicode, other", "ö-x", "Ä-X", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := lowerOf(tt.lower, tt.s); got != tt.want {
				t.Errorf("lowerOf(%q, %q) = %v, want %v %s", tt.lower, tt.s, got, tt.want, tt.reason)
			}
		})
	}
}
