package scenario_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/scenario"
	"github.com/ecsassist/cloudassistant/signature"
)

// stub serves a reset at a fixed time and answers every other request
// with the function given.
func stub(answer func(w http.ResponseWriter, r *http.Request)) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/_mock/reset" {
			fmt.Fprint(w, `{"Now":"2025-06-07T08:09:10Z"}`)
			return
		}
		answer(w, r)
	}))
}

func play(t *testing.T, srv *httptest.Server, steps ...scenario.Step) scenario.Result {
	t.Helper()
	r := scenario.Runner{Endpoint: srv.URL, Client: srv.Client()}
	return r.Run(context.Background(), scenario.Scenario{Name: "s", Steps: steps})
}

func checks(cs ...scenario.Check) scenario.Expect { return scenario.Expect{Checks: cs} }

func length(n int) *int { return &n }

func TestRunnerOutcomes(t *testing.T) {
	body := `{"A":{"B":[{"C":"x","N":3,"T":"2025-06-07T08:10:40Z"}]},"S":"t-1"}`
	ok := stub(func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, body) })
	defer ok.Close()
	tests := []struct {
		name        string
		steps       []scenario.Step
		want        scenario.Outcome
		wantStep    int
		wantReason  string
		wantRequest string
	}{
		{"every check holds", []scenario.Step{
			{Action: "X", Save: map[string]string{"s": "S"}, Expect: checks(
				scenario.Check{Path: "A.B[0].C", Equals: json.RawMessage(`"x"`)},
				scenario.Check{Path: "A.B[0].N", Equals: json.RawMessage(`3.0`)},
				scenario.Check{Path: "A.B[0].T", Equals: json.RawMessage(`"${T+1m30s}"`)},
				scenario.Check{Path: "A.B", Len: length(1)},
				scenario.Check{Path: "A", Len: length(1)},
				scenario.Check{Path: "S", Len: length(3)},
				scenario.Check{Path: "A.B[0].N", Matches: "^3$"},
				scenario.Check{Path: "A.B[1]", Absent: true},
			)},
			{Action: "Y", Params: map[string]string{"Id": "${s}"}, Expect: checks(scenario.Check{Path: "S", Equals: json.RawMessage(`"${s}"`)})},
		}, scenario.Passed, 0, "", ""},
		{"a value differs", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A.B[0].C", Equals: json.RawMessage(`"y"`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B[0].C is "x", want "y"`, "X"},
		{"an object differs", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A.B[0]", Equals: json.RawMessage(`{"C":"x"}`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B[0].N is 3, want no such member`, "X"},
		{"a member is missing", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "", Equals: json.RawMessage(`{"A":{"B":[]},"S":"t-1","Z":1}`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B has 1 elements, want 0: [{"C":"x","N":3,"T":"2025-06-07T08:10:40Z"}], want []`, "X"},
		{"a member is absent", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A.B[0]", Equals: json.RawMessage(`{"C":"x","N":3,"T":"${T+1m30s}","U":null}`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B[0] has no member U, want null`, "X"},
		{"a deep value differs", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A", Equals: json.RawMessage(`{"B":[{"C":"x","N":3.5,"T":"${T+1m30s}"}]}`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B[0].N is 3, want 3.5`, "X"},
		{"a number compared exactly", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A.B[0].N", Equals: json.RawMessage(`3.0000000000000000001`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B[0].N is 3, want 3.0000000000000000001`, "X"},
		{"a type differs", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A", Equals: json.RawMessage(`[1]`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A is {"B":[{"C":"x","N":3,"T":"2025-06-07T08:10:40Z"}]}, want [1]`, "X"},
		{"nothing there", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A.D", Equals: json.RawMessage(`1`)})}},
			scenario.Failed, 0, "Expect.Checks[0]: nothing at A.D", "X"},
		{"present", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "S", Absent: true})}},
			scenario.Failed, 0, `Expect.Checks[0]: S is "t-1", want it absent`, "X"},
		{"length", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A.B", Len: length(2)})}},
			scenario.Failed, 0, `Expect.Checks[0]: A.B has length 1, want 2: [{"C":"x","N":3,"T":"2025-06-07T08:10:40Z"}]`, "X"},
		{"no match", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "S", Matches: "^c-"})}},
			scenario.Failed, 0, `Expect.Checks[0]: S is "t-1", want a match of "^c-"`, "X"},
		{"match of an object", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "A", Matches: "."})}},
			scenario.Failed, 0, `Expect.Checks[0]: A is {"B":[{"C":"x","N":3,"T":"2025-06-07T08:10:40Z"}]}, want a string matching "."`, "X"},
		{"status", []scenario.Step{{Action: "X", Params: map[string]string{"P": "1"}, Expect: scenario.Expect{HTTPStatus: 404}}},
			scenario.Failed, 0, "HTTP 200, want 404", "X P=1"},
		{"status and code", []scenario.Step{{Action: "X", Params: map[string]string{"P": strings.Repeat("é", 50)}, Expect: scenario.Expect{HTTPStatus: 404, Code: "Y.NotFound"}}},
			scenario.Failed, 0, "HTTP 200, want 404 Y.NotFound", "X P=" + strings.Repeat("é", 40) + "…"},
		{"code", []scenario.Step{{Action: "X", Expect: scenario.Expect{Code: "Throttling"}}},
			scenario.Failed, 0, `Code null, want "Throttling"`, "X"},
		{"a literal ${", []scenario.Step{{Action: "X", Params: map[string]string{"P": "$${HOME}"}}},
			scenario.Passed, 0, "", ""},
		{"unknown reference", []scenario.Step{{Action: "X", Params: map[string]string{"P": "${nope}"}}},
			scenario.Failed, 0, `Params["P"]: ${nope}: no earlier step saved "nope"`, "X P=${nope}"},
		{"bad duration", []scenario.Step{{Control: "POST /_mock/advance?at=${T+soon}"}},
			scenario.Failed, 0, `Control: ${T+soon}: time: invalid duration "+soon"`, "POST /_mock/advance?at=${T+soon}"},
		{"unclosed reference", []scenario.Step{{Action: "X", Expect: checks(scenario.Check{Path: "S", Equals: json.RawMessage(`"${s"`)})}},
			scenario.Failed, 0, `Expect.Checks[0]: Equals: "${s": ${ without }`, "X"},
		{"save of an object", []scenario.Step{{Action: "X", Save: map[string]string{"a": "A"}}},
			scenario.Failed, 0, `Save a: A is {"B":[{"C":"x","N":3,"T":"2025-06-07T08:10:40Z"}]}, not a string or a number`, "X"},
		{"save of nothing", []scenario.Step{{Action: "X", Save: map[string]string{"a": "Z"}}},
			scenario.Failed, 0, "Save a: nothing at Z", "X"},
		{"dropped expected", []scenario.Step{{Action: "X", Expect: scenario.Expect{Dropped: true}}},
			scenario.Failed, 0, "HTTP 200, want the connection closed without an answer", "X"},
		{"repeated", []scenario.Step{{Action: "X", Repeat: 3, Expect: checks(scenario.Check{Path: "S", Equals: json.RawMessage(`"t-1"`)})}},
			scenario.Passed, 0, "", ""},
		{"repeated and failing", []scenario.Step{{Action: "X", Repeat: 3, Expect: scenario.Expect{HTTPStatus: 201}}},
			scenario.Failed, 0, "time 1 of 3: HTTP 200, want 201", "X"},
		{"earlier steps pass", []scenario.Step{{Action: "X"}, {Control: "GET /_mock/state", Expect: checks(scenario.Check{Path: "S", Equals: json.RawMessage(`"u"`)})}},
			scenario.Failed, 1, `Expect.Checks[0]: S is "t-1", want "u"`, "GET /_mock/state"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := play(t, ok, tt.steps...)
			if got.Outcome != tt.want || got.Step != tt.wantStep || got.Reason != tt.wantReason || got.Request != tt.wantRequest {
				t.Errorf("Run = %s at step %d (%q): %q; want %s at step %d (%q): %q", got.Outcome, got.Step, got.Request, got.Reason, tt.want, tt.wantStep, tt.wantRequest, tt.wantReason)
			}
		})
	}
}

