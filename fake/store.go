package fake

import (
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/ecsassist/cloudassistant/internal/listing"
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
// Invocations are kept in the API's order: CreationTime in seconds, as
// the API shows it, newest first, and those of the same second or with no
// CreationTime in the order they were first put. Their overall statuses,
// in both families, are always the roll-up of their instances, recomputed
// on every change and never taken from input.
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
	key   *listing.Key // seals NextToken values: the service's, or own
	own   listing.Key  // drawn on first use when key is nil
	keyed sync.Once
}

// entry is a stored invocation with its place in the order.
type entry struct {
	inv   invocation.Invocation
	seq   uint64 // when it was first put
	group string // the resource group it was created in
}

// pos returns the place of e in the API's order.
func (e *entry) pos() listing.Position {
	return listing.Position{Created: e.inv.CreationTime.Unix(), Order: e.seq}
}

// before reports whether a comes before b in the API's order: by
// CreationTime in seconds, as the API shows it, then in the order they
// were first put.
func (a *entry) before(b *entry) bool { return a.pos().Before(b.pos()) }

// newStore returns an empty store whose tokens key seals: the key of
// the service that holds it, or, when key is nil, one of the store's own,
// drawn on first use, as the zero store does.
func newStore(key *listing.Key) *store { return &store{key: key} }

// sealer returns the key that seals the store's tokens.
func (s *store) sealer() *listing.Key {
	if s.key != nil {
		return s.key
	}
	s.keyed.Do(func() { rand.Read(s.own[:]) }) // crypto/rand.Read never fails
	return &s.own
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
// (InvalidParameter.NextToken): the filters are every field but the
// paging, ContentEncoding and IncludeOutput, and the order of the tags
// does not count, so that a token stays valid when only those change.
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
	var print listing.Sum // tokens only
	if q.Paging.ByToken {
		print = q.fingerprint()
	}
	pg, err := pager(s.sealer(), q.Paging, print)
	if err != nil {
		return invocation.Response{}, err
	}
	s.mu.RLock()
	defer s.mu.RUnlock()
	var r invocation.Response
	var page []*entry
	if !q.Paging.ByToken {
		r.PageNumber, r.PageSize = q.Paging.Page.Number, q.Paging.Page.Size
	}
	list, exact := s.exact(q)
	switch {
	case exact && !q.Paging.ByToken:
		// Every entry of list matches: the page is found by position.
		r.TotalCount = len(list)
		want := q.Paging.Page.Size
		for j := len(list) - 1 - q.Paging.Page.Offset(); j >= 0 && len(page) < want; j-- {
			page = append(page, list[j])
		}
	case exact:
		// Every entry of list matches: the total is known, and the place
		// after the token is found by binary search.
		r.TotalCount = len(list)
		end := len(list)
		if after, ok := pg.After(); ok {
			end = sort.Search(len(list), func(j int) bool { return !after.Before(list[j].pos()) })
		}
		for j := end - 1; j >= 0 && !pg.More(); j-- {
			if pg.Take(list[j].pos()) {
				page = append(page, list[j])
			}
		}
	default:
		for _, e := range slices.Backward(s.candidates(q)) {
			if q.match(e) && pg.Take(e.pos()) {
				page = append(page, e)
			}
		}
		r.TotalCount = pg.Total()
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
	r.NextToken = pg.Next()
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

// fingerprint identifies q's filters, so that a token is only taken
// back for the filters it was issued for: every field but the paging,
// ContentEncoding and IncludeOutput, which only change how the answer is
// shown.
func (q *DescribeInvocationsRequest) fingerprint() listing.Sum {
	f := listing.NewFingerprint("DescribeInvocations")
	f.String("RegionId", q.RegionID)
	f.String("InvokeId", q.InvokeID)
	f.String("CommandId", q.CommandID)
	f.String("CommandName", q.CommandName)
	f.String("CommandType", string(q.CommandType))
	f.OptionalBool("Timed", q.Timed)
	f.String("InstanceId", q.InstanceID)
	f.String("InvokeStatus", string(q.InvokeStatus))
	f.String("InvocationStatus", string(q.InvocationStatus))
	f.String("ResourceGroupId", q.ResourceGroupID)
	f.String("RepeatMode", string(q.RepeatMode))
	f.Tags("Tag", q.Tags)
	return f.Sum()
}
