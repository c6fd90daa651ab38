package pagetest

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
)

var update = flag.Bool("update", false, "write the README's screenshot of the page, ../docs/page.png")

// screenshot is where -update writes the page's picture, from this
// module's directory.
const screenshot = "../docs/page.png"

// scenario is a fake on a virtual clock after five invocations made
// through the official SDK: a success, a partial failure, a timeout, one
// stopped while it ran, and a periodic one, rate(1m), that has run for a
// few minutes.
type scenario struct {
	*ecstest.Server
	success, partial, timeout, stopped, periodic string
}

func newScenario(t *testing.T) *scenario {
	t.Helper()
	s := &scenario{Server: ecstest.New(t, ecstest.Options{
		Instances: []fake.Instance{{InstanceID: "i-web1"}, {InstanceID: "i-web2"}, {InstanceID: "i-db1"}, {InstanceID: "i-win1", OS: fake.Windows}},
		Outcome: fake.MatchScripts(
			fake.Script{Match: "hostname", InstanceID: "i-web1", Output: "web1\n", Duration: 3 * time.Second},
			fake.Script{Match: "hostname", Output: "web2\n", Duration: 5 * time.Second},
			fake.Script{Match: "deploy", InstanceID: "i-db1", ExitCode: 1, Output: "error: disk full on /var\n", Duration: 8 * time.Second},
			fake.Script{Match: "deploy", Output: "deployed v42\n", Duration: 12 * time.Second},
			fake.Script{Match: "migrate", Duration: time.Hour},
			fake.Script{Match: "backup", Duration: 10 * time.Minute},
			fake.Script{Match: "tick", Output: "ok\n", Duration: 4 * time.Second},
		),
		Seed: 7,
	})}
	s.success = s.run(t, "hostname", "hostname", []string{"i-web1", "i-web2"}, nil)
	s.Advance(10 * time.Second)
	s.partial = s.run(t, "deploy", "deploy --version 42", []string{"i-web1", "i-web2", "i-db1"}, nil)
	s.Advance(10 * time.Second)
	s.timeout = s.run(t, "migrate", "migrate --all", []string{"i-db1"}, func(r *ecs.RunCommandRequest) { r.Timeout = dara.Int64(20) })
	s.Advance(10 * time.Second)
	s.stopped = s.run(t, "backup", "backup /srv", []string{"i-web2", "i-db1"}, nil)
	s.Advance(20 * time.Second)
	_, err := s.Client.StopInvocation(&ecs.StopInvocationRequest{RegionId: dara.String(s.Region), InvokeId: dara.String(s.stopped)})
	require.NoError(t, err)
	s.Advance(5 * time.Second)
	s.periodic = s.run(t, "tick", "tick", []string{"i-web1", "i-web2"}, func(r *ecs.RunCommandRequest) {
		r.RepeatMode, r.Frequency = dara.String("Period"), dara.String("rate(1m)")
	})
	s.Advance(4*time.Minute + 10*time.Second)
	return s
}

// run runs content on instances through the SDK, as a command named
// name, and returns the InvokeId.
func (s *scenario) run(t *testing.T, name, content string, instances []string, with func(*ecs.RunCommandRequest)) string {
	t.Helper()
	req := &ecs.RunCommandRequest{RegionId: dara.String(s.Region), Name: dara.String(name), Type: dara.String("RunShellScript"),
		CommandContent: dara.String(content), InstanceId: dara.StringSlice(instances)}
	if with != nil {
		with(req)
	}
	res, err := s.Client.RunCommand(req)
	require.NoError(t, err)
	return dara.StringValue(res.Body.InvokeId)
}

// open loads the page and waits for its first rendering.
func (b *browser) open(t *testing.T, base string) {
	t.Helper()
	b.do(t, chromedp.Navigate(base+"/_mock/"))
	b.waitFor(t, "the first rendering", `document.getElementById("main").dataset.renders`)
}

