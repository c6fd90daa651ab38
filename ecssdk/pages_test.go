package ecssdk_test

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/ecssdk"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
)

// lister serves a list of n items in token style, as both Describe
// operations do: the token "at-N" marks item N. It keeps a copy of every
// request.
type lister struct {
	n int
	// next, when set, overrides the NextToken of the page from item from.
	next func(from int) string
	// badTime, when set, is the StartTime of the item of this index.
	badTime map[int]string
	// failAt answers the request for the page from this item with an
	// error, when set.
	failAt *int

	invocationRequests []ecs.DescribeInvocationsRequest
	resultRequests     []ecs.DescribeInvocationResultsRequest
}

var errDown = errors.New("the service is down")

// page returns the bounds of the page that maxResults and token ask for,
// and its NextToken.
func (l *lister) page(maxResults *int32, token *string) (from, to int, next string, err error) {
	if t := dara.StringValue(token); t != "" {
		if from, err = strconv.Atoi(strings.TrimPrefix(t, "at-")); err != nil {
			return 0, 0, "", fmt.Errorf("a token the lister did not issue: %q", t)
		}
	}
	if l.failAt != nil && *l.failAt == from {
		return 0, 0, "", errDown
	}
	size := 10
	if maxResults != nil {
		size = int(*maxResults)
	}
	to = min(from+size, l.n)
	if to < l.n {
		next = fmt.Sprintf("at-%d", to)
	}
	if l.next != nil {
		next = l.next(from)
	}
	return from, to, next, nil
}

func (l *lister) DescribeInvocationsWithContext(_ context.Context, req *ecs.DescribeInvocationsRequest, _ *dara.RuntimeOptions) (*ecs.DescribeInvocationsResponse, error) {
	l.invocationRequests = append(l.invocationRequests, *req)
	from, to, next, err := l.page(req.MaxResults, req.NextToken)
	if err != nil {
		return nil, err
	}
	body := &ecs.DescribeInvocationsResponseBody{
		TotalCount: dara.Int64(int64(l.n)), NextToken: dara.String(next),
		Invocations: &ecs.DescribeInvocationsResponseBodyInvocations{},
	}
	for i := from; i < to; i++ {
		body.Invocations.Invocation = append(body.Invocations.Invocation, &ecs.DescribeInvocationsResponseBodyInvocationsInvocation{
			InvokeId: dara.String(fmt.Sprintf("t-%d", i)), CreationTime: badOr(l.badTime[i]),
		})
	}
	return &ecs.DescribeInvocationsResponse{Body: body}, nil
}

func (l *lister) DescribeInvocationResultsWithContext(_ context.Context, req *ecs.DescribeInvocationResultsRequest, _ *dara.RuntimeOptions) (*ecs.DescribeInvocationResultsResponse, error) {
	l.resultRequests = append(l.resultRequests, *req)
	from, to, next, err := l.page(req.MaxResults, req.NextToken)
	if err != nil {
		return nil, err
	}
	list := &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResults{}
	for i := from; i < to; i++ {
		list.InvocationResult = append(list.InvocationResult, &ecs.DescribeInvocationResultsResponseBodyInvocationInvocationResultsInvocationResult{
			InstanceId: dara.String(fmt.Sprintf("i-%d", i)), StartTime: badOr(l.badTime[i]),
		})
	}
	return &ecs.DescribeInvocationResultsResponse{Body: &ecs.DescribeInvocationResultsResponseBody{
		Invocation: &ecs.DescribeInvocationResultsResponseBodyInvocation{
			TotalCount: dara.Int64(int64(l.n)), NextToken: dara.String(next), InvocationResults: list,
		},
	}}, nil
}

// badOr returns a pointer to text, or nil for "".
func badOr(text string) *string {
	if text == "" {
		return nil
	}
	return &text
}

// item is what a walk yielded: an id, and the error's text if any.
type item struct {
	ID  string
	Err string
}

// walkAll collects what seq yields, and returns the last error.
func walkAll[T any](seq func(yield func(T, error) bool), id func(T) string) (got []item, last error) {
	for v, err := range seq {
		it := item{ID: id(v)}
		if err != nil {
			it.Err, last = err.Error(), err
		}
		got = append(got, it)
	}
	return got, last
}

// ids returns the items prefix-from to prefix-(to-1), without errors.
func ids(prefix string, from, to int) []item {
	var list []item
	for i := from; i < to; i++ {
		list = append(list, item{ID: fmt.Sprintf("%s%d", prefix, i)})
	}
	return list
}

