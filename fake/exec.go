package fake

import (
	"container/heap"
	"fmt"
	"slices"
	"sort"
	"time"

	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/schedule"
	"github.com/ecsassist/cloudassistant/status"
)

// live is an invocation: what DescribeInvocations shows of it, and the
// executions that make it change.
type live struct {
	view     invocation.Invocation // its Instances are shared with the store, and changed only under the service's lock
	seq      uint64
	region   *region
	group    string // the resource group it was created in
	cmd      *command
	content  string            // the command content, plain, before substitution
	params   map[string]string // the values of the content's parameters; nil when the command does not enable them
	mode     invocation.RepeatMode
	sched    schedule.Schedule // Period only; the zero Schedule otherwise
	periodic bool              // Period or EveryReboot: runs again until stopped
	timeout  time.Duration
	execs    []exec // one per instance, in the order of view.Instances
	open     int    // executions that have not ended
	token    string // the key of its ClientToken in Service.tokens, or ""
	endedAt  time.Time
	gone     bool // dropped by retention
	dirty    bool // in Service.dirty
}

// Created, Order and Removed make a live a listing.Item.
func (l *live) Created() int64 { return l.view.CreationTime.Unix() }
func (l *live) Order() uint64  { return l.seq }
func (l *live) Removed() bool  { return l.gone }

// at is the position of the record of l's instance idx and run.
func (l *live) at(idx int, run int32) listing.Position {
	return listing.Position{Created: l.Created(), Order: l.seq, Index: uint32(idx), Run: uint32(run)}
}

// exec is the execution of an invocation on one instance: its runs, one
// at a time, and the transition it has due.
type exec struct {
	inv     *live
	i       int // its place in inv.execs and inv.view.Instances
	inst    *Instance
	seq     uint64 // breaks ties between transitions due at the same instant
	due     time.Time
	event   event
	at      int    // its index in the queue, or -1
	runs    int32  // runs started
	end     ending // how the current run ends, decided when it starts
	history []run  // a periodic execution's runs, oldest first
	stopped bool   // StopInvocation reached it
	done    bool   // nothing more will happen to it
	waiting bool   // in Service.waiting, for a reboot

	// Every status it has had, oldest first (the last maxTransitions),
	// packed (see packTransition): in inline for the first few, which is
	// all a one-time run has, so that keeping them allocates nothing.
	transitions []uint64
	inline      [4]uint64
}

// view is the instance as DescribeInvocations shows it.
func (e *exec) view() *invocation.InvokeInstance { return &e.inv.view.Instances[e.i] }

// event is a transition that an execution has due.
type event uint8

const (
	evNone      event = iota
	evFire            // a periodic run is due: Scheduled → Pending
	evDeliver         // delivered: Pending → Running (Invalid when the agent needs an upgrade)
	evAbort           // never delivered: Pending → Aborted
	evEnd             // the run ends: Running → Success, Failed, Timeout, Error or Invalid
	evTerminate       // the stop takes effect: Stopping → Terminated
)

// ending is how a run that has started will end.
type ending struct {
	status    status.Current
	exitCode  invocation.Optional[int64]
	output    string
	dropped   int32
	errorCode invocation.ErrorCode
	errorInfo string
}

// run is one run of a periodic execution, for DescribeInvocationResults
// with IncludeHistory.
type run struct {
	n                   int32
	status              status.Current
	start, finish, stop time.Time
	end                 ending // when status is an end status
}

// queue holds the executions that have a transition due, soonest first
// and, at the same instant, in the order they were created, so that the
// same operations give the same states.
type queue []*exec

func (q queue) Len() int { return len(q) }
func (q queue) Less(i, j int) bool {
	if c := q[i].due.Compare(q[j].due); c != 0 {
		return c < 0
	}
	return q[i].seq < q[j].seq
}
func (q queue) Swap(i, j int) {
	q[i], q[j] = q[j], q[i]
	q[i].at, q[j].at = i, j
}
func (q *queue) Push(x any) {
	e := x.(*exec)
	e.at = len(*q)
	*q = append(*q, e)
}
func (q *queue) Pop() any {
	old := *q
	e := old[len(old)-1]
	old[len(old)-1] = nil
	*q = old[:len(old)-1]
	e.at = -1
	return e
}

