package fake

import (
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// NextRun is the time the first run of an invocation with the Frequency
// freq is due after t, and whether there is one; an error when freq
// cannot be read.
func NextRun(freq string, t time.Time) (time.Time, bool, error) {
	s, err := parseFrequency(freq)
	if err != nil {
		return time.Time{}, false, err
	}
	next, ok := s.next(t)
	return next, ok, nil
}

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
