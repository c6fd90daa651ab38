package fake_test

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"pgregory.net/rapid"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// The fleet of the state machine: two instances that run commands, one
// whose agent is stopped, one that is stopped, and a Windows instance
// that a shell script cannot run on.
var machineFleet = []fake.Instance{
	{InstanceID: "i-1"}, {InstanceID: "i-2"},
	{InstanceID: "i-3", Agent: fake.AgentStopped},
	{InstanceID: "i-4", Status: fake.InstanceStopped},
	{InstanceID: "i-5", OS: fake.Windows},
}

// script reads the content "exit=E dur=D" of the machine's commands.
func script(x fake.Execution) fake.Result {
	var exit int64
	var dur int
	fmt.Sscanf(x.Content, "exit=%d dur=%d", &exit, &dur)
	return fake.Result{ExitCode: exit, Duration: time.Duration(dur) * time.Second}
}

// An op is an operation of the machine: when, and its place in the
// order of operations at that instant.
type op struct {
	at  time.Time
	seq int
}

func (a op) compare(b op) int {
	if c := a.at.Compare(b.at); c != 0 {
		return c
	}
	return cmp.Compare(a.seq, b.seq)
}

// modelInv is the model's record of an invocation: how it was made, and
// the stops that reached each instance.
type modelInv struct {
	id        string
	created   op
	mode      invocation.RepeatMode
	every     time.Duration // Period: rate(every)
	timeout   time.Duration
	exit      int64
	dur       time.Duration
	instances []string
	stops     map[string][]op
}

// serviceMachine runs operations on a Service and checks what it shows
// against a model that computes each execution from scratch, from its
// invocation and the operations that reached it, in a plain loop.
type serviceMachine struct {
	clock   *fake.VirtualClock
	svc     *fake.Service
	seq     int
	cmds    map[string]string // CommandId → content
	invs    []*modelInv
	reboots map[string][]op
	seen    map[string]int // "InvokeId InstanceId" → the progress last seen

	// The fleet's changes: each instance's status and agent now, and
	// every change of whether it can be reached, in order.
	up      map[string][2]bool // instance running, agent running
	changes map[string][]reach

	// The service's last revision and the State it showed then.
	rev   uint64
	state []byte
}

// reach is a change of the fleet: from op on, the instance can be
// reached, or not.
type reach struct {
	op
	reachable bool
}

// initialUp is machineFleet's instances as they start: running, and with
// their agent running.
func initialUp() map[string][2]bool {
	return map[string][2]bool{"i-1": {true, true}, "i-2": {true, true}, "i-3": {true, false}, "i-4": {false, true}, "i-5": {true, true}}
}

func (m *serviceMachine) next() op {
	m.seq++
	return op{at: m.clock.Now().UTC().Truncate(time.Second), seq: m.seq}
}

func newServiceMachine(t *rapid.T) *serviceMachine {
	m := &serviceMachine{clock: fake.NewVirtualClock(t0), cmds: map[string]string{}, reboots: map[string][]op{}, seen: map[string]int{},
		up: initialUp(), changes: map[string][]reach{}}
	svc, err := fake.NewService(fake.Config{Clock: m.clock, Instances: machineFleet, Outcome: script, Seed: 1, Snapshots: true})
	require.NoError(t, err)
	m.svc = svc
	return m
}

func (m *serviceMachine) drawRun(t *rapid.T) (content string, exit int64, dur time.Duration) {
	exit = rapid.SampledFrom([]int64{0, 0, 1, 3}).Draw(t, "exit")
	dur = time.Duration(rapid.IntRange(1, 90).Draw(t, "dur")) * time.Second
	return fmt.Sprintf("exit=%d dur=%d", exit, int(dur/time.Second)), exit, dur
}

func (m *serviceMachine) drawInvocation(t *rapid.T) (mi *modelInv, instances []string, mode invocation.RepeatMode, freq string, timeout int64) {
	instances = rapid.SliceOfNDistinct(rapid.SampledFrom([]string{"i-1", "i-2", "i-3", "i-4", "i-5"}), 1, 4, rapid.ID[string]).Draw(t, "instances")
	mode = rapid.SampledFrom([]invocation.RepeatMode{invocation.Once, invocation.Once, invocation.Period, invocation.NextRebootOnly, invocation.EveryReboot}).Draw(t, "mode")
	timeout = rapid.SampledFrom([]int64{10, 60, 100}).Draw(t, "timeout")
	mi = &modelInv{mode: mode, timeout: time.Duration(timeout) * time.Second, instances: instances, stops: map[string][]op{}}
	if mode == invocation.Period {
		n := rapid.IntRange(1, 3).Draw(t, "rate")
		freq, mi.every = fmt.Sprintf("rate(%dm)", n), time.Duration(n)*time.Minute
	}
	return mi, instances, mode, freq, timeout
}

