package fakehttp_test

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/google/go-cmp/cmp"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/fake/fault"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/jsoncodec"
)

func prob(p float64) *float64 { return &p }

// faultFake is a Service of three instances on a virtual clock behind a
// Handler and a test server.
type faultFake struct {
	svc *fake.Service
	h   *fakehttp.Handler
	ts  *httptest.Server
}

func newFaultFake(t *testing.T, seed uint64) *faultFake {
	t.Helper()
	svc, err := fake.NewService(fake.Config{Clock: fake.NewVirtualClock(t0),
		Instances: []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-3"}}})
	require.NoError(t, err)
	h := &fakehttp.Handler{Service: svc, Seed: seed}
	ts := httptest.NewServer(h)
	t.Cleanup(ts.Close)
	return &faultFake{svc: svc, h: h, ts: ts}
}

// call sends GET /?query in JSON and returns the status and the code of
// an error ("" on success), or the client's error.
func (f *faultFake) call(t *testing.T, query string) (int, apierror.Code, error) {
	t.Helper()
	res, err := f.ts.Client().Get(f.ts.URL + "/?Format=JSON&" + query)
	if err != nil {
		return 0, "", err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	if res.StatusCode == 200 {
		return 200, "", nil
	}
	e, err := jsoncodec.DecodeAPIError(body)
	require.NoError(t, err, "%s", body)
	return res.StatusCode, e.Code, nil
}

// invocations returns how many invocations the Service has.
func (f *faultFake) invocations(t *testing.T) int {
	t.Helper()
	r, err := f.svc.DescribeInvocations(fake.DescribeInvocationsRequest{RegionID: "cn-hangzhou", CommandType: invocation.RunShellScript})
	require.NoError(t, err)
	return r.TotalCount
}

const (
	describe = "Action=DescribeInvocations&RegionId=cn-hangzhou"
	run      = "Action=RunCommand&RegionId=cn-hangzhou&Type=RunShellScript&CommandContent=true&InstanceId.1=i-1"
)

// Each effect over HTTP: error answers and does nothing, lost does the
// operation and answers the error, drop answers nothing and does nothing,
// delay serves after the delay.
func TestFaultEffects(t *testing.T) {
	tests := []struct {
		name        string
		rule        fault.Rule
		wantStatus  int
		wantCode    apierror.Code
		wantErr     bool // the client sees no answer
		wantInvokes int
		wantJournal int // HTTPStatus in the journal
	}{
		{name: "error", rule: fault.Rule{Action: "RunCommand"},
			wantStatus: 500, wantCode: apierror.InternalErrorDispatch, wantInvokes: 0, wantJournal: 500},
		{name: "error throttled", rule: fault.Rule{Action: "RunCommand", Code: apierror.ThrottlingUser},
			wantStatus: 400, wantCode: apierror.ThrottlingUser, wantInvokes: 0, wantJournal: 400},
		{name: "error of a status given", rule: fault.Rule{Code: "ServiceUnavailable", HTTPStatus: 502},
			wantStatus: 502, wantCode: "ServiceUnavailable", wantInvokes: 0, wantJournal: 502},
		{name: "lost", rule: fault.Rule{Action: "RunCommand", Effect: fault.EffectLost, Code: "ServiceUnavailable"},
			wantStatus: 503, wantCode: "ServiceUnavailable", wantInvokes: 1, wantJournal: 503},
		{name: "drop", rule: fault.Rule{Action: "RunCommand", Effect: fault.EffectDrop},
			wantErr: true, wantInvokes: 0, wantJournal: 0},
		{name: "delay", rule: fault.Rule{Action: "RunCommand", Effect: fault.EffectDelay, Delay: 50 * time.Millisecond},
			wantStatus: 200, wantInvokes: 1, wantJournal: 200},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFaultFake(t, 1)
			rules, err := f.h.AddFaults(tt.rule)
			require.NoError(t, err)
			start := time.Now()
			status, code, err := f.call(t, run)
			if tt.wantErr {
				require.Error(t, err)
			} else {
				require.NoError(t, err)
			}
			require.Equal(t, tt.wantStatus, status)
			require.Equal(t, tt.wantCode, code)
			if tt.rule.Effect == fault.EffectDelay {
				require.GreaterOrEqual(t, time.Since(start), tt.rule.Delay)
			}
			require.Equal(t, tt.wantInvokes, f.invocations(t))

			reqs := f.h.Requests(0)
			require.Len(t, reqs, 1)
			require.Equal(t, tt.wantJournal, reqs[0].HTTPStatus)
			require.Equal(t, rules[0].ID, reqs[0].Fault)
			require.Equal(t, tt.wantCode, reqs[0].Code)
			require.Equal(t, int64(1), f.h.Faults()[0].Hits)

			// The rule matches RunCommand alone (or every action):
			// DescribeInvocations meets it only as "*".
			status, _, err = f.call(t, describe)
			if tt.rule.Action == "*" || tt.rule.Action == "" {
				require.NotEqual(t, 200, status)
			} else {
				require.NoError(t, err)
				require.Equal(t, 200, status)
			}
		})
	}
}

// A lost RunCommand has run: DescribeInvocations shows its invocation,
// over HTTP, though its caller got an error; a retry with the same
// ClientToken makes no second one.
func TestFaultLostRunCommand(t *testing.T) {
	f := newFaultFake(t, 1)
	_, err := f.h.AddFaults(fault.Rule{Action: "RunCommand", Effect: fault.EffectLost, Times: 1})
	require.NoError(t, err)
	status, code, err := f.call(t, run+"&ClientToken=tok-1")
	require.NoError(t, err)
	require.Equal(t, 500, status)
	require.Equal(t, apierror.InternalErrorDispatch, code)

	res, err := f.ts.Client().Get(f.ts.URL + "/?Format=JSON&" + describe + "&CommandType=RunShellScript")
	require.NoError(t, err)
	defer res.Body.Close()
	var body struct{ TotalCount int }
	require.NoError(t, json.NewDecoder(res.Body).Decode(&body))
	require.Equal(t, 1, body.TotalCount, "the invocation exists")

	status, _, err = f.call(t, run+"&ClientToken=tok-1")
	require.NoError(t, err)
	require.Equal(t, 200, status)
	require.Equal(t, 1, f.invocations(t), "the retry with the same ClientToken made none")
}

// A delay longer than the client's time-out times the client out; the
// operation is not done, as the client is gone before the delay ends.
func TestFaultDelayTimesOut(t *testing.T) {
	f := newFaultFake(t, 1)
	_, err := f.h.AddFaults(fault.Rule{Action: "RunCommand", Effect: fault.EffectDelay, Delay: 5 * time.Second})
	require.NoError(t, err)
	client := &http.Client{Timeout: 100 * time.Millisecond}
	start := time.Now()
	_, err = client.Get(f.ts.URL + "/?" + run)
	var ue *url.Error
	require.ErrorAs(t, err, &ue)
	require.True(t, ue.Timeout(), "%v", err)
	require.Less(t, time.Since(start), 4*time.Second)
	require.Eventually(t, func() bool { return len(f.h.Requests(0)) == 1 }, 4*time.Second, 10*time.Millisecond,
		"the server stops waiting when the client is gone")
	r := f.h.Requests(0)[0]
	require.Equal(t, 0, r.HTTPStatus)
	require.Equal(t, int64(1), r.Fault)
	require.Less(t, r.Duration, 4*time.Second)
	require.Equal(t, 0, f.invocations(t))
}

// Called without a server, a drop panics with http.ErrAbortHandler, as
// net/http's server expects of a handler that aborts; it is journaled.
func TestFaultDropWithoutHijacker(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t)}
	_, err := h.AddFaults(fault.Rule{Effect: fault.EffectDrop})
	require.NoError(t, err)
	require.PanicsWithValue(t, http.ErrAbortHandler, func() {
		h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest("GET", "/?"+describe, nil))
	})
	r := h.Requests(0)
	require.Len(t, r, 1)
	require.Equal(t, int64(1), r[0].Fault)
}

