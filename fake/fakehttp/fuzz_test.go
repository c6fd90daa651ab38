package fakehttp_test

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"hash/fnv"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
)

// A handlerSeed is one request of testdata/handler-seeds.txt.
type handlerSeed struct {
	method, path, query, header, body string
	mode                              uint8
}

// readHandlerSeeds reads the seeds file: paragraphs separated by blank
// lines, one field a line as a name and a Go-quoted string (mode takes a
// number), comments starting with '#'.
func readHandlerSeeds(t testing.TB, name string) []handlerSeed {
	f, err := os.Open(name)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var seeds []handlerSeed
	seed, open := handlerSeed{method: "GET", path: "/"}, false
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		text := strings.TrimSpace(sc.Text())
		switch {
		case strings.HasPrefix(text, "#"):
			continue
		case text == "":
			if open {
				seeds = append(seeds, seed)
			}
			seed, open = handlerSeed{method: "GET", path: "/"}, false
			continue
		}
		field, value, _ := strings.Cut(text, " ")
		if field == "mode" {
			n, err := strconv.ParseUint(value, 10, 8)
			if err != nil {
				t.Fatalf("%s:%d: mode %q: %v", name, line, value, err)
			}
			seed.mode, open = uint8(n), true
			continue
		}
		v, err := strconv.Unquote(value)
		if err != nil {
			t.Fatalf("%s:%d: %s %s: %v", name, line, field, value, err)
		}
		switch field {
		case "method":
			seed.method = v
		case "path":
			seed.path = v
		case "query":
			seed.query = v
		case "header":
			seed.header += v + "\n"
		case "body":
			seed.body = v
		default:
			t.Fatalf("%s:%d: unknown field %q", name, line, field)
		}
		open = true
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if open {
		seeds = append(seeds, seed)
	}
	return seeds
}

// The fields of an error body, in either format.
type errorBody struct {
	XMLName   xml.Name `xml:"Error"`
	RequestID string   `xml:"RequestId" json:"RequestId"`
	HostID    string   `xml:"HostId" json:"HostId"`
	Code      string   `xml:"Code" json:"Code"`
	Message   string   `xml:"Message" json:"Message"`
}

// The fields every answer of an operation has; DescribeInvocations'
// has TotalCount too.
type responseBody struct {
	XMLName    xml.Name
	RequestID  string `xml:"RequestId" json:"RequestId"`
	TotalCount int    `xml:"TotalCount" json:"TotalCount"`
}

// The fields of a control endpoint's answer: Now, or an error's Code and
// Message.
type controlBody struct {
	InstanceId string
	Now        string
	Code       string
	Message    string
	Rules      []map[string]any // of /_mock/faults
	Requests   []map[string]any // of /_mock/requests
	Instances  []map[string]any // of /_mock/instances and /_mock/state

	// The rest of /_mock/state.
	Clock          string
	NextTransition string
	Commands       []map[string]any
	Invocations    []map[string]any
}

// fuzzFleet is the fleet of the fuzzed Service: instances of both
// operating systems, one stopped.
var fuzzFleet = []fake.Instance{{InstanceID: "i-1"}, {InstanceID: "i-2"}, {InstanceID: "i-win", OS: fake.Windows}, {InstanceID: "i-off", Status: fake.InstanceStopped}}

// fuzzService returns a Service in the same state every time, on a
// virtual clock at the signatures' clock, and the ids that stand for the
// placeholders {param}, {cmd} and {inv} of a fuzzed request: a command
// with a parameter, one without, and an invocation of it running for an
// hour on i-1. The service keeps few invocations, so that a fuzzed run
// costs little; nothing in it is periodic, so that a fuzzed advance of
// the clock costs little too.
func fuzzService(t testing.TB) (*fake.Service, *strings.Replacer) {
	svc, err := fake.NewService(fake.Config{
		Clock: fake.NewVirtualClock(clock), Instances: fuzzFleet, Seed: 1, MaxInvocations: 20, CommandQuota: 5,
		Outcome: fake.MatchScripts(fake.Script{Match: "sleep", Duration: time.Hour}, fake.Script{Match: "fail", ExitCode: 2, Output: "<&>"}),
	})
	if err != nil {
		t.Fatal(err)
	}
	param, err := svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-hangzhou", Name: "greet", Type: invocation.RunShellScript,
		CommandContent: "echo {{name}}", ContentEncoding: fake.PlainText, EnableParameter: true})
	if err != nil {
		t.Fatal(err)
	}
	cmd, err := svc.CreateCommand(fake.CreateCommandRequest{RegionID: "cn-hangzhou", Name: "sleep", Type: invocation.RunShellScript,
		CommandContent: "sleep 3600", ContentEncoding: fake.PlainText})
	if err != nil {
		t.Fatal(err)
	}
	inv, err := svc.InvokeCommand(fake.InvokeCommandRequest{RegionID: "cn-hangzhou", CommandID: cmd, InstanceIDs: []string{"i-1"}})
	if err != nil {
		t.Fatal(err)
	}
	return svc, strings.NewReplacer("{param}", param, "{cmd}", cmd, "{inv}", inv)
}