func TestAllInvocations(t *testing.T) {
	five := int32(5)
	two := 2
	tests := []struct {
		name string
		l    *lister
		req  *ecs.DescribeInvocationsRequest
		want []item
		// wantTokens are the NextTokens of the requests made, and
		// wantMax their MaxResults.
		wantTokens []string
		wantMax    int32
		wantErr    error
	}{{
		name:       "every item of every page",
		l:          &lister{n: 12},
		req:        &ecs.DescribeInvocationsRequest{RegionId: dara.String("cn-hangzhou"), MaxResults: &five},
		want:       ids("t-", 0, 12),
		wantTokens: []string{"", "at-5", "at-10"},
		wantMax:    5,
	}, {
		name:       "without MaxResults, the most a page",
		l:          &lister{n: 60},
		req:        &ecs.DescribeInvocationsRequest{PageNumber: dara.Int64(3), PageSize: dara.Int64(7)},
		want:       ids("t-", 0, 60),
		wantTokens: []string{"", "at-50"},
		wantMax:    50,
	}, {
		name:       "a nil request is an empty one",
		l:          &lister{n: 3},
		want:       ids("t-", 0, 3),
		wantTokens: []string{""},
		wantMax:    50,
	}, {
		name:       "from the request's NextToken",
		l:          &lister{n: 12},
		req:        &ecs.DescribeInvocationsRequest{MaxResults: &five, NextToken: dara.String("at-4")},
		want:       ids("t-", 4, 12),
		wantTokens: []string{"at-4", "at-9"},
		wantMax:    5,
	}, {
		name:       "no items",
		l:          &lister{},
		want:       nil,
		wantTokens: []string{""},
		wantMax:    50,
	}, {
		name: "a repeated NextToken ends the walk",
		l:    &lister{n: 12, next: func(int) string { return "at-5" }},
		req:  &ecs.DescribeInvocationsRequest{MaxResults: &five},
		want: append(ids("t-", 0, 10),
			item{Err: `ecssdk: AllInvocations: paging: repeated NextToken "at-5"`}),
		wantTokens: []string{"", "at-5"},
		wantMax:    5,
		wantErr:    paging.ErrRepeatedToken,
	}, {
		name: "the request's own NextToken counts as used",
		l:    &lister{n: 12, next: func(int) string { return "at-5" }},
		req:  &ecs.DescribeInvocationsRequest{MaxResults: &five, NextToken: dara.String("at-5")},
		want: append(ids("t-", 5, 10),
			item{Err: `ecssdk: AllInvocations: paging: repeated NextToken "at-5"`}),
		wantTokens: []string{"at-5"},
		wantMax:    5,
		wantErr:    paging.ErrRepeatedToken,
	}, {
		name:       "an error of the client ends the walk",
		l:          &lister{n: 12, failAt: &two},
		req:        &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(2)},
		want:       append(ids("t-", 0, 2), item{Err: errDown.Error()}),
		wantTokens: []string{"", "at-2"},
		wantMax:    2,
		wantErr:    errDown,
	}, {
		name: "a bad time comes with its item, and the walk goes on",
		l:    &lister{n: 4, badTime: map[int]string{1: "noon"}},
		req:  &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(3)},
		want: []item{{ID: "t-0"},
			{ID: "t-1", Err: `ecssdk: time not in the layout 2006-01-02T15:04:05Z: Invocations.Invocation[1].CreationTime "noon"`},
			{ID: "t-2"}, {ID: "t-3"}},
		wantTokens: []string{"", "at-3"},
		wantMax:    3,
	}, {
		name:    "MaxResults 0 is the API's error, and nothing is fetched",
		l:       &lister{n: 3},
		req:     &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(0)},
		want:    []item{{Err: `apierror: InvalidParameter.MaxResults (HTTP 400): The specified parameter "MaxResults" is not valid: "0" is not an integer from 1 to 50.`}},
		wantErr: &apierror.Error{Code: apierror.InvalidParameterMaxResults},
	}, {
		name:    "MaxResults 51",
		l:       &lister{n: 3},
		req:     &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(51)},
		want:    []item{{Err: `apierror: InvalidParameter.MaxResults (HTTP 400): The specified parameter "MaxResults" is not valid: "51" is not an integer from 1 to 50.`}},
		wantErr: &apierror.Error{Code: apierror.InvalidParameterMaxResults},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var before ecs.DescribeInvocationsRequest
			if tt.req != nil {
				before = *tt.req
			}
			got, lastErr := walkAll(ecssdk.AllInvocations(context.Background(), tt.l, tt.req),
				func(inv invocation.Invocation) string { return inv.InvokeID })
			if diff := cmp.Diff(tt.want, got); diff != "" {
				t.Errorf("AllInvocations (-want +got):\n%s", diff)
			}
			checkWalkErr(t, lastErr, tt.wantErr)

			var tokens []string
			for _, r := range tt.l.invocationRequests {
				tokens = append(tokens, dara.StringValue(r.NextToken))
				require.Equal(t, tt.wantMax, dara.Int32Value(r.MaxResults))
				require.Nil(t, r.PageNumber)
				require.Nil(t, r.PageSize)
			}
			require.Equal(t, tt.wantTokens, tokens)
			if tt.req != nil {
				require.Equal(t, before, *tt.req, "AllInvocations changed the request")
			}
		})
	}
}

