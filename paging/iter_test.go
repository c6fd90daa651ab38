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

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/paging"
)

// pageServer serves a list by page number, as a DescribeInvocations server
// does, counting its requests.
type pageServer struct {
	list     []int
	requests int
	before   func(p paging.Page) // runs before each page is cut, to change list
}

func (s *pageServer) fetch(_ context.Context, p paging.Page) ([]int, int, error) {
	s.requests++
	if s.before != nil {
		s.before(p)
	}
	return slices.Clone(paging.Slice(s.list, p)), len(s.list), nil
}

func identity(i int) int { return i }

type result struct {
	item int
	err  error
}

func collect(seq iter.Seq2[int, error]) []result {
	var out []result
	for item, err := range seq {
		out = append(out, result{item, err})
	}
	return out
}

func TestAllByPage(t *testing.T) {
	s := &pageServer{list: []int{1, 2, 3, 4, 5, 6, 7}}
	got := collect(paging.AllByPage(context.Background(), 3, s.fetch, identity))
	require.Equal(t, []result{{1, nil}, {2, nil}, {3, nil}, {4, nil}, {5, nil}, {6, nil}, {7, nil}}, got)
	require.Equal(t, 3, s.requests, "stops after the last page by TotalCount, without asking for an empty one")

	s = &pageServer{list: []int{1, 2, 3, 4, 5, 6}}
	collect(paging.AllByPage(context.Background(), 3, s.fetch, identity))
	require.Equal(t, 2, s.requests, "an exact multiple needs no extra request")

	s = &pageServer{}
	require.Empty(t, collect(paging.AllByPage(context.Background(), 3, s.fetch, identity)))
	require.Equal(t, 1, s.requests)
}

// An item added at the front between two requests pushes the last item of
// page 1 onto page 2: it comes twice, and the second time is reported.
func TestAllByPageReportsDuplicates(t *testing.T) {
	s := &pageServer{list: []int{1, 2, 3, 4}}
	s.before = func(p paging.Page) {
		if p.Number == 2 {
			s.list = slices.Insert(s.list, 0, 0)
		}
	}
	got := collect(paging.AllByPage(context.Background(), 2, s.fetch, identity))
	require.Len(t, got, 5)
	require.Equal(t, []int{1, 2, 2, 3, 4}, []int{got[0].item, got[1].item, got[2].item, got[3].item, got[4].item})
	require.ErrorIs(t, got[2].err, paging.ErrDuplicate)
	require.EqualError(t, got[2].err, "paging: item seen twice: key 2 on page 2, first seen on page 1")
	for _, i := range []int{0, 1, 3, 4} {
		require.NoError(t, got[i].err)
	}
}

func TestAllByPageErrors(t *testing.T) {
	boom := errors.New("boom")
	calls := 0
	failing := func(_ context.Context, p paging.Page) ([]int, int, error) {
		calls++
		if p.Number == 2 {
			return nil, 0, boom
		}
		return []int{1, 2}, 10, nil
	}
	got := collect(paging.AllByPage(context.Background(), 2, failing, identity))
	require.Equal(t, []result{{1, nil}, {2, nil}, {0, boom}}, got, "a fetch error ends the sequence")

	calls = 0
	got = collect(paging.AllByPage(context.Background(), 51, failing, identity))
	require.Len(t, got, 1)
	var apiErr *apierror.Error
	require.True(t, errors.As(got[0].err, &apiErr))
	require.Equal(t, apierror.InvalidParamPageSize, apiErr.Code)
	require.Zero(t, calls, "nothing is fetched for an invalid size")

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	calls = 0
	var items []int
	for item, err := range paging.AllByPage(ctx, 2, failing, identity) {
		if err != nil {
			require.ErrorIs(t, err, context.Canceled)
			break
		}
		items = append(items, item)
		cancel()
	}
	require.Equal(t, []int{1, 2}, items, "the page in hand is finished, the next is not fetched")
	require.Equal(t, 1, calls)

	// Breaking out of the loop stops the fetching.
	calls = 0
	for range paging.AllByPage(context.Background(), 2, failing, identity) {
		break
	}
	require.Equal(t, 1, calls)
	// Breaking out on a reported duplicate stops the sequence there.
	s := &pageServer{list: []int{1, 1, 2}}
	var seen []int
	for item, err := range paging.AllByPage(context.Background(), 5, s.fetch, identity) {
		seen = append(seen, item)
		if errors.Is(err, paging.ErrDuplicate) {
			break
		}
	}
	require.Equal(t, []int{1, 1}, seen)
	require.Equal(t, 1, s.requests)
}

// tokenServer serves a list in token style with tokens that mark a
// position in a stable order (ascending item), as token paging promises: the
// token is the last item returned, and the next page starts after it.
type tokenServer struct {
	list     []int // kept sorted
	requests int
}

