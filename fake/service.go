package fake

import (
	"container/heap"
	crand "crypto/rand"
	"encoding/binary"
	"fmt"
	"math/rand/v2"
	"runtime/debug"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/internal/index"
	"github.com/ecsassist/cloudassistant/internal/listing"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/paging"
	"github.com/ecsassist/cloudassistant/status"
)

// The service's defaults and limits.
const (
	DefaultRetention      = 30 * 24 * time.Hour // how long an ended invocation is kept
	DefaultMaxInvocations = 10_000              // how many invocations are kept
	DefaultCommandQuota   = 500                 // how many commands a region keeps

	deliveryDelay = time.Second      // from Pending to Running
	abortAfter    = time.Minute      // from Pending to Aborted when the instance cannot be reached
	stopDelay     = time.Second      // from Stopping to Terminated
	defaultRun    = time.Second      // a run's duration when its outcome gives none
	defaultTO     = int64(60)        // seconds: a command's Timeout when none is given
	minTimeout    = int64(10)        // seconds
	maxTimeout    = int64(24 * 3600) // seconds
)

// Config configures a Service. The zero Config is a service on the real
// clock with no fleet, whose runs all exit 0 after a second.
type Config struct {
	// Clock is the service's time; nil means RealClock. The service
	// counts whole seconds, as the API's times do, and never goes back:
	// a clock set back stands still until it passes the latest time the
	// service has seen.
	Clock Clock

	// Instances is the fleet. Nil means none: every well-formed instance
	// id ("i-" and letters or digits) is then a running Linux instance
	// with a running agent. With a fleet, other ids are
	// InvalidInstance.NotFound.
	Instances []Instance

	// Outcome gives how each run goes: it is called once per instance and
	// run, when the run starts, with the service's lock held (it must not
	// call the service). A panic in it is recovered: the run ends as
	// Error, and the operation that started the run panics with an
	// *OutcomePanic once the service's state is consistent and its lock
	// released. Nil means that every run exits 0 after 1 s with no
	// output. MatchScripts makes one from a list.
	Outcome func(Execution) Result

	Regions []string // the region ids requests may name; nil means KnownRegions

	// Retention is how long an invocation is kept after it ends, and
	// MaxInvocations how many are kept in all; zero means
	// DefaultRetention and DefaultMaxInvocations. When a new invocation
	// would make one too many, the one that ended first goes, or, when
	// none has ended, the oldest.
	Retention      time.Duration
	MaxInvocations int

	// CommandQuota is how many commands a region keeps (CreateCommand, and
	// RunCommand with KeepCommand); zero means DefaultCommandQuota.
	CommandQuota int

	// Seed seeds the generator of CommandIds and InvokeIds, so that a
	// test that does the same gets the same ids.
	Seed uint64

	// Snapshots keeps the calls that change the service since it started
	// or was reset, for Snapshot (a few hundred bytes a call, kept until
	// a reset). Without it nothing is kept, and Snapshot is an error.
	Snapshots bool
}

// Service is a fake Cloud Assistant: a fleet, its commands, and the
// executions of invocations on it, over a clock. Make one with
// NewService; it is safe for concurrent use.
//
// Every operation reads the clock, applies the transitions due by then,
// and answers from the state at that instant, under one lock: two
// operations never see the executions in different states at the same
// instant, and DescribeInvocations and DescribeInvocationResults always
// agree.
type Service struct {
	mu    sync.Mutex
	clock Clock // read without the lock: it never changes
	core
	cfg Config // as NewService was given it, for Reset
	rev uint64 // Revision; not reset, so that a reset state never takes an old number
}

// core is the state of a Service: all of it but its lock, so that Reset
// can put it back as NewService makes it in one assignment.
type core struct {
	now     time.Time            // the latest instant seen, in whole seconds
	fleet   map[string]*Instance // the instances named, by config or ChangeInstances
	order   []string             // their ids, in the order they were named
	open    bool                 // no fleet was configured: any other well-formed id is a default instance
	outcome func(Execution) Result
	allowed []string // the regions requests may name

	retention      time.Duration
	maxInvocations int
	commandQuota   int

	ids *rand.Rand
	key listing.Key // seals page tokens
	seq uint64      // the order of creation of invocations, executions and commands

	regions  map[string]*region
	commands map[string]*command
	invs     map[string]*live
	tokens   map[string]clientToken // by region and ClientToken
	waiting  map[string][]*exec     // runs waiting for their instance to reboot
	queue    queue                  // executions with a transition due, soonest first
	ended    []*live                // ended invocations, in the order they ended
	loaded   []loadedInvocation     // the loaded invocations (Load), in the order they were loaded
	loadedID map[string]bool        // their InvokeIds
	all      listing.List[*live]    // every invocation, oldest first
	dirty    []*live                // invocations whose view changed in this operation
	panicked *OutcomePanic          // the outcome function panicked in this operation
	calls    []Call                 // the calls that changed it, for Snapshot
}

