// Package journal keeps the last requests a fake API answered, so that a
// test can check what its code sent: each Request with a sequence number
// (1, 2, … in order of arrival), its times, method, action, region, every
// parameter but the secrets (Signature and SecurityToken), the status and
// error code of its answer, the fault rule that applied and how long it
// took. A Journal is a ring of a fixed size: the oldest request goes when a
// new one comes to a full journal, so that its memory is bounded whatever
// the traffic. Marshal writes requests as the fake's GET /_mock/requests
// answers them.
package journal

import (
	"encoding/json"
	"net/url"
	"sync"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// DefaultSize is how many requests a fake's journal keeps by default: the
// last 10,000.
const DefaultSize = 10000

// Request is a request of the API as a Journal keeps it.
type Request struct {
	Seq        int64             // 1, 2, … in order of arrival
	Time       time.Time         // the real time the request arrived
	Now        time.Time         // the fake's clock then; zero when it has none
	Method     string            // GET, POST…
	Action     string            // the action named, empty when none could be read
	RegionID   string            // the RegionId parameter
	Params     map[string]string // every parameter, its first value, but Signature and SecurityToken
	HTTPStatus int               // of the answer; 0 when none was written (a dropped connection, a client gone)
	Code       apierror.Code     // of an error answered; empty on success
	Fault      int64             // the Id of the fault rule that applied, 0 when none
	Duration   time.Duration     // from arrival to the end of the answer
}

// secrets are the parameters a Journal never keeps.
var secrets = []string{"Signature", "SecurityToken"}

// entry is a journaled request, its parameters as they were read.
type entry struct {
	Request
	params url.Values
}

// A Journal is the ring of the last requests. It is safe for concurrent
// use; its zero value is not: New makes one.
type Journal struct {
	size int

	mu   sync.Mutex
	buf  []entry // oldest at head once full
	head int
	seq  int64
}

// New returns an empty Journal that keeps the last size requests; size
// must be positive.
func New(size int) *Journal {
	if size < 1 {
		panic("journal: New: size must be positive")
	}
	return &Journal{size: size}
}

// Add journals r, numbered after the last request (its Seq is set), with
// params, the parameters as the server read them: the Journal keeps
// params, deletes its secrets and takes its RegionId, and the caller must
// not change it afterwards. r.Params is ignored.
func (j *Journal) Add(r Request, params url.Values) {
	e := entry{Request: r}
	e.Params = nil
	if params != nil {
		for _, k := range secrets {
			delete(params, k)
		}
		e.params = params
		e.RegionID = params.Get("RegionId")
	}
	j.mu.Lock()
	defer j.mu.Unlock()
	j.seq++
	e.Seq = j.seq
	if len(j.buf) < j.size {
		j.buf = append(j.buf, e)
		return
	}
	j.buf[j.head] = e
	j.head = (j.head + 1) % len(j.buf)
}

// Since returns the journal's requests whose Seq is above since, oldest
// first. Each call returns new Requests, whose Params (never nil) the
// caller may change.
func (j *Journal) Since(since int64) []Request {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []Request
	for i := range j.buf {
		e := &j.buf[(j.head+i)%len(j.buf)]
		if e.Seq <= since {
			continue
		}
		req := e.Request
		req.Params = make(map[string]string, len(e.params))
		for k, vs := range e.params {
			if len(vs) > 0 {
				req.Params[k] = vs[0]
			}
		}
		out = append(out, req)
	}
	return out
}

// Delete empties the journal; Seq keeps counting.
func (j *Journal) Delete() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf, j.head = nil, 0
}

// Reset empties the journal and numbers the next request 1, as a new
// Journal does.
func (j *Journal) Reset() {
	j.mu.Lock()
	defer j.mu.Unlock()
	j.buf, j.head, j.seq = nil, 0, 0
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

// Marshal writes requests as {"Requests":[…]}: each with its members
// named as the API names parameters (RegionId), Time in RFC 3339 with
// nine digits of fraction, Now in whole seconds (absent when zero), and
// DurationMs, the duration in milliseconds.
func Marshal(reqs []Request) []byte {
	out := struct{ Requests []requestJSON }{Requests: make([]requestJSON, len(reqs))}
	for i, e := range reqs {
		j := requestJSON{Seq: e.Seq, Time: e.Time.UTC().Format(timeLayout), Method: e.Method, Action: e.Action, RegionID: e.RegionID,
			Params: e.Params, HTTPStatus: e.HTTPStatus, Code: e.Code, Fault: e.Fault, DurationMs: float64(e.Duration) / float64(time.Millisecond)}
		if j.Params == nil {
			j.Params = map[string]string{}
		}
		if !e.Now.IsZero() {
			j.Now = e.Now.UTC().Truncate(time.Second).Format(time.RFC3339)
		}
		out.Requests[i] = j
	}
	b, err := json.Marshal(out)
	if err != nil {
		panic(err) // strings and numbers always marshal
	}
	return b
}
