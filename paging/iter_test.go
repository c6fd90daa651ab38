package paging_test

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"
	"strconv"
	"testing"

	"github.com/ecsassist/cloudassistant/apierror"

	"github.com/google/go-cmp/cmp"
	"github.com/google/go-cmp/cmp/cmpopts"
	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/paging"
)

// errBad is the error of an item that the test servers mark bad, as a
// conversion that lost a field of the item would report it.
var errBad = errors.New("bad item")

// itemErrs returns the Errs of an Answer of items: nil when bad is nil or
// no item is bad, else one per item, wrapping errBad for a bad one.
func itemErrs(items []int, bad func(int) bool) []error {
	if bad == nil || !slices.ContainsFunc(items, bad) {
		return nil
	}
	errs := make([]error, len(items))
	for i, v := range items {
		if bad(v) {
			errs[i] = fmt.Errorf("%w %d", errBad, v)
		}
	}
	return errs
}

// pageServer serves a list by page number, as a DescribeInvocations server
// does, counting its requests.
type pageServer struct {
	list     []int
	requests int
	before   func(p paging.Page) // runs before each page is cut, to change list
	bad      func(int) bool      // items that come with an error of their own
}

func (s *pageServer) fetch(_ context.Context, p paging.Page) (paging.Answer[int], error) {
	s.requests++
	if s.before != nil {
		s.before(p)
	}
	items := slices.Clone(paging.Slice(s.list, p))
	return paging.Answer[int]{Items: items, Errs: itemErrs(items, s.bad), Total: len(s.list)}, nil
}

func identity(i int) int { return i }

// result is one pair that an iterator yielded, with its error as text, so
// that cmp can compare it.
type result struct {
	Item int
	Err  string
}

func collect(seq iter.Seq2[int, error]) []result {
	var out []result
	for item, err := range seq {
		r := result{Item: item}
		if err != nil {
			r.Err = err.Error()
		}
		out = append(out, r)
	}
	return out
}

// ok returns the items as results without errors.
func ok(items ...int) []result {
	out := make([]result, len(items))
	for i, v := range items {
		out[i] = result{Item: v}
	}
	return out
}

// lastErr returns the error of the last pair seq yields.
func lastErr(seq iter.Seq2[int, error]) error {
	var last error
	for _, err := range seq {
		last = err
	}
	return last
}