// openAll opens the timeline of every invocation on the page.
func (b *browser) openAll(t *testing.T) {
	t.Helper()
	eval[int](t, b, `document.querySelectorAll('.toggle[aria-expanded="false"]').forEach(b => b.click()), 0`)
	b.waitFor(t, "every timeline open", `document.querySelectorAll('.toggle[aria-expanded="false"]').length === 0`)
}

// settled waits for the page to draw the reader's last change: its
// worker works out what to draw, and the list of invocations is
// aria-busy until the page has drawn it.
func (b *browser) settled(t *testing.T) {
	t.Helper()
	b.waitFor(t, "the page to draw the change", `document.getElementById("invocations").getAttribute("aria-busy") !== "true"`)
}

// shown is what the page shows of an invocation.
type shown struct {
	ID, Current, Legacy, Command, Type, Freq, Counts string
	Rows                                             []shownRow
}

type shownRow struct {
	Instance string
	Segs     []shownSeg
}

// shownSeg is a segment or mark: its status, from when (or at when), and
// to when ("" for the last, which lasts till now).
type shownSeg struct{ Status, From, To, Label string }

const readPage = `[...document.querySelectorAll("li.inv")].map(li => ({
	ID: li.dataset.id,
	Current: li.querySelector('[data-family="current"]').textContent,
	Legacy: li.querySelector('[data-family="legacy"]').textContent,
	Command: li.querySelector(".cmd").textContent,
	Type: li.querySelector(".type").textContent,
	Freq: li.querySelector(".freq").textContent,
	Counts: li.querySelector(".counts").textContent,
	Rows: [...li.querySelectorAll(".row")].map(r => ({
		Instance: r.dataset.instance,
		Segs: [...r.querySelectorAll("[data-k]")].map(s => ({
			Status: s.dataset.status, From: s.dataset.from || s.dataset.at, To: s.dataset.to || "", Label: s.getAttribute("aria-label"),
		})),
	})),
}))`

