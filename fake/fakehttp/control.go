package fakehttp

import (
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/internal/wire"
)

// controlPrefix is the path under which Control serves, outside the API.
const controlPrefix = "/_mock/"

// Control serves the endpoints that control a Service from outside the
// API, as a test or a script that drives the fake server does. They are
// served under /_mock/, take their parameters in the query string, and
// answer JSON:
//
//	POST /_mock/advance?by=DURATION   moves a fake.VirtualClock DURATION ahead, in Go's syntax (90s, 10m)
//	POST /_mock/advance?to=next       moves it to the next due transition (Service.NextTransition)
//	GET  /_mock/now                   tells the time
//	POST /_mock/reboot?InstanceId=ID  reboots the instance now (see Service.Reboot)
//
// GET /_mock/ answers, as HTML, the fake's page: the clock, the fleet and
// every invocation with its executions along the clock (see "The page" in
// the package documentation); GET /_mock/page-worker.js its worker, the
// script that reads the state for it. Each other endpoint
// answers {"Now":"2025-01-02T03:04:05Z"} with the service's time
// after the call (Service.Now: UTC, whole seconds); reboot adds
// "InstanceId". An error is {"Code":"…","Message":"…"}:
//
//	400 MissingParameter.by        advance without by
//	400 InvalidParameter.by        a by that is not a duration, or is negative (the clock never goes back)
//	400 InvalidParameter.to        a to that is not next
//	400 InvalidParameter           both by and to
//	409 OperationDenied.RealClock  advance of a service whose clock is not a *fake.VirtualClock
//	409 OperationDenied.NothingDue advance to next when no transition is due
//	400 MissingParameter.InstanceId, 404 InvalidInstance.NotFound  reboot without an instance, or of one the fleet does not have
//	400 InvalidParameter           a query that cannot be read, a parameter given twice, or more than 4 KiB of them
//	405 MethodNotAllowed           another method, with an Allow header
//	404 InvalidApi.NotFound        another path
//
// An advance costs the transitions it passes, three a run and instance: a
// minute of a rate(1m) invocation on ten instances is some thirty, a year
// of it some fifteen million. Control's requests are not signed and meet no injected fault:
// they are not the API's, and are not journaled. A Handler with a
// Service serves Control under /_mock/, and beside it the Handler's fault
// rules (/_mock/faults) and journal (/_mock/requests), which a Control
// mounted alone, as in mux.Handle("/_mock/", &fakehttp.Control{Service:
// svc}), does not have. A Control without a Service answers every request
// with InternalError.Dispatch (500).
type Control struct {
	Service *fake.Service

	h *Handler // the Handler serving it, whose fault rules and journal it serves
}

// ServeHTTP answers one control request.
func (c *Control) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	defer func() {
		if v := recover(); v != nil {
			if v == http.ErrAbortHandler {
				panic(v)
			}
			logPanic(r, nil, "", v)
			writeControl(w, http.StatusInternalServerError, controlError(apierror.InternalErrorDispatch, fault.Message(apierror.InternalErrorDispatch)))
		}
	}()
	c.serve(w, r)
}

// maxControlQuery is the most bytes of a control request's query.
const maxControlQuery = 4 << 10