// checkWalkErr checks the last error of a walk against want: nil, an
// *apierror.Error of want's code, or an errors.Is target.
func checkWalkErr(t *testing.T, err, want error) {
	t.Helper()
	var wantAPI *apierror.Error
	switch {
	case want == nil:
		var timeErr *ecssdk.TimeError
		if !errors.As(err, &timeErr) {
			require.NoError(t, err)
		}
	case errors.As(want, &wantAPI):
		var got *apierror.Error
		require.ErrorAs(t, err, &got)
		require.Equal(t, wantAPI.Code, got.Code)
	default:
		require.ErrorIs(t, err, want)
	}
}

func TestAllResults(t *testing.T) {
	l := &lister{n: 7, badTime: map[int]string{6: "2019-12-20"}}
	req := &ecs.DescribeInvocationResultsRequest{InvokeId: dara.String("t-1"), MaxResults: dara.Int32(3), PageSize: dara.Int64(4)}
	before := *req
	got, _ := walkAll(ecssdk.AllResults(context.Background(), l, req), func(r invocation.Result) string { return r.InstanceID })
	want := append(ids("i-", 0, 6), item{ID: "i-6",
		Err: `ecssdk: time not in the layout 2006-01-02T15:04:05Z: Invocation.InvocationResults.InvocationResult[0].StartTime "2019-12-20"`})
	if diff := cmp.Diff(want, got); diff != "" {
		t.Errorf("AllResults (-want +got):\n%s", diff)
	}
	require.Equal(t, before, *req, "AllResults changed the request")
	var tokens []string
	for _, r := range l.resultRequests {
		tokens = append(tokens, dara.StringValue(r.NextToken))
		require.Equal(t, "t-1", dara.StringValue(r.InvokeId))
		require.Nil(t, r.PageSize)
	}
	require.Equal(t, []string{"", "at-3", "at-6"}, tokens)

	// A repeated token, and the end of a walk at an error.
	l = &lister{n: 9, next: func(int) string { return "at-3" }}
	got, last := walkAll(ecssdk.AllResults(context.Background(), l, &ecs.DescribeInvocationResultsRequest{MaxResults: dara.Int32(3)}),
		func(r invocation.Result) string { return r.InstanceID })
	require.Equal(t, append(ids("i-", 0, 6), item{Err: `ecssdk: AllResults: paging: repeated NextToken "at-3"`}), got)
	require.ErrorIs(t, last, paging.ErrRepeatedToken)

	l = &lister{n: 9}
	got, _ = walkAll(ecssdk.AllResults(context.Background(), l, nil), func(r invocation.Result) string { return r.InstanceID })
	require.Equal(t, ids("i-", 0, 9), got)
	require.Equal(t, int32(paging.MaxMaxResults), dara.Int32Value(l.resultRequests[0].MaxResults))

	got, last = walkAll(ecssdk.AllResults(context.Background(), &lister{n: 9, failAt: new(int)}, nil),
		func(r invocation.Result) string { return r.InstanceID })
	require.Equal(t, []item{{Err: errDown.Error()}}, got)
	require.ErrorIs(t, last, errDown)
}

// A loop that stops early stops the fetching; a done context ends the
// walk before the next fetch.
func TestAllInvocationsStops(t *testing.T) {
	l := &lister{n: 100}
	n := 0
	for _, err := range ecssdk.AllInvocations(context.Background(), l, &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(10)}) {
		require.NoError(t, err)
		if n++; n == 15 {
			break
		}
	}
	require.Len(t, l.invocationRequests, 2)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	l = &lister{n: 100}
	n = 0
	var last error
	for _, err := range ecssdk.AllInvocations(ctx, l, &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(10)}) {
		last = err
		if n++; n == 5 {
			cancel()
		}
	}
	require.ErrorIs(t, last, context.Canceled)
	require.Equal(t, 11, n, "ten items, then the context's error")
	require.Len(t, l.invocationRequests, 1)
}

// The pages of a walk, put together, are the whole list, in order, for
// any length and page size.
func TestAllInvocationsConcatenated(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		n := rapid.IntRange(0, 200).Draw(t, "n")
		size := rapid.IntRange(1, paging.MaxMaxResults).Draw(t, "MaxResults")
		l := &lister{n: n}
		got, _ := walkAll(ecssdk.AllInvocations(context.Background(), l, &ecs.DescribeInvocationsRequest{MaxResults: dara.Int32(int32(size))}),
			func(inv invocation.Invocation) string { return inv.InvokeID })
		if diff := cmp.Diff(ids("t-", 0, n), got); diff != "" {
			t.Fatalf("(-want +got):\n%s", diff)
		}
		require.Len(t, l.invocationRequests, max(1, (n+size-1)/size))
	})
}