// The page shows every invocation, newest first, with its statuses in
// both families, and each execution's statuses along the clock exactly
// as the state has them; its tooltips give times, exit and error codes
// and the start of the output; it asks nothing of any other host and
// logs no error.
func TestPageShowsTheScenario(t *testing.T) {
	s := newScenario(t)
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	b.openAll(t)

	got := eval[[]shown](t, b, readPage)
	st := s.Service.State()
	require.Len(t, got, len(st.Invocations))
	for i, inv := range slices.Backward(st.Invocations) { // newest first
		g := got[len(st.Invocations)-1-i]
		require.Equal(t, inv.InvokeID, g.ID, "newest first")
		require.True(t, strings.HasSuffix(g.Current, string(inv.InvocationStatus)), "%s: InvocationStatus %q shown as %q", inv.InvokeID, inv.InvocationStatus, g.Current)
		require.Equal(t, string(inv.InvokeStatus), g.Legacy, "%s: InvokeStatus", inv.InvokeID)
		require.Equal(t, inv.CommandName, g.Command)
		require.Equal(t, string(inv.CommandType), g.Type)
		require.Len(t, g.Rows, len(inv.Executions))
		for j, x := range inv.Executions {
			row := g.Rows[j]
			require.Equal(t, x.InstanceID, row.Instance)
			require.Len(t, row.Segs, len(x.Transitions), "%s on %s: one segment or mark a transition", inv.InvokeID, x.InstanceID)
			for k, tr := range x.Transitions {
				seg := row.Segs[k]
				require.Equal(t, string(tr.Status), seg.Status, "%s on %s, transition %d", inv.InvokeID, x.InstanceID, k)
				require.Equal(t, tr.Time.Format(time.RFC3339), seg.From, "%s on %s, transition %d", inv.InvokeID, x.InstanceID, k)
				require.Contains(t, seg.Label, string(tr.Status))
				require.Contains(t, seg.Label, tr.Time.Format("2006-01-02 15:04:05Z"), "the label gives the time")
			}
		}
	}

	byID := map[string]shown{}
	for _, g := range got {
		byID[g.ID] = g
	}
	require.Contains(t, byID[s.partial].Current, "PartialFailed")
	require.Equal(t, "2 Success · 1 Failed", byID[s.partial].Counts)
	require.Equal(t, "Period rate(1m)", byID[s.periodic].Freq)
	require.Equal(t, "Once", byID[s.success].Freq)
	statuses := func(id, instance string) []string {
		for _, r := range byID[id].Rows {
			if r.Instance == instance {
				var out []string
				for _, s := range r.Segs {
					out = append(out, s.Status)
				}
				return out
			}
		}
		return nil
	}
	require.Equal(t, []string{"Pending", "Running", "Timeout"}, statuses(s.timeout, "i-db1"))
	require.Equal(t, []string{"Pending", "Running", "Stopping", "Terminated"}, statuses(s.stopped, "i-web2"))
	ticks := statuses(s.periodic, "i-web1")
	require.GreaterOrEqual(t, strings.Count(strings.Join(ticks, " "), "Running Success"), 3, "the periodic runs repeat: %v", ticks)

	// The tooltip of a mark gives its exit code, error code and output.
	tip := func(sel string) string {
		t.Helper()
		b.focus(t, sel)
		b.waitFor(t, "the tooltip", `!document.getElementById("tip").hidden`)
		return eval[string](t, b, `document.getElementById("tip").innerText`)
	}
	failed := tip(fmt.Sprintf(`li[data-id=%q] .row[data-instance="i-db1"] .mark`, s.partial))
	for _, want := range []string{"Failed", "i-db1", "Exit code\n1", invocation.ExitCodeNonzero.String(), "error: disk full on /var"} {
		require.Contains(t, failed, want)
	}
	timedOut := tip(fmt.Sprintf(`li[data-id=%q] .row[data-instance="i-db1"] .mark`, s.timeout))
	require.Contains(t, timedOut, "Timeout")
	require.Contains(t, timedOut, string(invocation.ExecutionTimeout))
	running := tip(fmt.Sprintf(`li[data-id=%q] .row[data-instance="i-db1"] .seg.s-Running`, s.timeout))
	require.Contains(t, running, "2025-01-01 00:00:21Z to 2025-01-01 00:00:41Z (20 s)")

	// Hovering with the mouse shows the same.
	eval[int](t, b, `document.activeElement.blur(), 0`)
	b.waitFor(t, "the tooltip gone", `document.getElementById("tip").hidden`)
	stopping := fmt.Sprintf(`li[data-id=%q] .row[data-instance="i-web2"] .seg.s-Stopping`, s.stopped)
	eval[int](t, b, fmt.Sprintf(`document.querySelector(%q).scrollIntoView({block: "center"}), 0`, stopping))
	r := eval[struct{ X, Y float64 }](t, b, fmt.Sprintf(`(() => { const r = document.querySelector(%q).getBoundingClientRect(); return {X: r.x + r.width / 2, Y: r.y + r.height / 2} })()`, stopping))
	b.do(t, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, r.X, r.Y))
	b.waitFor(t, "the tooltip on hover", `!document.getElementById("tip").hidden`)
	hovered := eval[string](t, b, `document.getElementById("tip").innerText`)
	require.Contains(t, hovered, "Stopping")
	require.Contains(t, hovered, "2025-01-01 00:00:50Z to 2025-01-01 00:00:51Z (1 s)")

	// The keyboard moves along a track: one stop of the tab order, the
	// arrow keys for the rest.
	tabbable := eval[int](t, b, fmt.Sprintf(`document.querySelectorAll('li[data-id=%q] .row[data-instance="i-web1"] [data-k][tabindex="0"]').length`, s.periodic))
	require.Equal(t, 1, tabbable)
	b.focus(t, fmt.Sprintf(`li[data-id=%q] .row[data-instance="i-web1"] [data-k]`, s.periodic))
	b.do(t, chromedp.KeyEvent(kb.ArrowRight))
	require.Equal(t, "i-web1|1", eval[string](t, b, `document.activeElement.dataset.k`))

	b.check(t, s.URL)
}

