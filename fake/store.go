package fake

import (
	"crypto/hmac"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"hash/fnv"
	"slices"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// store is the index of a region's invocations that answers
// DescribeInvocations: each invocation's view, ordered and indexed by
// the filters that can be looked up. It is safe for concurrent use. The
// zero store is empty and ready to use; a store must not be copied after
// first use.
//
// Invocations are kept in the API's order: CreationTime, newest first,
// and those with equal or no CreationTime in the order they were first
// put. Their overall statuses, in both families, are always the roll-up of
// their instances, recomputed on every change and never taken from input.
//
// Lookups by InvokeId, CommandId and InstanceId go through indexes, so
// that such a query costs in proportion to its matches; an unfiltered
// query costs in proportion to the page it returns.
type store struct {
	mu    sync.RWMutex
	seq   uint64
	order []*entry // oldest first: the API's order, reversed
	byID  map[string]*entry
	byCmd map[string][]*entry // each in the order's order
	byIns map[string][]*entry
	key   [32]byte // signs NextToken values, drawn on first use
	keyed sync.Once
}

// entry is a stored invocation with its place in the order.
type entry struct {
	inv   invocation.Invocation
	seq   uint64 // when it was first put
	group string // the resource group it was created in
}

// before reports whether a comes before b in the API's order.
func (a *entry) before(b *entry) bool {
	if c := a.inv.CreationTime.Compare(b.inv.CreationTime); c != 0 {
		return c > 0
	}
	return a.seq < b.seq
}

// newStore returns an empty store, as new(store) does.
func newStore() *store { return new(store) }

// tokenKey returns the key that signs the store's tokens, drawing it on
// first use.
func (s *store) tokenKey() []byte {
	s.keyed.Do(func() { rand.Read(s.key[:]) }) // crypto/rand.Read never fails
	return s.key[:]
}

// Len returns the number of stored invocations.
func (s *store) count() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.order)
}

// Get returns a copy of the invocation with InvokeId id.
func (s *store) get(id string) (invocation.Invocation, bool) {
	s.mu.RLock()
	defer s.mu.RUnlock()
	e, ok := s.byID[id]
	if !ok {
		return invocation.Invocation{}, false
	}
	return clone(e.inv), true
}

func clone(inv invocation.Invocation) invocation.Invocation {
	inv.Instances = slices.Clone(inv.Instances)
	return inv
}

// rollup sets inv's overall statuses to the roll-up of its instances: the
// legacy one always (an error if it cannot be had), the current one when
// every instance has a current status, else none.
func rollup(inv *invocation.Invocation) error {
	legacy, err := inv.RollupLegacy()
	if err != nil {
		return err
	}
	inv.InvokeStatus = legacy
	inv.InvocationStatus = ""
	if !slices.ContainsFunc(inv.Instances, func(in invocation.InvokeInstance) bool { return in.InvocationStatus == "" }) {
		if inv.InvocationStatus, err = inv.RollupCurrent(); err != nil {
			return err
		}
	}
	return nil
}

// Put stores a copy of inv, replacing the invocation with the same
// InvokeId, which keeps its place among equal CreationTimes. Its overall
// statuses are recomputed from its instances; an invocation whose legacy
// roll-up fails (no instances, an unknown status) is not stored, and the
// error says why. An empty InvokeId is an error too.
func (s *store) put(inv invocation.Invocation) error { return s.putInGroup("", inv) }

// PutInGroup is Put of an invocation created in the resource group group,
// which queries filter on (ResourceGroupId) and responses do not show.
// CommandContent and Output are kept as plain text; a query asks for them
// in Base64 or plain (Query.ContentEncoding).
func (s *store) putInGroup(group string, inv invocation.Invocation) error {
	if inv.InvokeID == "" {
		return fmt.Errorf("fake: store.put: empty InvokeId")
	}
	inv = clone(inv)
	if err := rollup(&inv); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	seq := s.seq
	if old, ok := s.byID[inv.InvokeID]; ok {
		seq = old.seq
		s.remove(old)
	} else {
		s.seq++
	}
	s.insert(&entry{inv: inv, seq: seq, group: group})
	return nil
}

// Remove deletes the invocation with InvokeId id and reports whether there
// was one.
func (s *store) removeID(id string) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if ok {
		s.remove(e)
	}
	return ok
}

