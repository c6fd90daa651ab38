package ecssdk

import (
	"context"
	"fmt"
	"iter"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// AllInvocations returns an iterator over every invocation that req
// matches, on every page, fetched in turn in token style (MaxResults,
// NextToken) from the page that req.NextToken marks, or from the first.
//
// req is not modified: each page is asked for with a copy whose NextToken
// is the previous page's and whose PageNumber and PageSize are unset.
// Without MaxResults, each page asks for [paging.MaxMaxResults] items, the
// fewest calls; a MaxResults that is not from 1 to paging.MaxMaxResults is
// the *apierror.Error that the API would answer, and nothing is fetched.
// A nil req is an empty one.
//
// An invocation that has a time not in [invocation.TimeLayout] is yielded with that
// time absent and a *[TimeError] naming it, by its path in its page's
// body; the sequence goes on if the loop does. Any other error ends the
// sequence after it is yielded: the client's, ctx's error when it is done
// before a page is fetched, and one wrapping [paging.ErrRepeatedToken]
// when a page answers with a NextToken already used in the same walk,
// which would loop for ever.
//
// The iterator does not retry: a throttled page ends it. The client's own
// retry options (openapi.Config's RetryOptions) can retry calls.
func AllInvocations(ctx context.Context, c InvocationsAPI, req *ecs.DescribeInvocationsRequest) iter.Seq2[invocation.Invocation, error] {
	var r ecs.DescribeInvocationsRequest
	if req != nil {
		r = *req
	}
	r.PageNumber, r.PageSize = nil, nil
	return walk(ctx, "AllInvocations", r.MaxResults, str(r.NextToken),
		func(ctx context.Context, size int32, token string) (page[invocation.Invocation], error) {
			r := r // each call gets its own request
			r.MaxResults, r.NextToken = &size, present(token)
			resp, err := c.DescribeInvocationsWithContext(ctx, &r, runtime())
			if err != nil || resp == nil || resp.Body == nil {
				return page[invocation.Invocation]{}, err
			}
			p := page[invocation.Invocation]{next: str(resp.Body.NextToken)}
			if list := resp.Body.Invocations; list != nil {
				for i, in := range list.Invocation {
					if in == nil {
						continue
					}
					var ts times
					p.items = append(p.items, invocationFrom(&ts, fmt.Sprintf("Invocations.Invocation[%d]", i), in))
					p.errs = append(p.errs, ts.err())
				}
			}
			return p, nil
		})
}

// AllResults returns an iterator over every record that req matches, on
// every page of DescribeInvocationResults, as [AllInvocations] does for
// invocations: in token style, from req.NextToken or the first page, with
// req unmodified, a record with a bad time yielded with a *[TimeError],
// and any other error ending the sequence.
func AllResults(ctx context.Context, c ResultsAPI, req *ecs.DescribeInvocationResultsRequest) iter.Seq2[invocation.Result, error] {
	var r ecs.DescribeInvocationResultsRequest
	if req != nil {
		r = *req
	}
	r.PageNumber, r.PageSize = nil, nil
	return walk(ctx, "AllResults", r.MaxResults, str(r.NextToken),
		func(ctx context.Context, size int32, token string) (page[invocation.Result], error) {
			r := r
			r.MaxResults, r.NextToken = &size, present(token)
			resp, err := c.DescribeInvocationResultsWithContext(ctx, &r, runtime())
			if err != nil || resp == nil || resp.Body == nil || resp.Body.Invocation == nil {
				return page[invocation.Result]{}, err
			}
			body := resp.Body.Invocation
			p := page[invocation.Result]{next: str(body.NextToken)}
			if list := body.InvocationResults; list != nil {
				for i, in := range list.InvocationResult {
					if in == nil {
						continue
					}
					var ts times
					p.items = append(p.items, recordFrom(&ts, fmt.Sprintf("Invocation.InvocationResults.InvocationResult[%d]", i), in))
					p.errs = append(p.errs, ts.err())
				}
			}
			return p, nil
		})
}

// page is one page of a walk: its items, each one's conversion error (nil
// or a *TimeError), and the next page's token.
type page[T any] struct {
	items []T
	errs  []error
	next  string
}

// walk returns the iterator of a token-style walk for op, from token
// start, with maxResults items a page (nil for the most).
func walk[T any](ctx context.Context, op string, maxResults *int32, start string,
	fetch func(ctx context.Context, size int32, token string) (page[T], error)) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		var zero T
		size := int32(paging.MaxMaxResults)
		if maxResults != nil {
			size = *maxResults
			if err := (paging.Cursor{MaxResults: int(size)}).Validate(); err != nil {
				yield(zero, err)
				return
			}
		}
		used := map[string]bool{start: true}
		token := start
		for {
			if err := ctx.Err(); err != nil {
				yield(zero, err)
				return
			}
			p, err := fetch(ctx, size, token)
			if err != nil {
				yield(zero, err)
				return
			}
			for i, item := range p.items {
				if !yield(item, p.errs[i]) {
					return
				}
			}
			if p.next == "" {
				return
			}
			if used[p.next] {
				yield(zero, fmt.Errorf("ecssdk: %s: %w %q", op, paging.ErrRepeatedToken, p.next))
				return
			}
			used[p.next] = true
			token = p.next
		}
	}
}
