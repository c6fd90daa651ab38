package fake

import (
	"cmp"
	"slices"
	"time"

	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// maxTransitions is how many transitions an execution keeps: a periodic
// one that runs for long keeps its latest.
const maxTransitions = 1000

// transitionStatuses are the statuses a transition packs, by index.
var transitionStatuses = status.CurrentValues()

// packTransition packs st at t into a word: the Unix seconds of t above
// the index of st in transitionStatuses.
func packTransition(st status.Current, t time.Time) uint64 {
	i := slices.Index(transitionStatuses, st)
	if i < 0 {
		i = 0xFF // not a status the fake gives
	}
	return uint64(t.Unix())<<8 | uint64(i)
}

// unpackTransition is the transition that packTransition packed.
func unpackTransition(w uint64) Transition {
	var st status.Current
	if i := int(w & 0xFF); i < len(transitionStatuses) {
		st = transitionStatuses[i]
	}
	return Transition{Status: st, Time: time.Unix(int64(w>>8), 0).UTC()}
}

// Transition is a status an execution took, and when.
type Transition struct {
	Status status.Current
	Time   time.Time
}

// State is the whole state of a service at an instant, as a test looks at
// it between calls (fakehttp serves it as GET /_mock/state). Lists are
// in the order their items were made, and never nil (JSON readers get
// [], and an instance's Tags {}). It is a copy: changing it changes
// nothing.
type State struct {
	Now            time.Time // the service's time
	Clock          string    // "virtual" for a *VirtualClock, else "real"
	NextTransition time.Time `json:",omitzero"` // as Service.NextTransition: the zero time when nothing is due
	Instances      []Instance
	Commands       []CommandState
	Invocations    []InvocationState
}

// CommandState is a command the service keeps: what DescribeCommands
// shows of it, with CommandContent in plain text, and its region.
type CommandState struct {
	RegionID string `json:"RegionId"`
	Command
}

// InvocationState is an invocation the service keeps, made by a call or
// loaded from a fixture, with its executions.
type InvocationState struct {
	InvokeID         string `json:"InvokeId"`
	CommandID        string `json:"CommandId"`
	CommandName      string
	RegionID         string         `json:"RegionId"`
	ResourceGroupID  string         `json:"ResourceGroupId"`
	InvocationStatus status.Current // the current overall status, rolled up
	InvokeStatus     status.Legacy  // the legacy overall status, rolled up
	CommandType      invocation.CommandType
	RepeatMode       invocation.RepeatMode
	Frequency        string
	Timed            bool
	CreationTime     time.Time
	Loaded           bool // given with Load: it never changes
	Executions       []ExecutionState
}

// ExecutionState is the execution of an invocation on one instance: its
// status now, and every status it has had (the last 1,000 of a periodic
// one), oldest first. A loaded invocation's executions have no
// transitions. OutputStart is the start of the latest run's output (see
// MaxOutputStart), for a reader that wants to know what the run said
// without asking DescribeInvocationResults. Runs are a periodic
// execution's runs, oldest first: those that ended within the
// retention period, and always the latest; other executions have none.
type ExecutionState struct {
	InstanceID       string `json:"InstanceId"`
	InvocationStatus status.Current
	Repeats          int32
	ExitCode         *int64 `json:",omitempty"` // absent until a run ends with one
	ErrorCode        invocation.ErrorCode
	StartTime        time.Time `json:",omitzero"`
	FinishTime       time.Time `json:",omitzero"`
	StopTime         time.Time `json:",omitzero"`
	OutputStart      string    `json:",omitempty"`
	Transitions      []Transition
	Runs             []RunState `json:",omitempty"`
}

// RunState is one run of a periodic execution: its number (1, 2, …, as
// Repeats counts), its status, its times, and how it ended once it has.
type RunState struct {
	Run         int32
	Status      status.Current
	StartTime   time.Time            `json:",omitzero"`
	FinishTime  time.Time            `json:",omitzero"`
	StopTime    time.Time            `json:",omitzero"`
	ExitCode    *int64               `json:",omitempty"`
	ErrorCode   invocation.ErrorCode `json:",omitempty"`
	OutputStart string               `json:",omitempty"`
}

// MaxOutputStart is the most bytes of output that ExecutionState and
// RunState keep in OutputStart: the start of the output, cut before a
// rune that would not fit whole.
const MaxOutputStart = 256

// outputStart is the start of output that OutputStart keeps.
func outputStart(output string) string {
	if len(output) <= MaxOutputStart {
		return output
	}
	cut := MaxOutputStart
	for cut > 0 && output[cut]&0xC0 == 0x80 {
		cut-- // output[cut] continues a rune: keep none of it
	}
	return output[:cut]
}

// State returns the whole state of the service at its current instant.
func (s *Service) State() State {
	now := s.begin()
	defer s.end()
	s.flush() // the overall statuses of this instant
	st := State{Now: now, Clock: "real", Instances: s.instances(), Commands: []CommandState{}, Invocations: []InvocationState{}}
	for i := range st.Instances {
		if st.Instances[i].Tags == nil {
			st.Instances[i].Tags = map[string]string{} // JSON readers get an object, never null
		}
	}
	if _, ok := s.clock.(*VirtualClock); ok {
		st.Clock = "virtual"
	}
	if len(s.queue) > 0 {
		st.NextTransition = s.queue[0].due
	}
	var cmds []*command
	for _, c := range s.commands {
		cmds = append(cmds, c)
	}
	slices.SortFunc(cmds, func(a, b *command) int { return cmp.Compare(a.seq, b.seq) })
	for _, c := range cmds {
		st.Commands = append(st.Commands, CommandState{RegionID: c.region.name, Command: c.describe(true)})
	}
	var invs []*live
	for _, l := range s.invs {
		invs = append(invs, l)
	}
	slices.SortFunc(invs, func(a, b *live) int { return cmp.Compare(a.seq, b.seq) })
	for _, li := range s.loaded {
		st.Invocations = append(st.Invocations, loadedState(li))
	}
	for _, l := range invs {
		st.Invocations = append(st.Invocations, l.state())
	}
	return st
}

// state is l as State shows it.
func (l *live) state() InvocationState {
	v := l.view // the view's overall statuses are the store's to roll up
	index.Rollup(&v)
	is := invocationState(&v, l.region.name, l.group)
	for i := range l.execs {
		e := &l.execs[i]
		in := &v.Instances[i]
		es := executionState(in)
		es.Transitions = make([]Transition, len(e.transitions))
		for i, w := range e.transitions {
			es.Transitions[i] = unpackTransition(w)
		}
		for _, r := range e.history {
			rs := RunState{Run: r.n, Status: r.status, StartTime: r.start, FinishTime: r.finish, StopTime: r.stop,
				ErrorCode: r.end.errorCode, OutputStart: outputStart(r.end.output)}
			if x, ok := r.end.exitCode.Get(); ok {
				rs.ExitCode = &x
			}
			es.Runs = append(es.Runs, rs)
		}
		is.Executions = append(is.Executions, es)
	}
	return is
}

// loadedState is a loaded invocation as State shows it. It is listed in
// no region of its own: it is served in every region.
func loadedState(li loadedInvocation) InvocationState {
	v := &li.inv
	is := invocationState(v, "", li.group)
	is.Loaded = true
	for i := range v.Instances {
		is.Executions = append(is.Executions, executionState(&v.Instances[i]))
	}
	return is
}

// invocationState is the invocation v of region and group as State shows
// it, with no executions.
func invocationState(v *invocation.Invocation, region, group string) InvocationState {
	return InvocationState{
		InvokeID: v.InvokeID, CommandID: v.CommandID, CommandName: v.CommandName, RegionID: region, ResourceGroupID: group,
		InvocationStatus: v.InvocationStatus, InvokeStatus: v.InvokeStatus, CommandType: v.CommandType, RepeatMode: v.RepeatMode, Frequency: v.Frequency,
		Timed: v.Timed, CreationTime: v.CreationTime, Executions: []ExecutionState{},
	}
}

// executionState is the instance in as State shows its execution, with
// no transitions.
func executionState(in *invocation.InvokeInstance) ExecutionState {
	es := ExecutionState{InstanceID: in.InstanceID, InvocationStatus: in.InvocationStatus, ErrorCode: in.ErrorCode,
		StartTime: in.StartTime, FinishTime: in.FinishTime, StopTime: in.StopTime, OutputStart: outputStart(in.Output), Transitions: []Transition{}}
	es.Repeats, _ = in.Repeats.Get()
	if x, ok := in.ExitCode.Get(); ok {
		es.ExitCode = &x
	}
	return es
}
