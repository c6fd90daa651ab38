// Package fault holds the fault rules of a fake API: rules that make some
// of its requests fail, for tests of clients' retries, time-outs and
// idempotency, in the manner of LocalStack's chaos rules and MockServer's
// chaos profiles. It knows nothing of HTTP: a Set chooses, for a request
// given by its action, region and instances, the rule that applies and
// says what to do (an Applied); the server does it.
//
// # Rules
//
// A Rule matches requests by Action (an operation's name, or "*"),
// RegionID and InstanceID. Past its first Skip matching requests it
// applies with its Probability, drawn from a generator seeded by the
// Set's seed so that a run is reproducible, at most Times times (0: no
// limit), after which it does nothing and stays listed. Its Effect is
// EffectError (answer its error; the operation is not done), EffectLost
// (do the operation, then answer the error instead of its answer),
// EffectDrop (close the connection without an answer) or EffectDelay
// (wait Delay, at most MaxDelay, then serve the request). An error's Code
// defaults to InternalError.Dispatch, its HTTPStatus to 400 for a
// Throttling* code, 503 for ServiceUnavailable and 500 for any other,
// its Message to the vendor's words for the code (Message).
//
// # Sets
//
// A Set holds rules in the order they were added, numbered from 1 (ids
// keep counting after a removal; Reset starts them again), and counts each
// rule's Hits. Rules are tried in that order; the first that matches and
// fires applies, and only one applies to a request. Add adds all the rules
// given or, when one is bad, none, with a *RuleError naming it. A Set is
// safe for concurrent use; its zero value is not: NewSet makes one.
//
// # JSON
//
// UnmarshalRules reads the body that adds rules, {"Rules":[rule, …]},
// with exact member names, each of its type, and errors that name the rule
// and member at fault; MarshalRules writes a list of rules the same way,
// every default filled in, with Id and Hits.
package fault

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// Effect is what a rule does to a request it applies to: one of
// EffectError, EffectLost, EffectDrop and EffectDelay. The empty effect is
// EffectError.
type Effect string

// The effects of a rule.
const (
	// EffectError answers the rule's error; the operation is not done.
	EffectError Effect = "error"
	// EffectLost does the operation, then answers the rule's error
	// instead of its answer: a RunCommand's invocation exists though the
	// caller never saw its id.
	EffectLost Effect = "lost"
	// EffectDrop closes the connection without an answer; the operation
	// is not done.
	EffectDrop Effect = "drop"
	// EffectDelay waits the rule's Delay in real time, then serves the
	// request as if no rule applied.
	EffectDelay Effect = "delay"
)

// MaxDelay is the longest Delay of a rule.
const MaxDelay = 60 * time.Second

// Rule is a rule that makes some requests fail. A rule to add leaves a
// member zero for its default; a rule as listed has every default filled
// in, its ID and its Hits.
type Rule struct {
	// ID is the rule's number, given by the Set in order of creation
	// from 1; it is zero in a rule to add.
	ID int64

	// Action is the name of the operation whose requests the rule
	// matches, one of the Set's actions, or "*" (the default) for every
	// request.
	Action string

	// RegionID, when set, restricts the rule to requests whose RegionId
	// is it; InstanceID to requests that name it among their instances.
	RegionID   string
	InstanceID string

	// Probability is the chance, from 0 to 1, that the rule applies to a
	// matching request past Skip; nil means 1. A Probability of 0 never
	// applies (a rule kept listed but idle).
	Probability *float64

	// Skip is how many matching requests pass before the rule may apply;
	// Times, when positive, is how many times it applies at most, after
	// which it does nothing and stays listed. Neither may be negative.
	Skip  int64
	Times int64

	// Effect is what the rule does; empty means EffectError.
	Effect Effect

	// Code, HTTPStatus and Message are the error of EffectError and
	// EffectLost, and are not given with the other effects. HTTPStatus
	// must be from 400 to 599.
	Code       apierror.Code
	HTTPStatus int
	Message    string

	// Delay is the wait of EffectDelay, above 0 and at most MaxDelay; it
	// is given with that effect only.
	Delay time.Duration

	// Hits is how many times the rule applied; it is zero in a rule to
	// add.
	Hits int64
}

