// Package index provides the index of a region's invocations that
// answers DescribeInvocations in the fake service: each invocation's
// view, ordered and indexed by the filters that can be looked up, with
// its overall statuses rolled up from its instances, and pages of it by
// page number or by sealed token.
//
// A [Store] keeps the invocations in the API's order: CreationTime in
// seconds, as the API shows it, newest first, and those of the same
// second or with no CreationTime in the order they were first put. Their
// overall statuses, in both families, are always the roll-up of their
// instances, recomputed on every change and never taken from input.
//
// Lookups by InvokeId, CommandId and InstanceId go through indexes, so
// that such a query costs in proportion to its matches; an unfiltered
// query costs in proportion to the page it returns.
//
// A [Query] is what the index needs of a DescribeInvocations request: its
// filters, its paging and how the answer shows content and output.
// [Store.Describe] answers it with one page, by page number or by token;
// a token marks a place in the order, sealed with a key and bound to the
// query's filters ([Query.Fingerprint]), so that a walk by token while
// invocations come and go returns none twice and skips none that stayed.
// [Query.Match] is the filters' test of one invocation, and [HasTags] the
// tag test that other listings share; [NewPager] starts a page of any
// listing, with the API's answer to a token it did not issue; [Rollup]
// is the roll-up of overall statuses that a Store applies, for views
// shown without being stored.
//
// A Store is written in two ways. [Store.Put], [Store.PutInGroup],
// [Store.Remove] and [Store.UpdateInstance] keep their own copies of
// what they are given; [Store.PutLive] and [Store.RemoveLive] serve a
// service that keeps every view up to date under a lock of its own and
// drops the oldest invocations to keep within its limits.
package index

import (
	"crypto/rand"
	"fmt"
	"slices"
	"sort"
	"sync"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Store is the index of a region's invocations that answers
// DescribeInvocations: each invocation's view, ordered and indexed by
// the filters that can be looked up. It is safe for concurrent use. The
// zero Store is empty and ready to use, with a token key of its own drawn
// on first use; a Store must not be copied after first use.
type Store struct {
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

// New returns an empty Store whose tokens key seals: the key of the
// service that holds it, or, when key is nil, one of the Store's own,
// drawn on first use, as the zero Store does.
func New(key *listing.Key) *Store { return &Store{key: key} }

// sealer returns the key that seals the store's tokens.
func (s *Store) sealer() *listing.Key {
	if s.key != nil {
		return s.key
	}
	s.keyed.Do(func() { rand.Read(s.own[:]) }) // crypto/rand.Read never fails
	return &s.own
}

// Len returns the number of stored invocations.
func (s *Store) Len() int {
	s.mu.RLock()
	defer s.mu.RUnlock()
	return len(s.order)
}

// Get returns a copy of the invocation with InvokeId id.
func (s *Store) Get(id string) (invocation.Invocation, bool) {
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

// Rollup sets inv's overall statuses to the roll-up of its instances, as
// a Store does to every invocation it is given: the legacy one always (an
// error if it cannot be had), the current one when every instance has a
// current status, else none.
func Rollup(inv *invocation.Invocation) error {
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
func (s *Store) Put(inv invocation.Invocation) error { return s.put("Put", "", inv) }

// PutInGroup is Put of an invocation created in the resource group group,
// which queries filter on (ResourceGroupID) and responses do not show.
// CommandContent and Output are kept as plain text; a query asks for them
// in Base64 or plain (Query.PlainText).
func (s *Store) PutInGroup(group string, inv invocation.Invocation) error {
	return s.put("PutInGroup", group, inv)
}

// put is Put and PutInGroup, which name themselves in errors as op.
func (s *Store) put(op, group string, inv invocation.Invocation) error {
	if inv.InvokeID == "" {
		return fmt.Errorf("index: Store.%s: empty InvokeId", op)
	}
	inv = clone(inv)
	if err := Rollup(&inv); err != nil {
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
func (s *Store) Remove(id string) bool {
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
func (s *Store) UpdateInstance(id, instanceID string, legacy status.Legacy, current status.Current) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok {
		return fmt.Errorf("index: Store.UpdateInstance: no invocation %q", id)
	}
	i := slices.IndexFunc(e.inv.Instances, func(in invocation.InvokeInstance) bool { return in.InstanceID == instanceID })
	if i < 0 {
		return fmt.Errorf("index: Store.UpdateInstance: invocation %q has no instance %q", id, instanceID)
	}
	inv := clone(e.inv)
	if legacy != "" {
		inv.Instances[i].InstanceInvokeStatus = legacy
	}
	if current != "" {
		inv.Instances[i].InvocationStatus = current
	}
	if err := Rollup(&inv); err != nil {
		return err
	}
	e.inv = inv // the instance list is the same set: the indexes hold
	return nil
}

// insert adds e to the order and the indexes.
func (s *Store) insert(e *entry) {
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
func (s *Store) remove(e *entry) {
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