// UpdateInstance sets the statuses of the instance instanceID of the
// invocation id, and recomputes the invocation's overall statuses. An
// empty status leaves that family's status as it was. It reports an error
// if there is no such invocation or instance, or if the new statuses
// leave the invocation without a legacy roll-up (the update is then not
// made).
func (s *store) updateInstance(id, instanceID string, legacy status.Legacy, current status.Current) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok {
		return fmt.Errorf("fake: store.updateInstance: no invocation %q", id)
	}
	i := slices.IndexFunc(e.inv.Instances, func(in invocation.InvokeInstance) bool { return in.InstanceID == instanceID })
	if i < 0 {
		return fmt.Errorf("fake: store.updateInstance: invocation %q has no instance %q", id, instanceID)
	}
	inv := clone(e.inv)
	if legacy != "" {
		inv.Instances[i].InstanceInvokeStatus = legacy
	}
	if current != "" {
		inv.Instances[i].InvocationStatus = current
	}
	if err := rollup(&inv); err != nil {
		return err
	}
	e.inv = inv // the instance list is the same set: the indexes hold
	return nil
}

// insert adds e to the order and the indexes.
func (s *store) insert(e *entry) {
	if s.byID == nil {
		s.byID, s.byCmd, s.byIns = map[string]*entry{}, map[string][]*entry{}, map[string][]*entry{}
	}
	s.order = place(s.order, e)
	s.byID[e.inv.InvokeID] = e
	addTo(s.byCmd, e.inv.CommandID, e)
	for _, in := range e.inv.Instances {
		addTo(s.byIns, in.InstanceID, e)
	}
}

// remove takes e out of the order and the indexes.
func (s *store) remove(e *entry) {
	s.order = displace(s.order, e)
	delete(s.byID, e.inv.InvokeID)
	removeFrom(s.byCmd, e.inv.CommandID, e)
	for _, in := range e.inv.Instances {
		removeFrom(s.byIns, in.InstanceID, e)
	}
}

// place inserts e into list, which is in the API's order reversed: e
// goes after every entry that comes after it in the API's order. New
// invocations are usually the newest, which makes appending the common
// case.
func place(list []*entry, e *entry) []*entry {
	i := len(list)
	if i > 0 && list[i-1].before(e) {
		i = sort.Search(len(list), func(j int) bool { return list[j].before(e) })
	}
	return slices.Insert(list, i, e)
}

// at returns the position of e in list, or -1: it sits just below the
// first entry that comes before it in the API's order (no two compare
// equal, as their sequence numbers differ).
func at(list []*entry, e *entry) int {
	i := sort.Search(len(list), func(j int) bool { return list[j].before(e) }) - 1
	if i >= 0 && list[i] == e {
		return i
	}
	return -1
}

// displace removes e from list.
func displace(list []*entry, e *entry) []*entry {
	if i := at(list, e); i >= 0 {
		return slices.Delete(list, i, i+1)
	}
	return list
}

func addTo(m map[string][]*entry, k string, e *entry) {
	if list := m[k]; at(list, e) < 0 { // not when an instance is named twice
		m[k] = place(list, e)
	}
}

func removeFrom(m map[string][]*entry, k string, e *entry) {
	if list := displace(m[k], e); len(list) == 0 {
		delete(m, k)
	} else {
		m[k] = list
	}
}

