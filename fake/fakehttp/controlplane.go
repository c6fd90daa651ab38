package fakehttp

import (
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/fake/journal"
)

// The endpoints of a Handler's fault rules and journal, under /_mock/
// beside Control's; see "Fault rules" and "Journal" in the package
// documentation.

// maxControlBody is the most bytes of a control request's body.
const maxControlBody = 1 << 20

// controlFail writes a control endpoint's error.
func controlFail(w http.ResponseWriter, status int, code apierror.Code, msg string) outcome {
	o := writeControl(w, status, controlError(code, msg))
	o.code = code
	return o
}

// controlQuery checks the method and the query of a control request: the
// method one of methods, and the query readable, each parameter given
// once and taken by the method (params[method]). It returns the query,
// or the outcome of the error it answered.
func controlQuery(w http.ResponseWriter, r *http.Request, methods []string, params map[string][]string) (url.Values, *outcome) {
	failed := func(o outcome) (url.Values, *outcome) { return nil, &o }
	if !slices.Contains(methods, r.Method) {
		allow := ""
		for i, m := range methods {
			if i > 0 {
				allow += ", "
			}
			allow += m
		}
		w.Header().Set("Allow", allow)
		return failed(controlFail(w, http.StatusMethodNotAllowed, apierror.MethodNotAllowed,
			fmt.Sprintf("The method %q is not allowed: %s takes %s.", r.Method, r.URL.Path, allow)))
	}
	if len(r.URL.RawQuery) > maxControlQuery {
		return failed(controlFail(w, http.StatusBadRequest, apierror.InvalidParameter,
			fmt.Sprintf("The query string takes %d bytes, more than the %d a control request may carry.", len(r.URL.RawQuery), maxControlQuery)))
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return failed(controlFail(w, http.StatusBadRequest, apierror.InvalidParameter, "The query string cannot be read: "+err.Error()+"."))
	}
	if e := repeated(q); e != nil {
		return failed(controlFail(w, http.StatusBadRequest, e.Code, e.Message))
	}
	for _, k := range slices.Sorted(maps.Keys(q)) {
		if !slices.Contains(params[r.Method], k) {
			return failed(controlFail(w, http.StatusBadRequest, apierror.InvalidParameter,
				fmt.Sprintf("The parameter %q is not one that %s %s takes.", k, r.Method, r.URL.Path)))
		}
	}
	return q, nil
}

// controlBody reads the body of a control request, at most
// maxControlBody bytes, or answers the error (413 for a larger one).
func controlBody(w http.ResponseWriter, r *http.Request) ([]byte, *outcome) {
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, maxControlBody))
	if err == nil {
		return body, nil
	}
	var o outcome
	if tooBig := new(http.MaxBytesError); errors.As(err, &tooBig) {
		o = controlFail(w, http.StatusRequestEntityTooLarge, apierror.InvalidParameterRequestTooLarge,
			fmt.Sprintf("The request body is larger than the %d bytes a control request may carry.", maxControlBody))
	} else {
		o = controlFail(w, http.StatusBadRequest, apierror.InvalidParameter, "The request body cannot be read: "+err.Error()+".")
	}
	return nil, &o
}

// serveFaults serves /_mock/faults: GET lists the rules, POST adds some,
// DELETE removes them all or, with Id, one.
func (h *Handler) serveFaults(w http.ResponseWriter, r *http.Request) outcome {
	q, failed := controlQuery(w, r, []string{http.MethodGet, http.MethodPost, http.MethodDelete},
		map[string][]string{http.MethodDelete: {"Id"}})
	if failed != nil {
		return *failed
	}
	switch r.Method {
	case http.MethodPost:
		body, failed := controlBody(w, r)
		if failed != nil {
			return *failed
		}
		rules, e := fault.UnmarshalRules(body)
		if e == nil {
			added, err := h.AddFaults(rules...)
			if err == nil {
				return writeControl(w, http.StatusOK, fault.MarshalRules(added))
			}
			var bad *fault.RuleError
			if !errors.As(err, &bad) {
				panic(err) // Set.Add fails with a *fault.RuleError only
			}
			e = fault.ErrorOf(bad)
		}
		return controlFail(w, http.StatusBadRequest, e.Code, e.Message)
	case http.MethodDelete:
		if !q.Has("Id") {
			h.DeleteFaults()
			break
		}
		s := q.Get("Id")
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id < 1 {
			return controlFail(w, http.StatusBadRequest, "InvalidParameter.Id",
				fmt.Sprintf("The specified parameter \"Id\" is not valid: %q is not a fault rule's Id, an integer from 1.", s))
		}
		if !h.DeleteFault(id) {
			return controlFail(w, http.StatusNotFound, "InvalidFaultRule.NotFound", fmt.Sprintf("The specified fault rule %d does not exist.", id))
		}
	}
	return writeControl(w, http.StatusOK, fault.MarshalRules(h.Faults()))
}

// serveRequests serves /_mock/requests: GET lists the journal, after
// since when given; DELETE empties it.
func (h *Handler) serveRequests(w http.ResponseWriter, r *http.Request) outcome {
	q, failed := controlQuery(w, r, []string{http.MethodGet, http.MethodDelete}, map[string][]string{http.MethodGet: {"since"}})
	if failed != nil {
		return *failed
	}
	var since int64
	switch r.Method {
	case http.MethodDelete:
		h.DeleteRequests()
		return writeControl(w, http.StatusOK, []byte(`{"Requests":[]}`))
	default:
		if q.Has("since") {
			s := q.Get("since")
			var err error
			if since, err = strconv.ParseInt(s, 10, 64); err != nil || since < 0 {
				return controlFail(w, http.StatusBadRequest, "InvalidParameter.since",
					fmt.Sprintf("The specified parameter \"since\" is not valid: %q is not a Seq, an integer from 0.", s))
			}
		}
	}
	return writeControl(w, http.StatusOK, journal.Marshal(h.Requests(since)))
}
