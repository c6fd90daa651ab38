package page_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/ecsassist/cloudassistant/fake/fakehttp/page"
	"github.com/stretchr/testify/require"
)

// The document inlines its style sheet and script, whose hashes its
// policy names.
func TestDocument(t *testing.T) {
	d := page.Document()
	if d.ContentType != "text/html; charset=utf-8" {
		t.Errorf("ContentType %q", d.ContentType)
	}
	for _, placeholder := range []string{"/*page.css*/", "/*page.js*/"} {
		if bytes.Contains(d.Body, []byte(placeholder)) {
			t.Errorf("the document still holds %s", placeholder)
		}
	}
	for _, tag := range []string{"script", "style"} {
		all := regexp.MustCompile(`(?s)<`+tag+`>(.*?)</`+tag+`>`).FindAllSubmatch(d.Body, -1)
		if len(all) != 1 {
			t.Fatalf("%d <%s> in the document, want one", len(all), tag)
		}
		m := all[0]
		sum := sha256.Sum256(m[1])
		want := tag + "-src 'sha256-" + base64.StdEncoding.EncodeToString(sum[:]) + "'"
		if !strings.Contains(d.Policy, want) {
			t.Errorf("the policy %q does not allow the inlined %s (%s)", d.Policy, tag, want)
		}
	}
	if !bytes.HasPrefix(d.Body, []byte("<!doctype html>")) {
		t.Errorf("not a document: %.40q", d.Body)
	}
	for _, directive := range []string{"default-src 'none'", "worker-src 'self'", "connect-src 'self'", "img-src data:", "base-uri 'none'", "form-action 'none'", "frame-ancestors 'none'"} {
		if !strings.Contains(d.Policy, directive) {
			t.Errorf("the policy %q lacks %s", d.Policy, directive)
		}
	}
	if strings.Contains(d.Policy, "unsafe") {
		t.Errorf("the policy %q allows something unsafe", d.Policy)
	}
	w := page.Worker()
	if w.ContentType != "text/javascript; charset=utf-8" || w.Policy != "default-src 'none'; connect-src 'self'" || len(w.Body) == 0 {
		t.Errorf("Worker() = %q, %q, %d bytes", w.ContentType, w.Policy, len(w.Body))
	}
	if &page.Document().Body[0] != &d.Body[0] {
		t.Error("the document is built again at each call")
	}
}

// The page's files name no resource outside the fake: no URL with a
// scheme or a host, no src or href but a fragment or data:, no import of
// a style sheet, no font to fetch.
func TestPageIsSelfContained(t *testing.T) {
	files, err := filepath.Glob("*")
	require.NoError(t, err)
	files = slices.DeleteFunc(files, func(f string) bool { return strings.HasSuffix(f, ".go") })
	require.Len(t, files, 4, "index.html, page.css, page.js and page-worker.js")
	external := regexp.MustCompile(`(?i)\b(?:https?|wss?|ftp):|@import|@font-face|url\(\s*['"]?(?:https?:)?//|\b(?:src|href|action)\s*=\s*["']?\s*//`)
	attr := regexp.MustCompile(`(?i)\b(src|href|action)\s*=\s*"([^"]*)"`)
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		if m := external.FindString(string(b)); m != "" {
			t.Errorf("%s names something outside the fake: %q", f, m)
		}
		for _, m := range attr.FindAllStringSubmatch(string(b), -1) {
			if !strings.HasPrefix(m[2], "#") && !strings.HasPrefix(m[2], "data:") {
				t.Errorf("%s: %s=%q is neither a fragment nor data:", f, m[1], m[2])
			}
		}
	}
	// The scripts ask the fake alone, by path: the page its control
	// endpoints and its worker, the worker the state.
	tests := []struct {
		name, file, call string
		want             []string // what the calls may be given
	}{
		{name: "the page's requests", file: "page.js", call: "fetch", want: []string{"path"}},
		{name: "the page's worker", file: "page.js", call: "new Worker", want: []string{`"/_mock/page-worker.js"`}},
		{name: "the worker's requests", file: "page-worker.js", call: "fetch", want: []string{`"/_mock/state"`}},
		{name: "the worker's workers", file: "page-worker.js", call: "new Worker", want: nil},
		{name: "the worker's scripts", file: "page-worker.js", call: "importScripts", want: nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			js, err := os.ReadFile(tt.file)
			require.NoError(t, err)
			var got []string
			for _, m := range regexp.MustCompile(regexp.QuoteMeta(tt.call)+`\(([^,)]*)`).FindAllStringSubmatch(string(js), -1) {
				got = append(got, strings.TrimSpace(m[1]))
			}
			require.Equal(t, tt.want, got, "what %s calls %s with", tt.file, tt.call)
		})
	}
}

// The page and its worker, as a server answers them.
func ExampleDocument() {
	d, w := page.Document(), page.Worker()
	fmt.Println(d.ContentType)
	fmt.Println(strings.Contains(d.Policy, "worker-src 'self'"), strings.Contains(d.Policy, "connect-src 'self'"))
	fmt.Println(w.ContentType, "|", w.Policy)
	// Output:
	// text/html; charset=utf-8
	// true true
	// text/javascript; charset=utf-8 | default-src 'none'; connect-src 'self'
}
