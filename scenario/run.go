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
	"syscall"
	"time"

	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/signature"
)

// A Runner plays scenarios against a server that speaks the Cloud
// Assistant API and the fake's control endpoints under /_mock/. Its zero
// value is not usable: Endpoint is required.
//
// What it sends: each API call is a POST to Endpoint + "/" with the
// step's Params as an application/x-www-form-urlencoded body, Action among
// them, Format=JSON unless Params has a Format, and, with a key, the
// signature parameters of signature version 1.0 (AccessKeyId,
// SignatureMethod, SignatureVersion, SignatureNonce, Timestamp,
// Signature); no Version parameter. Each control request is sent with its
// method to Endpoint + its target, with an application/json body when the
// step has one. Before each scenario it posts /_mock/reset, which must
// answer a JSON object whose Now is an RFC 3339 time: the scenario's start.
type Runner struct {
	// Endpoint is the server's base URL, such as "http://127.0.0.1:8080"
	// or "http://host/prefix": API calls are posted to Endpoint + "/",
	// control requests sent to Endpoint + their target.
	Endpoint string
	// Client sends the requests; nil means a client that does not
	// follow redirects, so that a redirect is an answer to check rather
	// than a POST silently turned into a GET. Each request is bounded by
	// the context given to Run.
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

// noRedirects is the client of a Runner without one.
var noRedirects = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// A Trace is one request of a scenario and its answer.
type Trace struct {
	Scenario string
	// Step is the index of the step in the scenario, from 0, or -1 for
	// the reset before the first step.
	Step int
	// Request is the step's request as Result.Request gives it.
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
	Name        string
	Description string
	Rules       []string // the rules the scenario checks
	Outcome     Outcome
	// Step is the index of the step that failed or was skipped, from 0,
	// or -1 for the reset before the first step; it is 0 when the
	// scenario passed.
	Step int
	// Request is that step's request: the Action and its Params, or the
	// control request, with references replaced and long values cut;
	// the runner's own parameters (Format, the signature) are not shown.
	Request string
	// Reason says what failed, with the expectation and what came back,
	// or why the scenario was skipped; empty when it passed.
	Reason string
	// Answer is the start of the body answered to that step, at most
	// 1 KiB, for a report.
	Answer string
	// Err is the error of a request that got no answer: a refused or
	// closed connection, a timeout.
	Err      error
	Duration time.Duration
}

// maxBody is the most bytes of an answer the runner reads.
const maxBody = 64 << 20

// Run plays one scenario: it resets the server, then runs each step in
// order and stops at the first that fails or must be skipped.
//
// A control request answered 404, 405 or 501 with no error Code, or with
// InvalidApi.NotFound or MethodNotAllowed, is one the server does not
// serve: the scenario is skipped, unless the step expected just that
// answer. So is an advance answered 409, which a server whose clock is not
// virtual answers. The reset is the exception: a server without it fails
// every scenario, since none can start from nothing.
func (r *Runner) Run(ctx context.Context, s Scenario) Result {
	start := time.Now()
	p := &play{r: r, ctx: ctx, name: s.Name, vars: map[string]string{}}
	res := p.run(s)
	res.Name, res.Description, res.Rules = s.Name, s.Description, s.Rules
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
	answer []byte
	err    error
}

func (p *play) run(s Scenario) Result {
	reset := Step{Control: "POST /_mock/reset"}
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
		if serr.skip {
			serr.skip = false
			serr.reason += ": the runner resets the server before each scenario"
		}
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
	res := Result{Outcome: Failed, Step: i, Request: p.describe(st), Reason: serr.reason, Answer: clip(string(serr.answer), 1024), Err: serr.err}
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
			c = st.Control
		}
		return clip(c, 400)
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
		parts = append(parts, k+"="+clip(v, 80))
	}
	return clip(st.Action+" "+strings.Join(parts, "&"), 400)
}

func fail(format string, args ...any) *stepError {
	return &stepError{reason: fmt.Sprintf(format, args...)}
}

