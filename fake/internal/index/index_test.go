package index_test

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// mk returns an invocation whose instances have the given legacy statuses
// and, when the statuses are current ones too, those.
func mk(id string, created int, statuses ...status.Legacy) invocation.Invocation {
	inv := invocation.Invocation{InvokeID: id, CommandID: "c-" + id, CommandName: "n", CommandType: invocation.RunShellScript}
	if created > 0 {
		inv.CreationTime = time.Unix(int64(created), 0).UTC()
	}
	for i, s := range statuses {
		inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: fmt.Sprintf("i-%s-%d", id, i), InstanceInvokeStatus: s})
	}
	return inv
}

func ids(r invocation.Response) []string {
	var out []string
	for _, inv := range r.Invocations {
		out = append(out, inv.InvokeID)
	}
	return out
}

// tester is what query needs of a *testing.T or a *rapid.T.
type tester interface {
	Helper()
	require.TestingT
}

// query reads a Query from URL parameters as a DescribeInvocations
// request names them: the paging as paging.Parse reads it, and the few
// filters these tests use. Any other parameter fails the test.
func query(t tester, params string) index.Query {
	t.Helper()
	v, err := url.ParseQuery(params)
	require.NoError(t, err)
	q := index.Query{RegionID: "cn-hangzhou"}
	q.Paging, err = paging.Parse(v)
	require.NoError(t, err)
	for name := range v {
		switch x := v.Get(name); name {
		case "PageNumber", "PageSize", "MaxResults", "NextToken":
		case "InvokeId":
			q.InvokeID = x
		case "CommandId":
			q.CommandID = x
		case "InstanceId":
			q.InstanceID = x
		case "Timed":
			timed := x == "true"
			q.Timed = &timed
		case "InvokeStatus":
			q.InvokeStatus = status.ParseLegacy(x)
		default:
			require.Failf(t, "query", "no such parameter %q", name)
		}
	}
	return q
}

func TestStoreBasics(t *testing.T) {
	s := index.New(nil)
	inv := mk("t-1", 0, status.LegacyFinished, status.LegacyFailed)
	inv.InvokeStatus = status.LegacyRunning // wrong: recomputed
	inv.InvocationStatus = status.CurrentSuccess
	require.NoError(t, s.Put(inv))
	got, ok := s.Get("t-1")
	require.True(t, ok)
	require.Equal(t, status.LegacyPartialFailed, got.InvokeStatus, "the overall status is the roll-up, never the input's")
	require.Empty(t, got.InvocationStatus, "no current roll-up without current instance statuses")
	got.Instances[0].InstanceID = "changed"
	again, _ := s.Get("t-1")
	require.Equal(t, "i-t-1-0", again.Instances[0].InstanceID, "Get returns a copy")

	require.NoError(t, s.UpdateInstance("t-1", "i-t-1-1", status.LegacyFinished, ""))
	got, _ = s.Get("t-1")
	require.Equal(t, status.LegacyFinished, got.InvokeStatus)

	// Current statuses on every instance give a current roll-up.
	require.NoError(t, s.UpdateInstance("t-1", "i-t-1-0", "", status.CurrentSuccess))
	got, _ = s.Get("t-1")
	require.Empty(t, got.InvocationStatus)
	require.NoError(t, s.UpdateInstance("t-1", "i-t-1-1", "", status.CurrentTimeout))
	got, _ = s.Get("t-1")
	require.Equal(t, status.CurrentPartialFailed, got.InvocationStatus)

	err := s.UpdateInstance("t-1", "i-t-1-1", "Exploded", "")
	require.ErrorIs(t, err, status.ErrUnknown)
	got, _ = s.Get("t-1")
	require.Equal(t, status.LegacyFinished, got.Instances[1].InstanceInvokeStatus, "a failed update changes nothing")

	require.EqualError(t, s.UpdateInstance("t-9", "i", "", ""), `index: Store.UpdateInstance: no invocation "t-9"`)
	require.EqualError(t, s.UpdateInstance("t-1", "i-9", "", ""), `index: Store.UpdateInstance: invocation "t-1" has no instance "i-9"`)
	require.EqualError(t, s.Put(invocation.Invocation{}), "index: Store.Put: empty InvokeId")
	require.ErrorIs(t, s.Put(mk("t-2", 0)), status.ErrNoInstances)
	require.ErrorIs(t, s.Put(mk("t-2", 0, "Exploded")), status.ErrUnknown)
	inv = mk("t-3", 0, status.LegacyRunning)
	inv.Instances[0].InvocationStatus = "Weird"
	require.ErrorIs(t, s.Put(inv), status.ErrUnknown, "an unknown current status is refused too")
	require.Equal(t, 1, s.Len())

	require.True(t, s.Remove("t-1"))
	require.False(t, s.Remove("t-1"))
	_, ok = s.Get("t-1")
	require.False(t, ok)
	require.Zero(t, s.Len())
}

