package listing_test

import (
	"slices"
	"testing"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/internal/listing"
)

// item is a listing.Item for tests.
type item struct {
	created int64
	order   uint64
	gone    bool
}

func (x *item) Created() int64 { return x.created }
func (x *item) Order() uint64  { return x.order }
func (x *item) Removed() bool  { return x.gone }

func (x *item) pos() listing.Position { return listing.Position{Created: x.created, Order: x.order} }

// apiOrder sorts items in the API's order: newest first, then in the
// order they were made.
func apiOrder(items []*item) []*item {
	return slices.SortedFunc(slices.Values(items), func(a, b *item) int {
		switch {
		case a.pos().Before(b.pos()):
			return -1
		case b.pos().Before(a.pos()):
			return 1
		}
		return 0
	})
}

func cmpInt[T int64 | uint64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func orders(items []*item) []uint64 {
	var out []uint64
	for _, x := range items {
		out = append(out, x.order)
	}
	return out
}

// A List against a slice model: items are added mostly now and sometimes
// in the past (loaded ones), and removed in any order; Newest and From
// walk what is left in the API's order, and Oldest finds its end.
func TestListMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		var l listing.List[*item]
		var model []*item // not removed
		var now int64 = 100
		var seq uint64
		t.Repeat(map[string]func(*rapid.T){
			"add now": func(t *rapid.T) {
				now += rapid.Int64Range(0, 2).Draw(t, "later")
				seq++
				x := &item{created: now, order: seq}
				l.Add(x)
				model = append(model, x)
			},
			"add loaded": func(t *rapid.T) {
				seq++
				x := &item{created: rapid.Int64Range(90, now).Draw(t, "created"), order: seq}
				l.Add(x)
				model = append(model, x)
			},
			"remove": func(t *rapid.T) {
				if len(model) == 0 {
					t.Skip("nothing to remove")
				}
				i := rapid.IntRange(0, len(model)-1).Draw(t, "i")
				model[i].gone = true
				model = slices.Delete(model, i, i+1)
				require.Equal(t, len(model), l.Drop())
			},
			"from": func(t *rapid.T) {
				p := listing.Position{Created: rapid.Int64Range(89, now+1).Draw(t, "created"), Order: rapid.Uint64Range(0, seq+1).Draw(t, "order")}
				var want []*item
				for _, x := range apiOrder(model) {
					if !x.pos().Before(p) {
						want = append(want, x)
					}
				}
				got := slices.Collect(l.From(p))
				if diff := cmp.Diff(orders(want), orders(got)); diff != "" {
					t.Fatalf("From(%+v) (-want +got):\n%s", p, diff)
				}
				n := rapid.IntRange(0, 3).Draw(t, "stop after")
				var some []*item
				for x := range l.From(p) {
					if len(some) == n {
						break
					}
					some = append(some, x)
				}
				require.Equal(t, orders(want[:min(n, len(want))]), orders(some), "a walk stops when asked")
			},
			"": func(t *rapid.T) {
				require.Equal(t, len(model), l.Len())
				require.Equal(t, orders(apiOrder(model)), orders(slices.Collect(l.Newest())))
				oldest, ok := l.Oldest()
				require.Equal(t, len(model) > 0, ok)
				if ok {
					// The first made of the oldest second.
					want := slices.MinFunc(model, func(a, b *item) int {
						if c := cmpInt(a.created, b.created); c != 0 {
							return c
						}
						return cmpInt(a.order, b.order)
					})
					require.Equal(t, want, oldest)
				}
			},
		})
	})
}

// The zero List is empty and ready to use.
func TestListZero(t *testing.T) {
	var l listing.List[*item]
	require.Zero(t, l.Len())
	require.Empty(t, slices.Collect(l.Newest()))
	_, ok := l.Oldest()
	require.False(t, ok)
}

var positions = rapid.Custom(func(t *rapid.T) listing.Position {
	return listing.Position{
		Created: rapid.Int64Range(-2, 2).Draw(t, "created"), Order: rapid.Uint64Range(0, 3).Draw(t, "order"),
		Index: rapid.Uint32Range(0, 2).Draw(t, "index"), Run: rapid.Uint32Range(0, 2).Draw(t, "run"),
	}
})

// Before is a strict total order: irreflexive, transitive, and of two
// different positions one comes first.
func TestPositionOrder(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		a, b, c := positions.Draw(t, "a"), positions.Draw(t, "b"), positions.Draw(t, "c")
		require.False(t, a.Before(a))
		require.Equal(t, a != b, a.Before(b) != b.Before(a), "exactly one of two different positions comes first")
		if a.Before(b) && b.Before(c) {
			require.True(t, a.Before(c))
		}
	})
}

// The order's keys, from the most significant.
func TestPositionBefore(t *testing.T) {
	tests := []struct {
		name string
		a, b listing.Position
		want bool
	}{
		{name: "newer first", a: listing.Position{Created: 2}, b: listing.Position{Created: 1, Order: 0}, want: true},
		{name: "older after", a: listing.Position{Created: 1, Order: 0}, b: listing.Position{Created: 2, Order: 9}},
		{name: "same second: made first, first", a: listing.Position{Created: 1, Order: 1}, b: listing.Position{Created: 1, Order: 2}, want: true},
		{name: "instances in order", a: listing.Position{Index: 0, Run: 0}, b: listing.Position{Index: 1, Run: 9}, want: true},
		{name: "runs newest first", a: listing.Position{Run: 2}, b: listing.Position{Run: 1}, want: true},
		{name: "the top comes before all", a: listing.Top(), b: listing.Position{Created: 1 << 62}, want: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			require.Equal(t, tt.want, tt.a.Before(tt.b))
		})
	}
}
