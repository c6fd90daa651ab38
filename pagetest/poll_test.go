package pagetest

import (
	"fmt"
	"net/http/httptest"
	"testing"
	"time"

	ecs "github.com/alibabacloud-go/ecs-20140526/v7/client"
	"github.com/alibabacloud-go/tea/dara"
	"github.com/stretchr/testify/require"

	"github.com/ecsassist/cloudassistant/ecssdk/ecstest"
	"github.com/ecsassist/cloudassistant/fake"
	"github.com/ecsassist/cloudassistant/fake/fakehttp"
	"github.com/ecsassist/cloudassistant/invocation"
	"github.com/ecsassist/cloudassistant/status"
)

// The page polls the state at most once a second, and not at all while
// its tab is hidden; it follows what the fake does, and offers the next
// transition only when one is due.
func TestPagePolls(t *testing.T) {
	s := ecstest.New(t, ecstest.Options{})
	b := newBrowser(t, 1280, 800)
	b.open(t, s.URL)
	require.True(t, eval[bool](t, b, `document.querySelector('.advance button[data-to="next"]').disabled`), "nothing is due")

	_, err := s.Client.RunCommand(&ecs.RunCommandRequest{RegionId: dara.String(s.Region), Type: dara.String("RunShellScript"),
		CommandContent: dara.String("uptime"), InstanceId: dara.StringSlice([]string{"i-1"})})
	require.NoError(t, err)
	b.waitFor(t, "the invocation", `document.querySelectorAll("li.inv").length === 1`)
	b.waitFor(t, "the next transition offered", `!document.querySelector('.advance button[data-to="next"]').disabled`)

	before := b.requests("/_mock/state")
	time.Sleep(3 * time.Second)
	polls := b.requests("/_mock/state") - before
	require.GreaterOrEqual(t, polls, 2, "the page polls")
	require.LessOrEqual(t, polls, 4, "at most once a second: %d polls in 3 s", polls)

	eval[int](t, b, `Object.defineProperty(document, "hidden", {configurable: true, get: () => true}), document.dispatchEvent(new Event("visibilitychange")), 0`)
	time.Sleep(1200 * time.Millisecond) // a poll under way when the tab was hidden ends
	hidden := b.requests("/_mock/state")
	time.Sleep(2500 * time.Millisecond)
	require.Equal(t, hidden, b.requests("/_mock/state"), "no poll while the tab is hidden")

	s.Advance(time.Minute)
	eval[int](t, b, `Object.defineProperty(document, "hidden", {configurable: true, get: () => false}), document.dispatchEvent(new Event("visibilitychange")), 0`)
	want := s.Service.Now().Format(time.RFC3339)
	b.waitFor(t, "the page back on the clock", fmt.Sprintf(`document.getElementById("main").dataset.now === %q`, want))
	require.Contains(t, eval[string](t, b, `document.querySelector("li.inv .badge").textContent`), "Success")
	b.check(t, s.URL)
}

// An update keeps the open timelines open, the focused segment focused
// with its tooltip, and the page where the reader scrolled it.
func TestPageKeepsPlace(t *testing.T) {
	s := newScenario(t)
	b := newBrowser(t, 1280, 600)
	b.open(t, s.URL)
	b.openAll(t)
	seg := fmt.Sprintf(`li[data-id=%q] .row[data-instance="i-web2"] [data-k="i-web2|4"]`, s.periodic)
	eval[int](t, b, `window.scrollTo(0, 300), 0`)
	eval[int](t, b, fmt.Sprintf(`document.querySelector(%q).focus({preventScroll: true}), 0`, seg))
	b.waitFor(t, "the tooltip", `!document.getElementById("tip").hidden`)
	y := eval[float64](t, b, `window.scrollY`)
	renders := eval[string](t, b, `document.getElementById("main").dataset.renders`)

	s.Advance(2 * time.Minute) // two more periodic runs
	b.waitFor(t, "an update", fmt.Sprintf(`document.getElementById("main").dataset.renders !== %q`, renders))
	require.Equal(t, s.Service.Now().Format(time.RFC3339), eval[string](t, b, `document.getElementById("main").dataset.now`))
	require.Equal(t, "i-web2|4", eval[string](t, b, `document.activeElement.dataset.k`), "the focused segment stays focused")
	require.False(t, eval[bool](t, b, `document.getElementById("tip").hidden`), "its tooltip stays")
	require.Zero(t, eval[int](t, b, `document.querySelectorAll('.toggle[aria-expanded="false"]').length`), "the open timelines stay open")
	require.Equal(t, y, eval[float64](t, b, `window.scrollY`), "the page stays where it was scrolled")
	b.check(t, s.URL)
}

