package pagetest

import (
	"fmt"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/invocation"
)

// renderBound is the most a rendering of the page may take, as the page
// measures it: from the state document's arrival to the DOM built.
const renderBound = time.Second

// loaded starts a fake of instances instances and makes invocations
// invocations on all of them, through the Service in Go (the API would
// spend the test's time on signatures, not on the page), a second apart,
// every tenth run failing; then moves the clock past their end.
func loaded(t *testing.T, invocations, instances int) *ecstest.Server {
	t.Helper()
	fleet := make([]fake.Instance, instances)
	ids := make([]string, instances)
	for i := range fleet {
		ids[i] = "i-" + strconv.Itoa(i+1)
		fleet[i] = fake.Instance{InstanceID: ids[i]}
	}
	s := ecstest.New(t, ecstest.Options{Instances: fleet, Outcome: fake.MatchScripts(
		fake.Script{Match: "fail", ExitCode: 1, Output: "no\n", Duration: 3 * time.Second},
		fake.Script{Output: "ok\n", Duration: 2 * time.Second},
	)})
	for i := range invocations {
		content := "echo " + strconv.Itoa(i)
		if i%10 == 9 {
			content = "fail " + strconv.Itoa(i)
		}
		_, _, err := s.Service.RunCommand(fake.RunCommandRequest{RegionID: s.Region, Type: invocation.RunShellScript,
			Name: "job-" + strconv.Itoa(i), CommandContent: content, InstanceIDs: ids})
		require.NoError(t, err)
		s.Advance(time.Second)
	}
	s.Advance(time.Minute)
	return s
}

// renderMs is the time the page's last rendering took, as it measured it.
func renderMs(t *testing.T, b *browser) float64 {
	t.Helper()
	ms, err := strconv.ParseFloat(eval[string](t, b, `document.getElementById("main").dataset.renderMs`), 64)
	require.NoError(t, err)
	return ms
}

// 500 invocations on 10 instances, each with its history, render within
// the bound: the page as it opens, and with every timeline of its first
// page open.
func TestPageRenders500x10(t *testing.T) {
	s := loaded(t, 500, 10)
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	first := renderMs(t, b)
	require.Equal(t, 50, eval[int](t, b, `document.querySelectorAll("li.inv").length`), "a page of invocations")
	require.Equal(t, "(500)", eval[string](t, b, `document.getElementById("inv-count").textContent`))

	renders := eval[string](t, b, `document.getElementById("main").dataset.renders`)
	b.click(t, "#open-all", "Open all")
	b.waitFor(t, "the rendering of every timeline", fmt.Sprintf(`document.getElementById("main").dataset.renders !== %q`, renders))
	open := renderMs(t, b)
	require.Equal(t, 500, eval[int](t, b, `document.querySelectorAll(".row").length`), "ten rows for each of fifty invocations")
	t.Logf("500×10: first rendering %.1f ms, with 50 timelines of 10 rows open %.1f ms", first, open)
	require.Less(t, first, float64(renderBound.Milliseconds()))
	require.Less(t, open, float64(renderBound.Milliseconds()))
	b.check(t, s.URL)
}

// longBound is the longest the main thread of the page may be busy at a
// stretch, while the fake changes under a state of 100,000 executions.
const longBound = 200 * time.Millisecond