func (s *tokenServer) fetch(_ context.Context, c paging.Cursor) ([]int, string, error) {
	s.requests++
	start := 0
	if c.NextToken != "" {
		after, err := strconv.Atoi(c.NextToken)
		if err != nil {
			return nil, "", apierror.New(apierror.InvalidParameterNextToken, "bad token")
		}
		start, _ = slices.BinarySearch(s.list, after+1)
	}
	end := min(start+c.MaxResults, len(s.list))
	page := slices.Clone(s.list[start:end])
	next := ""
	if end < len(s.list) {
		next = strconv.Itoa(s.list[end-1])
	}
	return page, next, nil
}

func TestAllByToken(t *testing.T) {
	s := &tokenServer{list: []int{1, 3, 5, 7, 9}}
	got := collect(paging.AllByToken(context.Background(), 2, s.fetch))
	require.Equal(t, []result{{1, nil}, {3, nil}, {5, nil}, {7, nil}, {9, nil}}, got)
	require.Equal(t, 3, s.requests)
}

func TestAllByTokenErrors(t *testing.T) {
	// A server that sends its client round in a loop: a, b, a.
	tokens := map[string]string{"": "a", "a": "b", "b": "a"}
	loop := func(_ context.Context, c paging.Cursor) ([]int, string, error) {
		return []int{len(c.NextToken)}, tokens[c.NextToken], nil
	}
	got := collect(paging.AllByToken(context.Background(), 10, loop))
	require.Len(t, got, 4)
	require.ErrorIs(t, got[3].err, paging.ErrRepeatedToken)
	require.EqualError(t, got[3].err, `paging: repeated NextToken "a"`)

	boom := errors.New("boom")
	failing := func(context.Context, paging.Cursor) ([]int, string, error) { return nil, "", boom }
	require.Equal(t, []result{{0, boom}}, collect(paging.AllByToken(context.Background(), 10, failing)))

	got = collect(paging.AllByToken(context.Background(), 0, failing))
	var apiErr *apierror.Error
	require.True(t, errors.As(got[0].err, &apiErr))
	require.Equal(t, apierror.InvalidParameterMaxResults, apiErr.Code)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	got = collect(paging.AllByToken(ctx, 10, failing))
	require.Len(t, got, 1)
	require.ErrorIs(t, got[0].err, context.Canceled)

	s := &tokenServer{list: []int{1, 2, 3, 4}}
	for range paging.AllByToken(context.Background(), 2, s.fetch) {
		break
	}
	require.Equal(t, 1, s.requests, "breaking out stops the fetching")
}

// Concatenating every page gives back the list, for every length and page
// size, by Slice, by Pages and through AllByPage.
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

		// Items are indexed so that equal values are distinct items.
		indexed := make([]int, len(list))
		for i := range indexed {
			indexed[i] = i
		}
		s := &pageServer{list: indexed}
		var viaIter []int
		for item, err := range paging.AllByPage(context.Background(), size, s.fetch, identity) {
			require.NoError(t, err)
			viaIter = append(viaIter, list[item])
		}
		require.True(t, slices.Equal(list, viaIter))
	})
}

// iterMachine is a state machine of an iterator walking a server's list
// while the list changes under it, checked against a model: the set of
// items yielded so far and the items that existed for the whole walk.
type iterMachine struct {
	byToken bool
	server  []int // page style: any order; token style: sorted
	next    func() (int, error, bool)
	stop    func()
	done    bool

	nextID     int
	yielded    map[int]bool
	out        []int
	initial    []int
	throughout map[int]bool // in the list from the start, never removed
	mutated    bool
}

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
		seq = paging.AllByToken(context.Background(), size, func(_ context.Context, c paging.Cursor) ([]int, string, error) {
			return (&tokenServer{list: m.server}).fetch(context.Background(), c)
		})
	} else {
		seq = paging.AllByPage(context.Background(), size, func(_ context.Context, p paging.Page) ([]int, int, error) {
			return slices.Clone(paging.Slice(m.server, p)), len(m.server), nil
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
	switch {
	case err == nil:
		require.False(t, m.yielded[item], "item %d yielded twice without an error", item)
	case errors.Is(err, paging.ErrDuplicate):
		require.True(t, m.yielded[item], "item %d reported as a duplicate but not seen before", item)
		require.False(t, m.byToken, "token paging over a stable order never repeats")
	default:
		t.Fatalf("unexpected error %v", err)
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
		require.Equal(t, m.initial, append([]int(nil), m.out...), "an unchanged list is walked in order, whole")
	}
	if m.byToken {
		for v := range m.throughout {
			require.True(t, m.yielded[v], "item %d existed for the whole walk but was skipped", v)
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
