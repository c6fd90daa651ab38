package fake

import (
	"fmt"
	"slices"
	"time"

	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
)

// Load adds inv to the service as an invocation made before the service
// started, such as one read from a fixture file (the server's -data):
// a snapshot that never changes. It is served in every region the service
// allows, by DescribeInvocations and by DescribeInvocationResults (one
// record per instance, as for any invocation), in the API's order by its
// own CreationTime; StopInvocation finds it and changes nothing, as for an
// invocation that has ended. Its CommandId names no command of
// DescribeCommands, and retention never drops it: a loaded invocation is
// kept for the life of the service, and does not count against
// Config.MaxInvocations.
//
// Its overall statuses are rolled up from its instances. An invocation
// that has no roll-up (no InvokeId, no instances, a status that is
// unknown) is refused with the error of the roll-up, and
// so are one that lists an instance twice (it would have two records for
// one instance) and an InvokeId that the service knows already.
func (s *Service) Load(inv invocation.Invocation) error { return s.LoadInGroup("", inv) }

// LoadInGroup is Load, with the invocation in the resource group group:
// the group that the ResourceGroupId filters of DescribeInvocations and
// DescribeInvocationResults match. The invocation model carries no
// resource group, as DescribeInvocations prints none.
func (s *Service) LoadInGroup(group string, inv invocation.Invocation) error {
	s.begin()
	defer s.end()
	s.changed()
	switch id := inv.InvokeID; {
	case id == "":
		return fmt.Errorf("fake: Service.Load: empty InvokeId")
	case s.loadedID[id] || s.invs[id] != nil:
		return fmt.Errorf("fake: Service.Load: InvokeId %q is taken", id)
	}
	for i, in := range inv.Instances {
		if slices.ContainsFunc(inv.Instances[:i], func(x invocation.InvokeInstance) bool { return x.InstanceID == in.InstanceID }) {
			return fmt.Errorf("fake: Service.Load: %s lists the instance %q twice", inv.InvokeID, in.InstanceID)
		}
	}
	inv = clone(inv)
	if err := index.Rollup(&inv); err != nil {
		return fmt.Errorf("fake: Service.Load: %s: %w", inv.InvokeID, err)
	}
	if s.loadedID == nil {
		s.loadedID = map[string]bool{}
	}
	s.loadedID[inv.InvokeID] = true
	s.loaded = append(s.loaded, loadedInvocation{group, inv})
	for _, r := range s.regions {
		s.place(r, s.loaded[len(s.loaded)-1])
	}
	return nil
}

// loadedInvocation is an invocation given to Load, and its resource
// group.
type loadedInvocation struct {
	group string
	inv   invocation.Invocation
}

// place makes the region r's copy of the loaded invocation inv: an
// invocation whose executions have all ended.
func (s *Service) place(r *region, li loadedInvocation) {
	inv := li.inv
	l := &live{view: clone(inv), seq: s.nextSeq(), region: r, group: li.group}
	l.execs = make([]exec, len(inv.Instances))
	for i := range l.execs {
		l.execs[i] = exec{inv: l, i: i, inst: defaultInstance, at: -1, done: true}
	}
	r.loaded[inv.InvokeID] = l
	r.index(l)
	if err := r.store.PutLive(li.group, l.view); err != nil {
		panic(fmt.Sprintf("fake: the loaded %s has no roll-up: %v", inv.InvokeID, err))
	}
}

// index adds l to the region's lists of invocations.
func (r *region) index(l *live) {
	r.invs.Add(l)
	r.records += len(l.execs)
	for _, in := range l.view.Instances {
		list := r.byIns[in.InstanceID]
		if list == nil {
			list = &listing.List[*live]{}
			r.byIns[in.InstanceID] = list
		}
		list.Add(l)
	}
}

// lookup returns the invocation id of the region r, made by the service
// or loaded, or nil.
func (s *Service) lookup(r *region, id string) *live {
	if l := s.invs[id]; l != nil && l.region == r {
		return l
	}
	return r.loaded[id]
}

// Now returns the service's time: its clock's, in whole seconds, and
// never earlier than a time the service has seen. Like every operation, it
// first applies the transitions due by then.
func (s *Service) Now() time.Time {
	now := s.begin()
	defer s.end()
	return now
}

// Clock returns the clock the service reads: Config.Clock, or RealClock.
func (s *Service) Clock() Clock { return s.clock }

// Regions returns the region ids that requests may name. Each call returns
// a new slice.
func (s *Service) Regions() []string { return slices.Clone(s.allowed) }

// NextTransition returns the instant of the soonest transition the
// service has due, after its current time: when a run is delivered,
// ends, or a periodic one is due again. It reports false when nothing is
// due, as when every execution has ended or waits for a reboot. Moving a
// virtual clock to that instant (VirtualClock.Set) applies that
// transition, and any other due at the same instant, at the next call.
func (s *Service) NextTransition() (time.Time, bool) {
	s.begin()
	defer s.end()
	if len(s.queue) == 0 {
		return time.Time{}, false
	}
	return s.queue[0].due, true
}

// clone returns a copy of inv whose instances are its own.
func clone(inv invocation.Invocation) invocation.Invocation {
	inv.Instances = slices.Clone(inv.Instances)
	return inv
}