// invoked records an invocation made, or checks the error the model
// expects: a shell script cannot run on the Windows instance.
func (m *serviceMachine) invoked(t *rapid.T, mi *modelInv, id string, err error) {
	if slices.Contains(mi.instances, "i-5") {
		require.Equal(t, apierror.InvalidInstanceNotMatch, code(err))
		return
	}
	require.NoError(t, err)
	mi.id, mi.created = id, m.next()
	m.invs = append(m.invs, mi)
}

func (m *serviceMachine) Run(t *rapid.T) {
	content, exit, dur := m.drawRun(t)
	mi, instances, mode, freq, timeout := m.drawInvocation(t)
	mi.exit, mi.dur = exit, dur
	_, id, err := m.svc.RunCommand(fake.RunCommandRequest{RegionID: hz, Type: invocation.RunShellScript, CommandContent: content,
		InstanceIDs: instances, RepeatMode: mode, Frequency: freq, Timeout: invocation.Some(timeout)})
	m.invoked(t, mi, id, err)
}

func (m *serviceMachine) Create(t *rapid.T) {
	content, _, _ := m.drawRun(t)
	id, err := m.svc.CreateCommand(fake.CreateCommandRequest{RegionID: hz, Name: "n", Type: invocation.RunShellScript, CommandContent: content, ContentEncoding: fake.PlainText})
	require.NoError(t, err)
	m.cmds[id] = content
}

func (m *serviceMachine) Invoke(t *rapid.T) {
	if len(m.cmds) == 0 {
		t.Skip("no command")
	}
	cmd := rapid.SampledFrom(slices.Sorted(maps.Keys(m.cmds))).Draw(t, "command")
	mi, instances, mode, freq, timeout := m.drawInvocation(t)
	fmt.Sscanf(m.cmds[cmd], "exit=%d dur=%d", &mi.exit, &mi.dur)
	mi.dur *= time.Second
	id, err := m.svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: hz, CommandID: cmd, InstanceIDs: instances,
		RepeatMode: mode, Frequency: freq, Timeout: invocation.Some(timeout)})
	m.invoked(t, mi, id, err)
}

func (m *serviceMachine) Stop(t *rapid.T) {
	if len(m.invs) == 0 {
		t.Skip("no invocation")
	}
	mi := rapid.SampledFrom(m.invs).Draw(t, "invocation")
	var some []string
	if rapid.Bool().Draw(t, "some instances") {
		some = rapid.SliceOfNDistinct(rapid.SampledFrom(mi.instances), 1, len(mi.instances), rapid.ID[string]).Draw(t, "stop")
	}
	require.NoError(t, m.svc.StopInvocation(fake.StopInvocationRequest{RegionID: hz, InvokeID: mi.id, InstanceIDs: some}))
	at := m.next()
	if some == nil {
		some = mi.instances
	}
	for _, in := range some {
		mi.stops[in] = append(mi.stops[in], at)
	}
}

func (m *serviceMachine) Reboot(t *rapid.T) {
	in := rapid.SampledFrom([]string{"i-1", "i-2", "i-3", "i-4"}).Draw(t, "instance")
	require.NoError(t, m.svc.Reboot(in))
	m.reboots[in] = append(m.reboots[in], m.next())
}

// Fleet stops or starts an instance, or its agent.
func (m *serviceMachine) Fleet(t *rapid.T) {
	in := rapid.SampledFrom([]string{"i-1", "i-2", "i-3", "i-4"}).Draw(t, "instance")
	agent, on := rapid.Bool().Draw(t, "agent"), rapid.Bool().Draw(t, "on")
	c := fake.InstanceChange{InstanceID: in}
	up := m.up[in]
	if agent {
		c.Agent = ptrTo(map[bool]fake.AgentStatus{true: fake.AgentRunning, false: fake.AgentStopped}[on])
		up[1] = on
	} else {
		c.Status = ptrTo(map[bool]fake.InstanceStatus{true: fake.InstanceRunning, false: fake.InstanceStopped}[on])
		up[0] = on
	}
	_, err := m.svc.ChangeInstances([]fake.InstanceChange{c})
	require.NoError(t, err)
	m.up[in] = up
	m.changes[in] = append(m.changes[in], reach{op: m.next(), reachable: up[0] && up[1]})
}