// Describe answers q with one page of the stored invocations that match
// it, in the API's order: by page number, or by token when q asks for
// token paging. TotalCount counts every match. The response's RequestID
// is left for the caller.
//
// The zero q.Paging asks for [paging.DefaultPage], so that the zero Query
// asks for the first page of every invocation; any other q.Paging must be
// valid (see [paging.Page.Validate] and [paging.Cursor.Validate]), and an
// invalid one is the *apierror.Error the API answers it with. So is a
// NextToken this store did not issue, or issued for other filters
// (InvalidParameter.NextToken).
//
// A token marks a place in the order, not an offset: walking every page
// while invocations are put and removed returns none twice and skips none
// that was stored for the whole walk.
func (s *store) describe(q *DescribeInvocationsRequest) (invocation.Response, error) {
	switch {
	case q.Paging == paging.Request{}:
		withDefault := *q
		withDefault.Paging.Page = paging.DefaultPage
		q = &withDefault
	case q.Paging.ByToken:
		if err := q.Paging.Cursor.Validate(); err != nil {
			return invocation.Response{}, err
		}
	default:
		if err := q.Paging.Page.Validate(); err != nil {
			return invocation.Response{}, err
		}
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var filter uint64 // tokens only
	if q.Paging.ByToken {
		filter = q.filterHash()
	}
	var after *entry // token paging: return what comes after this place
	if q.Paging.ByToken && q.Paging.Cursor.NextToken != "" {
		var ok bool
		if after, ok = s.parseToken(q.Paging.Cursor.NextToken, filter); !ok {
			return invocation.Response{}, apierror.Invalid(apierror.InvalidParameterNextToken, "NextToken", q.Paging.Cursor.NextToken,
				"a token this server issued for these filters")
		}
	}
	var r invocation.Response
	var page []*entry
	want, skip := q.Paging.Page.Size, q.Paging.Page.Offset()
	if q.Paging.ByToken {
		want, skip = q.Paging.Cursor.MaxResults, 0
	} else {
		r.PageNumber, r.PageSize = q.Paging.Page.Number, q.Paging.Page.Size
	}
	more := false
	list, exact := s.exact(q)
	if exact && !q.Paging.ByToken {
		// Every entry of list matches: the page is found by position.
		r.TotalCount = len(list)
		for j := len(list) - 1 - skip; j >= 0 && len(page) < want; j-- {
			page = append(page, list[j])
		}
	} else {
		s.walk(q, list, exact, after, func(e *entry) bool {
			switch {
			case skip > 0:
				skip--
			case len(page) < want:
				page = append(page, e)
			default:
				more = true
				return false
			}
			return true
		}, &r.TotalCount)
	}
	// The page is a copy: one allocation for the invocations and one for
	// all their instances, each list's capacity ending where it does.
	n := 0
	for _, e := range page {
		n += len(e.inv.Instances)
	}
	if len(page) > 0 {
		r.Invocations = make([]invocation.Invocation, len(page))
	}
	slab := make([]invocation.InvokeInstance, 0, n)
	for i, e := range page {
		r.Invocations[i] = e.inv
		if len(e.inv.Instances) > 0 {
			mark := len(slab)
			slab = append(slab, e.inv.Instances...)
			r.Invocations[i].Instances = slab[mark:len(slab):len(slab)]
		}
		q.present(&r.Invocations[i])
	}
	if q.Paging.ByToken && more && len(page) > 0 {
		r.NextToken = s.token(page[len(page)-1], filter)
	}
	return r, nil
}

// present turns a stored invocation into what q's response shows: content
// and output Base64-encoded unless q asks for plain text, and output only
// when q asks for it. inv's instances are its own copy.
func (q *DescribeInvocationsRequest) present(inv *invocation.Invocation) {
	plain := q.ContentEncoding == PlainText
	if !plain && inv.CommandContent != "" {
		inv.CommandContent = base64.StdEncoding.EncodeToString([]byte(inv.CommandContent))
	}
	for j := range inv.Instances {
		in := &inv.Instances[j]
		switch {
		case !q.IncludeOutput:
			in.Output, in.Dropped = "", invocation.Optional[int32]{}
		case !plain && in.Output != "":
			in.Output = base64.StdEncoding.EncodeToString([]byte(in.Output))
		}
	}
}

// walk calls f with the entries that match q in the API's order, from the
// place after `after` when it is set, until f returns false, and sets
// *total to the number of matches in the whole order. list and exact are
// what s.exact(q) returns.
func (s *store) walk(q *DescribeInvocationsRequest, list []*entry, exact bool, after *entry, f func(e *entry) bool, total *int) {
	if exact {
		// Every entry of list matches: the total is known, and the place
		// after the token is found by binary search.
		*total = len(list)
		end := len(list)
		if after != nil {
			end = sort.Search(len(list), func(j int) bool { return !after.before(list[j]) })
		}
		for j := end - 1; j >= 0 && f(list[j]); j-- {
		}
		return
	}
	for _, e := range slices.Backward(s.candidates(q)) {
		if q.match(e) {
			*total++
			if f != nil && (after == nil || after.before(e)) && !f(e) {
				f = nil // the page is full; go on counting
			}
		}
	}
}

// candidates returns the entries that the most selective index q names
// holds, or every entry, in the API's order reversed.
func (s *store) candidates(q *DescribeInvocationsRequest) []*entry {
	switch {
	case q.InvokeID != "":
		if e, ok := s.byID[q.InvokeID]; ok {
			return []*entry{e}
		}
		return nil
	case q.InstanceID != "":
		return s.byIns[q.InstanceID]
	case q.CommandID != "":
		return s.byCmd[q.CommandID]
	}
	return s.order
}

// exact returns the candidates of q when every one of them matches q:
// when q filters on nothing but what selected them.
func (s *store) exact(q *DescribeInvocationsRequest) ([]*entry, bool) {
	rest := *q
	switch {
	case q.InvokeID != "":
		rest.InvokeID = ""
	case q.InstanceID != "":
		rest.InstanceID = ""
	case q.CommandID != "":
		rest.CommandID = ""
	}
	if !rest.unfiltered() {
		return nil, false
	}
	return s.candidates(q), true
}

// match reports whether e passes q's filters.
func (q *DescribeInvocationsRequest) match(e *entry) bool {
	return (q.ResourceGroupID == "" || e.group == q.ResourceGroupID) && q.Match(&e.inv)
}

// unfiltered reports whether q matches every invocation.
func (q *DescribeInvocationsRequest) unfiltered() bool {
	return q.InvokeID == "" && q.CommandID == "" && q.CommandName == "" && q.CommandType == "" && q.Timed == nil &&
		q.InstanceID == "" && q.InvokeStatus == "" && q.InvocationStatus == "" && q.ResourceGroupID == "" &&
		(q.RepeatMode == "" || q.InstanceID != "") && len(q.Tags) == 0
}

// filterHash identifies q's filters, so that a token is only taken back
// for the filters it was issued for.
func (q *DescribeInvocationsRequest) filterHash() uint64 {
	h := fnv.New64a()
	timed := "-"
	if q.Timed != nil {
		timed = fmt.Sprint(*q.Timed)
	}
	fmt.Fprintf(h, "%q %q %q %q %q %q %q %q %q %q %q", q.RegionID, q.InvokeID, q.CommandID, q.CommandName, q.CommandType,
		timed, q.InstanceID, q.InvokeStatus, q.InvocationStatus, q.ResourceGroupID, q.RepeatMode)
	tags := slices.SortedFunc(slices.Values(q.Tags), func(a, b invocation.Tag) int { return strings.Compare(a.Key, b.Key) })
	for _, t := range tags {
		fmt.Fprintf(h, " %q=%q", t.Key, t.Value)
	}
	return h.Sum64()
}

// A token holds a place in the order (a CreationTime and a sequence
// number), the hash of the filters it was issued for, and a MAC that only
// the issuing store can make.
const (
	tokenBody = 8 + 4 + 8 + 8
	tokenMAC  = 16
)

func (s *store) token(e *entry, filter uint64) string {
	b := make([]byte, tokenBody, tokenBody+sha256.Size)
	binary.BigEndian.PutUint64(b[0:], uint64(e.inv.CreationTime.Unix()))
	binary.BigEndian.PutUint32(b[8:], uint32(e.inv.CreationTime.Nanosecond()))
	binary.BigEndian.PutUint64(b[12:], e.seq)
	binary.BigEndian.PutUint64(b[20:], filter)
	m := hmac.New(sha256.New, s.tokenKey())
	m.Write(b)
	return base64.RawURLEncoding.EncodeToString(m.Sum(b)[:tokenBody+tokenMAC])
}

// parseToken returns the place a token marks, if this store issued it for
// the filters whose hash is filter.
func (s *store) parseToken(tok string, filter uint64) (*entry, bool) {
	b, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil || len(b) != tokenBody+tokenMAC {
		return nil, false
	}
	m := hmac.New(sha256.New, s.tokenKey())
	m.Write(b[:tokenBody])
	if !hmac.Equal(m.Sum(nil)[:tokenMAC], b[tokenBody:]) || binary.BigEndian.Uint64(b[20:]) != filter {
		return nil, false
	}
	t := time.Unix(int64(binary.BigEndian.Uint64(b[0:])), int64(binary.BigEndian.Uint32(b[8:]))).UTC()
	return &entry{inv: invocation.Invocation{CreationTime: t}, seq: binary.BigEndian.Uint64(b[12:])}, true
}