// RuleError is the error of a rule that cannot be added: the index of
// the rule among those given, the member at fault, and why.
type RuleError struct {
	Index  int    // from 0, in the order the rules were given
	Member string // such as "Probability"
	Reason string // such as `1.5 is not from 0 to 1`
}

// Error returns "fault: rule INDEX: MEMBER: REASON".
func (e *RuleError) Error() string {
	return fmt.Sprintf("fault: rule %d: %s: %s", e.Index, e.Member, e.Reason)
}

// messages are the vendor's words for the codes of injected faults.
var messages = map[apierror.Code]string{
	apierror.InternalErrorDispatch: "An internal error occurred when dispatch the request.",
	apierror.Throttling:            "Request was denied due to request throttling.",
	apierror.ThrottlingUser:        "Request was denied due to user flow control.",
	apierror.ThrottlingAPI:         "Request was denied due to api flow control.",
	"ServiceUnavailable":           "The request has failed due to a temporary failure of the server.",
}

// Message returns the vendor's message for code, the default Message of
// a rule with that Code: "An internal error occurred when dispatch the
// request." for InternalError.Dispatch, and "An injected fault." for a
// code whose words are not known.
func Message(code apierror.Code) string {
	if m, ok := messages[code]; ok {
		return m
	}
	return "An injected fault."
}

// status is the default HTTP status of a fault's code.
func status(code apierror.Code) int {
	switch {
	case strings.HasPrefix(string(code), "Throttling"):
		return 400
	case code == "ServiceUnavailable":
		return 503
	}
	return 500
}

// normalize checks the rule given at index and returns it with its
// defaults filled in; actions are the actions a rule may name.
func (r Rule) normalize(index int, actions []string) (Rule, error) {
	bad := func(member, format string, args ...any) (Rule, error) {
		return Rule{}, &RuleError{Index: index, Member: member, Reason: fmt.Sprintf(format, args...)}
	}
	if r.ID != 0 {
		return bad("Id", "%d is given by the fake, not by a rule to add", r.ID)
	}
	if r.Hits != 0 {
		return bad("Hits", "%d is counted by the fake, not given by a rule to add", r.Hits)
	}
	switch {
	case r.Action == "":
		r.Action = "*"
	case r.Action == "*":
	case !slices.Contains(actions, r.Action):
		return bad("Action", "%q is not an action the fake serves: *, %s", r.Action, strings.Join(actions, ", "))
	}
	p := 1.0
	if r.Probability != nil {
		p = *r.Probability
	}
	if !(p >= 0 && p <= 1) {
		return bad("Probability", "%v is not from 0 to 1", p)
	}
	r.Probability = &p
	if r.Skip < 0 {
		return bad("Skip", "%d is negative", r.Skip)
	}
	if r.Times < 0 {
		return bad("Times", "%d is negative", r.Times)
	}
	switch r.Effect {
	case "":
		r.Effect = EffectError
	case EffectError, EffectLost, EffectDrop, EffectDelay:
	default:
		return bad("Effect", "%q is not error, lost, drop or delay", r.Effect)
	}
	if r.Effect == EffectDelay {
		if r.Delay <= 0 || r.Delay > MaxDelay {
			return bad("Delay", "%q is not above 0s and at most %v", r.Delay.String(), MaxDelay)
		}
	} else if r.Delay != 0 {
		return bad("Delay", "%q is given with the effect %q; it is for the effect \"delay\"", r.Delay.String(), r.Effect)
	}
	if r.Effect != EffectError && r.Effect != EffectLost {
		switch {
		case r.Code != "":
			return bad("Code", "%q is given with the effect %q, which answers no error", r.Code, r.Effect)
		case r.HTTPStatus != 0:
			return bad("HTTPStatus", "%d is given with the effect %q, which answers no error", r.HTTPStatus, r.Effect)
		case r.Message != "":
			return bad("Message", "%q is given with the effect %q, which answers no error", r.Message, r.Effect)
		}
		return r, nil
	}
	if r.Code == "" {
		r.Code = apierror.InternalErrorDispatch
	}
	switch {
	case r.HTTPStatus == 0:
		r.HTTPStatus = status(r.Code)
	case r.HTTPStatus < 400 || r.HTTPStatus > 599:
		return bad("HTTPStatus", "%d is not from 400 to 599", r.HTTPStatus)
	}
	if r.Message == "" {
		r.Message = Message(r.Code)
	}
	return r, nil
}