func (c *Control) serve(w http.ResponseWriter, r *http.Request) outcome {
	action := r.URL.Path
	fail := func(status int, code apierror.Code, msg string) outcome {
		o := writeControl(w, status, controlError(code, msg))
		o.code, o.action = code, action
		return o
	}
	if c.h != nil {
		switch r.URL.Path {
		case controlPrefix + "faults":
			return c.h.serveFaults(w, r)
		case controlPrefix + "requests":
			return c.h.serveRequests(w, r)
		}
	}
	switch r.URL.Path {
	case controlPrefix:
		o := c.servePage(w, r)
		o.action = action
		return o
	case pageWorkerPath:
		o := c.servePageWorker(w, r)
		o.action = action
		return o
	case controlPrefix + "reset", controlPrefix + "state", controlPrefix + "instances":
		if c.Service == nil {
			return fail(http.StatusInternalServerError, apierror.InternalErrorDispatch, "The control endpoints have no service to control.")
		}
		var o outcome
		switch r.URL.Path {
		case controlPrefix + "reset":
			o = c.serveReset(w, r)
		case controlPrefix + "state":
			o = c.serveState(w, r)
		default:
			o = c.serveInstances(w, r)
		}
		o.action = action
		return o
	}
	var method string
	switch r.URL.Path {
	case controlPrefix + "advance", controlPrefix + "reboot":
		method = http.MethodPost
	case controlPrefix + "now":
		method = http.MethodGet
	default:
		served := "advance, instances, now, reboot, reset and state"
		if c.h != nil {
			served = "advance, faults, instances, now, reboot, requests, reset and state"
		}
		served += " under " + controlPrefix + ", and its page at " + controlPrefix
		return fail(http.StatusNotFound, apierror.InvalidAPINotFound, fmt.Sprintf("The control endpoint %q is not found: the fake serves %s.", r.URL.Path, served))
	}
	if r.Method != method {
		w.Header().Set("Allow", method)
		return fail(http.StatusMethodNotAllowed, apierror.MethodNotAllowed, fmt.Sprintf("The method %q is not allowed: %s takes %s.", r.Method, r.URL.Path, method))
	}
	if len(r.URL.RawQuery) > maxControlQuery {
		return fail(http.StatusBadRequest, apierror.InvalidParameter, fmt.Sprintf("The query string takes %d bytes, more than the %d a control request may carry.", len(r.URL.RawQuery), maxControlQuery))
	}
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return fail(http.StatusBadRequest, apierror.InvalidParameter, "The query string cannot be read: "+err.Error()+".")
	}
	if e := repeated(q); e != nil {
		return fail(http.StatusBadRequest, e.Code, e.Message)
	}
	s := c.Service
	if s == nil {
		return fail(http.StatusInternalServerError, apierror.InternalErrorDispatch, "The control endpoints have no service to control.")
	}

	var extra string
	switch r.URL.Path {
	case controlPrefix + "advance":
		var d time.Duration
		switch {
		case q.Has("by") && q.Has("to"):
			return fail(http.StatusBadRequest, apierror.InvalidParameter, `The parameters "by" and "to" are both given; an advance takes one of them.`)
		case q.Has("to"):
			if to := q.Get("to"); to != "next" {
				return fail(http.StatusBadRequest, "InvalidParameter.to", fmt.Sprintf("The specified parameter \"to\" is not valid: %q is not next, the one instant it takes.", to))
			}
		case !q.Has("by"):
			return fail(http.StatusBadRequest, "MissingParameter.by", `The parameter "by" that is mandatory for advancing the clock is not supplied.`)
		default:
			by := q.Get("by")
			var err error
			d, err = time.ParseDuration(by)
			if err != nil || d < 0 {
				return fail(http.StatusBadRequest, "InvalidParameter.by", fmt.Sprintf("The specified parameter \"by\" is not valid: %q is not a duration of zero or more, such as 90s or 10m.", by))
			}
		}
		vc, ok := s.Clock().(*fake.VirtualClock)
		if !ok {
			return fail(http.StatusConflict, "OperationDenied.RealClock", "The clock of the fake is not virtual: it moves by itself, and cannot be advanced.")
		}
		if q.Has("to") {
			next, ok := s.NextTransition()
			if !ok {
				return fail(http.StatusConflict, "OperationDenied.NothingDue", "No transition is due: every execution has ended, or waits for a reboot.")
			}
			d = max(next.Sub(vc.Now()), 0)
		}
		vc.Advance(d)
	case controlPrefix + "reboot":
		id := q.Get("InstanceId")
		if id == "" {
			return fail(http.StatusBadRequest, "MissingParameter.InstanceId", `The input parameter "InstanceId" that is mandatory for processing this request is not supplied.`)
		}
		if err := s.Reboot(id); err != nil {
			var e *apierror.Error
			if !errors.As(err, &e) {
				e = apierror.New(apierror.InternalErrorDispatch, err.Error())
			}
			return fail(e.HTTPStatus, e.Code, e.Message)
		}
		extra = `"InstanceId":` + string(wire.AppendJSONString(nil, id)) + ","
	}
	now := s.Now().UTC().Format(time.RFC3339)
	o := writeControl(w, http.StatusOK, fmt.Appendf(nil, `{%s"Now":"%s"}`, extra, now))
	o.action = action
	return o
}

// controlError is the body of a control endpoint's error.
func controlError(code apierror.Code, msg string) []byte {
	return fmt.Appendf(nil, `{"Code":%s,"Message":%s}`, wire.AppendJSONString(nil, string(code)), wire.AppendJSONString(nil, msg))
}

// writeControl writes a control answer.
func writeControl(w http.ResponseWriter, status int, body []byte) outcome {
	w.Header().Set("Content-Type", "application/json;charset=utf-8")
	w.WriteHeader(status)
	w.Write(append(body, '\n'))
	return outcome{status: status, format: FormatJSON}
}

// isControl reports whether path is under the control endpoints.
func isControl(path string) bool { return strings.HasPrefix(path, controlPrefix) }