// On a real clock the advance buttons are off, and the page follows the
// time as it passes.
func TestPageRealClock(t *testing.T) {
	svc, err := fake.NewService(fake.Config{})
	require.NoError(t, err)
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	t.Cleanup(ts.Close)
	b := newBrowser(t, 1280, 800)
	b.open(t, ts.URL)
	require.Equal(t, "Real", eval[string](t, b, `document.getElementById("clock-kind").textContent`))
	require.Equal(t, 4, eval[int](t, b, `document.querySelectorAll(".advance button:disabled").length`))
	first := eval[string](t, b, `document.getElementById("main").dataset.now`)
	b.waitFor(t, "the time to pass", fmt.Sprintf(`document.getElementById("main").dataset.now !== %q`, first))
	b.check(t, ts.URL)
}

// An invocation loaded from a fixture has no transitions: its timeline
// shows what its times tell, Running from its start and its status at its
// finish.
func TestPageLoadedInvocation(t *testing.T) {
	clock := fake.NewVirtualClock(time.Date(2025, 1, 1, 0, 10, 0, 0, time.UTC))
	svc, err := fake.NewService(fake.Config{Clock: clock})
	require.NoError(t, err)
	at := func(m, s int) time.Time { return time.Date(2025, 1, 1, 0, m, s, 0, time.UTC) }
	require.NoError(t, svc.Load(invocation.Invocation{
		InvokeID: "t-loaded", CommandID: "c-1", CommandName: "report", CommandType: invocation.RunShellScript, CreationTime: at(1, 0),
		InvocationStatus: status.CurrentPartialFailed, InvokeStatus: status.LegacyFinished,
		Instances: []invocation.InvokeInstance{
			{InstanceID: "i-1", InvocationStatus: status.CurrentSuccess, InstanceInvokeStatus: status.LegacyFinished, StartTime: at(1, 1), FinishTime: at(1, 30)},
			{InstanceID: "i-2", InvocationStatus: status.CurrentFailed, InstanceInvokeStatus: status.LegacyFinished, StartTime: at(1, 2), FinishTime: at(2, 0)},
			{InstanceID: "i-3", InvocationStatus: status.CurrentPending, InstanceInvokeStatus: status.LegacyRunning},
		},
	}))
	ts := httptest.NewServer(&fakehttp.Handler{Service: svc})
	t.Cleanup(ts.Close)
	b := newBrowser(t, 1280, 800)
	b.open(t, ts.URL)
	b.openAll(t)
	got := eval[[]shown](t, b, readPage)
	require.Len(t, got, 1)
	want := []shownRow{
		{Instance: "i-1", Segs: []shownSeg{{Status: "Running", From: "2025-01-01T00:01:01Z"}, {Status: "Success", From: "2025-01-01T00:01:30Z"}}},
		{Instance: "i-2", Segs: []shownSeg{{Status: "Running", From: "2025-01-01T00:01:02Z"}, {Status: "Failed", From: "2025-01-01T00:02:00Z"}}},
		{Instance: "i-3", Segs: []shownSeg{}},
	}
	for i := range got[0].Rows {
		for j := range got[0].Rows[i].Segs {
			got[0].Rows[i].Segs[j].To, got[0].Rows[i].Segs[j].Label = "", "" // the times are checked, not the words
		}
	}
	require.Equal(t, want, got[0].Rows)
	require.Contains(t, eval[string](t, b, `document.querySelector('.row[data-instance="i-3"] .track').textContent`), "Pending, with no times to show")
	b.check(t, ts.URL)
}