// arm makes ev the transition e has due at t.
func (s *Service) arm(e *exec, ev event, t time.Time) {
	e.event, e.due = ev, t
	if e.at >= 0 {
		heap.Fix(&s.queue, e.at)
	} else {
		heap.Push(&s.queue, e)
	}
}

// disarm cancels the transition e has due.
func (s *Service) disarm(e *exec) {
	if e.at >= 0 {
		heap.Remove(&s.queue, e.at)
	}
	e.event = evNone
}

// fire applies the transition of e, due now (at e.due).
func (s *Service) fire(e *exec) {
	t, ev := e.due, e.event
	e.event = evNone
	switch ev {
	case evFire:
		s.setStatus(e, status.CurrentPending, t)
		s.armDelivery(e, t)
	case evDeliver:
		s.start(e, t)
	case evAbort:
		in := e.view()
		s.setStatus(e, status.CurrentAborted, t)
		in.ErrorCode = e.inst.notRunning()
		in.ErrorInfo = errorInfo[in.ErrorCode]
		s.finish(e, t)
	case evEnd:
		s.endRun(e, t)
	case evTerminate:
		s.setStatus(e, status.CurrentTerminated, t)
		e.view().FinishTime = t
		if r := e.lastRun(); r != nil {
			r.status, r.finish = status.CurrentTerminated, t
		}
		s.finish(e, t)
	}
}

// armDelivery arms the delivery of a run that is due at t: a second
// later, or its abort a minute later when the instance or its agent is
// not running.
func (s *Service) armDelivery(e *exec, t time.Time) {
	if e.inst.notRunning() != "" {
		s.arm(e, evAbort, t.Add(abortAfter))
	} else {
		s.arm(e, evDeliver, t.Add(deliveryDelay))
	}
}

// start starts a run of e at t, and decides how it ends.
func (s *Service) start(e *exec, t time.Time) {
	in := e.view()
	if e.inst.Agent == AgentNeedUpgrade {
		s.setStatus(e, status.CurrentInvalid, t)
		in.ErrorCode, in.ErrorInfo = invocation.ClientNeedUpgrade, errorInfo[invocation.ClientNeedUpgrade]
		s.finish(e, t)
		return
	}
	l := e.inv
	e.runs++
	in.Repeats = invocation.Some(e.runs)
	in.StartTime, in.FinishTime = t, time.Time{}
	in.ExitCode, in.Output, in.Dropped, in.ErrorCode, in.ErrorInfo = invocation.Optional[int64]{}, "", invocation.Optional[int32]{}, "", ""
	s.setStatus(e, status.CurrentRunning, t)
	r := s.outcomeOf(Execution{
		InvokeID: l.view.InvokeID, CommandID: l.view.CommandID, InstanceID: in.InstanceID, RegionID: l.region.name,
		CommandType: l.view.CommandType, Content: l.substitute(in.InstanceID), Run: int(e.runs), Start: t,
		Username: l.view.Username, WorkingDir: l.view.WorkingDir,
	})
	var d time.Duration
	e.end, d = settle(r, l.timeout)
	s.arm(e, evEnd, t.Add(d))
	if l.periodic {
		// Keep the runs of the retention period, and at least the last.
		cut := sort.Search(len(e.history), func(i int) bool { return e.history[i].start.Add(s.retention).After(t) })
		e.history = append(slices.Delete(e.history, 0, cut), run{n: e.runs, status: status.CurrentRunning, start: t})
	}
}

