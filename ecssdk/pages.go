package ecssdk

import (
	"context"
	"errors"
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
// An invocation that has a time not in [invocation.TimeLayout] is yielded
// with that time absent and a *[TimeError] naming it, by its path in its
// page's body; the sequence goes on if the loop does. Any other error
// ends the sequence after it is yielded: the client's, ctx's error when
// it is done before a page is fetched, and one wrapping
// [paging.ErrRepeatedToken], its text prefixed "ecssdk: AllInvocations: ",
// when a page answers with a NextToken already used in the same walk,
// req.NextToken included, which would loop for ever.
//
// It is [paging.AllByToken] over DescribeInvocations. It does not retry: a
// throttled page ends it. The client's own retry options
// (openapi.Config's RetryOptions) can retry calls.
func AllInvocations(ctx context.Context, c InvocationsAPI, req *ecs.DescribeInvocationsRequest) iter.Seq2[invocation.Invocation, error] {
	var r ecs.DescribeInvocationsRequest
	if req != nil {
		r = *req
	}
	r.PageNumber, r.PageSize = nil, nil
	fetch := func(ctx context.Context, cur paging.Cursor) (paging.Answer[invocation.Invocation], error) {
		r := r // each call gets its own request
		size := int32(cur.MaxResults)
		r.MaxResults, r.NextToken = &size, present(cur.NextToken)
		resp, err := c.DescribeInvocationsWithContext(ctx, &r, runtime())
		var a paging.Answer[invocation.Invocation]
		if err != nil || resp == nil || resp.Body == nil {
			return a, err
		}
		a.Next = str(resp.Body.NextToken)
		if list := resp.Body.Invocations; list != nil {
			for i, in := range list.Invocation {
				if in == nil {
					continue
				}
				var ts times
				a.Items = append(a.Items, invocationFrom(&ts, fmt.Sprintf("Invocations.Invocation[%d]", i), in))
				a.Errs = append(a.Errs, ts.err())
			}
		}
		return a, nil
	}
	return named("AllInvocations", paging.AllByToken(ctx, start(r.MaxResults, r.NextToken), fetch))
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
	fetch := func(ctx context.Context, cur paging.Cursor) (paging.Answer[invocation.Result], error) {
		r := r
		size := int32(cur.MaxResults)
		r.MaxResults, r.NextToken = &size, present(cur.NextToken)
		resp, err := c.DescribeInvocationResultsWithContext(ctx, &r, runtime())
		var a paging.Answer[invocation.Result]
		if err != nil || resp == nil || resp.Body == nil || resp.Body.Invocation == nil {
			return a, err
		}
		body := resp.Body.Invocation
		a.Next = str(body.NextToken)
		if list := body.InvocationResults; list != nil {
			for i, in := range list.InvocationResult {
				if in == nil {
					continue
				}
				var ts times
				a.Items = append(a.Items, recordFrom(&ts, fmt.Sprintf("Invocation.InvocationResults.InvocationResult[%d]", i), in))
				a.Errs = append(a.Errs, ts.err())
			}
		}
		return a, nil
	}
	return named("AllResults", paging.AllByToken(ctx, start(r.MaxResults, r.NextToken), fetch))
}

// start returns the cursor of a walk's first page: the request's
// NextToken, and its MaxResults or, when it has none, the most a page.
// A MaxResults out of range stays so, for paging.AllByToken to refuse.
func start(maxResults *int32, token *string) paging.Cursor {
	c := paging.Cursor{MaxResults: paging.MaxMaxResults, NextToken: str(token)}
	if maxResults != nil {
		c.MaxResults = int(*maxResults)
	}
	return c
}

// named returns seq, with the error of a repeated NextToken named by op,
// as in "ecssdk: AllInvocations: paging: repeated NextToken ...".
func named[T any](op string, seq iter.Seq2[T, error]) iter.Seq2[T, error] {
	return func(yield func(T, error) bool) {
		for item, err := range seq {
			if errors.Is(err, paging.ErrRepeatedToken) {
				err = fmt.Errorf("ecssdk: %s: %w", op, err)
			}
			if !yield(item, err) {
				return
			}
		}
	}
}