// The advance buttons move the virtual clock, and the page follows.
func TestPageAdvances(t *testing.T) {
	s := newScenario(t)
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	now := s.Service.Now()
	for _, step := range []struct {
		button string
		by     time.Duration
	}{{"+1 s", time.Second}, {"+1 min", time.Minute}, {"+1 h", time.Hour}} {
		now = now.Add(step.by)
		b.click(t, `.advance button[data-by]`, step.button)
		b.waitFor(t, "the clock at "+now.Format(time.RFC3339), fmt.Sprintf(`document.getElementById("main").dataset.now === %q`, now.Format(time.RFC3339)))
		require.Equal(t, now, s.Service.Now(), "after %s", step.button)
		require.Equal(t, now.Format("2006-01-02 15:04:05Z"), eval[string](t, b, `document.getElementById("now").textContent`))
	}
	next, ok := s.Service.NextTransition()
	require.True(t, ok, "the periodic invocation has a run due")
	b.click(t, `.advance button[data-to]`, "Next transition")
	b.waitFor(t, "the clock at the next transition", fmt.Sprintf(`document.getElementById("main").dataset.now === %q`, next.Format(time.RFC3339)))

	// The agent's button stops it, and the fleet shows it.
	b.click(t, `#fleet tr[data-id="i-web2"] button`, "Stop agent")
	b.waitFor(t, "the agent stopped", `document.querySelector('#fleet tr[data-id="i-web2"] button').dataset.agent === "Running"`)
	for _, in := range s.Service.Instances() {
		if in.InstanceID == "i-web2" {
			require.Equal(t, fake.AgentStopped, in.Agent)
		}
	}
	b.click(t, `#fleet tr[data-id="i-web2"] button`, "Start agent")
	b.waitFor(t, "the agent running", `document.querySelector('#fleet tr[data-id="i-web2"] button').dataset.agent === "Stopped"`)
	b.check(t, s.URL)
}

// click clicks the button among sel whose text is text.
func (b *browser) click(t *testing.T, sel, text string) {
	t.Helper()
	ok := eval[bool](t, b, fmt.Sprintf(`(() => { const b = [...document.querySelectorAll(%q)].find(b => b.textContent.trim() === %q); if (b) b.click(); return !!b })()`, sel, text))
	require.True(t, ok, "no button %q among %s", text, sel)
}

// focus focuses the first element that the CSS selector sel matches.
func (b *browser) focus(t *testing.T, sel string) {
	t.Helper()
	ok := eval[bool](t, b, fmt.Sprintf(`(() => { const e = document.querySelector(%q); if (e) e.focus(); return !!e })()`, sel))
	require.True(t, ok, "nothing matches %s", sel)
}

