package index

import (
	"fmt"
	"slices"

	"github.com/ecsassist/cloudassistant/invocation"
)

// PutLive stores inv in the resource group group, as PutInGroup does, for
// a service that keeps it up to date: inv.Instances is not copied but
// shared with the caller, which changes it only under a lock that also
// covers every Describe of this Store, and calls PutLive again after each
// change so that the overall statuses are rolled up anew. An invocation
// already stored is replaced in place: its CommandId, CreationTime and
// instances must be those it was stored with, so that the indexes hold.
func (s *Store) PutLive(group string, inv invocation.Invocation) error {
	if inv.InvokeID == "" {
		return fmt.Errorf("index: Store.PutLive: empty InvokeId")
	}
	if err := Rollup(&inv); err != nil {
		return err
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if e, ok := s.byID[inv.InvokeID]; ok {
		e.inv = inv
		return nil
	}
	s.insert(&entry{inv: inv, seq: s.seq, group: group})
	s.seq++
	return nil
}

// RemoveLive removes the invocation id as Remove does, for a service
// that drops the oldest invocations to keep within its retention limits:
// an entry near the old end of a list is cut out by moving the entries
// before it, not the many after it, so that dropping the oldest costs
// little however many are stored.
func (s *Store) RemoveLive(id string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	e, ok := s.byID[id]
	if !ok {
		return
	}
	s.order = cut(s.order, e)
	delete(s.byID, id)
	cutFrom(s.byCmd, e.inv.CommandID, e)
	for _, in := range e.inv.Instances {
		cutFrom(s.byIns, in.InstanceID, e)
	}
}

// cut removes e from list, moving the shorter part of the list.
func cut(list []*entry, e *entry) []*entry {
	i := at(list, e)
	switch {
	case i < 0:
		return list
	case i < len(list)/2:
		copy(list[1:i+1], list[:i])
		list[0] = nil
		return list[1:]
	}
	return slices.Delete(list, i, i+1)
}

func cutFrom(m map[string][]*entry, k string, e *entry) {
	if list := cut(m[k], e); len(list) == 0 {
		delete(m, k)
	} else {
		m[k] = list
	}
}
