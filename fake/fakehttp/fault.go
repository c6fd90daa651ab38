package fakehttp

import (
	"context"
	"fmt"
	"math"
	"math/rand/v2"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// FaultEffect is what a fault rule does to a request it applies to: one
// of EffectError, EffectLost, EffectDrop and EffectDelay. The empty
// effect is EffectError.
type FaultEffect string

// The effects of a fault rule.
const (
	// EffectError answers the rule's error; the operation is not done.
	EffectError FaultEffect = "error"
	// EffectLost does the operation, then answers the rule's error
	// instead of its answer: a RunCommand's invocation exists though the
	// caller never saw its id.
	EffectLost FaultEffect = "lost"
	// EffectDrop closes the connection without an answer; the operation
	// is not done.
	EffectDrop FaultEffect = "drop"
	// EffectDelay waits the rule's Delay in real time, then serves the
	// request as if no rule applied.
	EffectDelay FaultEffect = "delay"
)

// MaxFaultDelay is the longest Delay of a fault rule.
const MaxFaultDelay = 60 * time.Second

// FaultRule is a rule that makes some of the API's requests fail, for
// tests of clients' retries, time-outs and idempotency. Add rules with
// [Handler.AddFaults] or POST /_mock/faults; the package documentation
// ("Fault rules") tells how they are chosen and applied. A rule as added
// leaves a member zero for its default; a rule as listed has every
// default filled in, its ID and its Hits.
type FaultRule struct {
	// ID is the rule's number, given by the Handler in order of creation
	// from 1; it is zero in a rule to add.
	ID int64

	// Action is the name of the operation whose requests the rule
	// matches, one of [Actions], or "*" (the default) for every request.
	Action string

	// RegionID, when set, restricts the rule to requests whose RegionId
	// is it; InstanceID to requests that name it among their InstanceId
	// or InstanceId.N parameters.
	RegionID   string
	InstanceID string

	// Probability is the chance, from 0 to 1, that the rule applies to a
	// matching request past Skip; nil means 1. It is drawn from a
	// generator seeded with the Handler's Seed, so that the same sequence
	// of requests meets the same faults. A Probability of 0 never applies
	// (a rule kept listed but idle).
	Probability *float64

	// Skip is how many matching requests pass before the rule may apply;
	// Times, when positive, is how many times it applies at most, after
	// which it does nothing and stays listed. Neither may be negative.
	Skip  int64
	Times int64

	// Effect is what the rule does; empty means EffectError.
	Effect FaultEffect

	// Code, HTTPStatus and Message are the error of EffectError and
	// EffectLost, and are not given with the other effects. Code defaults
	// to InternalError.Dispatch; HTTPStatus to 400 for a code that
	// starts with Throttling, 503 for ServiceUnavailable and 500 for any
	// other, and must be from 400 to 599; Message to the vendor's message
	// for the code, or "An injected fault.".
	Code       apierror.Code
	HTTPStatus int
	Message    string

	// Delay is the wait of EffectDelay, above 0 and at most
	// MaxFaultDelay; it is given with that effect only.
	Delay time.Duration

	// Hits is how many times the rule applied; it is zero in a rule to
	// add.
	Hits int64
}

// FaultRuleError is the error of a fault rule that cannot be added: the
// index of the rule among those given, the member at fault, and why.
type FaultRuleError struct {
	Index  int    // from 0, in the order the rules were given
	Member string // such as "Probability"
	Reason string // such as `1.5 is not from 0 to 1`
}

// Error returns "fakehttp: fault rule INDEX: MEMBER: REASON".
func (e *FaultRuleError) Error() string {
	return fmt.Sprintf("fakehttp: fault rule %d: %s: %s", e.Index, e.Member, e.Reason)
}

// dispatchMessage is the message of InternalError.Dispatch.
const dispatchMessage = "An internal error occurred when dispatch the request."

// faultMessages are the messages of the injected faults, as the vendor
// words them.
var faultMessages = map[apierror.Code]string{
	apierror.InternalErrorDispatch: dispatchMessage,
	apierror.Throttling:            "Request was denied due to request throttling.",
	apierror.ThrottlingUser:        "Request was denied due to user flow control.",
	apierror.ThrottlingAPI:         "Request was denied due to api flow control.",
	"ServiceUnavailable":           "The request has failed due to a temporary failure of the server.",
}

// faultStatus is the default HTTP status of a fault's code.
func faultStatus(code apierror.Code) int {
	switch {
	case strings.HasPrefix(string(code), "Throttling"):
		return http.StatusBadRequest
	case code == "ServiceUnavailable":
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

// normalize checks the rule given at index and returns it with its
// defaults filled in.
func (r FaultRule) normalize(index int) (FaultRule, error) {
	bad := func(member, format string, args ...any) (FaultRule, error) {
		return FaultRule{}, &FaultRuleError{Index: index, Member: member, Reason: fmt.Sprintf(format, args...)}
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
	case operations[r.Action] == nil:
		return bad("Action", "%q is not an action the fake serves: *, %s", r.Action, strings.Join(Actions(), ", "))
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
		if r.Delay <= 0 || r.Delay > MaxFaultDelay {
			return bad("Delay", "%q is not above 0s and at most %v", r.Delay.String(), MaxFaultDelay)
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
		r.HTTPStatus = faultStatus(r.Code)
	case r.HTTPStatus < 400 || r.HTTPStatus > 599:
		return bad("HTTPStatus", "%d is not from 400 to 599", r.HTTPStatus)
	}
	if r.Message == "" {
		r.Message = faultMessages[r.Code]
		if r.Message == "" {
			r.Message = "An injected fault."
		}
	}
	return r, nil
}

// clone returns a copy of r that shares no memory with it.
func (r FaultRule) clone() FaultRule {
	if r.Probability != nil {
		p := *r.Probability
		r.Probability = &p
	}
	return r
}

// liveRule is a rule the Handler holds: the rule as listed, and the
// matching requests it let pass for its Skip.
type liveRule struct {
	FaultRule
	skipped int64
}

// faults are a Handler's fault rules and the generator of their
// probabilities.
type faults struct {
	rules []*liveRule // in Id order
	next  int64       // the last Id given
	rng   *rand.Rand
}

// initFaults makes, at first use, the generator and the rule of the
// legacy fields FaultRate and FaultCode. h.fmu must be held.
func (h *Handler) initFaults() {
	if h.faults.rng != nil {
		return
	}
	h.faults.rng = newRand(h.Seed)
	h.faultsReady.Store(true)
	rate := h.FaultRate
	if !(rate > 0) { // NaN too
		return
	}
	rate = math.Min(rate, 1)
	r, err := FaultRule{Probability: &rate, Code: h.FaultCode}.normalize(0)
	if err != nil { // a Code cannot make it fail with the effect error
		panic(err)
	}
	h.add([]FaultRule{r})
}

// newRand returns the generator of fault probabilities for seed.
func newRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, seed^0x9E3779B97F4A7C15))
}

// add appends normalized rules, giving them Ids, and returns them as
// listed. h.fmu must be held.
func (h *Handler) add(rules []FaultRule) []FaultRule {
	out := make([]FaultRule, len(rules))
	for i, r := range rules {
		h.faults.next++
		r.ID = h.faults.next
		h.faults.rules = append(h.faults.rules, &liveRule{FaultRule: r.clone()})
		out[i] = r.clone()
	}
	h.ruleCount.Store(int32(len(h.faults.rules)))
	return out
}

// AddFaults adds fault rules after those the Handler has, and returns
// them as listed: with their Ids and defaults. Either every rule is added
// or, when one cannot be (an unknown Action, a value out of range, a
// member given with an effect that does not use it), none is and the
// error is a *FaultRuleError that names the first such rule and member.
func (h *Handler) AddFaults(rules ...FaultRule) ([]FaultRule, error) {
	norm := make([]FaultRule, len(rules))
	for i, r := range rules {
		var err error
		if norm[i], err = r.normalize(i); err != nil {
			return nil, err
		}
	}
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.initFaults()
	return h.add(norm), nil
}

// Faults returns the Handler's fault rules in Id order, each with its
// defaults and its Hits.
func (h *Handler) Faults() []FaultRule {
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.initFaults()
	return h.listLocked()
}

func (h *Handler) listLocked() []FaultRule {
	out := make([]FaultRule, len(h.faults.rules))
	for i, r := range h.faults.rules {
		out[i] = r.FaultRule.clone()
	}
	return out
}

// DeleteFaults removes every fault rule, the one made from FaultRate
// too. Ids keep counting: the next rule added does not reuse one.
func (h *Handler) DeleteFaults() {
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.initFaults()
	h.faults.rules = nil
	h.ruleCount.Store(0)
}

// DeleteFault removes the fault rule whose Id is id, and reports whether
// the Handler had it.
func (h *Handler) DeleteFault(id int64) bool {
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.initFaults()
	i := slices.IndexFunc(h.faults.rules, func(r *liveRule) bool { return r.ID == id })
	if i < 0 {
		return false
	}
	h.faults.rules = slices.Delete(h.faults.rules, i, i+1)
	h.ruleCount.Store(int32(len(h.faults.rules)))
	return true
}

// ResetFaults returns the Handler's fault rules to their state before
// first use but for FaultRate: it removes every rule, the one made from
// FaultRate too (which is not made again), numbers the next rule 1, and
// restarts the generator of probabilities from Seed, so that a test run
// after a reset meets the faults it would meet on a new Handler. A reset
// of the whole fake calls it.
func (h *Handler) ResetFaults() {
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.initFaults()
	h.faults.rules, h.faults.next, h.faults.rng = nil, 0, newRand(h.Seed)
	h.ruleCount.Store(0)
}

// appliedFault is what a rule that applies to a request does to it.
type appliedFault struct {
	id     int64
	effect FaultEffect
	err    *apierror.Error
	delay  time.Duration
}

// drawFault returns the fault of the first rule that matches the request
// of action and params and applies to it, or nil.
func (h *Handler) drawFault(action string, params url.Values) *appliedFault {
	if h.ruleCount.Load() == 0 && (h.FaultRate <= 0 || h.faultsReady.Load()) {
		return nil
	}
	region := params.Get("RegionId")
	h.fmu.Lock()
	defer h.fmu.Unlock()
	h.initFaults()
	for _, r := range h.faults.rules {
		switch {
		case r.Action != "*" && r.Action != action,
			r.RegionID != "" && r.RegionID != region,
			r.InstanceID != "" && !namesInstance(params, r.InstanceID):
			continue
		case r.skipped < r.Skip:
			r.skipped++
			continue
		case r.Times > 0 && r.Hits >= r.Times:
			continue
		}
		if p := *r.Probability; p < 1 && !(h.faults.rng.Float64() < p) {
			continue
		}
		r.Hits++
		f := &appliedFault{id: r.ID, effect: r.Effect, delay: r.Delay}
		if r.Effect == EffectError || r.Effect == EffectLost {
			f.err = &apierror.Error{Code: r.Code, HTTPStatus: r.HTTPStatus, Message: r.Message}
		}
		return f
	}
	return nil
}

// namesInstance reports whether the parameters name the instance id
// among InstanceId and InstanceId.N.
func namesInstance(params url.Values, id string) bool {
	for k, vs := range params {
		if k != "InstanceId" {
			rest, ok := strings.CutPrefix(k, "InstanceId.")
			if !ok {
				continue
			}
			if _, ok := listIndex(rest); !ok {
				continue
			}
		}
		if slices.Contains(vs, id) {
			return true
		}
	}
	return false
}

// wait waits d, or until ctx is done, and reports whether it waited d.
func wait(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// drop closes the connection of w without an answer: hijacked and
// closed, or, where w cannot be hijacked (HTTP/2, a ResponseRecorder), by
// the panic with http.ErrAbortHandler that net/http's server takes to
// abort the response.
func drop(w http.ResponseWriter) {
	if hj, ok := w.(http.Hijacker); ok {
		if conn, _, err := hj.Hijack(); err == nil {
			conn.Close()
			return
		}
	}
	panic(http.ErrAbortHandler)
}