// The API's order: CreationTime newest first, ties and missing times in
// the order first put; a replaced invocation keeps its place.
func TestStoreOrder(t *testing.T) {
	s := index.New(nil)
	for _, inv := range []invocation.Invocation{
		mk("a", 0, "Running"), mk("b", 200, "Running"), mk("c", 100, "Running"), mk("d", 200, "Running"),
		mk("e", 0, "Running"), mk("f", 300, "Running"),
	} {
		require.NoError(t, s.Put(inv))
	}
	r, err := s.Describe(ptr(query(t, "PageSize=50")))
	require.NoError(t, err)
	require.Equal(t, []string{"f", "b", "d", "c", "a", "e"}, ids(r))
	require.NoError(t, s.Put(mk("b", 200, "Stopped")))
	require.NoError(t, s.Put(mk("a", 0, "Stopped")))
	r, _ = s.Describe(ptr(query(t, "PageSize=50")))
	require.Equal(t, []string{"f", "b", "d", "c", "a", "e"}, ids(r), "replacing keeps the place")
	require.NoError(t, s.Put(mk("a", 400, "Stopped")))
	r, _ = s.Describe(ptr(query(t, "PageSize=50")))
	require.Equal(t, []string{"a", "f", "b", "d", "c", "e"}, ids(r), "a new CreationTime moves it")
}

func TestStoreDescribe(t *testing.T) {
	s := index.New(nil)
	for i := range 25 {
		inv := mk(fmt.Sprintf("t-%02d", i), 1000+i, status.LegacyFinished)
		inv.Timed = i%2 == 0
		inv.CommandID = fmt.Sprintf("c-%d", i%3)
		inv.Instances = append(inv.Instances, invocation.InvokeInstance{InstanceID: "i-shared", InstanceInvokeStatus: status.LegacyRunning})
		require.NoError(t, s.Put(inv))
	}
	tests := []struct {
		params    string
		wantIDs   []string
		wantTotal int
	}{
		{"PageSize=3", []string{"t-24", "t-23", "t-22"}, 25},
		{"PageSize=10&PageNumber=3", []string{"t-04", "t-03", "t-02", "t-01", "t-00"}, 25},
		{"PageSize=10&PageNumber=4", nil, 25},
		{"InvokeId=t-07", []string{"t-07"}, 1},
		{"InvokeId=t-99", nil, 0},
		{"CommandId=c-1&PageSize=3", []string{"t-22", "t-19", "t-16"}, 8},
		{"InstanceId=i-t-05-0", []string{"t-05"}, 1},
		{"InstanceId=i-shared&PageSize=2&PageNumber=2", []string{"t-22", "t-21"}, 25},
		{"Timed=true&PageSize=2", []string{"t-24", "t-22"}, 13},
		{"Timed=false&CommandId=c-0&PageSize=50", []string{"t-21", "t-15", "t-09", "t-03"}, 4},
		{"InvokeStatus=Finished&PageSize=50", nil, 0},
		{"InvokeStatus=running&Timed=true&PageSize=1", []string{"t-24"}, 13},
	}
	for _, tt := range tests {
		r, err := s.Describe(ptr(query(t, tt.params)))
		require.NoError(t, err, tt.params)
		require.Equal(t, tt.wantTotal, r.TotalCount, tt.params)
		if len(tt.wantIDs) == 0 {
			require.Empty(t, r.Invocations, tt.params)
		} else {
			require.Equal(t, tt.wantIDs, ids(r), tt.params)
		}
		q := query(t, tt.params)
		if !q.Paging.ByToken {
			require.Equal(t, [2]int{q.Paging.Page.Number, q.Paging.Page.Size}, [2]int{r.PageNumber, r.PageSize}, "echoed")
		}
	}
}