func TestAllByPage(t *testing.T) {
	boom := errors.New("boom")
	even := func(v int) bool { return v%2 == 0 }
	tests := []struct {
		name   string
		server *pageServer
		start  paging.Page
		// fetch, when set, replaces the server's.
		fetch        paging.FetchPage[int]
		want         []result
		wantRequests int
		wantErr      error // errors.Is target, or an *apierror.Error of the code, for the last pair
		reason       string
	}{{
		name:         "every item of every page",
		server:       &pageServer{list: []int{1, 2, 3, 4, 5, 6, 7}},
		start:        paging.Page{Number: 1, Size: 3},
		want:         ok(1, 2, 3, 4, 5, 6, 7),
		wantRequests: 3,
		reason:       "stops after the last page by TotalCount, without asking for an empty one",
	}, {
		name:         "an exact multiple needs no extra request",
		server:       &pageServer{list: []int{1, 2, 3, 4, 5, 6}},
		start:        paging.Page{Number: 1, Size: 3},
		want:         ok(1, 2, 3, 4, 5, 6),
		wantRequests: 2,
	}, {
		name:         "an empty list",
		server:       &pageServer{},
		start:        paging.Page{Number: 1, Size: 3},
		wantRequests: 1,
	}, {
		name:         "from a later page",
		server:       &pageServer{list: []int{1, 2, 3, 4, 5, 6, 7}},
		start:        paging.Page{Number: 2, Size: 3},
		want:         ok(4, 5, 6, 7),
		wantRequests: 2,
	}, {
		name:         "from a page past the end",
		server:       &pageServer{list: []int{1, 2, 3}},
		start:        paging.Page{Number: 5, Size: 3},
		wantRequests: 1,
	}, {
		name:   "items with errors of their own are yielded with them, and the walk goes on",
		server: &pageServer{list: []int{1, 2, 3, 4, 5}, bad: even},
		start:  paging.Page{Number: 1, Size: 2},
		want: []result{{Item: 1}, {Item: 2, Err: "bad item 2"}, {Item: 3}, {Item: 4, Err: "bad item 4"},
			{Item: 5}},
		wantRequests: 3,
		reason:       "the last page has no bad item and so no Errs",
	}, {
		name:  "an error of fetch ends the sequence",
		start: paging.Page{Number: 1, Size: 2},
		fetch: func(_ context.Context, p paging.Page) (paging.Answer[int], error) {
			if p.Number == 2 {
				return paging.Answer[int]{}, boom
			}
			return paging.Answer[int]{Items: []int{1, 2}, Total: 10}, nil
		},
		want:    []result{{Item: 1}, {Item: 2}, {Err: "boom"}},
		wantErr: boom,
	}, {
		name:  "Errs not parallel to Items ends the sequence before the page's items",
		start: paging.Page{Number: 1, Size: 2},
		fetch: func(context.Context, paging.Page) (paging.Answer[int], error) {
			return paging.Answer[int]{Items: []int{1, 2}, Errs: []error{nil}, Total: 10}, nil
		},
		want: []result{{Err: "paging: an answer of 2 items with 1 errors: Errs must be nil or one per item"}},
	}, {
		name:    "a size over MaxPageSize is the API's error, and nothing is fetched",
		server:  &pageServer{list: []int{1}},
		start:   paging.Page{Number: 1, Size: 51},
		want:    []result{{Err: `apierror: InvalidParam.PageSize (HTTP 400): The specified parameter "PageSize" is not valid: "51" is not an integer from 1 to 50.`}},
		wantErr: &apierror.Error{Code: apierror.InvalidParamPageSize},
	}, {
		name:    "page number 0",
		server:  &pageServer{list: []int{1}},
		start:   paging.Page{Size: 10},
		want:    []result{{Err: `apierror: InvalidParam.PageNumber (HTTP 400): The specified parameter "PageNumber" is not valid: "0" is not an integer of at least 1.`}},
		wantErr: &apierror.Error{Code: apierror.InvalidParamPageNumber},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetch := tt.fetch
			if fetch == nil {
				fetch = tt.server.fetch
			}
			seq := paging.AllByPage(context.Background(), tt.start, fetch, identity)
			if diff := cmp.Diff(tt.want, collect(seq), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("AllByPage(%+v) (-want +got):\n%s\n%s", tt.start, diff, tt.reason)
			}
			if tt.fetch == nil {
				require.Equal(t, tt.wantRequests, tt.server.requests, tt.reason)
			}
			checkErr(t, lastErr(seq), tt.wantErr)
		})
	}
}

// checkErr checks the last error of a walk against want: nil for any, an
// *apierror.Error of want's code, or an errors.Is target.
func checkErr(t *testing.T, err, want error) {
	t.Helper()
	var wantAPI *apierror.Error
	switch {
	case want == nil:
	case errors.As(want, &wantAPI):
		var got *apierror.Error
		require.ErrorAs(t, err, &got)
		require.Equal(t, wantAPI.Code, got.Code)
		require.Equal(t, 400, got.HTTPStatus)
	default:
		require.ErrorIs(t, err, want)
	}
}

// An item added at the front between two requests pushes the last item of
// page 1 onto page 2: it comes twice, and the second time is reported,
// joined to the item's own error when it has one.
func TestAllByPageReportsDuplicates(t *testing.T) {
	s := &pageServer{list: []int{1, 2, 3, 4}, bad: func(v int) bool { return v == 2 }}
	s.before = func(p paging.Page) {
		if p.Number == 2 {
			s.list = slices.Insert(s.list, 0, 0)
		}
	}
	var got []result
	var errs []error
	for item, err := range paging.AllByPage(context.Background(), paging.Page{Number: 1, Size: 2}, s.fetch, identity) {
		got = append(got, result{Item: item})
		errs = append(errs, err)
	}
	require.Equal(t, ok(1, 2, 2, 3, 4), got)
	require.ErrorIs(t, errs[1], errBad)
	require.NotErrorIs(t, errs[1], paging.ErrDuplicate)
	require.ErrorIs(t, errs[2], paging.ErrDuplicate)
	require.ErrorIs(t, errs[2], errBad)
	require.EqualError(t, errs[2], "paging: item seen twice: key 2 on page 2, first seen on page 1\nbad item 2")
	for _, i := range []int{0, 3, 4} {
		require.NoError(t, errs[i])
	}

	s = &pageServer{list: []int{1, 1}}
	got = collect(paging.AllByPage(context.Background(), paging.Page{Number: 1, Size: 5}, s.fetch, identity))
	require.Equal(t, []result{{Item: 1}, {Item: 1, Err: "paging: item seen twice: key 1 on page 1, first seen on page 1"}}, got)
}