// The filters narrow the invocations by status, instance and command,
// and keep the open timelines open.
func TestPageFilters(t *testing.T) {
	s := newScenario(t)
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	b.openAll(t)
	ids := func() []string {
		return eval[[]string](t, b, `[...document.querySelectorAll("li.inv")].map(li => li.dataset.id)`)
	}
	set := func(id, value string) {
		eval[int](t, b, fmt.Sprintf(`(() => { const e = document.getElementById(%q); e.value = %q; e.dispatchEvent(new Event("input", {bubbles: true})); return 0 })()`, id, value))
	}
	tests := []struct {
		name, status, instance, command string
		want                            []string
	}{
		{name: "by the status of an instance", status: "Timeout", want: []string{s.timeout}},
		{name: "by the overall status", status: "PartialFailed", want: []string{s.partial}},
		{name: "by the legacy status", status: "Stopped", want: []string{s.stopped}},
		{name: "by instance", instance: "i-db1", want: []string{s.stopped, s.timeout, s.partial}},
		{name: "by command name", command: "tick", want: []string{s.periodic}},
		{name: "by command type", command: "RunShellScript", want: []string{s.periodic, s.stopped, s.timeout, s.partial, s.success}},
		{name: "all three", status: "Success", instance: "web1", command: "host", want: []string{s.success}},
		{name: "none", command: "nothing of the sort", want: []string{}},
		{name: "no filter", want: []string{s.periodic, s.stopped, s.timeout, s.partial, s.success}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			set("f-status", tt.status)
			set("f-instance", tt.instance)
			set("f-command", tt.command)
			b.settled(t)
			require.Equal(t, tt.want, ids())
		})
	}
	set("f-instance", "i-web2")
	b.settled(t)
	rows := eval[[]string](t, b, fmt.Sprintf(`[...document.querySelectorAll('li[data-id=%q] .row')].map(r => r.dataset.instance)`, s.partial))
	require.Equal(t, []string{"i-web2"}, rows, "an instance filter shows that instance's rows")
	set("f-instance", "")
	b.settled(t)
	closed := eval[int](t, b, `document.querySelectorAll('.toggle[aria-expanded="false"]').length`)
	require.Zero(t, closed, "the timelines opened stay open across filters")
	b.check(t, s.URL)
}

// Nothing overflows sideways on a desktop's window or a phone's, with
// every timeline open; -update writes the README's screenshot.
func TestPageLayout(t *testing.T) {
	for _, size := range []struct{ w, h int }{{1280, 800}, {390, 844}} {
		t.Run(fmt.Sprintf("%dx%d", size.w, size.h), func(t *testing.T) {
			s := newScenario(t)
			b := newBrowser(t, size.w, size.h)
			b.open(t, s.URL)
			b.openAll(t)
			m := eval[struct{ ScrollWidth, ClientWidth int }](t, b, `({ScrollWidth: document.documentElement.scrollWidth, ClientWidth: document.documentElement.clientWidth})`)
			require.LessOrEqual(t, m.ScrollWidth, m.ClientWidth, "the page overflows sideways")
			wide := eval[[]string](t, b, `[...document.querySelectorAll("body *")].filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1 && !e.closest(".scroll") && !e.closest("#tip") && getComputedStyle(e).position !== "fixed").map(e => e.tagName + "." + e.className)`)
			require.Empty(t, wide, "elements past the right edge")
			if *update && size.w == 1280 {
				writeScreenshot(t, b, s)
			}
			b.check(t, s.URL)
		})
	}
}

// writeScreenshot writes the page as the README shows it: the partial
// failure's and the periodic invocation's timelines open, with a
// tooltip.
func writeScreenshot(t *testing.T, b *browser, s *scenario) {
	t.Helper()
	eval[int](t, b, fmt.Sprintf(`document.querySelectorAll('li.inv:not([data-id=%q]):not([data-id=%q]):not([data-id=%q]) .toggle[aria-expanded="true"]').forEach(b => b.click()), 0`,
		s.partial, s.periodic, s.stopped))
	b.waitFor(t, "three timelines open", `document.querySelectorAll('.toggle[aria-expanded="true"]').length === 3`)
	b.do(t, chromedp.EmulateViewport(1280, 980))
	eval[int](t, b, fmt.Sprintf(`window.scrollTo(0, 0), document.querySelector('li[data-id=%q] .row[data-instance="i-db1"] .mark').focus({preventScroll: true}), 0`, s.partial))
	b.waitFor(t, "the tooltip", `!document.getElementById("tip").hidden`)
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(screenshot), 0o755))
	require.NoError(t, os.WriteFile(screenshot, png, 0o644))
	t.Logf("wrote %s, %d bytes", screenshot, len(png))
}
