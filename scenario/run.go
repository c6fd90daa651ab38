package scenario

import (
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/signature"
)

// A Runner plays scenarios against a server that speaks the Cloud
// Assistant API and the fake's control endpoints under /_mock/. Its zero
// value is not usable: Endpoint is required.
type Runner struct {
	// Endpoint is the server's base URL, such as "http://127.0.0.1:8080":
	// API calls are posted to Endpoint + "/", control requests sent to
	// Endpoint + their path.
	Endpoint string
	// Client sends the requests; nil means http.DefaultClient. Each
	// request is bounded by the context given to Run.
	Client *http.Client
	// AccessKeyID and AccessKeySecret, when AccessKeyID is set, sign each
	// API call as the older official SDKs do (HMAC-SHA1, signature
	// version 1.0; see signature.SignV1). Control requests are never
	// signed.
	AccessKeyID, AccessKeySecret string
	// Trace, when set, is called after each request with what was sent
	// and answered, whether the step passed or not.
	Trace func(Trace)
}

// A Trace is one request of a scenario and its answer.
type Trace struct {
	Scenario string
	// Step is the index of the step in the scenario, or -1 for the reset
	// before the first step.
	Step int
	// Request is what was sent: the Action and its parameters as a query,
	// or the control request's method and target.
	Request string
	// HTTPStatus and Body are the answer; HTTPStatus is 0 when there was
	// none (Err tells why).
	HTTPStatus int
	Body       []byte
	Err        error
	// T is the scenario's start and Vars the values saved so far, this
	// step's included.
	T    time.Time
	Vars map[string]string
}

// Outcome is how a scenario ended.
type Outcome string

// The outcomes of a scenario.
const (
	Passed  Outcome = "passed"
	Failed  Outcome = "failed"
	Skipped Outcome = "skipped" // a control endpoint the server lacks, or a clock it cannot move
)

// A Result is how one scenario ended, and why.
type Result struct {
	Name    string
	Outcome Outcome
	// Step is the index of the step that failed or was skipped, -1 for
	// the reset before the first step; it is 0 when the scenario passed.
	Step int
	// Request is that step's request, as in Trace.
	Request string
	// Reason says what failed, with the expectation and what came back,
	// or why the scenario was skipped; empty when it passed.
	Reason   string
	Duration time.Duration
}

// maxBody is the most bytes of an answer the runner reads.
const maxBody = 64 << 20

// Run plays one scenario: it resets the server, then runs each step in
// order and stops at the first that fails or must be skipped.
func (r *Runner) Run(ctx context.Context, s Scenario) Result {
	start := time.Now()
	p := &play{r: r, ctx: ctx, name: s.Name, vars: map[string]string{}}
	res := p.run(s)
	res.Name = s.Name
	res.Duration = time.Since(start)
	return res
}

// play is the state of one scenario while it runs.
type play struct {
	r    *Runner
	ctx  context.Context
	name string
	t    time.Time
	vars map[string]string
}

// stepError is why a step did not pass.
type stepError struct {
	skip   bool
	reason string
}

func (p *play) run(s Scenario) Result {
	reset := Step{Control: "POST /_mock/reset", Save: map[string]string{}}
	if serr := p.step(-1, reset, func(doc any) error {
		now, ok := Lookup(doc, "Now")
		str, isString := now.(string)
		if !ok || !isString {
			return errors.New("the reset's answer has no Now")
		}
		t, err := time.Parse(time.RFC3339, str)
		if err != nil {
			return fmt.Errorf("the reset's Now %q is not an RFC 3339 time", str)
		}
		p.t = t.UTC().Truncate(time.Second)
		return nil
	}); serr != nil {
		return p.result(-1, reset, serr)
	}
	for i, st := range s.Steps {
		for n := 0; n < max(st.Repeat, 1); n++ {
			if serr := p.step(i, st, nil); serr != nil {
				if st.Repeat > 1 {
					serr.reason = fmt.Sprintf("time %d of %d: %s", n+1, st.Repeat, serr.reason)
				}
				return p.result(i, st, serr)
			}
		}
	}
	return Result{Outcome: Passed}
}

func (p *play) result(i int, st Step, serr *stepError) Result {
	res := Result{Outcome: Failed, Step: i, Request: p.describe(st), Reason: serr.reason}
	if serr.skip {
		res.Outcome = Skipped
	}
	return res
}

// describe writes a step's request for a report, its references replaced
// where they can be.
func (p *play) describe(st Step) string {
	if st.Control != "" {
		c, err := p.expand(st.Control)
		if err != nil {
			return st.Control
		}
		return c
	}
	if len(st.Params) == 0 {
		return st.Action
	}
	parts := make([]string, 0, len(st.Params))
	for _, k := range sortedKeys(st.Params) {
		v := st.Params[k]
		if x, err := p.expand(v); err == nil {
			v = x
		}
		if len(v) > 80 {
			v = v[:80] + "…"
		}
		parts = append(parts, k+"="+v)
	}
	return st.Action + " " + strings.Join(parts, "&")
}