// settle decides how a run with the result r ends, when its invocation
// times out after timeout, and how long it runs.
func settle(r Result, timeout time.Duration) (ending, time.Duration) {
	d := r.Duration
	if d <= 0 {
		d = defaultRun
	}
	if rest := d % time.Second; rest != 0 {
		d += time.Second - rest
	}
	en := ending{status: r.Status, errorCode: r.ErrorCode, errorInfo: r.ErrorInfo}
	switch {
	case d > timeout:
		d, en.status, en.errorCode, en.errorInfo = timeout, status.CurrentTimeout, invocation.ExecutionTimeout, ""
	case en.status == "" && r.ExitCode == 0:
		en.status = status.CurrentSuccess
	case en.status == "":
		en.status = status.CurrentFailed
	case !endStatus(en.status):
		en.errorInfo = fmt.Sprintf("fake: the outcome's Status %q is not how a run ends", en.status)
		en.status, en.errorCode = status.CurrentError, invocation.ExecutionException
	}
	switch en.status {
	case status.CurrentSuccess, status.CurrentFailed:
		en.exitCode = invocation.Some(r.ExitCode)
	}
	if en.errorCode == "" {
		switch en.status {
		case status.CurrentFailed:
			if r.ExitCode != 0 {
				en.errorCode = invocation.ExitCodeNonzero
			}
		case status.CurrentError:
			en.errorCode = invocation.ExecutionException
		case status.CurrentInvalid:
			en.errorCode = invocation.CommandNotApplicable
		case status.CurrentTimeout:
			en.errorCode = invocation.ExecutionTimeout
		}
	}
	if en.errorInfo == "" {
		en.errorInfo = errorInfo[en.errorCode]
	}
	en.output, en.dropped = tail(r.Output)
	return en, d
}

// tail returns the last invocation.MaxOutput bytes of output, as the
// agent keeps them, and how many bytes it drops before them. A rune cut
// in two by the limit is dropped whole, so that UTF-8 output stays UTF-8.
func tail(output string) (string, int32) {
	if len(output) <= invocation.MaxOutput {
		return output, 0
	}
	cut := len(output) - invocation.MaxOutput
	for i := 0; i < 3 && cut < len(output) && output[cut]&0xC0 == 0x80; i++ {
		cut++
	}
	return output[cut:], int32(cut)
}

// errorInfo is the ErrorInfo of each ErrorCode the fake gives.
var errorInfo = map[invocation.ErrorCode]string{
	invocation.InstanceNotRunning:   "the instance is not running",
	invocation.ClientNotRunning:     "the Cloud Assistant agent is not running",
	invocation.ClientNeedUpgrade:    "the Cloud Assistant agent needs an upgrade",
	invocation.ExitCodeNonzero:      "the command exited with a non-zero code",
	invocation.ExecutionTimeout:     "the command ran past its timeout and was stopped",
	invocation.ExecutionException:   "the command could not be run",
	invocation.ExecutionInterrupted: "the instance or its agent stopped while the command ran",
	invocation.CommandNotApplicable: "the command does not apply to this instance",
	invocation.AccountNotExists:     "the user to run the command as does not exist",
	invocation.DirectoryNotExists:   "the working directory does not exist",
}

// endRun ends the run of e at t as it was decided to, and schedules the
// next run of a periodic execution.
func (s *Service) endRun(e *exec, t time.Time) {
	en := e.end
	e.end = ending{}
	in := e.view()
	in.ExitCode, in.Output, in.Dropped = en.exitCode, en.output, invocation.Some(en.dropped)
	in.ErrorCode, in.ErrorInfo, in.FinishTime = en.errorCode, en.errorInfo, t
	s.setStatus(e, en.status, t)
	if r := e.lastRun(); r != nil {
		r.status, r.finish, r.end = en.status, t, en
	}
	s.scheduleNext(e, t)
}

// scheduleNext schedules the next run of e, whose run ended (or was
// aborted) at t: a periodic execution is Scheduled until its next run is
// due, or waits for the next reboot; any other ends.
func (s *Service) scheduleNext(e *exec, t time.Time) {
	l := e.inv
	switch {
	case l.mode == invocation.EveryReboot:
		s.setStatus(e, status.CurrentScheduled, t)
		s.wait(e)
	case l.sched.Kind() != "":
		if next, ok := l.sched.Next(t); ok {
			s.setStatus(e, status.CurrentScheduled, t)
			s.arm(e, evFire, next)
			return
		}
		s.finish(e, t)
	default:
		s.finish(e, t)
	}
}

// lastRun is the run of a periodic execution that started last, or nil.
func (e *exec) lastRun() *run {
	if len(e.history) == 0 {
		return nil
	}
	return &e.history[len(e.history)-1]
}

// stop stops e at t: a run not started is Cancelled, a running one
// Stopping, and Terminated after the agent's stop delay. An execution
// that has ended, or is stopping, does not change.
func (s *Service) stop(e *exec, t time.Time) {
	if e.done || e.stopped {
		return
	}
	e.stopped = true
	in := e.view()
	in.StopTime = t
	if in.InvocationStatus == status.CurrentRunning {
		e.end = ending{}
		s.setStatus(e, status.CurrentStopping, t)
		s.arm(e, evTerminate, t.Add(stopDelay))
		if r := e.lastRun(); r != nil {
			r.status, r.stop = status.CurrentStopping, t
		}
		return
	}
	s.disarm(e)
	s.unwait(e)
	s.setStatus(e, status.CurrentCancelled, t)
	s.finish(e, t)
}

