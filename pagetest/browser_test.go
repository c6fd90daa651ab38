package pagetest

import (
	"bytes"
	"context"
	"fmt"
	"net/url"
	"os"
	"os/exec"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/target"
	"github.com/chromedp/chromedp"
)

// chromium finds the browser: $CHROMIUM, else chromium or
// chromium-browser on the PATH. A machine without one fails the test:
// CI installs the Debian package chromium, and a test that skipped there
// would check nothing.
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Fatal("pagetest: no Chromium: install the package chromium (apt-get install -y chromium) or set $CHROMIUM to the browser")
	return ""
}

// browser is a headless Chromium with one tab, and what the tab did that
// a test checks afterwards: console errors, exceptions and the URLs it
// asked for.
type browser struct {
	ctx context.Context

	mu       sync.Mutex
	problems []string // console errors and warnings, exceptions, error log entries
	urls     []string // every request the tab and its workers made
}

// newBrowser starts Chromium with a fresh profile and nothing that calls
// home, on a window of w×h, and closes it when the test ends.
func newBrowser(t *testing.T, w, h int) *browser {
	t.Helper()
	// Chromium on a busy shared machine has been seen, once in many runs,
	// to exit at start without a word: it is started once more, and what
	// it wrote is logged, or reported if the second start fails too.
	var ctx context.Context
	for attempt := 1; ; attempt++ {
		var out lockedBuffer
		opts := append(chromedp.DefaultExecAllocatorOptions[:],
			chromedp.ExecPath(chromium(t)),
			chromedp.Headless,
			chromedp.NoSandbox,
			chromedp.DisableGPU,
			chromedp.NoFirstRun,
			chromedp.Flag("disable-quic", true),
			chromedp.Flag("disable-background-networking", true),
			chromedp.Flag("disable-component-update", true),
			chromedp.Flag("disable-sync", true),
			chromedp.Flag("hide-scrollbars", true),
			chromedp.UserDataDir(t.TempDir()),
			chromedp.WindowSize(w, h),
			chromedp.CombinedOutput(&out),
		)
		actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
		c, cancelCtx := chromedp.NewContext(actx)
		_, err := chromedp.Call(c, network.Enable, network.EnableParams{})
		if err == nil {
			t.Cleanup(func() { cancelCtx(); cancelAlloc() })
			ctx = c
			break
		}
		cancelCtx()
		cancelAlloc()
		if attempt == 2 {
			t.Fatalf("pagetest: starting Chromium: %v; it wrote:\n%s", err, out.String())
		}
		t.Logf("pagetest: Chromium did not start (%v), starting it once more; it wrote:\n%s", err, out.String())
	}

	b := &browser{ctx: ctx}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatalf("pagetest: %v", err)
	}
	// A headless tab has no focus of the system's: emulate one, so that
	// focusing an element fires focus events as it does for a reader.
	if _, err := chromedp.Call(ctx, emulation.SetFocusEmulationEnabled, emulation.SetFocusEmulationEnabledParams{Enabled: true}); err != nil {
		t.Fatalf("pagetest: %v", err)
	}
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(int64(w), int64(h))); err != nil {
		t.Fatalf("pagetest: %v", err)
	}
	messages := chromedp.Console(ctx)
	requests := chromedp.Events(ctx, network.RequestWillBeSent)
	targets := chromedp.BrowserEvents(ctx, target.TargetCreated)
	go func() {
		for m, err := range messages {
			if err != nil {
				return
			}
			if m.Type == chromedp.ConsoleError || m.Type == chromedp.ConsoleWarning || m.IsException() {
				b.mu.Lock()
				b.problems = append(b.problems, fmt.Sprintf("%s (%s %s:%d)", m, m.Source, m.URL, m.Line))
				b.mu.Unlock()
			}
		}
	}()
	go func() {
		for ev, err := range requests {
			if err != nil {
				return
			}
			b.mu.Lock()
			b.urls = append(b.urls, ev.Request.URL)
			b.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range targets {
			if err != nil {
				return
			}
			if ev.TargetInfo.Type == "worker" {
				go b.watchWorker(ev.TargetInfo.TargetID)
			}
		}
	}()
	return b
}

// watchWorker attaches to the tab's worker id, so that the requests it
// makes are the tab's, as the tab's own are: the browser tells the tab's
// session of a worker's console and exceptions, not of its requests.
// What the worker asks for before it is attached, some milliseconds after
// it starts, is not seen.
func (b *browser) watchWorker(id target.ID) {
	ctx, cancel := chromedp.NewContext(b.ctx, chromedp.WithTargetID(id), chromedp.WithListener(func(ev any) {
		if ev, ok := ev.(*network.EventRequestWillBeSent); ok {
			b.mu.Lock()
			b.urls = append(b.urls, ev.Request.URL)
			b.mu.Unlock()
		}
	}))
	context.AfterFunc(b.ctx, cancel)
	chromedp.Do(ctx) // attaches; an error is the worker gone, or the browser
}

// do runs actions in the tab, and fails the test on an error.
func (b *browser) do(t *testing.T, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		t.Fatalf("pagetest: %v", err)
	}
}

// eval evaluates the JavaScript expression js in b's page.
func eval[T any](t *testing.T, b *browser, js string) T {
	t.Helper()
	v, err := chromedp.Run(b.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		t.Fatalf("pagetest: evaluating %s: %v", js, err)
	}
	return v
}

// waitFor polls the JavaScript expression js until it is true, or fails
// the test after 10 s, naming what it waited for.
func (b *browser) waitFor(t *testing.T, what, js string) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !eval[bool](t, b, "Boolean("+js+")") {
		if time.Now().After(deadline) {
			t.Fatalf("pagetest: waited 10 s for %s (%s)", what, js)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// check fails the test if the tab logged an error or a warning, threw,
// or asked a host other than base's for anything, or base for anything
// but its control endpoints.
func (b *browser) check(t *testing.T, base string) {
	t.Helper()
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	time.Sleep(100 * time.Millisecond) // let the last events arrive
	b.mu.Lock()
	defer b.mu.Unlock()
	for _, p := range b.problems {
		t.Errorf("pagetest: the page logged %s", p)
	}
	if len(b.urls) == 0 {
		t.Error("pagetest: the tab made no request at all")
	}
	for _, raw := range b.urls {
		r, err := url.Parse(raw)
		if err != nil || r.Host != u.Host || r.Scheme != u.Scheme {
			t.Errorf("pagetest: the page asked for %q, outside the fake at %s", raw, base)
		} else if !strings.HasPrefix(r.Path, "/_mock/") {
			t.Errorf("pagetest: the page asked for %q, outside the control endpoints (a favicon?)", raw)
		}
	}
}

// requests counts the requests the tab made whose URL ends with suffix.
func (b *browser) requests(suffix string) int {
	b.mu.Lock()
	defer b.mu.Unlock()
	n := 0
	for _, u := range b.urls {
		if strings.HasSuffix(u, suffix) {
			n++
		}
	}
	return n
}

// lockedBuffer is a buffer that Chromium's output is copied into while
// a test may read it.
type lockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *lockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *lockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