// clone returns a copy of r that shares no memory with it.
func (r Rule) clone() Rule {
	if r.Probability != nil {
		p := *r.Probability
		r.Probability = &p
	}
	return r
}

// live is a rule a Set holds: the rule as listed, and the matching
// requests it let pass for its Skip.
type live struct {
	Rule
	skipped int64
}

// A Set is an ordered list of rules and the generator of their
// probabilities.
type Set struct {
	seed    uint64
	actions []string

	mu    sync.Mutex
	rules []*live // in Id order
	next  int64   // the last Id given
	rng   *rand.Rand
	count atomic.Int32 // len(rules), read without mu
}

// NewSet returns an empty Set whose probabilities are drawn from a
// generator seeded with seed, for rules that may name the actions given.
func NewSet(seed uint64, actions []string) *Set {
	return &Set{seed: seed, actions: slices.Sorted(slices.Values(actions)), rng: newRand(seed)}
}

// newRand returns the generator of fault probabilities for seed.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
}

// Add adds rules after those the Set has, and returns them as listed:
// with their Ids and defaults. Either every rule is added or, when one
// cannot be (an unknown Action, a value out of range, a member given with
// an effect that does not use it), none is and the error is a *RuleError
// that names the first such rule and member.
func (s *Set) Add(rules ...Rule) ([]Rule, error) {
	norm := make([]Rule, len(rules))
	for i, r := range rules {
		var err error
		if norm[i], err = r.normalize(i, s.actions); err != nil {
			return nil, err
		}
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(norm))
	for i, r := range norm {
		s.next++
		r.ID = s.next
		s.rules = append(s.rules, &live{Rule: r.clone()})
		out[i] = r
	}
	s.count.Store(int32(len(s.rules)))
	return out, nil
}

// List returns the rules in Id order, each with its defaults and its
// Hits.
func (s *Set) List() []Rule {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]Rule, len(s.rules))
	for i, r := range s.rules {
		out[i] = r.Rule.clone()
	}
	return out
}

// DeleteAll removes every rule. Ids keep counting: the next rule added
// does not reuse one.
func (s *Set) DeleteAll() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules = nil
	s.count.Store(0)
}

// Delete removes the rule whose Id is id, and reports whether the Set had
// it.
func (s *Set) Delete(id int64) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := slices.IndexFunc(s.rules, func(r *live) bool { return r.ID == id })
	if i < 0 {
		return false
	}
	s.rules = slices.Delete(s.rules, i, i+1)
	s.count.Store(int32(len(s.rules)))
	return true
}

// Reset puts the Set back as NewSet made it: no rule, the next numbered
// 1, and the generator of probabilities restarted from the seed, so that
// a test run after a reset meets the faults it would meet on a new Set.
func (s *Set) Reset() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.rules, s.next, s.rng = nil, 0, newRand(s.seed)
	s.count.Store(0)
}

// Applied is what the rule that applies to a request does to it.
type Applied struct {
	ID     int64 // the rule's
	Effect Effect
	Err    *apierror.Error // the error of EffectError and EffectLost
	Delay  time.Duration   // the wait of EffectDelay
}

// Draw returns what the first rule that matches the request of action in
// the region regionID, naming the instances that names reports, and
// fires, does to it; nil when none applies. It counts the rule's Hits and
// the requests that its Skip lets pass.
func (s *Set) Draw(action, regionID string, names func(instanceID string) bool) *Applied {
	if s.count.Load() == 0 {
		return nil
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	for _, r := range s.rules {
		switch {
		case r.Action != "*" && r.Action != action,
			r.RegionID != "" && r.RegionID != regionID,
			r.InstanceID != "" && !names(r.InstanceID):
			continue
		case r.skipped < r.Skip:
			r.skipped++
			continue
		case r.Times > 0 && r.Hits >= r.Times:
			continue
		}
		if p := *r.Probability; p < 1 && !(s.rng.Float64() < p) {
			continue
		}
		r.Hits++
		a := &Applied{ID: r.ID, Effect: r.Effect, Delay: r.Delay}
		if r.Effect == EffectError || r.Effect == EffectLost {
			a.Err = &apierror.Error{Code: r.Code, HTTPStatus: r.HTTPStatus, Message: r.Message}
		}
		return a
	}
	return nil
}