// region is what a region holds: its commands and invocations, oldest
// first, and the store that answers DescribeInvocations.
type region struct {
	name     string
	store    *index.Store
	commands listing.List[*command]
	invs     listing.List[*live]
	byIns    map[string]*listing.List[*live]
	records  int              // instances of its invocations: the records of DescribeInvocationResults without history
	kept     int              // commands that count against the quota
	loaded   map[string]*live // its copies of the loaded invocations, by InvokeId
}

// NewService returns a service configured by cfg. A fleet with a
// malformed or repeated InstanceId, or an OS, Status or Agent that names
// nothing, is an error.
func NewService(cfg Config) (*Service, error) {
	cfg.Instances = slices.Clone(cfg.Instances)
	cfg.Regions = slices.Clone(cfg.Regions)
	if _, err := fleetIndex(cfg.Instances); err != nil {
		return nil, fmt.Errorf("fake: NewService: %w", err)
	}
	s := &Service{cfg: cfg, clock: cfg.Clock, core: newCore(cfg)}
	if s.clock == nil {
		s.clock = RealClock{}
	}
	crand.Read(s.key[:]) // never fails: crypto/rand.Read crashes the program rather than return an error
	var start [8]byte
	crand.Read(start[:])
	s.rev = binary.LittleEndian.Uint64(start[:])
	return s, nil
}

// newCore returns the state of a new service configured by cfg, whose
// fleet is valid.
func newCore(cfg Config) core {
	s := core{
		outcome: cfg.Outcome, allowed: slices.Clone(cfg.Regions),
		retention: cfg.Retention, maxInvocations: cfg.MaxInvocations, commandQuota: cfg.CommandQuota,
		ids:     rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5DEECE66D)),
		regions: map[string]*region{}, commands: map[string]*command{}, invs: map[string]*live{},
		tokens: map[string]clientToken{}, waiting: map[string][]*exec{},
		open: cfg.Instances == nil,
	}
	if s.outcome == nil {
		s.outcome = func(Execution) Result { return Result{} }
	}
	if s.allowed == nil {
		s.allowed = KnownRegions()
	}
	if s.retention <= 0 {
		s.retention = DefaultRetention
	}
	if s.maxInvocations <= 0 {
		s.maxInvocations = DefaultMaxInvocations
	}
	if s.commandQuota <= 0 {
		s.commandQuota = DefaultCommandQuota
	}
	s.fleet, _ = fleetIndex(cfg.Instances) // checked by NewService
	for _, in := range cfg.Instances {
		s.order = append(s.order, in.InstanceID)
	}
	return s
}

// Reset puts the service back as NewService made it: every command,
// invocation and execution made by a call goes, in every region, with the
// ClientTokens it remembers; the fleet is Config.Instances again (the
// changes of ChangeInstances undone); and the ids start again from
// Config.Seed, so that the same calls after a reset get the same ids as
// after NewService. The clock is not moved, and the service's time does
// not go back. Decision: the invocations given with Load stay, as the
// fleet does: they are how the service was set up, not what calls made
// (a server's -data files). Page tokens issued before the reset are not
// accepted after it.
func (s *Service) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	c := newCore(s.cfg)
	c.now = s.now
	c.loaded, c.loadedID = s.loaded, s.loadedID
	s.core = c
	s.rev++
	crand.Read(s.key[:]) // never fails: crypto/rand.Read crashes the program rather than return an error
}