// The loop decides: breaking out stops the fetching, on an item or on a
// reported duplicate, and a done context ends the walk before the next
// fetch, once the page in hand is finished.
func TestAllByPageStops(t *testing.T) {
	s := &pageServer{list: []int{1, 2, 3, 4, 5}}
	for range paging.AllByPage(context.Background(), paging.Page{Number: 1, Size: 2}, s.fetch, identity) {
		break
	}
	require.Equal(t, 1, s.requests)

	s = &pageServer{list: []int{1, 1, 2}}
	var seen []int
	for item, err := range paging.AllByPage(context.Background(), paging.Page{Number: 1, Size: 5}, s.fetch, identity) {
		seen = append(seen, item)
		if errors.Is(err, paging.ErrDuplicate) {
			break
		}
	}
	require.Equal(t, []int{1, 1}, seen)
	require.Equal(t, 1, s.requests)

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	s = &pageServer{list: []int{1, 2, 3, 4, 5}}
	var items []int
	for item, err := range paging.AllByPage(ctx, paging.Page{Number: 1, Size: 2}, s.fetch, identity) {
		if err != nil {
			require.ErrorIs(t, err, context.Canceled)
			break
		}
		items = append(items, item)
		cancel()
	}
	require.Equal(t, []int{1, 2}, items, "the page in hand is finished, the next is not fetched")
	require.Equal(t, 1, s.requests)
}

// tokenServer serves a sorted list in token style with tokens that mark a
// position in a stable order (ascending item), as the vendor's token
// paging does: the token is the last item returned, and the next page
// starts after it.
type tokenServer struct {
	list     []int // kept sorted
	requests int
	bad      func(int) bool // items that come with an error of their own
}

func (s *tokenServer) fetch(_ context.Context, c paging.Cursor) (paging.Answer[int], error) {
	s.requests++
	start := 0
	if c.NextToken != "" {
		after, err := strconv.Atoi(c.NextToken)
		if err != nil {
			return paging.Answer[int]{}, apierror.New(apierror.InvalidParameterNextToken, "bad token")
		}
		start, _ = slices.BinarySearch(s.list, after+1)
	}
	end := min(start+c.MaxResults, len(s.list))
	a := paging.Answer[int]{Items: slices.Clone(s.list[start:end])}
	a.Errs = itemErrs(a.Items, s.bad)
	if end < len(s.list) {
		a.Next = strconv.Itoa(s.list[end-1])
	}
	return a, nil
}

