package fakehttp

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
	"sync"
)

// The fake's page, GET /_mock/, and its worker, GET
// /_mock/page-worker.js; see "The page" in the package documentation.

var (
	//go:embed page/index.html
	pageHTML []byte
	//go:embed page/page.css
	pageCSS []byte
	//go:embed page/page.js
	pageJS []byte
	//go:embed page/page-worker.js
	pageWorkerJS []byte
)

// pageWorkerPath is where the page's worker is served.
const pageWorkerPath = controlPrefix + "page-worker.js"

// workerCSP is the Content-Security-Policy of the page's worker: it may
// read the fake, and nothing else.
const workerCSP = "default-src 'none'; connect-src 'self'"

// page is the page as served: its document, with the style sheet and the
// script in it, and the Content-Security-Policy that lets those two and
// the page's worker run, and nothing else.
type page struct {
	body []byte
	csp  string
}

// thePage builds the page once, at its first request.
var thePage = sync.OnceValue(func() page {
	body := bytes.Replace(pageHTML, []byte("/*page.css*/"), pageCSS, 1)
	body = bytes.Replace(body, []byte("/*page.js*/"), pageJS, 1)
	hash := func(b []byte) string {
		sum := sha256.Sum256(b)
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return page{body: body, csp: "default-src 'none'; script-src " + hash(pageJS) + "; style-src " + hash(pageCSS) +
		"; worker-src 'self'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"}
})

// servePage serves GET and HEAD /_mock/: the page, whatever the query.
func (c *Control) servePage(w http.ResponseWriter, r *http.Request) outcome {
	p := thePage()
	return serveAsset(w, r, "text/html; charset=utf-8", p.csp, p.body)
}

// servePageWorker serves GET and HEAD /_mock/page-worker.js: the page's
// worker, whatever the query.
func (c *Control) servePageWorker(w http.ResponseWriter, r *http.Request) outcome {
	return serveAsset(w, r, "text/javascript; charset=utf-8", workerCSP, pageWorkerJS)
}

// serveAsset answers GET and HEAD with body, of type typ, under the
// policy csp; another method with 405.
func serveAsset(w http.ResponseWriter, r *http.Request, typ, csp string, body []byte) outcome {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		_, failed := controlQuery(w, r, []string{http.MethodGet, http.MethodHead}, nil)
		return *failed
	}
	h := w.Header()
	h.Set("Content-Type", typ)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	h.Set("Content-Security-Policy", csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(body)
	}
	return outcome{status: http.StatusOK, format: FormatJSON}
}

// stateTag is the entity tag of the state document of a service at
// revision rev (fake.Service.Revision): equal revisions of a service
// mean equal documents, so a poll that names it is answered 304 without
// the document being built.
func stateTag(rev uint64) string {
	return `"` + strconv.FormatUint(rev, 36) + `"`
}

// matchesTag reports whether the If-None-Match header list names tag, or
// is "*", comparing weakly as RFC 9110 asks for If-None-Match.
func matchesTag(list []string, tag string) bool {
	for _, v := range list {
		for _, t := range strings.Split(v, ",") {
			t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
			if t == "*" || t == tag {
				return true
			}
		}
	}
	return false
}