// Reset resets the service: the model forgets everything, and the ids
// start again, so that an id may come back.
func (m *serviceMachine) Reset(t *rapid.T) {
	m.svc.Reset()
	m.cmds, m.invs, m.reboots, m.seen = map[string]string{}, nil, map[string][]op{}, map[string]int{}
	m.up, m.changes = initialUp(), map[string][]reach{}
}

// Restart snapshots the service, through JSON as a state file holds it,
// and goes on with the service Restore makes of it: the model does not
// change.
func (m *serviceMachine) Restart(t *rapid.T) {
	taken, err := m.svc.Snapshot()
	require.NoError(t, err)
	b, err := json.Marshal(taken)
	require.NoError(t, err)
	var snap fake.Snapshot
	require.NoError(t, json.Unmarshal(b, &snap))
	svc, err := fake.Restore(fake.Config{Clock: m.clock, Instances: machineFleet, Outcome: script, Seed: 1}, snap)
	require.NoError(t, err)
	m.svc, m.state = svc, nil
}

// Revision checks that the service's revision moves whenever its State
// does: an equal revision of the same service means an equal State.
func (m *serviceMachine) Revision(t *rapid.T) {
	rev := m.svc.Revision()
	state, err := json.Marshal(m.svc.State())
	require.NoError(t, err)
	if m.state != nil && rev == m.rev && !bytes.Equal(state, m.state) {
		t.Fatalf("the State changed but its revision is still %d:\nbefore %s\nafter  %s", rev, m.state, state)
	}
	m.rev, m.state = rev, state
}

func (m *serviceMachine) Advance(t *rapid.T) {
	m.clock.Advance(time.Duration(rapid.IntRange(0, 200).Draw(t, "seconds")) * time.Second)
}