// FuzzHandler sends the handler any method, path, query, headers (lines
// of "Name: value") and body. mode's bit 0 turns signature checking on,
// bit 1 injects faults at a rate of one half, bit 2 serves a Service (in
// a state of its own for each request; {param}, {cmd} and {inv} in the
// query and body stand for its ids) instead of one loaded with a fixture, and bit 3 makes
// the faults Throttling.User instead of InternalError.Dispatch. Whatever
// comes, the answer is a status the API answers with, never a 5xx but an
// injected fault, and a well-formed body in the format its Content-Type
// names: an error with every field, whose code has the answer's status,
// or a response with a RequestId, whose root names it; or, from a control
// endpoint, JSON with the time or an error.
func FuzzHandler(f *testing.F) {
	for _, s := range readHandlerSeeds(f, "testdata/handler-seeds.txt") {
		f.Add(s.method, s.path, s.query, s.header, s.body, s.mode)
	}
	store := fleet(f)
	f.Fuzz(func(t *testing.T, method, path, query, header, body string, mode uint8) {
		// Faults are drawn from a seed of the request's own, so that the
		// same input meets the same fault.
		seed := fnv.New64a()
		io.WriteString(seed, method+path+query+header+body)
		h := &fakehttp.Handler{Service: store, Now: func() time.Time { return clock }, Seed: seed.Sum64()}
		if mode&4 != 0 {
			var ids *strings.Replacer
			h.Service, ids = fuzzService(t)
			query, body = ids.Replace(query), ids.Replace(body)
		}
		if mode&1 != 0 {
			h.AccessKeys = map[string]string{"ak": "secret"}
		}
		if mode&2 != 0 {
			h.FaultRate = 0.5
			if mode&8 != 0 {
				h.FaultCode = apierror.ThrottlingUser
			}
		}
		req := &http.Request{
			Method: method, URL: &url.URL{Path: path, RawQuery: query}, Host: "ecs.aliyuncs.com",
			Proto: "HTTP/1.1", ProtoMajor: 1, ProtoMinor: 1, Header: http.Header{},
			Body: io.NopCloser(strings.NewReader(body)), ContentLength: int64(len(body)),
		}
		for line := range strings.SplitSeq(header, "\n") {
			if k, v, ok := strings.Cut(line, ":"); ok && k != "" {
				req.Header.Add(k, strings.TrimSpace(v))
			}
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		raw := rec.Body.String()

		if h.Service != nil && strings.HasPrefix(path, "/_mock/") {
			checkControl(t, req, rec)
			return
		}
		switch rec.Code {
		case 200, 400, 403, 404, 405, 413:
		case 500:
			if h.FaultRate == 0 || h.FaultCode != "" {
				t.Fatalf("500 without injected faults of InternalError.Dispatch: %s", raw)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, raw)
		}
		if (rec.Code == 405) != (rec.Header().Get("Allow") == "GET, HEAD, POST") {
			t.Errorf("status %d with Allow %q", rec.Code, rec.Header().Get("Allow"))
		}
		var isJSON bool
		switch ct := rec.Header().Get("Content-Type"); ct {
		case "application/json;charset=utf-8":
			isJSON = true
		case "text/xml;charset=utf-8":
		default:
			t.Fatalf("Content-Type %q", ct)
		}
		decode := func(v any) error {
			if isJSON {
				d := json.NewDecoder(rec.Body)
				if err := d.Decode(v); err != nil {
					return err
				}
				if d.More() {
					return fmt.Errorf("more after the object")
				}
				return nil
			}
			d := xml.NewDecoder(strings.NewReader(raw))
			for { // the whole document is well-formed
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					return err
				}
			}
			return xml.Unmarshal(rec.Body.Bytes(), v)
		}
		if rec.Code == 200 {
			var r responseBody
			if err := decode(&r); err != nil {
				t.Fatalf("response: %v\n%s", err, raw)
			}
			if !requestID.MatchString(r.RequestID) || r.TotalCount < 0 {
				t.Fatalf("response: RequestId %q, TotalCount %d\n%s", r.RequestID, r.TotalCount, raw)
			}
			if !isJSON && !strings.HasSuffix(r.XMLName.Local, "Response") {
				t.Fatalf("response: root %q\n%s", r.XMLName.Local, raw)
			}
			return
		}
		var e errorBody
		if err := decode(&e); err != nil {
			t.Fatalf("error: %v\n%s", err, raw)
		}
		if !requestID.MatchString(e.RequestID) || e.HostID != "ecs.aliyuncs.com" || e.Code == "" || e.Message == "" {
			t.Fatalf("error with a field missing: %+v\n%s", e, raw)
		}
		if s := apierror.Code(e.Code).HTTPStatus(); s != rec.Code {
			t.Fatalf("%s answered with %d, not %d\n%s", e.Code, rec.Code, s, raw)
		}
		if rec.Code == 500 && e.Code != string(apierror.InternalErrorDispatch) {
			t.Fatalf("500 with %s", e.Code)
		}
	})
}

