package paging

import (
	"context"
	"errors"
	"fmt"
	"iter"
)

// Conditions the iterators report.
var (
	// ErrDuplicate: an item whose key was already yielded, as when items
	// shift between page requests under page-number paging.
	ErrDuplicate = errors.New("paging: item seen twice")
	// ErrRepeatedToken: a server answered with a NextToken it had already
	// given in the same walk, which would loop for ever.
	ErrRepeatedToken = errors.New("paging: repeated NextToken")
)

// FetchPage fetches one numbered page: its items, and the total count of
// items in all pages.
type FetchPage[T any] func(ctx context.Context, p Page) (items []T, total int, err error)

// FetchToken fetches one page in token style: its items, and the token of
// the next page, empty on the last.
type FetchToken[T any] func(ctx context.Context, c Cursor) (items []T, next string, err error)

// AllByPage returns an iterator over every item of every numbered page of
// size items, fetched in turn from page 1 until a page is empty or the
// total count says no more pages are left.
//
// Page numbers do not hold their place when items are added or removed
// between requests: an item can move to the next page and come twice, or
// move back and be skipped. AllByPage cannot see a skipped item, but it
// reports one seen twice, by key, rather than hide it: it yields the item
// again with an error wrapping [ErrDuplicate], and goes on if the loop
// does. Any other error ends the sequence after it is yielded: one from
// fetch, ctx's error when it is done before a fetch, and the
// *apierror.Error of [Page.Validate] when size is not from 1 to
// [MaxPageSize] (in which case nothing is fetched).
func AllByPage[T any, K comparable](ctx context.Context, size int, fetch FetchPage[T], key func(T) K) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		p := Page{Number: 1, Size: size}
		if err := p.Validate(); err != nil {
			yield(zero, err)
			return
		}
		seen := make(map[K]int) // key → the page it was first seen on
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, total, err := fetch(ctx, p)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range items {
				k := key(item)
				if first, dup := seen[k]; dup {
					if !yield(item, fmt.Errorf("%w: key %v on page %d, first seen on page %d", ErrDuplicate, k, p.Number, first)) {
						return
					}
					continue
				}
				seen[k] = p.Number
				if !yield(item, nil) {
					return
				}
			}
			next, more := p.Next(total)
			if len(items) == 0 || !more {
				return
			}
			p = next
		}
	}
}

// AllByToken returns an iterator over every item of every page in token
// style, fetched in turn with at most maxResults items each, from the
// first page until a page comes without a NextToken.
//
// A NextToken that the same walk already used ends the sequence with an
// error wrapping [ErrRepeatedToken]: the server would answer it with pages
// already seen. Any error ends the sequence after it is yielded: one from
// fetch, ctx's error when it is done before a fetch, and the
// *apierror.Error of [Cursor.Validate] when maxResults is not from 1 to
// [MaxMaxResults] (in which case nothing is fetched).
func AllByToken[T any](ctx context.Context, maxResults int, fetch FetchToken[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		c := Cursor{MaxResults: maxResults}
		if err := c.Validate(); err != nil {
			yield(zero, err)
			return
		}
		used := make(map[string]bool)
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			items, next, err := fetch(ctx, c)
			if err != nil {
				yield(zero, err)
				return
			}
			for _, item := range items {
				if !yield(item, nil) {
					return
				}
			}
			if next == "" {
				return
			}
			if used[next] {
				yield(zero, fmt.Errorf("%w %q", ErrRepeatedToken, next))
				return
			}
			used[next] = true
			c.NextToken = next
		}
	}
}