// Describe checks everything the service shows at one instant.
func (m *serviceMachine) Describe(t *rapid.T) {
	m.Revision(t)
	now := m.clock.Now()
	pageSize := rapid.IntRange(1, 7).Draw(t, "page size")

	// DescribeInvocations, every page: each invocation once.
	q := fake.Query{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: pageSize}}}
	shown := map[string]invocation.Invocation{}
	var order []string
	for {
		r, err := m.svc.DescribeInvocations(q)
		require.NoError(t, err)
		require.Equal(t, len(m.invs), r.TotalCount, "no invocation lost or counted twice")
		for _, inv := range r.Invocations {
			_, twice := shown[inv.InvokeID]
			require.False(t, twice, "%s on two pages", inv.InvokeID)
			shown[inv.InvokeID] = inv
			order = append(order, inv.InvokeID)
		}
		if r.NextToken == "" {
			break
		}
		q.Paging.Cursor.NextToken = r.NextToken
	}
	require.Len(t, shown, len(m.invs))

	// Each invocation as the model has it; the overall statuses are the
	// roll-ups; progress never goes back.
	for _, mi := range m.invs {
		inv, ok := shown[mi.id]
		require.True(t, ok, "%s is shown", mi.id)
		require.Len(t, inv.Instances, len(mi.instances))
		var currents []status.Current
		var legacies []status.Legacy
		timed := false
		for i, in := range inv.Instances {
			want := m.expect(mi, mi.instances[i], now)
			require.Equal(t, mi.instances[i], in.InstanceID)
			require.Equal(t, want.status, in.InvocationStatus, "%s on %s at +%s", mi.id, in.InstanceID, now.Sub(t0))
			require.Equal(t, want.repeats, in.Repeats.Value, "%s on %s: Repeats", mi.id, in.InstanceID)
			require.Equal(t, want.timed, in.Timed.Value, "%s on %s: Timed", mi.id, in.InstanceID)
			legacy, err := want.status.Legacy()
			require.NoError(t, err)
			require.Equal(t, legacy, in.InstanceInvokeStatus, "the legacy status is the mapping of the current one")
			currents, legacies = append(currents, want.status), append(legacies, legacy)
			timed = timed || want.timed

			key := mi.id + " " + in.InstanceID
			p := progress(in)
			require.GreaterOrEqual(t, p, m.seen[key], "%s went back to %s", key, in.InvocationStatus)
			m.seen[key] = p
		}
		var currentSet status.CurrentSet
		for _, c := range currents {
			require.NoError(t, currentSet.Add(c))
		}
		current, err := currentSet.Rollup()
		require.NoError(t, err)
		require.Equal(t, current, inv.InvocationStatus, "%s: the current roll-up", mi.id)
		var legacySet status.LegacySet
		for _, l := range legacies {
			require.NoError(t, legacySet.Add(l))
		}
		legacy, err := legacySet.Rollup(timed)
		require.NoError(t, err)
		require.Equal(t, legacy, inv.InvokeStatus, "%s: the legacy roll-up", mi.id)
		require.Equal(t, timed, inv.Timed)
	}

	// DescribeInvocationResults at the same instant: one record per
	// invocation and instance, in the same order, with the same statuses.
	req := fake.DescribeInvocationResultsRequest{RegionID: hz, Paging: paging.Request{ByToken: true, Cursor: paging.Cursor{MaxResults: pageSize}}}
	var records []invocation.Result
	for {
		r, err := m.svc.DescribeInvocationResults(req)
		require.NoError(t, err)
		records = append(records, r.Results...)
		if r.NextToken == "" {
			break
		}
		req.Paging.Cursor.NextToken = r.NextToken
	}
	var want []string
	for _, id := range order {
		for _, in := range shown[id].Instances {
			want = append(want, fmt.Sprintf("%s %s %s/%s %d", id, in.InstanceID, in.InvocationStatus, in.InstanceInvokeStatus, in.Repeats.Value))
		}
	}
	var got []string
	for _, r := range records {
		got = append(got, fmt.Sprintf("%s %s %s/%s %d", r.InvokeID, r.InstanceID, r.InvocationStatus, r.InvokeRecordStatus, r.Repeats.Value))
	}
	require.Equal(t, want, got, "DescribeInvocationResults agrees with DescribeInvocations")

	// The same records by page number, and those of one instance.
	byPage := fake.DescribeInvocationResultsRequest{RegionID: hz, Paging: paging.Request{Page: paging.Page{Number: 1, Size: pageSize}}}
	var paged []invocation.Result
	for {
		r, err := m.svc.DescribeInvocationResults(byPage)
		require.NoError(t, err)
		require.Equal(t, len(records), r.TotalCount)
		if len(r.Results) == 0 {
			break
		}
		paged = append(paged, r.Results...)
		byPage.Paging.Page.Number++
	}
	require.Equal(t, records, paged, "pages by number and by token list the same records")
	in := rapid.SampledFrom([]string{"i-1", "i-2", "i-3", "i-4"}).Draw(t, "records of")
	r, err := m.svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, InstanceID: in, Paging: paging.Request{Page: paging.Page{Number: 1, Size: 50}}})
	require.NoError(t, err)
	var ofInstance []invocation.Result
	for _, rec := range records {
		if rec.InstanceID == in {
			ofInstance = append(ofInstance, rec)
		}
	}
	require.Equal(t, len(ofInstance), r.TotalCount)
	if len(ofInstance) <= 50 {
		require.Equal(t, ofInstance, r.Results)
	}

	// With history: a record per run that started.
	if len(m.invs) > 0 {
		mi := rapid.SampledFrom(m.invs).Draw(t, "history of")
		r, err := m.svc.DescribeInvocationResults(fake.DescribeInvocationResultsRequest{RegionID: hz, InvokeID: mi.id, IncludeHistory: true, Paging: paging.Request{Page: paging.Page{Number: 1, Size: 50}}})
		require.NoError(t, err)
		n := 0
		for _, in := range mi.instances {
			switch want := m.expect(mi, in, now); {
			case want.repeats == 0 || mi.mode == invocation.Once || mi.mode == invocation.NextRebootOnly:
				n++
			default:
				n += int(want.repeats)
			}
		}
		require.Equal(t, n, r.TotalCount, "history of %s", mi.id)
	}
}

// progress orders the states of an execution: an execution never goes
// back to an earlier one. A run starts with Running and adds 1 to
// Repeats; between runs an execution is Scheduled, then Pending; an end
// is final.
func progress(in invocation.InvokeInstance) int {
	phase := map[status.Current]int{status.CurrentRunning: 1, status.CurrentStopping: 2, status.CurrentScheduled: 4, status.CurrentPending: 5}[in.InvocationStatus]
	if phase == 0 {
		phase = 9
	}
	return int(in.Repeats.Value)*10 + phase
}

// expectation is what the model says of an execution.
type expectation struct {
	status  status.Current
	repeats int32
	timed   bool
}

