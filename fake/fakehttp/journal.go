package fakehttp

import (
	"net/http"
	"time"

	"github.com/ecsassist/cloudassistant/fake/journal"
)

// journalOf returns the Handler's journal, made at first use with its
// bound, or nil when JournalSize turns it off.
func (h *Handler) journalOf() *journal.Journal {
	h.journalMade.Do(func() {
		switch {
		case h.JournalSize < 0:
		case h.JournalSize == 0:
			h.journal = journal.New(journal.DefaultSize)
		default:
			h.journal = journal.New(h.JournalSize)
		}
	})
	return h.journal
}

// record journals a request the Handler answered with o. The parameters
// are o's own, read for this request alone: the journal keeps them,
// without the secrets, rather than a copy.
func (h *Handler) record(r *http.Request, start time.Time, o *outcome) {
	j := h.journalOf()
	if j == nil {
		return
	}
	req := journal.Request{Time: start, Method: r.Method, Action: o.action, HTTPStatus: o.status, Code: o.code, Fault: o.fault}
	if h.Service != nil {
		req.Now = h.Service.Clock().Now()
	}
	req.Duration = time.Since(start)
	j.Add(req, o.params)
}

// Requests returns the journal's requests whose Seq is above since,
// oldest first: the last JournalSize requests of the API the Handler
// answered, whatever their answer. Each call returns new Requests, whose
// Params (never nil) the caller may change. It is empty when the journal
// is off.
func (h *Handler) Requests(since int64) []journal.Request {
	if j := h.journalOf(); j != nil {
		return j.Since(since)
	}
	return nil
}

// DeleteRequests empties the journal; Seq keeps counting.
func (h *Handler) DeleteRequests() {
	if j := h.journalOf(); j != nil {
		j.Delete()
	}
}

// ResetJournal empties the journal and numbers the next request 1, as a
// new Handler does. A reset of the whole fake calls it.
func (h *Handler) ResetJournal() {
	if j := h.journalOf(); j != nil {
		j.Reset()
	}
}