func TestAllByToken(t *testing.T) {
	boom := errors.New("boom")
	// loop sends its client round in a loop: "" → a → b → a.
	tokens := map[string]string{"": "a", "a": "b", "b": "a"}
	loop := func(_ context.Context, c paging.Cursor) (paging.Answer[int], error) {
		return paging.Answer[int]{Items: []int{len(c.NextToken)}, Next: tokens[c.NextToken]}, nil
	}
	tests := []struct {
		name   string
		server *tokenServer
		start  paging.Cursor
		// fetch, when set, replaces the server's.
		fetch        paging.FetchToken[int]
		want         []result
		wantRequests int
		wantErr      error // errors.Is target, or an *apierror.Error of the code, for the last pair
		reason       string
	}{{
		name:         "every item of every page",
		server:       &tokenServer{list: []int{1, 3, 5, 7, 9}},
		start:        paging.Cursor{MaxResults: 2},
		want:         ok(1, 3, 5, 7, 9),
		wantRequests: 3,
	}, {
		name:         "an empty list",
		server:       &tokenServer{},
		start:        paging.DefaultCursor,
		wantRequests: 1,
	}, {
		name:         "from a start token",
		server:       &tokenServer{list: []int{1, 3, 5, 7, 9}},
		start:        paging.Cursor{MaxResults: 2, NextToken: "3"},
		want:         ok(5, 7, 9),
		wantRequests: 2,
		reason:       "the token marks the item after which the page starts",
	}, {
		name:   "items with errors of their own are yielded with them, and the walk goes on",
		server: &tokenServer{list: []int{1, 2, 3, 4, 5}, bad: func(v int) bool { return v%2 == 0 }},
		start:  paging.Cursor{MaxResults: 2},
		want: []result{{Item: 1}, {Item: 2, Err: "bad item 2"}, {Item: 3}, {Item: 4, Err: "bad item 4"},
			{Item: 5}},
		wantRequests: 3,
	}, {
		name:  "a repeated NextToken ends the walk",
		start: paging.Cursor{MaxResults: 10},
		fetch: loop,
		want: []result{{Item: 0}, {Item: 1}, {Item: 1},
			{Err: `paging: repeated NextToken "a"`}},
		wantErr: paging.ErrRepeatedToken,
	}, {
		name:    "the start token counts as used",
		start:   paging.Cursor{MaxResults: 10, NextToken: "b"},
		fetch:   loop,
		want:    []result{{Item: 1}, {Item: 1}, {Err: `paging: repeated NextToken "b"`}},
		wantErr: paging.ErrRepeatedToken,
		reason:  "b → a → b",
	}, {
		name:  "an error of fetch ends the sequence",
		start: paging.DefaultCursor,
		fetch: func(_ context.Context, c paging.Cursor) (paging.Answer[int], error) {
			if c.NextToken != "" {
				return paging.Answer[int]{}, boom
			}
			return paging.Answer[int]{Items: []int{7}, Next: "x"}, nil
		},
		want:    []result{{Item: 7}, {Err: "boom"}},
		wantErr: boom,
	}, {
		name:   "a token the server did not issue",
		server: &tokenServer{list: []int{1}},
		start:  paging.Cursor{MaxResults: 2, NextToken: "x"},
		want:   []result{{Err: "apierror: InvalidParameter.NextToken (HTTP 400): bad token"}},
		// The server validates the token, not the iterator.
		wantRequests: 1,
		wantErr:      &apierror.Error{Code: apierror.InvalidParameterNextToken},
	}, {
		name:  "Errs not parallel to Items ends the sequence before the page's items",
		start: paging.DefaultCursor,
		fetch: func(context.Context, paging.Cursor) (paging.Answer[int], error) {
			return paging.Answer[int]{Items: []int{1}, Errs: []error{}, Next: "x"}, nil
		},
		want:   []result{{Err: "paging: an answer of 1 items with 0 errors: Errs must be nil or one per item"}},
		reason: "an empty Errs is not nil",
	}, {
		name:    "MaxResults 0 is the API's error, and nothing is fetched",
		server:  &tokenServer{list: []int{1}},
		start:   paging.Cursor{NextToken: "1"},
		want:    []result{{Err: `apierror: InvalidParameter.MaxResults (HTTP 400): The specified parameter "MaxResults" is not valid: "0" is not an integer from 1 to 50.`}},
		wantErr: &apierror.Error{Code: apierror.InvalidParameterMaxResults},
	}, {
		name:    "MaxResults 51",
		server:  &tokenServer{list: []int{1}},
		start:   paging.Cursor{MaxResults: 51},
		want:    []result{{Err: `apierror: InvalidParameter.MaxResults (HTTP 400): The specified parameter "MaxResults" is not valid: "51" is not an integer from 1 to 50.`}},
		wantErr: &apierror.Error{Code: apierror.InvalidParameterMaxResults},
	}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			fetch := tt.fetch
			if fetch == nil {
				fetch = tt.server.fetch
			}
			seq := paging.AllByToken(context.Background(), tt.start, fetch)
			if diff := cmp.Diff(tt.want, collect(seq), cmpopts.EquateEmpty()); diff != "" {
				t.Errorf("AllByToken(%+v) (-want +got):\n%s\n%s", tt.start, diff, tt.reason)
			}
			if tt.fetch == nil {
				require.Equal(t, tt.wantRequests, tt.server.requests, tt.reason)
			}
			checkErr(t, lastErr(seq), tt.wantErr)
		})
	}
}

