package fakehttp

import (
	"context"
	"math"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/fake/fault"
)

// faultSet returns the Handler's fault rules, made at first use with the
// rule of the fields FaultRate and FaultCode.
func (h *Handler) faultSet() *fault.Set {
	h.faultsMade.Do(func() {
		h.faults = fault.NewSet(h.Seed, Actions())
		rate := h.FaultRate
		if !(rate > 0) { // NaN too
			return
		}
		rate = math.Min(rate, 1)
		if _, err := h.faults.Add(fault.Rule{Probability: &rate, Code: h.FaultCode}); err != nil {
			panic(err) // a Code cannot make a rule of the effect error fail
		}
	})
	return h.faults
}

// AddFaults adds fault rules after those the Handler has, and returns
// them as listed: with their Ids and defaults (see fault.Set.Add). Either
// every rule is added or none is, and the error is a *fault.RuleError.
func (h *Handler) AddFaults(rules ...fault.Rule) ([]fault.Rule, error) {
	return h.faultSet().Add(rules...)
}

// Faults returns the Handler's fault rules in Id order, each with its
// defaults and its Hits.
func (h *Handler) Faults() []fault.Rule { return h.faultSet().List() }

// DeleteFaults removes every fault rule, the one made from FaultRate
// too. Ids keep counting: the next rule added does not reuse one.
func (h *Handler) DeleteFaults() { h.faultSet().DeleteAll() }

// DeleteFault removes the fault rule whose Id is id, and reports whether
// the Handler had it.
func (h *Handler) DeleteFault(id int64) bool { return h.faultSet().Delete(id) }

// ResetFaults returns the Handler's fault rules to their state before
// first use but for FaultRate: it removes every rule, the one made from
// FaultRate too (which is not made again), numbers the next rule 1, and
// restarts the generator of probabilities from Seed, so that a test run
// after a reset meets the faults it would meet on a new Handler. A reset
// of the whole fake calls it.
func (h *Handler) ResetFaults() { h.faultSet().Reset() }

// drawFault returns the fault of the first rule that matches the request
// of action and params and applies to it, or nil.
func (h *Handler) drawFault(action string, params url.Values) *fault.Applied {
	return h.faultSet().Draw(action, params.Get("RegionId"), func(id string) bool { return namesInstance(params, id) })
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