// Rules match by action, region and instance, in Id order; Skip lets the
// first matching requests pass, Times caps the firings, and only one rule
// applies to a request.
func TestFaultMatching(t *testing.T) {
	tests := []struct {
		name     string
		rules    []fault.Rule
		requests []string
		want     string // per request: the Id of the rule that applied, or '.'
	}{
		{name: "third DescribeInvocations only",
			rules:    []fault.Rule{{Action: "DescribeInvocations", Skip: 2, Times: 1}},
			requests: []string{describe, run, describe, describe, describe, run},
			want:     "...1.."},
		{name: "every request, twice", rules: []fault.Rule{{Times: 2}},
			requests: []string{run, describe, describe, run},
			want:     "11.."},
		{name: "by region", rules: []fault.Rule{{RegionID: "cn-beijing"}},
			requests: []string{describe, "Action=DescribeInvocations&RegionId=cn-beijing", run},
			want:     ".1."},
		{name: "by instance among InstanceId.N", rules: []fault.Rule{{InstanceID: "i-2"}},
			requests: []string{run, run + "&InstanceId.2=i-2", describe + "&InstanceId=i-2", describe + "&InstanceId=i-3", run + "&InstanceId.x=i-2"},
			want:     ".11.."},
		{name: "the first that applies, in Id order",
			rules:    []fault.Rule{{Action: "RunCommand", Times: 1}, {Action: "RunCommand", Times: 2}, {}},
			requests: []string{run, run, run, run, describe},
			want:     "12233"},
		{name: "a skipped request goes on to the next rule",
			rules:    []fault.Rule{{Action: "RunCommand", Skip: 1}, {Action: "RunCommand", Times: 1}},
			requests: []string{run, run, run},
			want:     "211"},
		{name: "a request another rule took does not count toward Skip",
			rules:    []fault.Rule{{Action: "RunCommand", Times: 2}, {Action: "RunCommand", Skip: 1}},
			requests: []string{run, run, run, run},
			want:     "11.2"},
		{name: "probability zero never applies", rules: []fault.Rule{{Probability: prob(0)}},
			requests: []string{run, describe},
			want:     ".."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFaultFake(t, 1)
			_, err := f.h.AddFaults(tt.rules...)
			require.NoError(t, err)
			for _, q := range tt.requests {
				_, _, err := f.call(t, q)
				require.NoError(t, err)
			}
			var got strings.Builder
			for _, r := range f.h.Requests(0) {
				if r.Fault == 0 {
					got.WriteByte('.')
				} else {
					got.WriteByte(byte('0' + r.Fault))
				}
			}
			require.Equal(t, tt.want, got.String())
			// Hits count the applications; every rule stays listed.
			listed := f.h.Faults()
			require.Len(t, listed, len(tt.rules))
			for _, r := range listed {
				require.Equal(t, int64(strings.Count(tt.want, string(rune('0'+r.ID)))), r.Hits, "rule %d", r.ID)
			}
		})
	}
}