func TestRunnerSkips(t *testing.T) {
	tests := []struct {
		name       string
		status     int
		body       string
		control    string
		want       scenario.Outcome
		wantReason string
	}{
		{"no such endpoint", 404, "404 page not found", "GET /_mock/faults", scenario.Skipped, "the server does not serve GET /_mock/faults (HTTP 404)"},
		{"no such endpoint, said in JSON", 404, `{"Code":"InvalidApi.NotFound","Message":"no"}`, "GET /_mock/faults", scenario.Skipped, "the server does not serve GET /_mock/faults (HTTP 404)"},
		{"another method", 405, `{"Code":"MethodNotAllowed"}`, "DELETE /_mock/requests", scenario.Skipped, "the server does not serve DELETE /_mock/requests (HTTP 405)"},
		{"not implemented", 501, "", "POST /_mock/instances", scenario.Skipped, "the server does not serve POST /_mock/instances (HTTP 501)"},
		{"a real clock", 409, `{"Code":"OperationDenied.RealClock"}`, "POST /_mock/advance?by=1s", scenario.Skipped, "the server's clock cannot be advanced (HTTP 409): start it with a virtual clock"},
		{"an endpoint's own 404", 404, `{"Code":"InvalidInstance.NotFound","Message":"no"}`, "POST /_mock/reboot?InstanceId=i-1", scenario.Failed, `HTTP 404, want 200 (Code "InvalidInstance.NotFound": no)`},
		{"a 409 elsewhere", 409, "", "POST /_mock/faults", scenario.Failed, "HTTP 409, want 200"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := stub(func(w http.ResponseWriter, r *http.Request) {
				w.WriteHeader(tt.status)
				fmt.Fprint(w, tt.body)
			})
			defer srv.Close()
			got := play(t, srv, scenario.Step{Action: "RunCommand", Expect: scenario.Expect{HTTPStatus: tt.status}}, scenario.Step{Control: tt.control})
			if got.Outcome != tt.want || got.Step != 1 || got.Reason != tt.wantReason || got.Answer != tt.body {
				t.Errorf("Run = %+v; want %s at step 1: %s", got, tt.want, tt.wantReason)
			}
		})
	}
	// A step that expects what a missing endpoint answers passes, and an
	// API call's 404 is a failure.
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(404)
		fmt.Fprint(w, `{"Code":"InvalidApi.NotFound"}`)
	})
	defer srv.Close()
	if got := play(t, srv, scenario.Step{Control: "GET /_mock/nothing", Expect: scenario.Expect{HTTPStatus: 404}}); got.Outcome != scenario.Passed {
		t.Errorf("an expected 404 = %+v, want passed", got)
	}
	if got := play(t, srv, scenario.Step{Control: "GET /_mock/nothing", Expect: scenario.Expect{HTTPStatus: 404, Code: "InvalidApi.NotFound"}}); got.Outcome != scenario.Passed {
		t.Errorf("an expected 404 with its code = %+v, want passed", got)
	}
	if got := play(t, srv, scenario.Step{Action: "X"}); got.Outcome != scenario.Failed {
		t.Errorf("an API call's 404 = %+v, want a failure", got)
	}
}

