// # The lifecycle fake
//
// [Service] simulates the rest of Cloud Assistant: commands
// (CreateCommand, DescribeCommands, DeleteCommand), their runs on a fleet
// of instances (InvokeCommand, RunCommand, StopInvocation), and what the
// runs did (DescribeInvocationResults, and DescribeInvocations computed
// from them). Each operation is a method with a request struct and the
// API's error codes, as *apierror.Error values.
//
// Time comes from a [Clock]: [RealClock] for interactive use, or a
// [VirtualClock] that moves only when a test says so. A run on an
// instance is Pending when it is created, Running a second later, and
// ends after the Duration that the test's outcome function gives
// ([Result], or [MatchOutcomes] over a list of [Outcome]): Success,
// Failed with ExitCodeNonzero, Timeout, or the Error or Invalid that the
// outcome asks for. Runs on an instance that is not running, or whose
// agent is not, are Aborted after a minute. Periodic invocations (rate,
// cron and at schedules) are Scheduled between runs, and runs that wait
// for a reboot start when a test calls [Service.Reboot].
//
// The service is a state machine whose transitions are due at instants
// of its clock. Nothing runs in the background: every operation first
// applies, in time order, every transition due up to the clock's time,
// so an hour of a virtual clock costs what its transitions cost, and two
// operations at the same instant see the same state.
package mock

import (
	"container/heap"
	crand "crypto/rand"
	"fmt"
	"math/rand/v2"
	"slices"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/ecsassist/cloudassistant/apierror"
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

	// Outcome scripts each run: it is called once per instance and run,
	// when the run starts, with the service's lock held (it must not call
	// the service). Nil means that every run exits 0 after 1 s with no
	// output. MatchOutcomes makes one from a list.
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
	mu      sync.Mutex
	clock   Clock
	now     time.Time            // the latest instant seen, in whole seconds
	fleet   map[string]*Instance // nil: any well-formed id
	outcome func(Execution) Result
	allowed []string // the regions requests may name

	retention      time.Duration
	maxInvocations int
	commandQuota   int

	ids *rand.Rand
	key [32]byte // signs page tokens
	seq uint64   // the order of creation of invocations, executions and commands

	regions  map[string]*region
	commands map[string]*command
	invs     map[string]*live
	tokens   map[string]clientToken // by region and ClientToken
	waiting  map[string][]*exec     // runs waiting for their instance to reboot
	queue    queue                  // executions with a transition due, soonest first
	ended    []*live                // ended invocations, in the order they ended
	all      lazyList[*live]        // every invocation, oldest first
	dirty    []*live                // invocations whose view changed in this operation
}

// region is what a region holds: its commands and invocations, oldest
// first, and the store that answers DescribeInvocations.
type region struct {
	name     string
	store    *Store
	commands lazyList[*command]
	invs     lazyList[*live]
	byIns    map[string]*lazyList[*live]
	records  int // instances of its invocations: the records of DescribeInvocationResults without history
	kept     int // commands that count against the quota
}

// NewService returns a service configured by cfg. A fleet with a
// malformed or repeated InstanceId, or an OS, Status or Agent that names
// nothing, is an error.
func NewService(cfg Config) (*Service, error) {
	s := &Service{
		clock: cfg.Clock, outcome: cfg.Outcome, allowed: cfg.Regions,
		retention: cfg.Retention, maxInvocations: cfg.MaxInvocations, commandQuota: cfg.CommandQuota,
		ids:     rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x5DEECE66D)),
		regions: map[string]*region{}, commands: map[string]*command{}, invs: map[string]*live{},
		tokens: map[string]clientToken{}, waiting: map[string][]*exec{},
	}
	if s.clock == nil {
		s.clock = RealClock{}
	}
	if s.outcome == nil {
		s.outcome = func(Execution) Result { return Result{} }
	}
	if s.allowed == nil {
		s.allowed = KnownRegions()
	} else {
		s.allowed = slices.Clone(s.allowed)
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
	if cfg.Instances != nil {
		var err error
		if s.fleet, err = fleetIndex(cfg.Instances); err != nil {
			return nil, fmt.Errorf("mock: NewService: %w", err)
		}
	}
	if _, err := crand.Read(s.key[:]); err != nil {
		return nil, fmt.Errorf("mock: NewService: no randomness: %w", err)
	}
	return s, nil
}

// begin locks the service and applies every transition due by the
// clock's time, which it returns.
func (s *Service) begin() time.Time {
	s.mu.Lock()
	now := s.clock.Now().UTC().Truncate(time.Second)
	if now.Before(s.now) {
		now = s.now
	}
	s.now = now
	for len(s.queue) > 0 && !s.queue[0].due.After(now) {
		s.fire(heap.Pop(&s.queue).(*exec))
	}
	for len(s.ended) > 0 && !s.ended[0].endedAt.Add(s.retention).After(now) {
		s.drop(s.ended[0])
	}
	return now
}

