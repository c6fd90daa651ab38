package fake

import (
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// InstanceChange adds an instance to the fleet, or changes one: the
// members that are set change, the others stay as they are (for a new
// instance, as the zero Instance has them: a running Linux instance with
// a running agent). OS, Status and Agent are read in any case, as a
// fleet file's are. Tags, when not nil, replace the instance's tags.
type InstanceChange struct {
	InstanceID      string `json:"InstanceId"`
	OS              *OS
	Status          *InstanceStatus
	Agent           *AgentStatus
	ResourceGroupID *string `json:"ResourceGroupId"`
	Tags            map[string]string
}

// ChangeInstances adds instances to the fleet, or changes the ones it
// names, at the service's current instant, and returns the whole fleet.
// Every change is checked before any is made: a malformed InstanceId, an
// instance named twice, or an OS, Status or Agent that names nothing is
// an error that names the change by its index, and nothing changes.
//
// The change takes effect as the vendor's service would see it:
//
//   - a new instance, or one that runs again, takes runs at once:
//     later runs are delivered, and a run still Pending on it (waiting to
//     be aborted) is delivered a second after the change;
//   - on an instance that stops, or whose agent stops, nothing more is
//     delivered: a run still Pending is Aborted a minute after it became
//     Pending (InstanceNotRunning or ClientNotRunning), as one created
//     on such an instance is;
//   - a run that is Running on an instance that stops, or whose agent
//     stops, ends at once as Failed with ErrorCode ExecutionInterrupted
//     and its FinishTime the moment of the change (decision: the vendor
//     documents the code, not when it is given); a periodic invocation
//     schedules its next run as after any run, which is aborted in turn
//     if the instance is still down by then.
//
// A service made without a fleet (Config.Instances nil) stays open to
// every other well-formed instance id, as a running Linux instance; the
// instances named here join its fleet with their own settings. The work
// grows with the executions the service keeps.
func (s *Service) ChangeInstances(changes []InstanceChange) ([]Instance, error) {
	now := s.begin()
	defer s.end()
	s.changed()
	next := make([]Instance, len(changes))
	seen := make(map[string]bool, len(changes))
	for i, c := range changes {
		if !validInstanceID(c.InstanceID) {
			return nil, fmt.Errorf("fake: ChangeInstances: change %d: InstanceId %q is not \"i-\" and 1 to 62 letters or digits", i, c.InstanceID)
		}
		if seen[c.InstanceID] {
			return nil, fmt.Errorf("fake: ChangeInstances: change %d: InstanceId %q is given twice", i, c.InstanceID)
		}
		seen[c.InstanceID] = true
		in := Instance{InstanceID: c.InstanceID, OS: Linux, Status: InstanceRunning, Agent: AgentRunning}
		if old, ok := s.fleet[c.InstanceID]; ok {
			in = *old
			in.Tags = maps.Clone(old.Tags)
		}
		if c.OS != nil {
			in.OS = *c.OS
		}
		if c.Status != nil {
			in.Status = *c.Status
		}
		if c.Agent != nil {
			in.Agent = *c.Agent
		}
		if c.ResourceGroupID != nil {
			in.ResourceGroupID = *c.ResourceGroupID
		}
		if c.Tags != nil {
			in.Tags = maps.Clone(c.Tags)
		}
		checked, err := fleetIndex([]Instance{in})
		if err != nil {
			return nil, fmt.Errorf("fake: ChangeInstances: change %d: %w", i, err)
		}
		next[i] = *checked[in.InstanceID]
	}
	for i := range next {
		s.changeInstance(next[i], now)
	}
	s.record(now, Call{ChangeInstances: slices.Clone(changes)})
	return s.instances(), nil
}

// Instances returns the fleet: every instance named by Config.Instances
// or ChangeInstances, as it is now, in the order they were first named.
func (s *Service) Instances() []Instance {
	s.begin()
	defer s.end()
	return s.instances()
}

func (s *Service) instances() []Instance {
	out := make([]Instance, 0, len(s.order))
	for _, id := range s.order {
		in := *s.fleet[id]
		in.Tags = maps.Clone(in.Tags)
		out = append(out, in)
	}
	return out
}

// changeInstance makes the fleet's instance in.InstanceID what in says,
// at now, with the effects on its executions that ChangeInstances states.
func (s *Service) changeInstance(in Instance, now time.Time) {
	p, ok := s.fleet[in.InstanceID]
	if ok {
		*p = in
	} else {
		p = &in
		s.fleet[in.InstanceID] = p
		s.order = append(s.order, in.InstanceID)
	}
	reachable := p.notRunning() == ""
	for _, l := range s.invs {
		for i := range l.execs {
			e := &l.execs[i]
			if e.done || l.view.Instances[i].InstanceID != in.InstanceID {
				continue
			}
			e.inst = p // executions made when the id was a default instance
			switch {
			case e.event == evDeliver && !reachable:
				s.arm(e, evAbort, e.due.Add(-deliveryDelay).Add(abortAfter))
			case e.event == evAbort && reachable:
				s.arm(e, evDeliver, now.Add(deliveryDelay))
			case e.event == evEnd && !reachable:
				s.disarm(e)
				e.end = ending{status: status.CurrentFailed, errorCode: invocation.ExecutionInterrupted,
					errorInfo: errorInfo[invocation.ExecutionInterrupted]}
				s.endRun(e, now)
			}
		}
	}
}
