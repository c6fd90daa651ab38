package paging

import "iter"

// Slice returns the items of page p of s: s[(p.Number-1)*p.Size:] up to
// p.Size items, sharing s's backing array. A page past the end of s is
// empty. Slice panics if p.Number or p.Size is less than 1; it does not
// hold p.Size to [MaxPageSize].
func Slice[S ~[]E, E any](s S, p Page) S {
	if p.Number < 1 || p.Size < 1 {
		panic("paging: Slice of an invalid page: Number and Size must be at least 1")
	}
	lo := p.Offset()
	if lo >= len(s) {
		return s[len(s):]
	}
	hi := len(s)
	if p.Size < hi-lo {
		hi = lo + p.Size
	}
	return s[lo:hi:hi]
}

// Pages returns an iterator over the numbered pages of s with size items
// each, from page 1 to the last page that holds any item, as
// [slices.Chunk] does, with each page's request. An empty s has no pages.
// Pages panics if size is less than 1.
func Pages[S ~[]E, E any](s S, size int) iter.Seq2[Page, S] {
	if size < 1 {
		panic("paging: Pages of a size less than 1")
	}
	return func(yield func(Page, S) bool) {
		for p := (Page{Number: 1, Size: size}); p.Offset() < len(s); p.Number++ {
			if !yield(p, Slice(s, p)) {
				return
			}
		}
	}
}