// checkControl checks the answer of a control endpoint: JSON, the time
// or an error with its code and message, and an Allow header with a 405;
// the page, as HTML, for GET and HEAD /_mock/; nothing but the ETag for a
// state whose tag the request named.
func checkControl(t *testing.T, req *http.Request, rec *httptest.ResponseRecorder) {
	raw := rec.Body.String()
	if req.URL.Path == "/_mock/" && (req.Method == "GET" || req.Method == "HEAD") {
		if rec.Code != 200 || rec.Header().Get("Content-Type") != "text/html; charset=utf-8" || rec.Header().Get("Content-Security-Policy") == "" {
			t.Fatalf("page: status %d, Content-Type %q", rec.Code, rec.Header().Get("Content-Type"))
		}
		if req.Method == "HEAD" && raw != "" || req.Method == "GET" && !strings.HasPrefix(raw, "<!doctype html>") {
			t.Fatalf("page: %s answered %.40q", req.Method, raw)
		}
		return
	}
	if rec.Code == 304 {
		if req.URL.Path != "/_mock/state" || req.Header.Get("If-None-Match") == "" || rec.Header().Get("ETag") == "" || raw != "" {
			t.Fatalf("control: 304 of %s with If-None-Match %q, ETag %q\n%s", req.URL.Path, req.Header.Get("If-None-Match"), rec.Header().Get("ETag"), raw)
		}
		return
	}
	if ct := rec.Header().Get("Content-Type"); ct != "application/json;charset=utf-8" {
		t.Fatalf("control: Content-Type %q", ct)
	}
	var c controlBody
	d := json.NewDecoder(rec.Body)
	d.DisallowUnknownFields()
	if err := d.Decode(&c); err != nil {
		t.Fatalf("control: %v\n%s", err, raw)
	}
	switch rec.Code {
	case 200:
		if c.Clock != "" { // the state
			if _, err := time.Parse(time.RFC3339, c.Now); err != nil || c.Code != "" || (c.Clock != "virtual" && c.Clock != "real") ||
				c.Instances == nil || c.Commands == nil || c.Invocations == nil {
				t.Fatalf("control: state %v\n%s", err, raw)
			}
			if c.NextTransition != "" {
				next, err := time.Parse(time.RFC3339, c.NextTransition)
				if now, _ := time.Parse(time.RFC3339, c.Now); err != nil || !next.After(now) {
					t.Fatalf("control: state's NextTransition %q, not after Now %q: %v", c.NextTransition, c.Now, err)
				}
			}
			if rec.Header().Get("ETag") == "" {
				t.Fatalf("control: state without an ETag")
			}
			break
		}
		if c.Rules != nil || c.Requests != nil || c.Instances != nil {
			if c.Code != "" || c.Now != "" {
				t.Fatalf("control: a list with more\n%s", raw)
			}
			break
		}
		if _, err := time.Parse(time.RFC3339, c.Now); err != nil || c.Code != "" {
			t.Fatalf("control: %v\n%s", err, raw)
		}
	case 400, 404, 405, 409, 413:
		if c.Code == "" || c.Message == "" || c.Now != "" {
			t.Fatalf("control: error with a field missing\n%s", raw)
		}
		if (rec.Code == 405) != (rec.Header().Get("Allow") != "") {
			t.Fatalf("control: status %d with Allow %q", rec.Code, rec.Header().Get("Allow"))
		}
	default:
		t.Fatalf("control: status %d\n%s", rec.Code, raw)
	}
}