// Probability is drawn from the Seed: the same requests meet the same
// faults for a seed, and after ResetFaults as on a new Handler.
func TestFaultProbabilityReproducible(t *testing.T) {
	pattern := func(h *fakehttp.Handler) string {
		_, err := h.AddFaults(fault.Rule{Action: "DescribeInvocations", Probability: prob(0.3)},
			fault.Rule{Action: "RunCommand", Probability: prob(0.5), Code: apierror.Throttling})
		require.NoError(t, err)
		var b strings.Builder
		for i := range 200 {
			q := "/?" + describe
			if i%3 == 0 {
				q = "/?" + run
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, httptest.NewRequest("GET", q, nil))
			b.WriteString(map[int]string{200: ".", 400: "t", 500: "x"}[rec.Code])
		}
		return b.String()
	}
	h7 := &fakehttp.Handler{Service: fleet(t), Seed: 7}
	p1 := pattern(h7)
	p2 := pattern(&fakehttp.Handler{Service: fleet(t), Seed: 7})
	p3 := pattern(&fakehttp.Handler{Service: fleet(t), Seed: 8})
	require.Equal(t, p1, p2, "reproducible for a seed")
	require.NotEqual(t, p1, p3)
	require.InDelta(t, 40, strings.Count(p1, "x"), 20, "about 30%% of 133")
	require.InDelta(t, 33, strings.Count(p1, "t"), 17, "about 50%% of 67")
	h7.ResetFaults()
	require.Equal(t, p1, pattern(h7), "after a reset")
	require.Equal(t, int64(1), h7.Faults()[0].ID, "Ids start again at 1")
}

