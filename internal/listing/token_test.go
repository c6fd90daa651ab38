package listing_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"slices"
	"testing"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/paging"
)

var (
	anyPosition = rapid.Custom(func(t *rapid.T) listing.Position {
		return listing.Position{
			Created: rapid.Int64().Draw(t, "created"), Order: rapid.Uint64().Draw(t, "order"),
			Index: rapid.Uint32().Draw(t, "index"), Run: rapid.Uint32().Draw(t, "run"),
		}
	})
	anySum = rapid.Custom(func(t *rapid.T) listing.Sum {
		return listing.Sum(rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "sum"))
	})
	anyKey = rapid.Custom(func(t *rapid.T) listing.Key {
		return listing.Key(rapid.SliceOfN(rapid.Byte(), 32, 32).Draw(t, "key"))
	})
)

// Open takes back what Seal made: the same position, for the same
// fingerprint, under the same key; and the token is base64url without
// padding, of a fixed length.
func TestTokenRoundTrip(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key, at, print := anyKey.Draw(t, "key"), anyPosition.Draw(t, "at"), anySum.Draw(t, "print")
		tok := key.Seal(at, print)
		require.Regexp(t, `^[A-Za-z0-9_-]{64}$`, tok)
		got, err := key.Open(tok, print)
		require.NoError(t, err)
		require.Equal(t, at, got)
	})
}

// Changing any byte of a token, or its length, makes it no token.
func TestTokenTampered(t *testing.T) {
	key, print := listing.Key{1, 2, 3}, listing.Sum{4, 5, 6}
	tok := key.Seal(listing.Position{Created: 1_700_000_000, Order: 42, Index: 3, Run: 2}, print)
	raw, err := base64.RawURLEncoding.DecodeString(tok)
	require.NoError(t, err)
	for i := range raw {
		for _, bit := range []byte{0x01, 0x80} {
			b := slices.Clone(raw)
			b[i] ^= bit
			_, err := key.Open(base64.RawURLEncoding.EncodeToString(b), print)
			require.ErrorIs(t, err, listing.ErrToken, "byte %d, bit %#x", i, bit)
		}
	}
	for _, bad := range []string{"", tok[:len(tok)-1], tok + "A", tok[:len(tok)-2] + "==", "!" + tok[1:], base64.StdEncoding.EncodeToString(raw)} {
		_, err := key.Open(bad, print)
		require.ErrorIs(t, err, listing.ErrToken, "%q", bad)
	}
}

// A token is refused under another key, and for another fingerprint;
// the errors tell the two apart, and quote the token.
func TestTokenRefused(t *testing.T) {
	key, print := listing.Key{1}, listing.Sum{2}
	at := listing.Position{Created: 5, Order: 6}
	tok := key.Seal(at, print)
	tests := []struct {
		name    string
		key     listing.Key
		print   listing.Sum
		wantErr error
	}{
		{name: "the same", key: key, print: print},
		{name: "another key", key: listing.Key{9}, print: print, wantErr: listing.ErrToken},
		{name: "another fingerprint", key: key, print: listing.Sum{3}, wantErr: listing.ErrFilter},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := tt.key.Open(tok, tt.print)
			if tt.wantErr == nil {
				require.NoError(t, err)
				require.Equal(t, at, got)
				return
			}
			require.ErrorIs(t, err, tt.wantErr)
			require.Equal(t, "listing: Open(\""+tok+"\"): "+tt.wantErr.Error(), err.Error())
		})
	}
}

// The MAC is HMAC-SHA256 as crypto/hmac computes it, cut to 16 bytes.
func TestTokenMAC(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key, at, print := anyKey.Draw(t, "key"), anyPosition.Draw(t, "at"), anySum.Draw(t, "print")
		raw, err := base64.RawURLEncoding.DecodeString(key.Seal(at, print))
		require.NoError(t, err)
		m := hmac.New(sha256.New, key[:])
		m.Write(raw[:32])
		require.Equal(t, m.Sum(nil)[:16], raw[32:])
	})
}

// Sealing and opening allocate nothing but the token's text.
func TestTokenAllocs(t *testing.T) {
	key, print := listing.Key{1}, listing.Sum{2}
	var tok string
	require.Equal(t, 1.0, testing.AllocsPerRun(100, func() { tok = key.Seal(listing.Position{Order: 1}, print) }))
	require.Zero(t, testing.AllocsPerRun(100, func() {
		if _, err := key.Open(tok, print); err != nil {
			panic(err)
		}
	}))
}

// walk returns the page of items that p asks for, walked with a Pager,
// with its total and NextToken.
func walk(t require.TestingT, key *listing.Key, print listing.Sum, items []listing.Position, p paging.Request) ([]listing.Position, int, string, error) {
	pg, err := listing.NewPager(key, p, print)
	if err != nil {
		return nil, 0, "", err
	}
	var page []listing.Position
	for _, x := range items {
		if pg.Take(x) {
			page = append(page, x)
		}
	}
	require.LessOrEqual(t, len(page), max(p.Page.Size, p.Cursor.MaxResults))
	return page, pg.Total(), pg.Next(), nil
}

