// Package page is the fake's web page, as the fake serves it at GET
// /_mock/: one HTML document with its style sheet and script inlined, and
// the Web Worker the script starts (served at /_mock/page-worker.js),
// which polls the state document, reads it and works out what the page
// draws. Each comes with the Content-Security-Policy it is served under:
// the document may run its own script and style (by hash), start its
// worker and read the fake, and nothing else; no external resource, no
// network beyond the fake, no build step.
package page

import (
	"bytes"
	"crypto/sha256"
	_ "embed"
	"encoding/base64"
	"sync"
)

var (
	//go:embed index.html
	html []byte
	//go:embed page.css
	css []byte
	//go:embed page.js
	js []byte
	//go:embed page-worker.js
	worker []byte
)

// An Asset is a file of the page as served.
type Asset struct {
	Body        []byte
	ContentType string
	Policy      string // its Content-Security-Policy
}

// Document returns the page: index.html with page.css and page.js in it,
// built once.
func Document() Asset { return document() }

var document = sync.OnceValue(func() Asset {
	body := bytes.Replace(html, []byte("/*page.css*/"), css, 1)
	body = bytes.Replace(body, []byte("/*page.js*/"), js, 1)
	hash := func(b []byte) string {
		sum := sha256.Sum256(b)
		return "'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
	}
	return Asset{Body: body, ContentType: "text/html; charset=utf-8",
		Policy: "default-src 'none'; script-src " + hash(js) + "; style-src " + hash(css) +
			"; worker-src 'self'; connect-src 'self'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'"}
})

// Worker returns the page's worker, which may read the fake and nothing
// else.
func Worker() Asset {
	return Asset{Body: worker, ContentType: "text/javascript; charset=utf-8", Policy: "default-src 'none'; connect-src 'self'"}
}