// The legacy fields are one rule, made at first use, listed and deleted
// as any other.
func TestFaultRateIsOneRule(t *testing.T) {
	h := &fakehttp.Handler{Service: fleet(t), FaultRate: 0.25, FaultCode: apierror.ThrottlingAPI}
	want := []fault.Rule{{ID: 1, Action: "*", Probability: prob(0.25), Effect: fault.EffectError,
		Code: apierror.ThrottlingAPI, HTTPStatus: 400, Message: "Request was denied due to api flow control."}}
	require.Empty(t, cmp.Diff(want, h.Faults()))
	added, err := h.AddFaults(fault.Rule{Action: "RunCommand"})
	require.NoError(t, err)
	require.Equal(t, int64(2), added[0].ID)
	require.True(t, h.DeleteFault(1))
	require.False(t, h.DeleteFault(1))
	h.DeleteFaults()
	require.Empty(t, h.Faults())
	added, err = h.AddFaults(fault.Rule{})
	require.NoError(t, err)
	require.Equal(t, int64(3), added[0].ID, "Ids keep counting after a delete")

	over := &fakehttp.Handler{FaultRate: 7}
	require.Equal(t, 1.0, *over.Faults()[0].Probability)
	require.Empty(t, (&fakehttp.Handler{FaultRate: -1}).Faults())
}

// The Go API does not share memory with its caller.
func TestFaultsAreCopies(t *testing.T) {
	h := &fakehttp.Handler{}
	p := 0.5
	added, err := h.AddFaults(fault.Rule{Probability: &p})
	require.NoError(t, err)
	p = 1
	*added[0].Probability = 0.9
	require.Equal(t, 0.5, *h.Faults()[0].Probability)
}

// httpError is what a control endpoint answers.
type httpError struct {
	status int
	allow  string
	code   string
	msg    string
}

func controlDo(t *testing.T, ts *httptest.Server, method, target, body string) (httpError, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, ts.URL+target, strings.NewReader(body))
	require.NoError(t, err)
	res, err := ts.Client().Do(req)
	require.NoError(t, err)
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	require.NoError(t, err)
	require.Equal(t, "application/json;charset=utf-8", res.Header.Get("Content-Type"))
	var e struct{ Code, Message string }
	require.NoError(t, json.Unmarshal(raw, &e), "%s", raw)
	return httpError{res.StatusCode, res.Header.Get("Allow"), e.Code, e.Message}, raw
}

