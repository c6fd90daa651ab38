package fake

import (
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// Store is the index of invocations that answers DescribeInvocations for
// a region, exported for its tests.
type Store = store

// Query is a DescribeInvocations request, as the store's tests name it.
type Query = DescribeInvocationsRequest

func NewStore() *Store { return newStore(nil) }

func (s *store) Put(inv invocation.Invocation) error { return s.put(inv) }
func (s *store) PutInGroup(group string, inv invocation.Invocation) error {
	return s.putInGroup(group, inv)
}
func (s *store) Remove(id string) bool                          { return s.removeID(id) }
func (s *store) Get(id string) (invocation.Invocation, bool)    { return s.get(id) }
func (s *store) Len() int                                       { return s.count() }
func (s *store) Describe(q *Query) (invocation.Response, error) { return s.describe(q) }
func (s *store) UpdateInstance(id, instanceID string, legacy status.Legacy, current status.Current) error {
	return s.updateInstance(id, instanceID, legacy, current)
}