// TestRunnerDoesNotFollowRedirects: a redirect is an answer, not a
// POST turned into a GET elsewhere.
func TestRunnerDoesNotFollowRedirects(t *testing.T) {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/elsewhere" {
			fmt.Fprint(w, `{}`)
			return
		}
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	})
	defer srv.Close()
	r := scenario.Runner{Endpoint: srv.URL}
	got := r.Run(context.Background(), scenario.Scenario{Name: "s", Steps: []scenario.Step{{Action: "X"}}})
	if got.Outcome != scenario.Failed || got.Reason != "HTTP 302, want 200" {
		t.Errorf("Run = %+v, want HTTP 302 reported", got)
	}
}

func TestRunnerReset(t *testing.T) {
	tests := []struct {
		name       string
		answer     func(w http.ResponseWriter)
		want       scenario.Outcome
		wantReason string
	}{
		{"none", func(w http.ResponseWriter) { w.WriteHeader(404) }, scenario.Failed, "the server does not serve POST /_mock/reset (HTTP 404): the runner resets the server before each scenario"},
		{"no time", func(w http.ResponseWriter) { fmt.Fprint(w, `{}`) }, scenario.Failed, "the reset's answer has no Now"},
		{"a bad time", func(w http.ResponseWriter) { fmt.Fprint(w, `{"Now":"today"}`) }, scenario.Failed, `the reset's Now "today" is not an RFC 3339 time`},
		{"not JSON", func(w http.ResponseWriter) { fmt.Fprint(w, `<Now/>`) }, scenario.Failed, `the answer is not JSON: "<Now/>"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { tt.answer(w) }))
			defer srv.Close()
			got := play(t, srv, scenario.Step{Action: "X"})
			if got.Outcome != tt.want || got.Step != -1 || got.Reason != tt.wantReason || got.Request != "POST /_mock/reset" {
				t.Errorf("Run = %+v; want %s at the reset: %s", got, tt.want, tt.wantReason)
			}
		})
	}
}

func TestRunnerDropped(t *testing.T) {
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
	})
	defer srv.Close()
	if got := play(t, srv, scenario.Step{Action: "X", Expect: scenario.Expect{Dropped: true}}); got.Outcome != scenario.Passed {
		t.Errorf("a dropped request that was expected = %+v, want passed", got)
	}
	if got := play(t, srv, scenario.Step{Action: "X"}); got.Outcome != scenario.Failed || !strings.HasPrefix(got.Reason, "the request failed: ") {
		t.Errorf("a dropped request = %+v, want failed", got)
	}
	srv.Close()
	got := play(t, srv, scenario.Step{Action: "X"})
	if got.Outcome != scenario.Failed || got.Step != -1 || got.Err == nil {
		t.Errorf("a server that is gone = %+v, want failed at the reset with its error", got)
	}
	// A refused connection is no dropped answer.
	if got := play(t, srv, scenario.Step{Action: "X", Expect: scenario.Expect{Dropped: true}}); got.Outcome != scenario.Failed {
		t.Errorf("a refused connection = %+v, want failed", got)
	}
}

// TestRunnerRequests checks what the runner sends: the API call as a
// signed form, Format=JSON unless given, the control request with its
// body and references replaced, and what Trace sees.
func TestRunnerRequests(t *testing.T) {
	var seen []*http.Request
	var bodies []string
	verifier := &signature.Verifier{Keys: map[string]string{"AK": "SK"}}
	srv := stub(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/" {
			raw, _ := io.ReadAll(r.Body)
			form, _ := url.ParseQuery(string(raw))
			r.PostForm = form
			if err := verifier.Verify(r, raw, form); err != nil {
				t.Errorf("the runner's signature: %v", err)
			}
			bodies = append(bodies, r.PostForm.Encode())
		} else {
			var b bytes.Buffer
			b.ReadFrom(r.Body)
			bodies = append(bodies, b.String())
		}
		seen = append(seen, r)
		fmt.Fprint(w, `{"InvokeId":"t-9"}`)
	})
	defer srv.Close()
	var traces []scenario.Trace
	r := scenario.Runner{Endpoint: srv.URL + "/", Client: srv.Client(), AccessKeyID: "AK", AccessKeySecret: "SK", Trace: func(t scenario.Trace) { traces = append(traces, t) }}
	res := r.Run(context.Background(), scenario.Scenario{Name: "s", Description: "d", Rules: []string{"r"}, Steps: []scenario.Step{
		{Action: "RunCommand", Params: map[string]string{"RegionId": "r"}, Save: map[string]string{"invoke": "InvokeId"}},
		{Action: "DescribeInvocations", Params: map[string]string{"Format": "XML", "InvokeId": "${invoke}"}},
		{Control: "POST /_mock/faults?Id=${invoke}", Body: json.RawMessage(`{"Rules":[{"InstanceId":"${invoke}","At":"${T}"}]}`)},
	}})
	if res.Outcome != scenario.Passed || res.Name != "s" || res.Description != "d" || len(res.Rules) != 1 {
		t.Fatalf("Run = %+v", res)
	}
	if len(seen) != 3 {
		t.Fatalf("%d requests, want 3", len(seen))
	}
	first, _ := url.ParseQuery(bodies[0])
	if first.Get("Action") != "RunCommand" || first.Get("Format") != "JSON" || first.Get("RegionId") != "r" || first.Get("AccessKeyId") != "AK" || seen[0].Method != http.MethodPost {
		t.Errorf("the first request was %s %s", seen[0].Method, bodies[0])
	}
	second, _ := url.ParseQuery(bodies[1])
	if second.Get("Format") != "XML" || second.Get("InvokeId") != "t-9" {
		t.Errorf("the second request was %s", bodies[1])
	}
	if seen[2].URL.RawQuery != "Id=t-9" || seen[2].Header.Get("Content-Type") != "application/json" || seen[2].Header.Get("Authorization") != "" {
		t.Errorf("the control request was %s?%s with %v", seen[2].URL.Path, seen[2].URL.RawQuery, seen[2].Header)
	}
	if want := `{"Rules":[{"At":"2025-06-07T08:09:10Z","InstanceId":"t-9"}]}`; bodies[2] != want {
		t.Errorf("the control request's body was %s, want %s", bodies[2], want)
	}
	if len(traces) != 4 || traces[0].Step != -1 || traces[1].Vars["invoke"] != "t-9" || traces[3].Request != "POST /_mock/faults?Id=t-9" || traces[3].HTTPStatus != 200 || string(traces[3].Body) != `{"InvokeId":"t-9"}` {
		t.Errorf("traces = %+v", traces)
	}
}

func TestReports(t *testing.T) {
	results := []scenario.Result{
		{Name: "a", Outcome: scenario.Passed},
		{Name: "b", Description: "Stops.", Rules: []string{"stop", "rollup"}, Outcome: scenario.Failed, Step: 2, Request: "StopInvocation InvokeId=t-1", Reason: `X is "1", want "2"`, Answer: "{\n\"X\":\"1\"}"},
		{Name: "c", Outcome: scenario.Skipped, Step: -1, Request: "POST /_mock/reset", Reason: "the server does not serve POST /_mock/reset (HTTP 404)"},
	}
	var text bytes.Buffer
	if err := scenario.WriteText(&text, results); err != nil {
		t.Fatal(err)
	}
	want := `--- PASS: a (0.00s)
--- FAIL: b (0.00s)
    rules: stop, rollup
    step 2: StopInvocation InvokeId=t-1
    X is "1", want "2"
    answer: {\n"X":"1"}
--- SKIP: c (0.00s)
    reset before the first step: POST /_mock/reset
    the server does not serve POST /_mock/reset (HTTP 404)
FAIL: 1 passed, 1 failed, 1 skipped
`
	if text.String() != want {
		t.Errorf("WriteText wrote\n%s\nwant\n%s", text.String(), want)
	}
	var out bytes.Buffer
	if err := scenario.WriteJUnit(&out, "suite", results); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests    int `xml:"tests,attr"`
		Failures int `xml:"failures,attr"`
		Skipped  int `xml:"skipped,attr"`
		Suite    struct {
			Name  string `xml:"name,attr"`
			Cases []struct {
				Name       string `xml:"name,attr"`
				Class      string `xml:"classname,attr"`
				Properties []struct {
					Name  string `xml:"name,attr"`
					Value string `xml:"value,attr"`
				} `xml:"properties>property"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
				Skipped *struct {
					Message string `xml:"message,attr"`
				} `xml:"skipped"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatalf("the JUnit report does not parse: %v\n%s", err, out.String())
	}
	c := doc.Suite.Cases
	if doc.Tests != 3 || doc.Failures != 1 || doc.Skipped != 1 || doc.Suite.Name != "suite" || len(c) != 3 ||
		c[0].Failure != nil || c[0].Skipped != nil || c[1].Class != "suite" ||
		c[1].Failure == nil || c[1].Failure.Message != `X is "1", want "2"` || c[1].Failure.Text != "step 2: StopInvocation InvokeId=t-1\nX is \"1\", want \"2\"\nanswer: {\n\"X\":\"1\"}" ||
		len(c[1].Properties) != 2 || c[1].Properties[0].Value != "stop,rollup" || c[1].Properties[1].Value != "Stops." || len(c[0].Properties) != 0 ||
		c[2].Skipped == nil || c[2].Skipped.Message != results[2].Reason {
		t.Errorf("the JUnit report is\n%s", out.String())
	}
	text.Reset()
	scenario.WriteText(&text, results[:1])
	if !strings.HasSuffix(text.String(), "ok: 1 passed, 0 failed, 0 skipped\n") {
		t.Errorf("WriteText of a pass wrote %q", text.String())
	}
}