// Walking every page by token, while items come and go between pages,
// returns none twice, in order, and skips none that was there for the
// whole walk; every page counts every item.
func TestPagerTokenWalk(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		key, print := anyKey.Draw(t, "key"), anySum.Draw(t, "print")
		items := rapid.SliceOfNDistinct(positions, 0, 30, func(p listing.Position) listing.Position { return p }).Draw(t, "items")
		sortAPI(items)
		stayed := slices.Clone(items)
		size := rapid.IntRange(1, 5).Draw(t, "MaxResults")
		var seen []listing.Position
		tok := ""
		for pages := 0; ; pages++ {
			require.Less(t, pages, 100, "the walk ends")
			page, total, next, err := walk(t, &key, print, items, paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: size, NextToken: tok}})
			require.NoError(t, err)
			require.Equal(t, len(items), total)
			seen = append(seen, page...)
			if next == "" {
				break
			}
			tok = next
			// Items come and go.
			if len(items) > 0 && rapid.Bool().Draw(t, "remove") {
				i := rapid.IntRange(0, len(items)-1).Draw(t, "removed")
				stayed = slices.DeleteFunc(stayed, func(p listing.Position) bool { return p == items[i] })
				items = slices.Delete(items, i, i+1)
			}
			if rapid.Bool().Draw(t, "add") {
				if p := positions.Draw(t, "added"); !slices.Contains(items, p) {
					items = append(items, p)
					sortAPI(items)
				}
			}
		}
		require.True(t, slices.IsSortedFunc(seen, apiCompare), "in order, none twice: %v", seen)
		for _, p := range stayed {
			require.Contains(t, seen, p, "an item there for the whole walk is seen")
		}
	})
}

// Page-number paging cuts the same pages as paging.Slice, counts every
// item, and makes no token.
func TestPagerPageNumbers(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 30).Draw(t, "n")
		items := make([]listing.Position, n)
		for i := range items {
			items[i] = listing.Position{Created: int64(n - i)}
		}
		page := paging.Page{Number: rapid.IntRange(1, 8).Draw(t, "number"), Size: rapid.IntRange(1, 7).Draw(t, "size")}
		got, total, next, err := walk(t, nil, listing.Sum{}, items, paging.Request{Page: page})
		require.NoError(t, err)
		require.Equal(t, n, total)
		require.Empty(t, next)
		require.Equal(t, len(paging.Slice(items, page)), len(got))
		if len(got) > 0 {
			require.Equal(t, paging.Slice(items, page), got)
		}
	})
}

// Skip passes over whole groups before a numbered page, and never over
// one that may hold part of it, nor in token paging.
func TestPagerSkip(t *testing.T) {
	pg, err := listing.NewPager(nil, paging.Request{Page: paging.Page{Number: 2, Size: 3}}, listing.Sum{})
	require.NoError(t, err)
	require.True(t, pg.Skip(2))
	require.False(t, pg.Skip(2), "the group holds the page's first item")
	require.True(t, pg.Skip(1))
	require.True(t, pg.Take(listing.Position{}))
	require.False(t, pg.Skip(1), "nothing is skipped on the page")
	require.Equal(t, 4, pg.Total())

	key := listing.Key{}
	tok := key.Seal(listing.Position{Created: 3}, listing.Sum{})
	pg, err = listing.NewPager(&key, paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 1, NextToken: tok}}, listing.Sum{})
	require.NoError(t, err)
	require.False(t, pg.Skip(0), "after a token, items are placed by position")
	at, ok := pg.After()
	require.True(t, ok)
	require.Equal(t, listing.Position{Created: 3}, at)
}

// A NextToken that the key did not seal for the listing's fingerprint
// is NewPager's error.
func TestPagerRefusesToken(t *testing.T) {
	key := listing.Key{7}
	tok := key.Seal(listing.Position{}, listing.Sum{1})
	for _, tt := range []struct {
		name    string
		tok     string
		wantErr error
	}{
		{name: "made up", tok: "abc", wantErr: listing.ErrToken},
		{name: "other filters", tok: tok, wantErr: listing.ErrFilter},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := listing.NewPager(&key, paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 1, NextToken: tt.tok}}, listing.Sum{2})
			require.True(t, errors.Is(err, tt.wantErr), "%v", err)
		})
	}
}

func apiCompare(a, b listing.Position) int {
	switch {
	case a.Before(b):
		return -1
	case b.Before(a):
		return 1
	}
	return 0
}

func sortAPI(items []listing.Position) { slices.SortFunc(items, apiCompare) }
