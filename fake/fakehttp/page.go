package fakehttp

import (
	_ "embed"
	"net/http"
	"strconv"

	"github.com/ecsassist/cloudassistant/fake/fakehttp/page"
)

// The fake's page, GET /_mock/, and its worker, GET
// /_mock/page-worker.js (package page); see "The page" in the package
// documentation.

// pageWorkerPath is where the page's worker is served.
const pageWorkerPath = controlPrefix + "page-worker.js"

// servePage serves GET and HEAD /_mock/: the page, whatever the query.
func (c *Control) servePage(w http.ResponseWriter, r *http.Request) outcome {
	return serveAsset(w, r, page.Document())
}

// servePageWorker serves GET and HEAD /_mock/page-worker.js: the page's
// worker, whatever the query.
func (c *Control) servePageWorker(w http.ResponseWriter, r *http.Request) outcome {
	return serveAsset(w, r, page.Worker())
}

// serveAsset answers GET and HEAD with a, another method with 405.
func serveAsset(w http.ResponseWriter, r *http.Request, a page.Asset) outcome {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		_, failed := controlQuery(w, r, []string{http.MethodGet, http.MethodHead}, nil)
		return *failed
	}
	h := w.Header()
	h.Set("Content-Type", a.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(a.Body)))
	h.Set("Content-Security-Policy", a.Policy)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(a.Body)
	}
	return outcome{status: http.StatusOK, format: FormatJSON}
}