// walkTokens walks every page of q by token and returns the ids in order.
func walkTokens(t *testing.T, s *index.Store, q index.Query) []string {
	t.Helper()
	var out []string
	start := paging.Cursor{MaxResults: q.Paging.Cursor.MaxResults}
	for item, err := range paging.AllByToken(context.Background(), start, func(_ context.Context, c paging.Cursor) (paging.Answer[invocation.Invocation], error) {
		q.Paging = paging.Request{ByToken: true, Cursor: c}
		r, err := s.Describe(&q)
		return paging.Answer[invocation.Invocation]{Items: r.Invocations, Next: r.NextToken}, err
	}) {
		require.NoError(t, err)
		out = append(out, item.InvokeID)
	}
	return out
}

func TestStoreTokens(t *testing.T) {
	s := index.New(nil)
	for i := range 23 {
		inv := mk(fmt.Sprintf("t-%02d", i), 1000+i/3, status.LegacyFinished) // ties: insertion order
		inv.Timed = i%2 == 1
		require.NoError(t, s.Put(inv))
	}
	r, err := s.Describe(ptr(query(t, "PageSize=50")))
	require.NoError(t, err)
	want := ids(r)
	require.Len(t, want, 23)
	for _, n := range []int{1, 4, 23, 50} {
		q := query(t, fmt.Sprintf("MaxResults=%d", n))
		require.Equal(t, want, walkTokens(t, s, q), "MaxResults=%d", n)
	}
	q := query(t, "MaxResults=5&Timed=true")
	got := walkTokens(t, s, q)
	require.Len(t, got, 11)

	// A token is refused for other filters, by another store, or forged.
	r, err = s.Describe(ptr(query(t, "MaxResults=5")))
	require.NoError(t, err)
	require.NotEmpty(t, r.NextToken)
	require.Equal(t, 23, r.TotalCount)
	for _, q := range []index.Query{
		query(t, "NextToken="+r.NextToken+"&Timed=true"),
		query(t, "NextToken="+tamper(r.NextToken)),
		query(t, "NextToken=not-a-token"),
		query(t, "NextToken=%00"),
	} {
		_, err := s.Describe(&q)
		var apiErr *apierror.Error
		require.True(t, errors.As(err, &apiErr), "%v", err)
		require.Equal(t, apierror.InvalidParameterNextToken, apiErr.Code)
		require.Equal(t, 400, apiErr.HTTPStatus)
	}
	other := index.New(nil)
	require.NoError(t, other.Put(mk("x", 0, "Running")))
	_, err = other.Describe(ptr(query(t, "NextToken="+r.NextToken)))
	require.Error(t, err, "another store's token")
	_, err = s.Describe(ptr(query(t, "NextToken="+r.NextToken)))
	require.NoError(t, err, "the store's own token, for the same filters")
}

// tokenMachine walks a store by token while invocations are put and
// removed, against a model: the ids stored for the whole walk must all
// come, and none may come twice.
type tokenMachine struct {
	s          *index.Store
	next       int
	stored     map[string]bool
	throughout map[string]bool
	seen       map[string]bool
	q          index.Query
	done       bool
	started    bool
}

func (m *tokenMachine) put(t *rapid.T) {
	m.next++
	id := fmt.Sprintf("t-%04d", m.next)
	created := rapid.IntRange(0, 20).Draw(t, "created") // many ties, some missing
	require.NoError(t, m.s.Put(mk(id, created, status.LegacyRunning)))
	m.stored[id] = true
}

func (m *tokenMachine) Put(t *rapid.T) { m.put(t) }