// expect computes the execution of mi on the instance in at now, from
// scratch: its transitions, and the stops and reboots that reached it,
// in the order of time (a transition due at the instant of an operation
// comes before it).
func (m *serviceMachine) expect(mi *modelInv, in string, now time.Time) expectation {
	up := initialUp()[in]
	reachable := up[0] && up[1]
	type ext struct {
		op
		stop   bool
		change *reach
	}
	var exts []ext
	for _, c := range m.changes[in] {
		if c.compare(mi.created) < 0 {
			reachable = c.reachable // the instance as the invocation found it
			continue
		}
		exts = append(exts, ext{op: c.op, change: &c})
	}
	for _, s := range mi.stops[in] {
		exts = append(exts, ext{op: s, stop: true})
	}
	for _, r := range m.reboots[in] {
		if r.compare(mi.created) > 0 {
			exts = append(exts, ext{op: r})
		}
	}
	slices.SortFunc(exts, func(a, b ext) int { return a.compare(b.op) })

	periodic := mi.mode == invocation.Period || mi.mode == invocation.EveryReboot
	var (
		st       status.Current
		repeats  int32
		due      time.Time
		event    string
		waiting  bool
		stopped  bool
		finished bool
	)
	arm := func(t time.Time, ev string) { due, event = t, ev }
	deliver := func(t time.Time) {
		if reachable {
			arm(t.Add(time.Second), "deliver")
		} else {
			arm(t.Add(time.Minute), "abort")
		}
	}
	end := func(s status.Current) { st, finished, event = s, true, "" }
	c := mi.created.at
	switch mi.mode {
	case invocation.Period:
		st = status.CurrentScheduled
		arm(c.Add(mi.every), "fire")
	case invocation.NextRebootOnly, invocation.EveryReboot:
		st, waiting = status.CurrentScheduled, true
	default:
		st = status.CurrentPending
		deliver(c)
	}
	step := func() {
		t := due
		switch event {
		case "fire":
			st = status.CurrentPending
			deliver(t)
		case "deliver":
			repeats++
			st = status.CurrentRunning
			arm(t.Add(min(mi.dur, mi.timeout)), "end")
		case "abort":
			end(status.CurrentAborted)
		case "terminate":
			end(status.CurrentTerminated)
		case "end":
			outcome := status.CurrentSuccess
			switch {
			case mi.dur > mi.timeout:
				outcome = status.CurrentTimeout
			case mi.exit != 0:
				outcome = status.CurrentFailed
			}
			switch mi.mode {
			case invocation.Period:
				st = status.CurrentScheduled
				arm(t.Add(mi.every), "fire")
			case invocation.EveryReboot:
				st, waiting, event = status.CurrentScheduled, true, ""
			default:
				end(outcome)
			}
		}
	}
	for _, x := range exts {
		if x.at.After(now) {
			break
		}
		for event != "" && !due.After(x.at) {
			step()
		}
		switch {
		case x.change != nil:
			reachable = x.change.reachable
			switch {
			case finished:
			case event == "deliver" && !reachable:
				arm(due.Add(-time.Second).Add(time.Minute), "abort")
			case event == "abort" && reachable:
				arm(x.at.Add(time.Second), "deliver")
			case event == "end" && !reachable: // interrupted
				switch mi.mode {
				case invocation.Period:
					st = status.CurrentScheduled
					arm(x.at.Add(mi.every), "fire")
				case invocation.EveryReboot:
					st, waiting, event = status.CurrentScheduled, true, ""
				default:
					end(status.CurrentFailed)
				}
			}
		case finished || stopped:
		case x.stop && st == status.CurrentRunning:
			stopped, st = true, status.CurrentStopping
			arm(x.at.Add(time.Second), "terminate")
		case x.stop:
			stopped, waiting = true, false
			end(status.CurrentCancelled)
		case waiting:
			waiting, st = false, status.CurrentPending
			deliver(x.at)
		}
	}
	for event != "" && !due.After(now) {
		step()
	}
	return expectation{status: st, repeats: repeats, timed: periodic && !finished && !stopped}
}

func TestServiceMachine(t *testing.T) {
	rapid.Check(t, func(t *rapid.T) {
		m := newServiceMachine(t)
		t.Repeat(map[string]func(*rapid.T){
			"run":     m.Run,
			"create":  m.Create,
			"invoke":  m.Invoke,
			"stop":    m.Stop,
			"reboot":  m.Reboot,
			"fleet":   m.Fleet,
			"reset":   m.Reset,
			"restart": m.Restart,
			"advance": m.Advance,
			"":        m.Describe,
		})
	})
}