// begin locks the service and applies every transition due by the
// clock's time, which it returns. The caller defers end at once.
//
// Nothing that panics under the lock leaves it held: a panic in begin
// itself (in the outcome function, or an invariant) unlocks before it goes
// on, and end unlocks in a deferred call. An outcome function that panics
// is recovered where it is called, so that the run it was asked about
// still ends (Error, with ErrorCode ExecutionException) and every other
// due transition is applied; the panic is then raised again, as an
// *OutcomePanic, for the operation's caller: the state stays consistent,
// and the next operation is served.
func (s *Service) begin() time.Time {
	s.mu.Lock()
	locked := true
	defer func() {
		if locked {
			s.mu.Unlock()
		}
	}()
	now := s.clock.Now().UTC().Truncate(time.Second)
	if now.Before(s.now) {
		now = s.now
	}
	if now.After(s.now) {
		s.rev++
	}
	s.now = now
	for len(s.queue) > 0 && !s.queue[0].due.After(now) {
		s.rev++
		s.fire(heap.Pop(&s.queue).(*exec))
	}
	for len(s.ended) > 0 && !s.ended[0].endedAt.Add(s.retention).After(now) {
		s.rev++
		s.drop(s.ended[0])
	}
	if p := s.panicked; p != nil {
		s.panicked = nil
		panic(p)
	}
	locked = false
	return now
}

// Revision returns a number that changes whenever State would answer
// differently: each operation that may change the service, each
// transition applied, each move of its clock to a new second and each
// Reset moves it on. Two equal revisions of one Service mean equal
// States, so a poller may skip reading a State whose revision it has seen
// (the fake's page does, through the state document's ETag). A Service
// starts counting from a random number, so that two Services, or one
// before and after a restart, rarely share a revision.
func (s *Service) Revision() uint64 {
	s.begin()
	defer s.end()
	return s.rev
}

// changed moves the revision on, for an operation that may change what
// State reports; the caller holds the lock.
func (s *Service) changed() { s.rev++ }

// end shows what changed to DescribeInvocations, and unlocks the service.
func (s *Service) end() {
	defer s.mu.Unlock()
	s.flush()
}

// OutcomePanic is the value a Service panics with when its outcome
// function (Config.Outcome) panicked: the value it panicked with, and the
// stack of the goroutine where it did. The run it was called for ends
// as Error, with ErrorCode ExecutionException and ErrorInfo naming the
// panic; fakehttp's Handler answers the request InternalError.Dispatch.
type OutcomePanic struct {
	Value any
	Stack []byte
}

// Error describes the panic, with its stack.
func (p *OutcomePanic) Error() string {
	return fmt.Sprintf("fake: the outcome function panicked: %v\n\n%s", p.Value, p.Stack)
}

// outcomeOf calls the outcome function for x, and recovers from a panic
// in it: the run then ends as Error, and the panic is kept for begin to
// raise again once the state is consistent.
func (s *Service) outcomeOf(x Execution) (r Result) {
	defer func() {
		if v := recover(); v != nil {
			if s.panicked == nil {
				s.panicked = &OutcomePanic{Value: v, Stack: debug.Stack()}
			}
			r = Result{Status: status.CurrentError, ErrorCode: invocation.ExecutionException,
				ErrorInfo: fmt.Sprintf("the outcome function panicked: %v", v)}
		}
	}()
	return s.outcome(x)
}

// Reboot reboots the instance instanceID now: the runs that wait for a
// reboot on it (RepeatMode NextRebootOnly and EveryReboot) become Pending
// at once and are delivered a second later, or Aborted a minute later
// when the instance or its agent is not running. A run that is running
// carries on. An instance the fleet does not have is
// InvalidInstance.NotFound.
func (s *Service) Reboot(instanceID string) error {
	now := s.begin()
	defer s.end()
	s.changed()
	if _, err := s.instance(instanceID); err != nil {
		return err
	}
	waiting := s.waiting[instanceID]
	delete(s.waiting, instanceID)
	for _, e := range waiting {
		e.waiting = false
		s.setStatus(e, status.CurrentPending, now)
		s.armDelivery(e, now)
	}
	s.record(now, Call{Reboot: instanceID})
	return nil
}

// DescribeInvocations answers req from the invocations of req.RegionID as
// they are at this instant: the invocations that match its filters,
// newest first, with their overall statuses rolled up from their
// instances, one page of them. A region that is missing or unknown, tags
// that break the API's tag rules, and paging out of range are errors;
// zero paging means the first page of the default size.
func (s *Service) DescribeInvocations(req DescribeInvocationsRequest) (invocation.Response, error) {
	s.begin()
	defer s.end()
	if err := s.checkRegion(req.RegionID); err != nil {
		return invocation.Response{}, err
	}
	if err := checkTags(req.Tags); err != nil {
		return invocation.Response{}, err
	}
	var err error
	if req.Paging, err = defaultPaging(req.Paging); err != nil {
		return invocation.Response{}, err
	}
	s.flush()
	q := req.query()
	return s.region(req.RegionID).store.Describe(&q)
}

