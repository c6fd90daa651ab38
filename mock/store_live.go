package mock

import (
	"fmt"

	"github.com/ecsassist/cloudassistant/invocation"
)

// putLive stores inv in the resource group group, as PutInGroup does, for
// a Service that keeps it up to date: inv.Instances is not copied but
// shared with the caller, which changes it only under a lock that also
// covers every Describe of this store, and calls putLive again after each
// change so that the overall statuses are rolled up anew. An invocation
// already stored is replaced in place: its CommandId, CreationTime and
// instances must be those it was stored with, so that the indexes hold.
func (s *Store) putLive(group string, inv invocation.Invocation) error {
	if inv.InvokeID == "" {
		return fmt.Errorf("mock: Store.putLive: empty InvokeId")
	}
	if err := rollup(&inv); err != nil {
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
