// Package listing holds the fake's ordered lists and page tokens: the
// order every paged operation lists in, the lists that keep items in it,
// the one page-token format of DescribeInvocations, DescribeCommands and
// DescribeInvocationResults, and the one fingerprint of a request that
// both binds a token to its filters and tells a retried ClientToken from
// a new request.
//
// # Order
//
// The vendor's references list invocations by CreationTime, newest
// first, and those created in the same second in the order they were
// created; DescribeInvocationResults lists each invocation's instances
// in the invocation's order after it, and with IncludeHistory each
// instance's runs, newest first. A [Position] is a place in that order:
// CreationTime in seconds, the creation sequence, the instance index and
// the run. Commands are listed the same way, with index and run zero.
//
// A [List] keeps [Item] values in that order, oldest first, and clears
// out removed items lazily; [List.From] walks it from a position, which
// is how a page that follows a token starts where the last one ended.
//
// # Page tokens
//
// A token is the position of the last item of its page and the first 8
// bytes of the fingerprint of the filters it was issued for, sealed with
// HMAC-SHA256 under the service's [Key] and written in unpadded base64url:
// 64 characters. [Key.Seal]
// makes one and [Key.Open] takes one back: only a token that the same key
// sealed for the same fingerprint is taken, so a token is refused by
// another service, another operation, another region and other filters.
// A token marks a place, not an offset: walking every page while items
// come and go returns none twice and skips none that was there for the
// whole walk. A [Pager] cuts one page out of a walk in either paging
// style, and makes the page's token.
//
// # Fingerprints
//
// A [Fingerprint] hashes the named fields of a request, written in a
// fixed order by the request type, into a [Sum]. Lists are written with
// their length, so that a nil list and an empty one are the same, and
// tags are written sorted by key and then value, so that the order of
// Tag.N does not count. Which fields a request writes is its own to say:
// the filters of a paged operation leave out the paging parameters and
// what only changes how the answer is shown (ContentEncoding,
// IncludeOutput), so that a token stays valid when only they change.
package listing

import (
	"iter"
	"math"
	"slices"
	"sort"
)

// Item is what a [List] holds: an item made at a time, in seconds, and in
// an order of creation; an item is removed once, and never comes back.
// Items are made at times that never go back, but for loaded invocations,
// which carry times of their own.
type Item interface {
	Created() int64 // when it was made, in seconds since 1970
	Order() uint64  // the order it was made in: unique in its list
	Removed() bool
}

// List is a list of items in the order of their times, oldest first,
// and of the order they were made in at the same time. Removed items are
// cleared out lazily: when they are half the list. The zero List is empty
// and ready to use. A List is not safe for concurrent use.
type List[T Item] struct {
	items []T
	dead  int
}

// Add adds x at the end, where an item made now belongs, or at its place
// when its time is earlier than the last item's: a loaded invocation
// carries a time of its own, which costs a move of the items after it.
func (l *List[T]) Add(x T) {
	l.items = append(l.items, x)
	n := len(l.items)
	if n < 2 || !comesAfter(l.items[n-2], x) {
		return
	}
	i := sort.Search(n-1, func(i int) bool { return comesAfter(l.items[i], x) })
	copy(l.items[i+1:], l.items[i:n-1])
	l.items[i] = x
}

// comesAfter reports whether a comes after b in a List, oldest first.
func comesAfter[T Item](a, b T) bool {
	return a.Created() > b.Created() || a.Created() == b.Created() && a.Order() > b.Order()
}

// Drop notes that one more item of the list was removed (its Removed
// now reports true), and returns how many are left.
func (l *List[T]) Drop() int {
	l.dead++
	if l.dead*2 > len(l.items) {
		l.items = slices.DeleteFunc(l.items, func(x T) bool { return x.Removed() })
		l.dead = 0
	}
	return l.Len()
}

// Len returns how many items are not removed.
func (l *List[T]) Len() int { return len(l.items) - l.dead }

// Oldest returns the oldest item that is not removed, and false when
// there is none.
func (l *List[T]) Oldest() (T, bool) {
	for _, x := range l.items {
		if !x.Removed() {
			return x, true
		}
	}
	var zero T
	return zero, false
}

// Newest returns the items that are not removed, in the API's order:
// newest first, and those made in the same second in the order they were
// made.
func (l *List[T]) Newest() iter.Seq[T] { return l.From(Top()) }

// From returns the items that are not removed, in the API's order, from
// the one at p, ignoring p's index and run: from the first item of p's
// second made no earlier than p, then every item of older seconds.
func (l *List[T]) From(p Position) iter.Seq[T] {
	return func(yield func(T) bool) {
		n := len(l.items)
		lo := sort.Search(n, func(i int) bool { return l.items[i].Created() >= p.Created })
		hi := lo + sort.Search(n-lo, func(i int) bool { return l.items[lo+i].Created() > p.Created })
		k := lo + sort.Search(hi-lo, func(i int) bool { return l.items[lo+i].Order() >= p.Order })
		for _, x := range l.items[k:hi] {
			if !x.Removed() && !yield(x) {
				return
			}
		}
		for i := lo; i > 0; {
			j, t := i-1, l.items[i-1].Created()
			for j > 0 && l.items[j-1].Created() == t {
				j--
			}
			for _, x := range l.items[j:i] {
				if !x.Removed() && !yield(x) {
					return
				}
			}
			i = j
		}
	}
}

// Position is a place in the API's order: CreationTime, newest first;
// then the order of creation; then the instance, in the invocation's
// order; then the run, newest first. Created is in seconds since 1970, as
// the API shows times; Index and Run are zero where a list has no
// instances or runs. The zero Position is a place like any other: that of
// the first item made in 1970's first second.
type Position struct {
	Created int64  // CreationTime, in seconds since 1970
	Order   uint64 // the order of creation
	Index   uint32 // the instance, in the invocation's order
	Run     uint32 // the run, counted from 1; 0 for an instance's latest state
}

// Top returns the place before every item: a List walked from it is
// walked whole.
func Top() Position { return Position{Created: math.MaxInt64} }

// Before reports whether a comes before b in the API's order.
func (a Position) Before(b Position) bool {
	switch {
	case a.Created != b.Created:
		return a.Created > b.Created
	case a.Order != b.Order:
		return a.Order < b.Order
	case a.Index != b.Index:
		return a.Index < b.Index
	}
	return a.Run > b.Run
}