// end shows what changed to DescribeInvocations, and unlocks the service.
func (s *Service) end() {
	s.flush()
	s.mu.Unlock()
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
	return nil
}

// DescribeInvocations answers q, as ParseQuery reads it, from the
// invocations of q.RegionID as they are at this instant, as Store.Describe
// does. A region that is missing or unknown is an error; zero paging in q
// means the first page of the default size.
func (s *Service) DescribeInvocations(q *Query) (invocation.Response, error) {
	s.begin()
	defer s.end()
	if err := s.checkRegion(q.RegionID); err != nil {
		return invocation.Response{}, err
	}
	qq := *q
	var err error
	if qq.Paging, err = defaultPaging(q.Paging); err != nil {
		return invocation.Response{}, err
	}
	s.flush()
	return s.region(q.RegionID).store.Describe(&qq)
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
		r = &region{name: name, store: NewStore(), byIns: map[string]*lazyList[*live]{}}
		s.regions[name] = r
	}
	return r
}

func (s *Service) checkRegion(id string) error {
	if id == "" {
		return missing("RegionId")
	}
	if !slices.Contains(s.allowed, id) {
		return apierror.New(apierror.InvalidRegionID, fmt.Sprintf("The RegionId provided does not exist in our items: %q.", id))
	}
	return nil
}

// defaultInstance is every instance when there is no fleet.
var defaultInstance = &Instance{OS: Linux, Status: InstanceRunning, Agent: AgentRunning}

// instance returns the instance id of the fleet.
func (s *Service) instance(id string) (*Instance, error) {
	if s.fleet == nil {
		if validInstanceID(id) {
			return defaultInstance, nil
		}
	} else if in, ok := s.fleet[id]; ok {
		return in, nil
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

// Codes that the vendor does not name, for limits that SPEC §9.1 sets
// (decisions, in the family of their neighbours), and the MissingParameter
// codes of the required parameters (all 400).
const (
	codeInvalidTimeout      apierror.Code = "InvalidParam.Timeout"                // Timeout not from 10 to 86,400 seconds
	codeInvalidWorkingDir   apierror.Code = "InvalidParam.WorkingDir"             // WorkingDir over 200 characters
	codeInvalidLauncher     apierror.Code = "InvalidParam.Launcher"               // Launcher over 1 KB
	codeInvalidRecordStatus apierror.Code = "InvalidParameter.InvokeRecordStatus" // an InvokeRecordStatus that names no per-instance status
)

// The limits of SPEC §9.1.
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

// badParam is an error of a code that apierror does not know, answered
// with HTTP 400.
func badParam(code apierror.Code, msg string) *apierror.Error {
	return &apierror.Error{Code: code, Message: msg, HTTPStatus: 400}
}

// missing is MissingParameter.name, for a required parameter that is not
// given.
func missing(name string) *apierror.Error {
	code := apierror.Code("MissingParameter." + name)
	return &apierror.Error{Code: code, HTTPStatus: 400,
		Message: fmt.Sprintf("The input parameter %q that is mandatory for processing this request is not supplied.", name)}
}

// tooLong is an error for a parameter longer than max characters.
func tooLong(code apierror.Code, name string, max int) *apierror.Error {
	e := apierror.New(code, fmt.Sprintf("The length of the parameter %q exceeds the upper limit of %d.", name, max))
	if e.HTTPStatus == 0 {
		e.HTTPStatus = 400
	}
	return e
}

func runes(s string) int { return utf8.RuneCountInString(s) }

// checkTags checks tags as Tag.N parameters are checked (SPEC §8.2).
func checkTags(tags []invocation.Tag) error {
	if len(tags) > MaxTags {
		return apierror.New(apierror.NumberExceedTags, fmt.Sprintf("The number of tags exceeds the upper limit of %d.", MaxTags))
	}
	seen := make(map[string]bool, len(tags))
	for i, t := range tags {
		switch {
		case t.Key == "" || runes(t.Key) > MaxTagKeyLen:
			return invalidParam(apierror.InvalidTagKey, fmt.Sprintf("Tag.%d.Key", i+1), t.Key, fmt.Sprintf("a key of 1 to %d characters", MaxTagKeyLen))
		case runes(t.Value) > MaxTagValueLen:
			return invalidParam(apierror.InvalidTagValue, fmt.Sprintf("Tag.%d.Value", i+1), t.Value, fmt.Sprintf("a value of at most %d characters", MaxTagValueLen))
		case seen[t.Key]:
			return apierror.New(apierror.DuplicateTagKey, fmt.Sprintf("The tag key %q is given twice.", t.Key))
		}
		seen[t.Key] = true
	}
	return nil
}