// The loop decides: breaking out stops the fetching, and a done context
// ends the walk before the next fetch.
func TestAllByTokenStops(t *testing.T) {
	s := &tokenServer{list: []int{1, 2, 3, 4}}
	for range paging.AllByToken(context.Background(), paging.Cursor{MaxResults: 2}, s.fetch) {
		break
	}
	require.Equal(t, 1, s.requests, "breaking out stops the fetching")

	// Breaking out on an item's own error stops the walk there too.
	s = &tokenServer{list: []int{1, 2, 3, 4}, bad: func(v int) bool { return v == 2 }}
	var seen []int
	for item, err := range paging.AllByToken(context.Background(), paging.Cursor{MaxResults: 3}, s.fetch) {
		seen = append(seen, item)
		if err != nil {
			break
		}
	}
	require.Equal(t, []int{1, 2}, seen)
	require.Equal(t, 1, s.requests)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	s = &tokenServer{list: []int{1}}
	got := collect(paging.AllByToken(ctx, paging.DefaultCursor, s.fetch))
	require.Equal(t, []result{{Err: context.Canceled.Error()}}, got)
	require.Zero(t, s.requests)
}

// Concatenating every page gives back the list, for every length and page
// size, by Slice, by Pages and through AllByPage and AllByToken.
func TestConcatenatedPages(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		list := rapid.SliceOfN(rapid.Int(), 0, 200).Draw(t, "list")
		size := rapid.IntRange(1, paging.MaxPageSize).Draw(t, "size")

		var bySlice []int
		p := paging.Page{Number: 1, Size: size}
		for {
			page := paging.Slice(list, p)
			require.LessOrEqual(t, len(page), size)
			bySlice = append(bySlice, page...)
			next, more := p.Next(len(list))
			if !more {
				require.Empty(t, paging.Slice(list, next), "the page after the last is empty")
				break
			}
			require.Len(t, page, size, "only the last page may be short")
			p = next
		}
		require.Equal(t, list, append([]int{}, bySlice...)[:len(list)])
		require.Len(t, bySlice, len(list))

		var byPages []int
		for p, page := range paging.Pages(list, size) {
			require.Equal(t, paging.Slice(list, p), page)
			byPages = append(byPages, page...)
		}
		require.Len(t, byPages, len(list))
		require.True(t, slices.Equal(list, byPages))

		// Items are indexed so that equal values are distinct items, and
		// indexes are sorted, as the token server needs.
		indexed := make([]int, len(list))
		for i := range indexed {
			indexed[i] = i
		}
		ps := &pageServer{list: indexed}
		var viaPages []int
		for item, err := range paging.AllByPage(context.Background(), paging.Page{Number: 1, Size: size}, ps.fetch, identity) {
			require.NoError(t, err)
			viaPages = append(viaPages, list[item])
		}
		require.True(t, slices.Equal(list, viaPages))

		ts := &tokenServer{list: indexed}
		var viaTokens []int
		for item, err := range paging.AllByToken(context.Background(), paging.Cursor{MaxResults: size}, ts.fetch) {
			require.NoError(t, err)
			viaTokens = append(viaTokens, list[item])
		}
		require.True(t, slices.Equal(list, viaTokens))
		require.Equal(t, max(1, (len(list)+size-1)/size), ts.requests, "one request a page, and one for an empty list")
	})
}

// iterMachine is a state machine of an iterator walking a server's list
// from a start page or token while the list changes under it, checked
// against a model: the slice of items as first listed, the set of items
// yielded so far, the items that existed for the whole walk, and which
// items are bad (those divisible by 7, which come with an error of their
// own).
type iterMachine struct {
	byToken bool
	server  []int // page style: any order; token style: sorted
	next    func() (int, error, bool)
	stop    func()
	done    bool

	// after is where the walk starts: page style, the number of items
	// before the start page; token style, the value the start token
	// marks (items above it), or -1 for the first page.
	after int

	nextID     int
	yielded    map[int]bool
	out        []int
	initial    []int
	throughout map[int]bool // in the list from the start, never removed
	mutated    bool
}

func bad(v int) bool { return v%7 == 0 }