// A state of 100,000 executions leaves the tab responsive: the DOM holds
// a page of invocations and a bounded number of rows, paging answers
// within the bound, and while the fake changes every second, so that the
// page reads a new state of some 36 MB again and again, the tab's main
// thread is never busy for long: its worker reads the state.
func TestPageStays100kResponsive(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 executions take some seconds to make and to read")
	}
	s := loaded(t, 2000, 50)
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	first := renderMs(t, b)
	read := eval[struct{ ReadMs, ParseMs, ModelMs, DrawMs string }](t, b, `(({readMs, parseMs, modelMs, drawMs}) => ({ReadMs: readMs, ParseMs: parseMs, ModelMs: modelMs, DrawMs: drawMs}))(document.getElementById("main").dataset)`)
	require.Equal(t, 50, eval[int](t, b, `document.querySelectorAll("li.inv").length`))

	b.click(t, ".toggle", "▸")
	b.waitFor(t, "a timeline", `document.querySelector(".timeline")`)
	rows := eval[int](t, b, `document.querySelectorAll(".row").length`)
	require.Equal(t, 25, rows, "a timeline draws its rows 25 at a time")

	// A page turn is drawn within the bound, from the click to the DOM
	// built, as the page measures it.
	b.click(t, "#next", "Older →")
	b.waitFor(t, "the second page", `document.getElementById("page-of").textContent === "Page 2 of 40"`)
	b.settled(t)
	took := renderMs(t, b)
	elements := eval[int](t, b, `document.getElementsByTagName("*").length`)
	t.Logf("100,000 executions: first rendering %.1f ms (in the worker: reading the body %s ms, JSON.parse %s ms, the view %s ms; drawing %s ms), a page turn %.1f ms, %d elements in the DOM",
		first, read.ReadMs, read.ParseMs, read.ModelMs, read.DrawMs, took, elements)
	require.Less(t, took, float64(renderBound.Milliseconds()))
	require.Less(t, elements, 5000, "the DOM stays small")

	w := watchMainThread(t, b, s)
	t.Logf("100,000 executions changing every second: %d states drawn in %s; the main thread's longest task %.0f ms (long tasks %v), its longest gap between two 10 ms timers %.0f ms; the page waits %s ms between polls",
		w.Draws, watchFor, w.Longest, w.Tasks, w.Gap, eval[string](t, b, `document.getElementById("main").dataset.pollMs`))
	require.GreaterOrEqual(t, w.Draws, 2, "the page follows the fake as it changes")
	require.Less(t, w.Longest, float64(longBound.Milliseconds()), "a long task of the main thread")
	require.Less(t, w.Gap, float64(longBound.Milliseconds()), "the main thread busy for long between two timers")
	b.check(t, s.URL)
}

// watchFor is how long watchMainThread watches.
const watchFor = 5 * time.Second

// watched is what watchMainThread saw: the long tasks of the main thread
// (over 50 ms), the longest of them (0 if none), the longest gap between
// two runs of a 10 ms timer, in milliseconds, and how many states the
// page drew.
type watched struct {
	Tasks        []float64
	Longest, Gap float64
	Draws        int
}

// watchMainThread watches the main thread of b's tab for watchFor while
// the fake's clock moves a second every second, then waits for the page
// to show the last time. It sees the long tasks the browser reports
// (PerformanceObserver, type "longtask"), and, as the browser does not
// report every one (reading a Response's JSON on the main thread is not
// reported), the longest wait of a timer set every 10 ms.
func watchMainThread(t *testing.T, b *browser, s *ecstest.Server) watched {
	t.Helper()
	require.True(t, eval[bool](t, b, `PerformanceObserver.supportedEntryTypes.includes("longtask")`), "the browser reports long tasks")
	eval[int](t, b, `(() => {
		const w = window.watched = {Tasks: [], Gap: 0, renders: Number(document.getElementById("main").dataset.renders)};
		w.observer = new PerformanceObserver((l) => { for (const e of l.getEntries()) w.Tasks.push(e.duration) });
		w.observer.observe({type: "longtask"});
		let last = performance.now();
		w.timer = setInterval(() => { const n = performance.now(); w.Gap = Math.max(w.Gap, n - last); last = n }, 10);
		return 0;
	})()`)
	for range watchFor / time.Second {
		s.Advance(time.Second)
		time.Sleep(time.Second)
	}
	b.waitFor(t, "the page on the clock", fmt.Sprintf(`document.getElementById("main").dataset.now === %q`, s.Service.Now().Format(time.RFC3339)))
	w := eval[watched](t, b, `(() => {
		const w = window.watched;
		clearInterval(w.timer);
		w.observer.disconnect();
		return {Tasks: w.Tasks, Longest: Math.max(0, ...w.Tasks), Gap: w.Gap, Draws: Number(document.getElementById("main").dataset.renders) - w.renders};
	})()`)
	return w
}