// POST, GET and DELETE /_mock/faults, and every error they answer.
func TestFaultsEndpoint(t *testing.T) {
	actions := "*, CreateCommand, DeleteCommand, DescribeCommands, DescribeInvocationResults, DescribeInvocations, InvokeCommand, RunCommand, StopInvocation"
	tests := []struct {
		name   string
		method string
		target string
		body   string
		want   httpError
	}{
		{name: "not JSON", method: "POST", target: "/_mock/faults", body: `{"Rules":[`,
			want: httpError{status: 400, code: "InvalidParameter", msg: `The request body is not a JSON object such as {"Rules":[{"Action":"DescribeInvocations","Times":2}]}: unexpected end of JSON input.`}},
		{name: "an array", method: "POST", target: "/_mock/faults", body: `[]`,
			want: httpError{status: 400, code: "InvalidParameter", msg: `The request body is not a JSON object such as {"Rules":[{"Action":"DescribeInvocations","Times":2}]}: json: cannot unmarshal array into Go value of type map[string]json.RawMessage.`}},
		{name: "empty", method: "POST", target: "/_mock/faults",
			want: httpError{status: 400, code: "InvalidParameter", msg: `The request body is not a JSON object such as {"Rules":[{"Action":"DescribeInvocations","Times":2}]}: unexpected end of JSON input.`}},
		{name: "no Rules", method: "POST", target: "/_mock/faults", body: `{}`,
			want: httpError{status: 400, code: "MissingParameter.Rules", msg: `The member "Rules" that is mandatory for adding fault rules is not supplied.`}},
		{name: "rules in lower case", method: "POST", target: "/_mock/faults", body: `{"rules":[]}`,
			want: httpError{status: 400, code: "InvalidParameter", msg: `The request body has the member "rules"; it has Rules alone.`}},
		{name: "Rules not an array", method: "POST", target: "/_mock/faults", body: `{"Rules":{}}`,
			want: httpError{status: 400, code: "InvalidParameter", msg: `The member "Rules" is not an array of rules.`}},
		{name: "a rule not an object", method: "POST", target: "/_mock/faults", body: `{"Rules":[{},3]}`,
			want: httpError{status: 400, code: "InvalidParameter", msg: `The fault rule Rules[1] is not a JSON object.`}},
		{name: "unknown member", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Action":"RunCommand","Retries":2}]}`,
			want: httpError{status: 400, code: "InvalidParameter", msg: `The fault rule Rules[0] has the member "Retries", which a rule does not have: Action, RegionId, InstanceId, Probability, Skip, Times, Effect, Code, HTTPStatus, Message and Delay.`}},
		{name: "wrong type", method: "POST", target: "/_mock/faults", body: `{"Rules":[{},{"Times":"2"}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Times", msg: `The fault rule Rules[1] is not valid: Times: "2" is not an integer.`}},
		{name: "fraction for an integer", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Skip":1.5}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Skip", msg: `The fault rule Rules[0] is not valid: Skip: 1.5 is not an integer.`}},
		{name: "delay not a duration", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Effect":"delay","Delay":5}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Delay", msg: `The fault rule Rules[0] is not valid: Delay: 5 is not a Go duration in a string, such as "1.5s".`}},
		{name: "probability out of range", method: "POST", target: "/_mock/faults", body: `{"Rules":[{},{"Probability":-0.1}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Probability", msg: `The fault rule Rules[1] is not valid: Probability: -0.1 is not from 0 to 1.`}},
		{name: "delay out of range", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Effect":"delay","Delay":"61s"}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Delay", msg: `The fault rule Rules[0] is not valid: Delay: "1m1s" is not above 0s and at most 1m0s.`}},
		{name: "negative Skip", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Skip":-1}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Skip", msg: `The fault rule Rules[0] is not valid: Skip: -1 is negative.`}},
		{name: "bad effect", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Effect":"Drop"}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Effect", msg: `The fault rule Rules[0] is not valid: Effect: "Drop" is not error, lost, drop or delay.`}},
		{name: "unknown action", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Action":"RunCommand"},{"Action":"runcommand"}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Action", msg: `The fault rule Rules[1] is not valid: Action: "runcommand" is not an action the fake serves: ` + actions + `.`}},
		{name: "an Id", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Id":1}]}`,
			want: httpError{status: 400, code: "InvalidParameter.Id", msg: `The fault rule Rules[0] is not valid: Id: 1 is given by the fake, not by a rule to add.`}},
		{name: "body too large", method: "POST", target: "/_mock/faults", body: `{"Rules":[{"Message":"` + strings.Repeat("x", 1<<20) + `"}]}`,
			want: httpError{status: 413, code: "InvalidParameter.RequestTooLarge", msg: `The request body is larger than the 1048576 bytes a control request may carry.`}},
		{name: "wrong method", method: "PUT", target: "/_mock/faults",
			want: httpError{status: 405, allow: "GET, POST, DELETE", code: "MethodNotAllowed", msg: `The method "PUT" is not allowed: /_mock/faults takes GET, POST, DELETE.`}},
		{name: "wrong method of the journal", method: "POST", target: "/_mock/requests",
			want: httpError{status: 405, allow: "GET, DELETE", code: "MethodNotAllowed", msg: `The method "POST" is not allowed: /_mock/requests takes GET, DELETE.`}},
		{name: "unknown path", method: "GET", target: "/_mock/fault",
			want: httpError{status: 404, code: "InvalidApi.NotFound", msg: `The control endpoint "/_mock/fault" is not found: the fake serves advance, faults, instances, now, reboot, requests, reset and state under /_mock/, and its page at /_mock/.`}},
		{name: "unknown Id", method: "DELETE", target: "/_mock/faults?Id=9",
			want: httpError{status: 404, code: "InvalidFaultRule.NotFound", msg: `The specified fault rule 9 does not exist.`}},
		{name: "Id not a number", method: "DELETE", target: "/_mock/faults?Id=one",
			want: httpError{status: 400, code: "InvalidParameter.Id", msg: `The specified parameter "Id" is not valid: "one" is not a fault rule's Id, an integer from 1.`}},
		{name: "Id with GET", method: "GET", target: "/_mock/faults?Id=1",
			want: httpError{status: 400, code: "InvalidParameter", msg: `The parameter "Id" is not one that GET /_mock/faults takes.`}},
		{name: "Id twice", method: "DELETE", target: "/_mock/faults?Id=1&Id=1",
			want: httpError{status: 400, code: "InvalidParameter", msg: `The parameter "Id" is given 2 times; a request gives each parameter once.`}},
		{name: "since not a number", method: "GET", target: "/_mock/requests?since=x",
			want: httpError{status: 400, code: "InvalidParameter.since", msg: `The specified parameter "since" is not valid: "x" is not a Seq, an integer from 0.`}},
		{name: "Since misspelt", method: "GET", target: "/_mock/requests?Since=1",
			want: httpError{status: 400, code: "InvalidParameter", msg: `The parameter "Since" is not one that GET /_mock/requests takes.`}},
		{name: "a query that cannot be read", method: "GET", target: "/_mock/requests?since=%zz",
			want: httpError{status: 400, code: "InvalidParameter", msg: `The query string cannot be read: invalid URL escape "%zz".`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFaultFake(t, 1)
			_, err := f.h.AddFaults(fault.Rule{Action: "DescribeCommands", Times: 3})
			require.NoError(t, err)
			before := f.h.Faults()
			got, _ := controlDo(t, f.ts, tt.method, tt.target, tt.body)
			require.Equal(t, tt.want, got)
			require.Empty(t, cmp.Diff(before, f.h.Faults()), "nothing applied")
			require.Empty(t, f.h.Requests(0), "control requests are not journaled")
		})
	}
}