func (m *tokenMachine) Remove(t *rapid.T) {
	if len(m.stored) == 0 {
		t.Skip("empty")
	}
	keys := make([]string, 0, len(m.stored))
	for k := range m.stored {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	id := rapid.SampledFrom(keys).Draw(t, "id")
	require.True(t, m.s.Remove(id))
	delete(m.stored, id)
	delete(m.throughout, id)
}

func (m *tokenMachine) Page(t *rapid.T) {
	if m.done {
		t.Skip("walk over")
	}
	if !m.started {
		m.started = true
		for id := range m.stored {
			m.throughout[id] = true
		}
	}
	r, err := m.s.Describe(&m.q)
	require.NoError(t, err)
	for _, inv := range r.Invocations {
		require.False(t, m.seen[inv.InvokeID], "%s returned twice", inv.InvokeID)
		m.seen[inv.InvokeID] = true
	}
	require.Equal(t, len(m.stored), r.TotalCount)
	if r.NextToken == "" {
		m.done = true
		for id := range m.throughout {
			require.True(t, m.seen[id], "%s was stored for the whole walk but skipped", id)
		}
		return
	}
	m.q.Paging.Cursor.NextToken = r.NextToken
}

func TestStoreTokenWalkIsStable(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := &tokenMachine{s: index.New(nil), stored: map[string]bool{}, throughout: map[string]bool{}, seen: map[string]bool{}}
		for range rapid.IntRange(0, 30).Draw(t, "initial") {
			m.put(t)
		}
		m.q = index.Query{Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: rapid.IntRange(1, 5).Draw(t, "max")}}}
		t.Repeat(map[string]func(*rapid.T){"Put": m.Put, "Remove": m.Remove, "Page": m.Page})
	})
}

// Describe agrees with a model: a sorted copy of everything, filtered and
// cut.
func TestStoreDescribeModel(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		s := index.New(nil)
		var model []invocation.Invocation
		n := rapid.IntRange(0, 40).Draw(t, "n")
		for i := range n {
			inv := mk(fmt.Sprintf("t-%03d", i), rapid.IntRange(0, 10).Draw(t, "created"),
				rapid.SampledFrom([]status.Legacy{"Running", "Finished", "Failed", "Stopped"}).Draw(t, "status"))
			inv.Timed = rapid.Bool().Draw(t, "timed")
			inv.CommandID = rapid.SampledFrom([]string{"c-a", "c-b"}).Draw(t, "cmd")
			inv.Instances[0].InstanceID = rapid.SampledFrom([]string{"i-x", "i-y", "i-z"}).Draw(t, "instance")
			require.NoError(t, s.Put(inv))
			stored, _ := s.Get(inv.InvokeID)
			model = append(model, stored)
		}
		slices.SortStableFunc(model, func(a, b invocation.Invocation) int { return b.CreationTime.Compare(a.CreationTime) })
		params := rapid.SampledFrom([]string{"", "Timed=true", "CommandId=c-a", "InstanceId=i-y", "InvokeStatus=Finished",
			"CommandId=c-b&Timed=false", "InvokeId=t-003"}).Draw(t, "filter")
		page := fmt.Sprintf("PageNumber=%d&PageSize=%d", rapid.IntRange(1, 5).Draw(t, "page"), rapid.IntRange(1, 7).Draw(t, "size"))
		q := query(t, params+"&"+page)
		var matches []string
		for i := range model {
			if q.Match(&model[i]) {
				matches = append(matches, model[i].InvokeID)
			}
		}
		r, err := s.Describe(&q)
		require.NoError(t, err)
		require.Equal(t, len(matches), r.TotalCount)
		want := paging.Slice(matches, q.Paging.Page)
		require.True(t, slices.Equal(want, ids(r)), "want %v, got %v", want, ids(r))
	})
}

