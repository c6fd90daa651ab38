package fakehttp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
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
		rules, e := decodeRules(body)
		if e == nil {
			var added []FaultRule
			if added, e = h.addFaults(rules); e == nil {
				return writeRules(w, added)
			}
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
	return writeRules(w, h.Faults())
}

// addFaults is AddFaults with its error as a control error.
func (h *Handler) addFaults(rules []FaultRule) ([]FaultRule, *apierror.Error) {
	added, err := h.AddFaults(rules...)
	if err != nil {
		var e *FaultRuleError
		if !errors.As(err, &e) {
			return nil, &apierror.Error{Code: apierror.InvalidParameter, Message: err.Error()}
		}
		return nil, ruleError(e.Index, e.Member, e.Reason)
	}
	return added, nil
}

// ruleError is the control error of a bad member of the rule at index.
func ruleError(index int, member, reason string) *apierror.Error {
	return &apierror.Error{Code: apierror.Code("InvalidParameter." + member),
		Message: fmt.Sprintf("The fault rule Rules[%d] is not valid: %s: %s.", index, member, reason)}
}

// ruleJSON is a fault rule in JSON, as listed.
type ruleJSON struct {
	ID          int64         `json:"Id"`
	Action      string        `json:"Action"`
	RegionID    string        `json:"RegionId,omitempty"`
	InstanceID  string        `json:"InstanceId,omitempty"`
	Probability float64       `json:"Probability"`
	Skip        int64         `json:"Skip"`
	Times       int64         `json:"Times"`
	Effect      FaultEffect   `json:"Effect"`
	Code        apierror.Code `json:"Code,omitempty"`
	HTTPStatus  int           `json:"HTTPStatus,omitempty"`
	Message     string        `json:"Message,omitempty"`
	Delay       string        `json:"Delay,omitempty"`
	Hits        int64         `json:"Hits"`
}