func fail(format string, args ...any) *stepError {
	return &stepError{reason: fmt.Sprintf(format, args...)}
}

// step runs one step; after, when set, reads the decoded answer of a
// step that passed.
func (p *play) step(i int, st Step, after func(any) error) *stepError {
	req, serr := p.request(st)
	if serr != nil {
		return serr
	}
	tr := Trace{Scenario: p.name, Step: i, Request: p.describe(st), T: p.t}
	defer func() {
		if p.r.Trace != nil {
			tr.Vars = maps.Clone(p.vars)
			p.r.Trace(tr)
		}
	}()
	client := p.r.Client
	if client == nil {
		client = http.DefaultClient
	}
	resp, err := client.Do(req)
	if err != nil {
		tr.Err = err
		if st.Expect.Dropped && p.ctx.Err() == nil {
			return nil
		}
		return fail("the request failed: %v", err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	tr.HTTPStatus, tr.Body = resp.StatusCode, body
	if err != nil {
		tr.Err = err
		if st.Expect.Dropped {
			return nil
		}
		return fail("reading the answer: %v", err)
	}
	if len(body) > maxBody {
		return fail("the answer is longer than %d bytes", maxBody)
	}
	if st.Expect.Dropped {
		return fail("HTTP %d, want the connection closed without an answer", resp.StatusCode)
	}
	want := st.Expect.HTTPStatus
	if want == 0 {
		want = http.StatusOK
	}
	if st.Control != "" && resp.StatusCode != want {
		if serr := lacks(st, req, resp.StatusCode); serr != nil {
			return serr
		}
	}
	var doc any
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			doc = nil
		}
	}
	if resp.StatusCode != want {
		return fail("HTTP %d, want %d%s", resp.StatusCode, want, errorOf(doc))
	}
	if st.Expect.Code != "" {
		code, _ := Lookup(doc, "Code")
		if code != st.Expect.Code {
			return fail("Code %s, want %q%s", text(code), st.Expect.Code, messageOf(doc))
		}
	}
	if doc == nil && (len(st.Expect.Checks) > 0 || len(st.Save) > 0 || after != nil) {
		return fail("the answer is not JSON: %q", clip(body))
	}
	for k, c := range st.Expect.Checks {
		if serr := p.check(doc, c); serr != nil {
			serr.reason = fmt.Sprintf("Expect.Checks[%d]: %s", k, serr.reason)
			return serr
		}
	}
	for _, name := range sortedKeys(st.Save) {
		path := st.Save[name]
		v, ok := Lookup(doc, path)
		switch x := v.(type) {
		case string:
			p.vars[name] = x
		case json.Number:
			p.vars[name] = x.String()
		default:
			if !ok {
				return fail("Save %s: nothing at %s", name, path)
			}
			return fail("Save %s: %s is %s, not a string or a number", name, path, text(v))
		}
	}
	if after != nil {
		if err := after(doc); err != nil {
			return fail("%v", err)
		}
	}
	return nil
}

// lacks returns a skip when a control request's answer says the server
// does not serve it: 404, 405 or 501, or a 409 to an advance, which a
// server whose clock is not virtual answers.
func lacks(st Step, req *http.Request, status int) *stepError {
	what := req.Method + " " + req.URL.Path
	switch {
	case status == http.StatusNotFound || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented:
		return &stepError{skip: true, reason: fmt.Sprintf("the server does not serve %s (HTTP %d)", what, status)}
	case status == http.StatusConflict && req.URL.Path == "/_mock/advance":
		return &stepError{skip: true, reason: "the server's clock cannot be advanced (HTTP 409): start it with a virtual clock"}
	}
	return nil
}

