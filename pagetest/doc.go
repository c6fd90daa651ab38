// Package pagetest tests the fake's page, GET /_mock/ of fakehttp, in a
// real browser. It holds tests only, in a module of its own, so that the
// library's module keeps the standard library as its one dependency: the
// browser is driven with chromedp.
//
// The tests start the fake on a virtual clock (ecssdk/ecstest), make
// invocations through the official SDK — a success, a partial failure, a
// timeout, one stopped while it ran and a periodic one — and check in a
// headless Chromium that:
//
//   - the page loads with no console error, warning or exception, and
//     neither it nor its worker asks for anything but the fake's control
//     endpoints;
//   - every invocation is listed, newest first, with its statuses in both
//     families, and each execution's segments have the statuses and times
//     of the state's transitions; tooltips give exit and error codes and
//     the start of the output; the arrow keys move along a timeline;
//   - the advance buttons move the clock and the page follows; the
//     agent's button stops and starts it;
//   - the filters narrow the list by status, instance and command;
//   - the page polls at most once a second and not while its tab is
//     hidden, and an update keeps focus, open timelines and scrolling;
//   - at 1280×800 and at 390×844 nothing overflows sideways;
//   - 500 invocations on 10 instances render within a second, as the page
//     measures it, and 100,000 executions leave the tab responsive: a
//     small DOM, a page turned within a second, and, while the fake
//     changes every second, no task of the main thread over 200 ms, as
//     the browser reports long tasks and as a 10 ms timer waits.
//
// Chromium is found as $CHROMIUM, else chromium or chromium-browser on
// the PATH; without one the tests fail rather than skip (CI installs the
// Debian package chromium). It runs headless, without a sandbox, with a
// fresh profile and its background connections off.
//
//	go -C pagetest test ./...
//	go -C pagetest test -run TestPageLayout -update ./...   # writes docs/page.png, the README's picture
package pagetest
