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

// Answer is what a fetch returns for one page: its items, each item's own
// error if it has one, and how to find the next page, by the total count
// ([AllByPage]) or by the next page's token ([AllByToken]). The zero
// Answer is an empty last page.
type Answer[T any] struct {
	Items []T

	// Errs is nil when no item has an error of its own, as when an item
	// was converted from the wire with a field lost; otherwise it holds
	// one entry per item, at the item's index, nil for an item without
	// one.
	Errs []error

	// Total is the count of items on all pages, as TotalCount says.
	// AllByPage reads it; AllByToken does not.
	Total int

	// Next is the token of the next page, as NextToken says, empty on the
	// last page. AllByToken reads it; AllByPage does not.
	Next string
}

// FetchPage fetches the numbered page p.
type FetchPage[T any] func(ctx context.Context, p Page) (Answer[T], error)

// FetchToken fetches the page in token style that c asks for.
type FetchToken[T any] func(ctx context.Context, c Cursor) (Answer[T], error)

// AllByPage returns an iterator over every item of every numbered page
// from start on, fetched in turn with start.Size items each, until a page
// is empty or the total count of its [Answer] says no more pages are
// left. Each item is yielded with its own error from the Answer's Errs
// (nil if it has none), and the sequence goes on if the loop does.
//
// Page numbers do not hold their place when items are added or removed
// between requests: an item can move to the next page and come twice, or
// move back and be skipped. AllByPage cannot see a skipped item, but it
// reports one seen twice, by key, rather than hide it: it yields the item
// again with an error wrapping [ErrDuplicate] (joined to the item's own
// error, if any), and goes on if the loop does.
//
// Any other error ends the sequence after it is yielded with the zero T:
// one from fetch; ctx's error when it is done before a fetch; an error
// when an Answer's Errs is neither nil nor as long as its Items (before
// any of its items); and the *apierror.Error of [Page.Validate] when start
// is not valid, in which case nothing is fetched.
func AllByPage[T any, K comparable](ctx context.Context, start Page, fetch FetchPage[T], key func(T) K) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		p := start
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
			a, err := fetch(ctx, p)
			if err == nil {
				err = a.check()
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for i, item := range a.Items {
				itemErr := a.err(i)
				k := key(item)
				if first, dup := seen[k]; dup {
					dupErr := fmt.Errorf("%w: key %v on page %d, first seen on page %d", ErrDuplicate, k, p.Number, first)
					if itemErr != nil {
						dupErr = errors.Join(dupErr, itemErr)
					}
					if !yield(item, dupErr) {
						return
					}
					continue
				}
				seen[k] = p.Number
				if !yield(item, itemErr) {
					return
				}
			}
			next, more := p.Next(a.Total)
			if len(a.Items) == 0 || !more {
				return
			}
			p = next
		}
	}
}

// AllByToken returns an iterator over every item of every page in token
// style from the page that start.NextToken marks (from the first when it
// is empty), fetched in turn with at most start.MaxResults items each,
// until a page comes without a NextToken. Each page after the first is
// asked for with the NextToken of the page before. Each item is yielded
// with its own error from the [Answer]'s Errs (nil if it has none), and
// the sequence goes on if the loop does.
//
// A NextToken that the same walk already used, start.NextToken included,
// ends the sequence with an error wrapping [ErrRepeatedToken]: the server
// would answer it with pages already seen. Any other error ends the
// sequence after it is yielded with the zero T too: one from fetch; ctx's
// error when it is done before a fetch; an error when an Answer's Errs is
// neither nil nor as long as its Items (before any of its items); and the
// *apierror.Error of [Cursor.Validate] when start.MaxResults is not from 1
// to [MaxMaxResults], in which case nothing is fetched.
func AllByToken[T any](ctx context.Context, start Cursor, fetch FetchToken[T]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		c := start
		if err := c.Validate(); err != nil {
			yield(zero, err)
			return
		}
		used := map[string]bool{c.NextToken: true}
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			a, err := fetch(ctx, c)
			if err == nil {
				err = a.check()
			}
			if err != nil {
				yield(zero, err)
				return
			}
			for i, item := range a.Items {
				if !yield(item, a.err(i)) {
					return
				}
			}
			if a.Next == "" {
				return
			}
			if used[a.Next] {
				yield(zero, fmt.Errorf("%w %q", ErrRepeatedToken, a.Next))
				return
			}
			used[a.Next] = true
			c.NextToken = a.Next
		}
	}
}

// check reports an Errs that is neither nil nor parallel to Items.
func (a *Answer[T]) check() error {
	if a.Errs != nil && len(a.Errs) != len(a.Items) {
		return fmt.Errorf("paging: an answer of %d items with %d errors: Errs must be nil or one per item", len(a.Items), len(a.Errs))
	}
	return nil
}

// err returns the error of item i, or nil.
func (a *Answer[T]) err(i int) error {
	if a.Errs == nil {
		return nil
	}
	return a.Errs[i]
}
