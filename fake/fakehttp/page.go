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

// The fake's page, GET /_mock/; see "The page" in the package
// documentation.

var (
	//go:embed page/index.html
	pageHTML []byte
	//go:embed page/page.css
	pageCSS []byte
	//go:embed page/page.js
	pageJS []byte
)

// page is the page as served: its document, with the style sheet and the
// script in it, and the Content-Security-Policy that lets those two run
// and nothing else.
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
		"; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"}
})

// servePage serves GET and HEAD /_mock/: the page, whatever the query.
func (c *Control) servePage(w http.ResponseWriter, r *http.Request) outcome {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		_, failed := controlQuery(w, r, []string{http.MethodGet, http.MethodHead}, nil)
		return *failed
	}
	p := thePage()
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Content-Length", strconv.Itoa(len(p.body)))
	h.Set("Content-Security-Policy", p.csp)
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "no-referrer")
	h.Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodGet {
		w.Write(p.body)
	}
	return outcome{status: http.StatusOK, format: FormatJSON}
}

// stateTag is the entity tag of a state document: its hash, quoted.
func stateTag(doc []byte) string {
	sum := sha256.Sum256(doc)
	return `"` + base64.RawURLEncoding.EncodeToString(sum[:16]) + `"`
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