// Concurrent writers and readers, under -race: no lost update.
func TestStoreConcurrent(t *testing.T) {
	s := index.New(nil)
	var wg sync.WaitGroup
	for w := range 4 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range 200 {
				id := fmt.Sprintf("t-%d-%d", w, i)
				if err := s.Put(mk(id, i, status.LegacyRunning)); err != nil {
					t.Error(err)
					return
				}
				if err := s.UpdateInstance(id, "i-"+id+"-0", status.LegacyFinished, ""); err != nil {
					t.Error(err)
					return
				}
			}
		}()
		wg.Add(1)
		go func() {
			defer wg.Done()
			q := query(t, "PageSize=50&InvokeStatus=Running")
			for range 200 {
				if _, err := s.Describe(&q); err != nil {
					t.Error(err)
					return
				}
			}
		}()
	}
	wg.Wait()
	r, err := s.Describe(ptr(query(t, "InvokeStatus=Finished")))
	require.NoError(t, err)
	require.Equal(t, 800, r.TotalCount, "every update kept")
}

// tamper changes a character in the middle of a token, whatever it was
// (the last one may carry only padding bits).
func tamper(tok string) string {
	b := []byte(tok)
	i := len(b) / 2
	if b[i] == 'A' {
		b[i] = 'B'
	} else {
		b[i] = 'A'
	}
	return string(b)
}

// The zero Store is an empty store, ready to use, tokens included.
func TestStoreZero(t *testing.T) {
	var s index.Store
	r, err := s.Describe(ptr(query(t, "MaxResults=2")))
	require.NoError(t, err)
	require.Zero(t, r.TotalCount)
	_, ok := s.Get("t-1")
	require.False(t, ok)
	require.False(t, s.Remove("t-1"))
	require.Error(t, s.UpdateInstance("t-1", "i-1", status.LegacyFinished, ""))
	for i := range 5 {
		require.NoError(t, s.Put(mk(fmt.Sprintf("t-%d", i), 0, status.LegacyRunning)))
	}
	var got []string
	token := ""
	for range 5 {
		r, err := s.Describe(ptr(query(t, "MaxResults=2&NextToken="+url.QueryEscape(token))))
		require.NoError(t, err)
		got = append(got, ids(r)...)
		if token = r.NextToken; token == "" {
			break
		}
	}
	require.Equal(t, []string{"t-0", "t-1", "t-2", "t-3", "t-4"}, got)
	_, err = index.New(nil).Describe(ptr(query(t, "MaxResults=2&NextToken="+url.QueryEscape(r.NextToken))))
	require.NoError(t, err)
}

// A Query's zero Paging asks for the default page; any other Paging must
// be valid, as the paging package says, and an invalid one is the error
// the API answers it with.
func TestStoreDescribeZeroQuery(t *testing.T) {
	s := index.New(nil)
	for i := range 12 {
		require.NoError(t, s.Put(mk(fmt.Sprintf("t-%02d", i), 0, status.LegacyRunning)))
	}
	r, err := s.Describe(&index.Query{})
	require.NoError(t, err)
	require.Equal(t, 12, r.TotalCount)
	require.Len(t, r.Invocations, paging.DefaultPageSize)
	require.Equal(t, 1, r.PageNumber)
	require.Equal(t, paging.DefaultPageSize, r.PageSize)

	for _, tt := range []struct {
		name   string
		paging paging.Request
		want   apierror.Code
	}{
		{"page number 0", paging.Request{Page: paging.Page{Size: 5}}, apierror.InvalidParamPageNumber},
		{"page size 0", paging.Request{Page: paging.Page{Number: 1}}, apierror.InvalidParamPageSize},
		{"page size 51", paging.Request{Page: paging.Page{Number: 1, Size: 51}}, apierror.InvalidParamPageSize},
		{"negative page", paging.Request{Page: paging.Page{Number: -1, Size: 5}}, apierror.InvalidParamPageNumber},
		{"zero cursor", paging.Request{ByToken: true}, apierror.InvalidParameterMaxResults},
		{"cursor over 50", paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: 51}}, apierror.InvalidParameterMaxResults},
	} {
		_, err := s.Describe(&index.Query{Paging: tt.paging})
		var apiErr *apierror.Error
		require.True(t, errors.As(err, &apiErr), "%s: %v", tt.name, err)
		require.Equal(t, tt.want, apiErr.Code, tt.name)
	}
}
func ptr[T any](v T) *T { return &v }