// setStatus sets the status of e in both families.
func (s *Service) setStatus(e *exec, st status.Current, t time.Time) {
	if e.transitions == nil {
		e.transitions = e.inline[:0]
	}
	if n := len(e.transitions); n == 0 || unpackTransition(e.transitions[n-1]).Status != st {
		if n == maxTransitions {
			e.transitions = append(e.transitions[:0], e.transitions[n/2:]...)
		}
		e.transitions = append(e.transitions, packTransition(st, t))
	}
	in := e.view()
	in.InvocationStatus = st
	in.InstanceInvokeStatus, _ = st.Legacy()
	in.UpdateTime = t
	s.touch(e.inv)
}

// finish ends e: nothing more will happen to it. The invocation ends with
// its last execution.
func (s *Service) finish(e *exec, t time.Time) {
	s.disarm(e)
	e.done = true
	l := e.inv
	if l.open--; l.open > 0 {
		return
	}
	l.endedAt = t
	s.ended = append(s.ended, l)
	s.release(l.cmd)
	s.touch(l)
}

// wait makes e wait for its instance to reboot.
func (s *Service) wait(e *exec) {
	e.waiting = true
	id := e.view().InstanceID
	s.waiting[id] = append(s.waiting[id], e)
}

// unwait stops e waiting for a reboot.
func (s *Service) unwait(e *exec) {
	if !e.waiting {
		return
	}
	e.waiting = false
	id := e.view().InstanceID
	list := slices.DeleteFunc(s.waiting[id], func(x *exec) bool { return x == e })
	if len(list) == 0 {
		delete(s.waiting, id)
	} else {
		s.waiting[id] = list
	}
}

// touch marks l's view as changed, for the next flush.
func (s *Service) touch(l *live) {
	if !l.dirty {
		l.dirty = true
		s.dirty = append(s.dirty, l)
	}
}

// flush shows the changed views to DescribeInvocations: Timed, and the
// overall statuses, which the store rolls up.
func (s *Service) flush() {
	for _, l := range s.dirty {
		l.dirty = false
		if l.gone {
			continue
		}
		timed := false
		for i := range l.execs {
			e := &l.execs[i]
			t := l.periodic && !e.done && !e.stopped
			l.view.Instances[i].Timed = invocation.Some(t)
			timed = timed || t
		}
		l.view.Timed = timed
		if err := l.region.store.PutLive(l.group, l.view); err != nil {
			panic(fmt.Sprintf("fake: the view of %s has no roll-up: %v", l.view.InvokeID, err))
		}
	}
	clear(s.dirty)
	s.dirty = s.dirty[:0]
}

// drop forgets l, to keep the service within its retention limits.
func (s *Service) drop(l *live) {
	if l.gone {
		return
	}
	l.gone = true
	for i := range l.execs {
		e := &l.execs[i]
		s.disarm(e)
		s.unwait(e)
	}
	if l.open > 0 {
		s.release(l.cmd)
	} else if len(s.ended) > 0 && s.ended[0] == l {
		s.ended[0] = nil
		s.ended = s.ended[1:]
	}
	delete(s.invs, l.view.InvokeID)
	if l.token != "" {
		delete(s.tokens, l.token)
	}
	r := l.region
	r.invs.Drop()
	r.records -= len(l.execs)
	s.all.Drop()
	for _, in := range l.view.Instances {
		if list := r.byIns[in.InstanceID]; list != nil && list.Drop() == 0 {
			delete(r.byIns, in.InstanceID)
		}
	}
	r.store.RemoveLive(l.view.InvokeID)
}

// makeRoom drops invocations until there is room for one more: those
// that ended first, then the oldest.
func (s *Service) makeRoom() {
	for len(s.invs) >= s.maxInvocations {
		if len(s.ended) > 0 {
			s.drop(s.ended[0])
			continue
		}
		if l, ok := s.all.Oldest(); ok {
			s.drop(l)
		}
	}
}