// step runs one step; after, when set, reads the decoded answer of a
// step that passed.
func (p *play) step(i int, st Step, after func(any) error) (serr *stepError) {
	req, serr := p.request(st)
	if serr != nil {
		return serr
	}
	tr := Trace{Scenario: p.name, Step: i, Request: p.describe(st), T: p.t}
	defer func() {
		if serr != nil && serr.answer == nil {
			serr.answer = tr.Body
		}
		if p.r.Trace != nil {
			tr.Vars = maps.Clone(p.vars)
			p.r.Trace(tr)
		}
	}()
	client := p.r.Client
	if client == nil {
		client = noRedirects
	}
	resp, err := client.Do(req)
	if err != nil {
		tr.Err = err
		if st.Expect.Dropped && closed(err) && p.ctx.Err() == nil {
			return nil
		}
		return &stepError{reason: fmt.Sprintf("the request failed: %v", err), err: err}
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, maxBody+1))
	tr.HTTPStatus, tr.Body = resp.StatusCode, body
	if err != nil {
		tr.Err = err
		if st.Expect.Dropped && closed(err) {
			return nil
		}
		return &stepError{reason: fmt.Sprintf("reading the answer: %v", err), err: err}
	}
	if len(body) > maxBody {
		return fail("the answer is longer than %d bytes", maxBody)
	}
	if st.Expect.Dropped {
		return fail("HTTP %d, want the connection closed without an answer", resp.StatusCode)
	}
	var doc any
	if len(bytes.TrimSpace(body)) > 0 {
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&doc); err != nil {
			doc = nil
		}
	}
	want := st.Expect.HTTPStatus
	if want == 0 {
		want = http.StatusOK
	}
	code, _ := Lookup(doc, "Code")
	codeText, _ := code.(string)
	if st.Control != "" {
		if serr := lacks(req, resp.StatusCode, codeText, want, st.Expect.Code); serr != nil {
			return serr
		}
	}
	if resp.StatusCode != want {
		wanted := ""
		if st.Expect.Code != "" {
			wanted = " " + st.Expect.Code
		}
		return fail("HTTP %d, want %d%s%s", resp.StatusCode, want, wanted, errorOf(doc))
	}
	if doc == nil && (st.Expect.Code != "" || len(st.Expect.Checks) > 0 || len(st.Save) > 0 || after != nil) {
		return fail("the answer is not JSON: %q", clip(string(body), 200))
	}
	if st.Expect.Code != "" && codeText != st.Expect.Code {
		return fail("Code %s, want %q%s", text(code), st.Expect.Code, messageOf(doc))
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

// closed reports whether err is the server closing the connection
// without an answer, as a fault rule with the drop effect does.
func closed(err error) bool {
	return errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, syscall.ECONNRESET)
}

// lacks returns a skip when a control request's answer says the server
// does not serve it (see Run), unless the step expected just that answer.
func lacks(req *http.Request, status int, code string, want int, wantCode string) *stepError {
	if status == want && (wantCode == "" || wantCode == code) {
		return nil
	}
	what := req.Method + " " + req.URL.Path
	switch {
	case (status == http.StatusNotFound || status == http.StatusMethodNotAllowed || status == http.StatusNotImplemented) &&
		(code == "" || code == "InvalidApi.NotFound" || code == "MethodNotAllowed"):
		return &stepError{skip: true, reason: fmt.Sprintf("the server does not serve %s (HTTP %d)", what, status)}
	case status == http.StatusConflict && strings.HasSuffix(req.URL.Path, "/_mock/advance"):
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
		if d, ok := difference(c.Path, want, got); ok {
			return fail("%s", d)
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
			return fail("%s is %s, want a match of %q", where, text(s), c.Matches)
		}
	}
	return nil
}

// expand replaces the references of s (see Step).
func (p *play) expand(s string) (string, error) {
	var b strings.Builder
	err := scanRefs(s, func(lit string) { b.WriteString(lit) }, func(name string) error {
		v, err := p.ref(name)
		b.WriteString(v)
		return err
	})
	return b.String(), err
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
	v, err := mapStrings(v, p.expand)
	if err != nil {
		return nil, err
	}
	return json.Marshal(v)
}

// mapStrings replaces each string of a JSON value by what f makes of it.
func mapStrings(v any, f func(string) (string, error)) (any, error) {
	var err error
	switch x := v.(type) {
	case string:
		return f(x)
	case []any:
		for i := range x {
			if x[i], err = mapStrings(x[i], f); err != nil {
				return nil, err
			}
		}
	case map[string]any:
		for k := range x {
			if x[k], err = mapStrings(x[k], f); err != nil {
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
		return fmt.Sprintf(" (Code %q%s)", clip(s, 100), messageOf(doc))
	}
	return ""
}

func messageOf(doc any) string {
	msg, _ := Lookup(doc, "Message")
	if s, ok := msg.(string); ok && s != "" {
		return ": " + clip(s, 200)
	}
	return ""
}

func nonce() string {
	var b [16]byte
	rand.Read(b[:])
	return hex.EncodeToString(b[:])
}
