package fakehttp

import (
	"net/http"
	"net/url"
	"time"

	"github.com/ecsassist/cloudassistant/apierror"
)

// DefaultJournalSize is how many requests a Handler's journal keeps by
// default: the last 10,000.
const DefaultJournalSize = 10000

// Request is a request of the API as a Handler's journal keeps it (see
// "Journal" in the package documentation).
type Request struct {
	Seq        int64             // 1, 2, … in order of arrival
	Time       time.Time         // the real time the request arrived
	Now        time.Time         // the fake's clock then (Service.Clock); zero without a Service
	Method     string            // GET, POST…
	Action     string            // the action named, empty when none could be read
	RegionID   string            // the RegionId parameter
	Params     map[string]string // every parameter, its first value, but Signature and SecurityToken
	HTTPStatus int               // of the answer; 0 when none was written (drop, or a client gone during a delay)
	Code       apierror.Code     // of an error answered; empty on success
	Fault      int64             // the Id of the fault rule that applied, 0 when none
	Duration   time.Duration     // from arrival to the end of the answer
}

// secretParams are the parameters the journal never keeps.
var secretParams = []string{"Signature", "SecurityToken"}

// entry is a journaled request, its parameters as they were read.
type entry struct {
	Request
	params url.Values
}

// journal is the ring of the last requests.
type journal struct {
	buf  []entry // oldest at head once full
	head int
	seq  int64
}

// journalSize is the Handler's bound, or 0 when the journal is off.
func (h *Handler) journalSize() int {
	switch {
	case h.JournalSize < 0:
		return 0
	case h.JournalSize == 0:
		return DefaultJournalSize
	}
	return h.JournalSize
}

// record journals a request the Handler answered with o. The parameters
// are o's own, read for this request alone: the journal keeps them,
// without the secrets, rather than a copy.
func (h *Handler) record(r *http.Request, start time.Time, o *outcome) {
	size := h.journalSize()
	if size == 0 {
		return
	}
	e := entry{Request: Request{Time: start, Method: r.Method, Action: o.action, HTTPStatus: o.status, Code: o.code, Fault: o.fault}}
	if o.params != nil {
		for _, k := range secretParams {
			delete(o.params, k)
		}
		e.params = o.params
		e.RegionID = o.params.Get("RegionId")
	}
	if h.Service != nil {
		e.Now = h.Service.Clock().Now()
	}
	e.Duration = time.Since(start)
	h.jmu.Lock()
	defer h.jmu.Unlock()
	j := &h.journal
	j.seq++
	e.Seq = j.seq
	if len(j.buf) < size {
		j.buf = append(j.buf, e)
		return
	}
	j.buf[j.head] = e
	j.head = (j.head + 1) % len(j.buf)
}

// Requests returns the journal's requests whose Seq is above since,
// oldest first: the last JournalSize requests of the API the Handler
// answered, whatever their answer. Each call returns new Requests, whose
// Params (never nil) the caller may change.
func (h *Handler) Requests(since int64) []Request {
	h.jmu.Lock()
	defer h.jmu.Unlock()
	j := &h.journal
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

// DeleteRequests empties the journal; Seq keeps counting.
func (h *Handler) DeleteRequests() {
	h.jmu.Lock()
	defer h.jmu.Unlock()
	h.journal.buf, h.journal.head = nil, 0
}

// ResetJournal empties the journal and numbers the next request 1, as a
// new Handler does. A reset of the whole fake calls it.
func (h *Handler) ResetJournal() {
	h.jmu.Lock()
	defer h.jmu.Unlock()
	h.journal = journal{}
}