func newIterMachine(t *rapid.T, byToken bool) *iterMachine {
	m := &iterMachine{byToken: byToken, yielded: map[int]bool{}, throughout: map[int]bool{}}
	n := rapid.IntRange(0, 30).Draw(t, "n")
	for range n {
		m.insert(t)
	}
	m.mutated = false
	m.initial = slices.Clone(m.server)
	for _, v := range m.server {
		m.throughout[v] = true
	}
	size := rapid.IntRange(1, 6).Draw(t, "size")
	var seq iter.Seq2[int, error]
	if byToken {
		start := paging.Cursor{MaxResults: size}
		m.after = -1
		if rapid.Bool().Draw(t, "from a token") {
			m.after = rapid.IntRange(0, 1_000_000).Draw(t, "token")
			start.NextToken = strconv.Itoa(m.after)
		}
		seq = paging.AllByToken(context.Background(), start, func(_ context.Context, c paging.Cursor) (paging.Answer[int], error) {
			return (&tokenServer{list: m.server, bad: bad}).fetch(context.Background(), c)
		})
	} else {
		start := paging.Page{Number: rapid.IntRange(1, 3).Draw(t, "start page"), Size: size}
		m.after = start.Offset()
		seq = paging.AllByPage(context.Background(), start, func(_ context.Context, p paging.Page) (paging.Answer[int], error) {
			return (&pageServer{list: m.server, bad: bad}).fetch(context.Background(), p)
		}, identity)
	}
	m.next, m.stop = iter.Pull2(seq)
	return m
}

// insert adds a new item: at a random place in page style; in token style
// the list stays sorted, and new items get spread-out values so that they
// land before and after the walk's position.
func (m *iterMachine) insert(t *rapid.T) {
	m.nextID++
	id := m.nextID*1000 + rapid.IntRange(0, 999).Draw(t, "low")
	if m.byToken {
		id = rapid.IntRange(0, 1_000_000).Filter(func(v int) bool { return !slices.Contains(m.server, v) }).Draw(t, "id")
		i, _ := slices.BinarySearch(m.server, id)
		m.server = slices.Insert(m.server, i, id)
	} else {
		i := rapid.IntRange(0, len(m.server)).Draw(t, "at")
		m.server = slices.Insert(m.server, i, id)
	}
	m.mutated = true
}

func (m *iterMachine) Insert(t *rapid.T) { m.insert(t) }

func (m *iterMachine) Remove(t *rapid.T) {
	if len(m.server) == 0 {
		t.Skip("nothing to remove")
	}
	i := rapid.IntRange(0, len(m.server)-1).Draw(t, "i")
	delete(m.throughout, m.server[i])
	m.server = slices.Delete(m.server, i, i+1)
	m.mutated = true
}

func (m *iterMachine) Next(t *rapid.T) {
	if m.done {
		t.Skip("walk over")
	}
	m.step(t)
}

func (m *iterMachine) step(t *rapid.T) {
	item, err, ok := m.next()
	if !ok {
		m.done = true
		return
	}
	require.Equal(t, bad(item), errors.Is(err, errBad), "item %d: error %v", item, err)
	if m.byToken {
		require.Greater(t, item, m.after, "an item at or before the start token")
	}
	if errors.Is(err, paging.ErrDuplicate) {
		require.True(t, m.yielded[item], "item %d reported as a duplicate but not seen before", item)
		require.False(t, m.byToken, "token paging over a stable order never repeats")
	} else {
		require.False(t, m.yielded[item], "item %d yielded twice without ErrDuplicate", item)
		if err != nil && !bad(item) {
			t.Fatalf("unexpected error %v", err)
		}
	}
	m.yielded[item] = true
	m.out = append(m.out, item)
}

// finish walks to the end without further changes and checks the whole
// walk against the model.
func (m *iterMachine) finish(t *rapid.T) {
	for !m.done {
		m.step(t)
	}
	m.stop()
	if !m.mutated {
		var want []int
		if m.byToken {
			for _, v := range m.initial {
				if v > m.after {
					want = append(want, v)
				}
			}
		} else if m.after < len(m.initial) {
			want = m.initial[m.after:]
		}
		require.Equal(t, want, append([]int(nil), m.out...), "an unchanged list is walked in order, whole, from the start")
	}
	if m.byToken {
		for v := range m.throughout {
			if v > m.after {
				require.True(t, m.yielded[v], "item %d existed for the whole walk but was skipped", v)
			}
		}
	}
}

func TestIteratorStateMachine(t *testing.T) {
	for _, byToken := range []bool{false, true} {
		t.Run(fmt.Sprintf("byToken=%v", byToken), func(t *testing.T) {
			rapid.Check(t, func(t *rapid.T) {
				m := newIterMachine(t, byToken)
				t.Repeat(map[string]func(*rapid.T){
					"Insert": m.Insert,
					"Remove": m.Remove,
					"Next":   m.Next,
					"":       func(*rapid.T) {},
				})
				m.finish(t)
			})
		})
	}
}