// The endpoints' answers: POST the rules added, GET all, DELETE what is
// left; Ids keep counting after a DELETE.
func TestFaultsEndpointAnswers(t *testing.T) {
	f := newFaultFake(t, 1)
	post := func(body string) string {
		e, raw := controlDo(t, f.ts, "POST", "/_mock/faults", body)
		require.Equal(t, 200, e.status, "%s", raw)
		return strings.TrimSpace(string(raw))
	}
	get := func(method, target string) string {
		e, raw := controlDo(t, f.ts, method, target, "")
		require.Equal(t, 200, e.status, "%s", raw)
		return strings.TrimSpace(string(raw))
	}
	require.Equal(t, `{"Rules":[]}`, get("GET", "/_mock/faults"))
	require.Equal(t, `{"Rules":[{"Id":1,"Action":"DescribeInvocations","Probability":1,"Skip":2,"Times":1,"Effect":"error","Code":"InternalError.Dispatch","HTTPStatus":500,"Message":"An internal error occurred when dispatch the request.","Hits":0},`+
		`{"Id":2,"Action":"*","RegionId":"cn-hangzhou","InstanceId":"i-1","Probability":0.5,"Skip":0,"Times":0,"Effect":"delay","Delay":"1.5s","Hits":0}]}`,
		post(`{"Rules":[{"Action":"DescribeInvocations","Skip":2,"Times":1},{"RegionId":"cn-hangzhou","InstanceId":"i-1","Probability":0.5,"Effect":"delay","Delay":"1500ms","Code":null}]}`))
	require.Equal(t, `{"Rules":[]}`, post(`{"Rules":[]}`))
	require.Equal(t, `{"Rules":[{"Id":3,"Action":"RunCommand","Probability":1,"Skip":0,"Times":0,"Effect":"lost","Code":"Throttling.User","HTTPStatus":429,"Message":"slow down","Hits":0}]}`,
		post(`{"Rules":[{"Action":"RunCommand","Effect":"lost","Code":"Throttling.User","HTTPStatus":429,"Message":"slow down"}]}`))
	require.Len(t, f.h.Faults(), 3)
	got := get("DELETE", "/_mock/faults?Id=2")
	require.Contains(t, got, `"Id":1`)
	require.NotContains(t, got, `"Id":2`)
	require.Contains(t, got, `"Id":3`)
	require.Equal(t, `{"Rules":[]}`, get("DELETE", "/_mock/faults"))
	require.Contains(t, post(`{"Rules":[{}]}`), `"Id":4`)
	f.h.ResetFaults()
	require.Contains(t, post(`{"Rules":[{}]}`), `"Id":1`)
}

// A drop over HTTP/1.1 closes the connection; the client sees an error
// and may send its next request on a new connection.
func TestFaultDropClosesTheConnection(t *testing.T) {
	f := newFaultFake(t, 1)
	_, err := f.h.AddFaults(fault.Rule{Action: "DescribeInvocations", Effect: fault.EffectDrop, Times: 1})
	require.NoError(t, err)
	req, err := http.NewRequestWithContext(context.Background(), "POST", f.ts.URL+"/?"+describe, nil)
	require.NoError(t, err)
	_, err = f.ts.Client().Do(req) // a POST, which the transport does not retry
	require.Error(t, err)
	require.False(t, errors.Is(err, context.DeadlineExceeded))
	status, _, err := f.call(t, describe)
	require.NoError(t, err)
	require.Equal(t, 200, status)
}
