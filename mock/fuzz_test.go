package mock_test

import (
	"bufio"
	"encoding/json"
	"encoding/xml"
	"fmt"
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
	"github.com/ecsassist/cloudassistant/mock"
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

// The fields every answer of DescribeInvocations has.
type responseBody struct {
	XMLName    xml.Name `xml:"DescribeInvocationsResponse"`
	RequestID  string   `xml:"RequestId" json:"RequestId"`
	TotalCount int      `xml:"TotalCount" json:"TotalCount"`
}

// FuzzHandler sends the handler any method, path, query, headers (lines
// of "Name: value") and body. mode's bit 0 turns signature checking on
// and bit 1 injects faults at a rate of one half. Whatever comes, the
// answer is a status the API answers with, never a 5xx but an injected
// fault, and a well-formed body in the format its Content-Type names: an
// error with every field, whose code has the answer's status, or a
// response.
func FuzzHandler(f *testing.F) {
	for _, s := range readHandlerSeeds(f, "testdata/handler-seeds.txt") {
		f.Add(s.method, s.path, s.query, s.header, s.body, s.mode)
	}
	store := fleet(f)
	handlers := make([]*mock.Handler, 4)
	for mode := range handlers {
		h := &mock.Handler{Store: store, Now: func() time.Time { return clock }}
		if mode&1 != 0 {
			h.AccessKeys = map[string]string{"ak": "secret"}
		}
		if mode&2 != 0 {
			h.FaultRate = 0.5
		}
		handlers[mode] = h
	}
	f.Fuzz(func(t *testing.T, method, path, query, header, body string, mode uint8) {
		h := handlers[mode&3]
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

		switch rec.Code {
		case 200, 400, 403, 404, 405, 413:
		case 500:
			if h.FaultRate == 0 {
				t.Fatalf("500 without injected faults: %s", rec.Body)
			}
		default:
			t.Fatalf("status %d: %s", rec.Code, rec.Body)
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
			d := xml.NewDecoder(strings.NewReader(rec.Body.String()))
			for { // the whole document is well-formed
				if _, err := d.Token(); err == io.EOF {
					break
				} else if err != nil {
					return err
				}
			}
			return xml.Unmarshal(rec.Body.Bytes(), v)
		}
		raw := rec.Body.String()
		if rec.Code == 200 {
			var r responseBody
			if err := decode(&r); err != nil {
				t.Fatalf("response: %v\n%s", err, raw)
			}
			if !requestID.MatchString(r.RequestID) || r.TotalCount < 0 {
				t.Fatalf("response: RequestId %q, TotalCount %d\n%s", r.RequestID, r.TotalCount, raw)
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
		if rec.Code == 500 && e.Code != string(apierror.InternalError) {
			t.Fatalf("500 with %s", e.Code)
		}
	})
}
