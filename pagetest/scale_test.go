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

// A state of 100,000 executions leaves the tab responsive: the DOM holds
// a page of invocations and a bounded number of rows, and paging answers
// within the bound.
func TestPageStays100kResponsive(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 executions take some seconds to make and to read")
	}
	s := loaded(t, 2000, 50)
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	first := renderMs(t, b)
	require.Equal(t, 50, eval[int](t, b, `document.querySelectorAll("li.inv").length`))

	b.click(t, ".toggle", "▸")
	b.waitFor(t, "a timeline", `document.querySelector(".timeline")`)
	rows := eval[int](t, b, `document.querySelectorAll(".row").length`)
	require.Equal(t, 25, rows, "a timeline draws its rows 25 at a time")

	// A click's handler runs, and the page is drawn again, within the bound.
	took := eval[float64](t, b, `(() => { const t0 = performance.now(); document.getElementById("next").click(); return performance.now() - t0 })()`)
	require.Equal(t, "Page 2 of 40", eval[string](t, b, `document.getElementById("page-of").textContent`))
	elements := eval[int](t, b, `document.getElementsByTagName("*").length`)
	t.Logf("100,000 executions: first rendering %.1f ms (JSON parse included), a page turn %.1f ms, %d elements in the DOM", first, took, elements)
	require.Less(t, took, float64(renderBound.Milliseconds()))
	require.Less(t, elements, 5000, "the DOM stays small")
	wait, err := strconv.Atoi(eval[string](t, b, `document.getElementById("main").dataset.pollMs`))
	require.NoError(t, err)
	require.GreaterOrEqual(t, float64(wait), 4*first, "the page polls a large state less often, so that the tab is free most of the time")
	t.Logf("100,000 executions: the page waits %d ms between polls", wait)
	b.check(t, s.URL)
}
