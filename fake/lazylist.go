package fake

import (
	"slices"
	"sort"
)

// listed is what a lazyList holds: items made in order, at times that
// never go back (but for loaded invocations, which carry their own), and
// that may be removed.
type listed interface {
	created() int64 // when it was made, in seconds since 1970
	order() uint64  // the order it was made in
	removed() bool
}

// lazyList is a list of items in the order of their times, oldest first,
// and of the order they were made in at the same time, from which removed
// items are cleared out lazily: when they are half the list.
type lazyList[T listed] struct {
	items []T
	dead  int
}

// add adds x at the end, where an item made now belongs, or at its place
// when its time is earlier than the last item's: a loaded invocation
// carries a time of its own, which costs a move of the items after it.
func (l *lazyList[T]) add(x T) {
	l.items = append(l.items, x)
	n := len(l.items)
	if n < 2 || !comesAfter(l.items[n-2], x) {
		return
	}
	i := sort.Search(n-1, func(i int) bool { return comesAfter(l.items[i], x) })
	copy(l.items[i+1:], l.items[i:n-1])
	l.items[i] = x
}

// comesAfter reports whether a comes after b in a lazyList.
func comesAfter[T listed](a, b T) bool {
	return a.created() > b.created() || a.created() == b.created() && a.order() > b.order()
}

// drop notes that one more item was removed, and returns how many are
// left.
func (l *lazyList[T]) drop() int {
	l.dead++
	if l.dead*2 > len(l.items) {
		l.items = slices.DeleteFunc(l.items, func(x T) bool { return x.removed() })
		l.dead = 0
	}
	return l.len()
}

// len returns how many items are not removed.
func (l *lazyList[T]) len() int { return len(l.items) - l.dead }

// newest returns the items that are not removed, in the API's order:
// newest first, and those made in the same second in the order they
// were made.
func (l *lazyList[T]) newest() func(yield func(T) bool) {
	return l.from(position{created: 1<<63 - 1})
}

// from returns the items that are not removed, in the API's order, from
// the one that p's invocation or command holds: from the first item of
// the same second made no earlier than it, or the first of an older
// second.
func (l *lazyList[T]) from(p position) func(yield func(T) bool) {
	return func(yield func(T) bool) {
		n := len(l.items)
		lo := sort.Search(n, func(i int) bool { return l.items[i].created() >= p.created })
		hi := lo + sort.Search(n-lo, func(i int) bool { return l.items[lo+i].created() > p.created })
		k := lo + sort.Search(hi-lo, func(i int) bool { return l.items[lo+i].order() >= p.seq })
		for _, x := range l.items[k:hi] {
			if !x.removed() && !yield(x) {
				return
			}
		}
		for i := lo; i > 0; {
			j, t := i-1, l.items[i-1].created()
			for j > 0 && l.items[j-1].created() == t {
				j--
			}
			for _, x := range l.items[j:i] {
				if !x.removed() && !yield(x) {
					return
				}
			}
			i = j
		}
	}
}