// defaultPaging fills in the defaults of a page request made in Go, and
// checks it.
func defaultPaging(p paging.Request) (paging.Request, error) {
	if p.ByToken {
		if p.Cursor.MaxResults == 0 {
			p.Cursor.MaxResults = paging.DefaultMaxResults
		}
		return p, p.Cursor.Validate()
	}
	if p.Page == (paging.Page{}) {
		p.Page = paging.DefaultPage
	}
	return p, p.Page.Validate()
}

// region returns the state of the region name, made when first needed.
func (s *Service) region(name string) *region {
	r := s.regions[name]
	if r == nil {
		r = &region{name: name, store: index.New(&s.key), byIns: map[string]*listing.List[*live]{}, loaded: map[string]*live{}}
		s.regions[name] = r
		for _, li := range s.loaded {
			s.place(r, li)
		}
	}
	return r
}

func (s *Service) checkRegion(id string) error {
	if id == "" {
		return apierror.Missing("RegionId")
	}
	if !slices.Contains(s.allowed, id) {
		return apierror.New(apierror.InvalidRegionIDNotFound, fmt.Sprintf("The RegionId provided does not exist in our items: %q.", id))
	}
	return nil
}

// defaultInstance is every instance when there is no fleet.
var defaultInstance = &Instance{OS: Linux, Status: InstanceRunning, Agent: AgentRunning}

// instance returns the instance id of the fleet.
func (s *Service) instance(id string) (*Instance, error) {
	if in, ok := s.fleet[id]; ok {
		return in, nil
	}
	if s.open && validInstanceID(id) {
		return defaultInstance, nil
	}
	return nil, apierror.New(apierror.InvalidInstanceNotFound, fmt.Sprintf("The specified instance %q does not exist.", id))
}

// newID returns a new id: prefix and 32 lower-case hexadecimal digits.
func (s *Service) newID(prefix string) string {
	return fmt.Sprintf("%s%016x%016x", prefix, s.ids.Uint64(), s.ids.Uint64())
}

func (s *Service) nextSeq() uint64 {
	s.seq++
	return s.seq
}

// The limits the vendor's references state for each operation.
const (
	maxNameLen         = 128      // characters of Name
	maxDescriptionLen  = 512      // characters of Description
	maxWorkingDirLen   = 200      // characters of WorkingDir
	maxLauncherLen     = 1024     // bytes of Launcher
	maxUsernameLen     = 255      // characters of Username
	maxInstances       = 100      // InstanceId.N of InvokeCommand and RunCommand
	maxStopInstances   = 50       // InstanceId.N of StopInvocation
	maxParameters      = 10       // keys of Parameters
	maxParameterKeyLen = 64       // characters of a key of Parameters
	maxCreateContent   = 18 << 10 // bytes of CommandContent as Base64: CreateCommand, and RunCommand with KeepCommand
	maxRunContent      = 24 << 10 // bytes of CommandContent as Base64: RunCommand
)

// tooLong is an error for a parameter longer than max characters.
func tooLong(code apierror.Code, name string, max int) *apierror.Error {
	return apierror.New(code, fmt.Sprintf("The length of the parameter %q exceeds the upper limit of %d.", name, max))
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// checkTags checks tags by the tag rules of package invocation, and
// answers the first fault with the API's code for it.
func checkTags(tags []invocation.Tag) error {
	errs := invocation.TagErrors(tags)
	if len(errs) == 0 {
		return nil
	}
	e := errs[0]
	name := fmt.Sprintf("Tag.%d", e.Index+1)
	switch e.Fault {
	case invocation.TooManyTags:
		return apierror.New(apierror.NumberExceedTags, fmt.Sprintf("The number of tags exceeds the upper limit of %d.", invocation.MaxTags))
	case invocation.EmptyTagKey, invocation.LongTagKey:
		return apierror.Invalid(apierror.InvalidTagKeyMalformed, name+".Key", e.Tag.Key, fmt.Sprintf("a key of 1 to %d characters", invocation.MaxTagKeyLen))
	case invocation.LongTagValue:
		return apierror.Invalid(apierror.InvalidTagValueMalformed, name+".Value", e.Tag.Value, fmt.Sprintf("a value of at most %d characters", invocation.MaxTagValueLen))
	default:
		return apierror.New(apierror.DuplicateTagKey, fmt.Sprintf("The tag key %q is given twice, as Tag.%d.Key and %s.Key.", e.Tag.Key, e.First+1, name))
	}
}