// writeRules answers {"Rules":[…]}.
func writeRules(w http.ResponseWriter, rules []FaultRule) outcome {
	out := struct{ Rules []ruleJSON }{Rules: make([]ruleJSON, len(rules))}
	for i, r := range rules {
		j := ruleJSON{ID: r.ID, Action: r.Action, RegionID: r.RegionID, InstanceID: r.InstanceID, Probability: 1,
			Skip: r.Skip, Times: r.Times, Effect: r.Effect, Code: r.Code, HTTPStatus: r.HTTPStatus, Message: r.Message, Hits: r.Hits}
		if r.Probability != nil {
			j.Probability = *r.Probability
		}
		if r.Delay != 0 {
			j.Delay = r.Delay.String()
		}
		out.Rules[i] = j
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	return writeControl(w, http.StatusOK, b)
}

// ruleMembers are the members a rule to add may have, and what each
// takes.
var ruleMembers = map[string]string{
	"Action": "a string", "RegionId": "a string", "InstanceId": "a string", "Effect": "a string", "Code": "a string", "Message": "a string",
	"Probability": "a number", "Skip": "an integer", "Times": "an integer", "HTTPStatus": "an integer",
	"Delay": `a Go duration in a string, such as "1.5s"`,
	"Id":    "", "Hits": "", // the fake's to give
}

// decodeRules reads the body of POST /_mock/faults, {"Rules":[rule, …]}:
// JSON whose member names are exact, every one known, each of its type;
// null is the same as an absent member.
func decodeRules(body []byte) ([]FaultRule, *apierror.Error) {
	invalid := func(format string, args ...any) ([]FaultRule, *apierror.Error) {
		return nil, &apierror.Error{Code: apierror.InvalidParameter, Message: fmt.Sprintf(format, args...)}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(body, &top); err != nil || top == nil {
		return invalid("The request body is not a JSON object such as {\"Rules\":[{\"Action\":\"DescribeInvocations\",\"Times\":2}]}%s.", because(err))
	}
	for _, k := range slices.Sorted(maps.Keys(top)) {
		if k != "Rules" {
			return invalid("The request body has the member %q; it has Rules alone.", k)
		}
	}
	raw, ok := top["Rules"]
	if !ok || bytes.Equal(raw, []byte("null")) {
		return nil, &apierror.Error{Code: "MissingParameter.Rules", Message: `The member "Rules" that is mandatory for adding fault rules is not supplied.`}
	}
	var raws []json.RawMessage
	if err := json.Unmarshal(raw, &raws); err != nil {
		return invalid("The member \"Rules\" is not an array of rules.")
	}
	rules := make([]FaultRule, len(raws))
	for i, raw := range raws {
		var members map[string]json.RawMessage
		if err := json.Unmarshal(raw, &members); err != nil || members == nil {
			return invalid("The fault rule Rules[%d] is not a JSON object.", i)
		}
		names := slices.Sorted(maps.Keys(members))
		for _, name := range names {
			v := members[name]
			takes, known := ruleMembers[name]
			if !known {
				return invalid("The fault rule Rules[%d] has the member %q, which a rule does not have: Action, RegionId, InstanceId, Probability, Skip, Times, Effect, Code, HTTPStatus, Message and Delay.", i, name)
			}
			if bytes.Equal(v, []byte("null")) {
				continue
			}
			if takes == "" {
				return nil, ruleError(i, name, fmt.Sprintf("%s is given by the fake, not by a rule to add", clip(v)))
			}
			if err := setMember(&rules[i], name, v); err != nil {
				return nil, ruleError(i, name, fmt.Sprintf("%s is not %s", clip(v), takes))
			}
		}
	}
	return rules, nil
}

// setMember decodes the JSON value v of the member name into r.
func setMember(r *FaultRule, name string, v json.RawMessage) error {
	var s string
	var err error
	switch name {
	case "Action":
		err = json.Unmarshal(v, &r.Action)
	case "RegionId":
		err = json.Unmarshal(v, &r.RegionID)
	case "InstanceId":
		err = json.Unmarshal(v, &r.InstanceID)
	case "Effect":
		err = json.Unmarshal(v, &s)
		r.Effect = FaultEffect(s)
	case "Code":
		err = json.Unmarshal(v, &s)
		r.Code = apierror.Code(s)
	case "Message":
		err = json.Unmarshal(v, &r.Message)
	case "Probability":
		var p float64
		err = json.Unmarshal(v, &p)
		r.Probability = &p
	case "Skip":
		err = json.Unmarshal(v, &r.Skip)
	case "Times":
		err = json.Unmarshal(v, &r.Times)
	case "HTTPStatus":
		err = json.Unmarshal(v, &r.HTTPStatus)
	case "Delay":
		if err = json.Unmarshal(v, &s); err == nil {
			r.Delay, err = time.ParseDuration(s)
		}
	}
	return err
}

// clip returns the JSON text v, cut to 64 bytes for a message.
func clip(v json.RawMessage) string {
	if len(v) > 64 {
		return string(v[:61]) + "..."
	}
	return string(v)
}

// because is ": " and err's text, or nothing.
func because(err error) string {
	if err == nil {
		return ""
	}
	return ": " + err.Error()
}

// requestJSON is a journaled request in JSON.
type requestJSON struct {
	Seq        int64             `json:"Seq"`
	Time       string            `json:"Time"`
	Now        string            `json:"Now,omitempty"`
	Method     string            `json:"Method"`
	Action     string            `json:"Action"`
	RegionID   string            `json:"RegionId"`
	Params     map[string]string `json:"Params"`
	HTTPStatus int               `json:"HTTPStatus"`
	Code       apierror.Code     `json:"Code"`
	Fault      int64             `json:"Fault"`
	DurationMs float64           `json:"DurationMs"`
}

// timeLayout is RFC 3339 with a fraction of nine digits, always.
const timeLayout = "2006-01-02T15:04:05.000000000Z07:00"

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
	reqs := h.Requests(since)
	out := struct{ Requests []requestJSON }{Requests: make([]requestJSON, len(reqs))}
	for i, e := range reqs {
		j := requestJSON{Seq: e.Seq, Time: e.Time.UTC().Format(timeLayout), Method: e.Method, Action: e.Action, RegionID: e.RegionID,
			Params: e.Params, HTTPStatus: e.HTTPStatus, Code: e.Code, Fault: e.Fault, DurationMs: float64(e.Duration) / float64(time.Millisecond)}
		if !e.Now.IsZero() {
			j.Now = e.Now.UTC().Truncate(time.Second).Format(time.RFC3339)
		}
		out.Requests[i] = j
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	return writeControl(w, http.StatusOK, b)
}