// request builds the HTTP request of a step, its references replaced.
func (p *play) request(st Step) (*http.Request, *stepError) {
	base := strings.TrimSuffix(p.r.Endpoint, "/")
	if st.Control != "" {
		ctl, err := p.expand(st.Control)
		if err != nil {
			return nil, fail("Control: %v", err)
		}
		method, target, err := splitControl(ctl)
		if err != nil {
			return nil, fail("%v", err)
		}
		var body io.Reader
		if len(st.Body) > 0 {
			b, err := p.expandJSON(st.Body)
			if err != nil {
				return nil, fail("Body: %v", err)
			}
			body = bytes.NewReader(b)
		}
		req, err := http.NewRequestWithContext(p.ctx, method, base+target, body)
		if err != nil {
			return nil, fail("Control %q: %v", ctl, err)
		}
		if body != nil {
			req.Header.Set("Content-Type", "application/json")
		}
		return req, nil
	}
	params := url.Values{"Action": {st.Action}}
	for k, v := range st.Params {
		x, err := p.expand(v)
		if err != nil {
			return nil, fail("Params[%q]: %v", k, err)
		}
		params.Set(k, x)
	}
	if _, ok := st.Params["Format"]; !ok {
		params.Set("Format", "JSON")
	}
	if p.r.AccessKeyID != "" {
		signature.SignV1(http.MethodPost, params, p.r.AccessKeyID, p.r.AccessKeySecret, nonce(), time.Now())
	}
	req, err := http.NewRequestWithContext(p.ctx, http.MethodPost, base+"/", strings.NewReader(params.Encode()))
	if err != nil {
		return nil, fail("%v", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return req, nil
}

// check tests one check against the answer.
func (p *play) check(doc any, c Check) *stepError {
	got, ok := Lookup(doc, c.Path)
	where := c.Path
	if where == "" {
		where = "the body"
	}
	switch {
	case c.Absent:
		if ok {
			return fail("%s is %s, want it absent", where, text(got))
		}
	case !ok:
		return fail("nothing at %s", where)
	case len(c.Equals) > 0:
		b, err := p.expandJSON(c.Equals)
		if err != nil {
			return fail("Equals: %v", err)
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.UseNumber()
		var want any
		if err := dec.Decode(&want); err != nil {
			return fail("Equals: %v", err)
		}
		if !equal(want, got) {
			return fail("%s is %s, want %s", where, text(got), text(want))
		}
	case c.Len != nil:
		n := -1
		switch x := got.(type) {
		case []any:
			n = len(x)
		case map[string]any:
			n = len(x)
		case string:
			n = len(x)
		}
		if n != *c.Len {
			return fail("%s has length %d, want %d: %s", where, n, *c.Len, text(got))
		}
	case c.Matches != "":
		var s string
		switch x := got.(type) {
		case string:
			s = x
		case json.Number:
			s = x.String()
		default:
			return fail("%s is %s, want a string matching %q", where, text(got), c.Matches)
		}
		if !regexp.MustCompile(c.Matches).MatchString(s) {
			return fail("%s is %q, want a match of %q", where, s, c.Matches)
		}
	}
	return nil
}

// expand replaces the references of s (see Step).
func (p *play) expand(s string) (string, error) {
	var b strings.Builder
	for {
		i := strings.Index(s, "${")
		if i < 0 {
			b.WriteString(s)
			return b.String(), nil
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			return "", fmt.Errorf("%q: ${ without }", s)
		}
		b.WriteString(s[:i])
		v, err := p.ref(s[i+2 : i+j])
		if err != nil {
			return "", err
		}
		b.WriteString(v)
		s = s[i+j+1:]
	}
}

// ref returns the value of one reference's name.
func (p *play) ref(name string) (string, error) {
	if name == "T" || strings.HasPrefix(name, "T+") || strings.HasPrefix(name, "T-") {
		t := p.t
		if name != "T" {
			d, err := time.ParseDuration(name[1:])
			if err != nil {
				return "", fmt.Errorf("${%s}: %v", name, err)
			}
			t = t.Add(d)
		}
		return t.Format(invocation.TimeLayout), nil
	}
	v, ok := p.vars[name]
	if !ok {
		return "", fmt.Errorf("${%s}: no earlier step saved %q", name, name)
	}
	return v, nil
}

// expandJSON replaces the references in the strings of a JSON value.
func (p *play) expandJSON(raw json.RawMessage) ([]byte, error) {
	if !bytes.Contains(raw, []byte("${")) {
		return raw, nil
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, err
	}
	v, err := p.expandValue(v)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

func (p *play) expandValue(v any) (any, error) {
	var err error
	switch x := v.(type) {
	case string:
		return p.expand(x)
	case []any:
		for i := range x {
			if x[i], err = p.expandValue(x[i]); err != nil {
				return nil, err
			}
		}
	case map[string]any:
		for k := range x {
			if x[k], err = p.expandValue(x[k]); err != nil {
				return nil, err
			}
		}
	}
	return v, nil
}

// errorOf and messageOf describe an error answer's body for a report.
func errorOf(doc any) string {
	code, _ := Lookup(doc, "Code")
	if s, ok := code.(string); ok && s != "" {
		return fmt.Sprintf(" (Code %q%s)", s, messageOf(doc))
	}
	return ""
}

func messageOf(doc any) string {
	msg, _ := Lookup(doc, "Message")
	if s, ok := msg.(string); ok && s != "" {
		return ": " + s
	}
	return ""
}

func clip(b []byte) string {
	if len(b) > 200 {
		return string(b[:200]) + "…"
	}
	return string(b)
}

func nonce() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
