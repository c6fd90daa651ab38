package listing_test

import (
	"errors"
	"testing"

	"github.com/ecsassist/cloudassistant/internal/corpus"
	"github.com/ecsassist/cloudassistant/internal/listing"
)

// The tokens of testdata/tokens.txt, as the zero Key opens them for the
// zero Sum: the positions they mark, or the error.
func TestTokenFormat(t *testing.T) {
	lines := corpus.Lines(t, "testdata/tokens.txt")
	want := []struct {
		at      listing.Position
		wantErr error
	}{
		{at: listing.Position{}},
		{at: listing.Position{Created: 1735787045, Order: 7}},
		{at: listing.Position{Created: 1735787045, Order: 12, Index: 2, Run: 3}},
		{at: listing.Top()},
		{wantErr: listing.ErrFilter},
		{wantErr: listing.ErrToken},
		{wantErr: listing.ErrToken},
		{wantErr: listing.ErrToken},
		{wantErr: listing.ErrToken},
		{wantErr: listing.ErrToken},
		{wantErr: listing.ErrToken},
	}
	if len(lines) != len(want) {
		t.Fatalf("testdata/tokens.txt has %d lines, want %d", len(lines), len(want))
	}
	var key listing.Key
	for i, tt := range want {
		got, err := key.Open(lines[i], listing.Sum{})
		switch {
		case !errors.Is(err, tt.wantErr):
			t.Errorf("Open(%q) = %v, want %v", lines[i], err, tt.wantErr)
		case err == nil && got != tt.at:
			t.Errorf("Open(%q) = %+v, want %+v", lines[i], got, tt.at)
		case err == nil && key.Seal(got, listing.Sum{}) != lines[i]:
			t.Errorf("Seal(%+v) = %q, want %q", got, key.Seal(got, listing.Sum{}), lines[i])
		}
	}
}

// Open never panics, refuses what it refuses with one of its two errors,
// and takes only the one token that Seal makes of a position.
func FuzzOpen(f *testing.F) {
	for _, tok := range corpus.Lines(f, "testdata/tokens.txt") {
		f.Add(tok)
	}
	var key listing.Key
	f.Fuzz(func(t *testing.T, tok string) {
		at, err := key.Open(tok, listing.Sum{})
		if err != nil {
			if !errors.Is(err, listing.ErrToken) && !errors.Is(err, listing.ErrFilter) {
				t.Fatalf("Open(%q): %v, neither error", tok, err)
			}
			return
		}
		if again := key.Seal(at, listing.Sum{}); again != tok {
			t.Fatalf("Open(%q) = %+v, which Seal makes %q", tok, at, again)
		}
	})
}
