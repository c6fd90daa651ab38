// The fake's page, its worker (GET /_mock/page-worker.js). It reads GET
// /_mock/state when the page asks it to poll, keeps the state, and makes
// of it what the page draws for the reader's view (filters, page, open
// timelines, rows and fleet shown): the clock, the first instances of
// the fleet, and the page of invocations, newest first, with the visible
// rows of the open timelines, every segment's place, label and tooltip
// worked out. Reading and walking a state of 100,000 executions takes a
// second; done here, it never holds up the page's main thread, which
// only draws. Plain ES2020, no build step; it asks nothing of any host
// but the fake.
"use strict";

const PAGE_SIZE = 50; // invocations on a page
const ROW_STEP = 25; // rows of a timeline shown until the reader asks for more
const FLEET_IDS = 500; // instance ids offered to the instance filter

const ENDS = ["Success", "Failed", "Timeout", "Error", "Invalid", "Aborted", "Cancelled", "Terminated", "Stopped"];

let state = null; // the last state read
let newest = []; // its invocations, newest first
let etag = ""; // the ETag of the last state read
let view = { seq: 0, t0: 0, filters: { status: "", instance: "", command: "" }, page: 0, open: [], rows: {}, fleetShown: 50, narrow: false };

// clock is the time now, in milliseconds since the epoch, comparable
// between the page and its worker.
const clock = () => performance.timeOrigin + performance.now();

const ms = (t) => Date.parse(t);
function fmtTime(t) {
  if (t === undefined || t === null || Number.isNaN(t) || t < -6e13) return "—"; // none, or Go's zero time
  return new Date(t).toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}
function fmtClock(t, withDate) {
  const s = new Date(t).toISOString();
  return withDate ? s.slice(5, 10) + " " + s.slice(11, 16) : s.slice(11, 19);
}
function fmtDur(d) {
  let s = Math.round(d / 1000);
  if (s < 60) return s + " s";
  const parts = [];
  for (const [n, u] of [[86400, "d"], [3600, "h"], [60, "min"], [1, "s"]]) {
    if (s >= n) { parts.push(Math.floor(s / n) + " " + u); s %= n; }
  }
  return parts.slice(0, 2).join(" ");
}

// The page sends {kind: "view", view} when the reader changes what they
// look at, and {kind: "poll"} when it is time to read the state. The
// worker answers {kind: "draw", model} with what to draw, and
// {kind: "polled", error, busyMs} when a poll has ended.
self.onmessage = (e) => {
  const m = e.data;
  if (m.kind === "view") {
    view = m.view;
    draw(view.t0);
  } else if (m.kind === "poll") {
    poll();
  }
};

async function poll() {
  let error = "", busy = 0;
  try {
    const res = await fetch("/_mock/state", { cache: "no-store", headers: etag ? { "If-None-Match": etag } : {} });
    if (res.status === 200) {
      const arrived = clock();
      const t0 = performance.now();
      const text = await res.text();
      const t1 = performance.now();
      const st = JSON.parse(text);
      const t2 = performance.now();
      take(st);
      etag = res.headers.get("ETag") || "";
      draw(arrived, { readMs: t1 - t0, parseMs: t2 - t1 });
      busy = performance.now() - t1;
    } else if (res.status !== 304) {
      error = "The state cannot be read: " + res.status + " " + res.statusText;
    }
  } catch (e) {
    error = e instanceof SyntaxError ? "The state cannot be read: " + e.message : "The fake does not answer: " + e.message;
  }
  postMessage({ kind: "polled", error, busyMs: busy });
}

// take keeps st, and its invocations newest first: by creation time, and
// of two made at the same second the later made first.
function take(st) {
  for (const inv of st.Invocations) inv.created = ms(inv.CreationTime);
  newest = st.Invocations.slice().reverse();
  newest.sort((a, b) => b.created - a.created); // stable
  state = st;
}

// draw sends the page what to draw of the state for the view; t0 is when
// what it answers (the reader's change, or the state's first byte)
// arrived, and read how long reading the state's body and parsing it
// took, if it answers a new state.
function draw(t0, read) {
  if (!state) return;
  const t = performance.now();
  const m = model(state, view);
  m.seq = view.seq;
  m.t0 = t0;
  m.read = read;
  m.modelMs = performance.now() - t;
  postMessage({ kind: "draw", model: m });
}

function model(st, v) {
  const now = ms(st.Now);
  const next = st.NextTransition ? ms(st.NextTransition) : null;
  const f = { status: v.filters.status, instance: v.filters.instance.toLowerCase(), command: v.filters.command.toLowerCase() };
  const list = f.status || f.instance || f.command ? newest.filter((inv) => matches(inv, f)) : newest;
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  const page = Math.min(Math.max(v.page, 0), pages - 1);
  const open = new Set(v.open);
  return {
    clock: { virtual: st.Clock === "virtual", now: st.Now, nowText: fmtTime(now), next: next === null ? "" : fmtTime(next) },
    fleet: {
      count: st.Instances.length,
      shown: st.Instances.slice(0, v.fleetShown).map((i) => ({ InstanceId: i.InstanceId, OS: i.OS, Status: i.Status, Agent: i.Agent })),
      ids: st.Instances.slice(0, FLEET_IDS).map((i) => i.InstanceId),
    },
    total: st.Invocations.length, matched: list.length, page, pages,
    items: list.slice(page * PAGE_SIZE, (page + 1) * PAGE_SIZE).map((inv) => item(inv, now, open.has(inv.InvokeId), v, f)),
  };
}

// matches reports whether inv passes the filters f, whose instance and
// command are in lower case.
function matches(inv, f) {
  if (f.status && inv.InvocationStatus !== f.status && inv.InvokeStatus !== f.status &&
      !inv.Executions.some((x) => x.InvocationStatus === f.status)) return false;
  if (f.instance && !inv.Executions.some((x) => x.InstanceId.toLowerCase().includes(f.instance))) return false;
  if (f.command) {
    const hay = [inv.CommandName, inv.CommandId, inv.InvokeId, inv.CommandType].join(" ").toLowerCase();
    if (!hay.includes(f.command)) return false;
  }
  return true;
}

function counts(inv) {
  const c = new Map();
  for (const x of inv.Executions) {
    const s = x.InvocationStatus || "no status";
    c.set(s, (c.get(s) || 0) + 1);
  }
  return [...c].map(([s, n]) => n + " " + s).join(" · ");
}

// item is what the page draws of an invocation: its head, and its
// timeline if it is open.
function item(inv, now, open, v, f) {
  return {
    id: inv.InvokeId,
    head: {
      open, current: inv.InvocationStatus, legacy: inv.InvokeStatus, command: inv.CommandName || inv.CommandId,
      type: inv.CommandType || "", freq: [inv.RepeatMode, inv.Frequency].filter(Boolean).join(" ") || "—",
      counts: counts(inv), created: inv.CreationTime, createdText: fmtTime(inv.created),
    },
    timeline: open ? timeline(inv, now, v, f) : null,
  };
}

// ticks returns about n round instants from a to b.
function ticks(a, b, n) {
  const steps = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400, 172800, 604800].map((s) => s * 1000);
  const step = steps.find((s) => (b - a) / s <= n) || steps[steps.length - 1];
  const out = [];
  for (let t = Math.ceil(a / step) * step; t <= b; t += step) out.push(t);
  return out;
}

// runOf finds the run of x that the span a..b belongs to.
function runOf(x, a, b, now) {
  if (!x.Runs || !x.Runs.length) return x;
  return x.Runs.find((r) => {
    const s = r.StartTime ? ms(r.StartTime) : Infinity;
    const e = r.FinishTime ? ms(r.FinishTime) : r.StopTime && r.Status !== "Stopping" ? ms(r.StopTime) : now;
    return s <= b && e >= a;
  }) || null;
}

// transitionsOf is x's transitions or, for an invocation loaded from a
// fixture, which has none, those its times tell: Running from its
// StartTime, and its status at its FinishTime or StopTime.
function transitionsOf(x) {
  if (x.Transitions.length) return x.Transitions;
  const out = [];
  if (x.StartTime) out.push({ Status: "Running", Time: x.StartTime });
  const end = x.FinishTime || x.StopTime;
  if (end && ENDS.includes(x.InvocationStatus)) out.push({ Status: x.InvocationStatus, Time: end });
  return out;
}

// timeline is an open invocation's axis and the rows shown of its
// executions: those of the instances the filter names, ROW_STEP at a
// time.
function timeline(inv, now, v, f) {
  // The axis spans the invocation's life: from its creation to now while
  // it runs, or to its last transition once every execution has ended.
  const live = inv.Executions.some((x) => !ENDS.includes(x.InvocationStatus));
  let from = inv.created, to = live ? now : from;
  for (const x of inv.Executions) {
    for (const tr of transitionsOf(x)) { const t = ms(tr.Time); from = Math.min(from, t); to = Math.max(to, t); }
  }
  if (!live) to += Math.max((to - from) / 20, 1000); // room for the last mark
  if (to - from < 10000) to = from + 10000;
  const span = to - from;
  const pct = (t) => ((t - from) / span) * 100;
  const withDate = span >= 86400000;
  const axis = ticks(from, to, v.narrow ? 3 : 6).map((t) => {
    const p = pct(t);
    return { text: fmtClock(t, withDate), left: p, edge: p < 4 ? "first" : p > 96 ? "last" : "" };
  });
  const execs = f.instance ? inv.Executions.filter((x) => x.InstanceId.toLowerCase().includes(f.instance)) : inv.Executions;
  const limit = v.rows[inv.InvokeId] || ROW_STEP;
  return { axis, rows: execs.slice(0, limit).map((x) => row(x, now, pct)), shown: Math.min(limit, execs.length), of: execs.length };
}

// row is an execution's row: a segment for each status it held, a mark
// for each end.
function row(x, now, pct) {
  const trs = transitionsOf(x);
  const segs = [];
  for (let i = 0; i < trs.length; i++) {
    const s = trs[i].Status;
    const a = ms(trs[i].Time);
    const k = x.InstanceId + "|" + i;
    if (ENDS.includes(s)) {
      segs.push(Object.assign({ mark: true, status: s, k, at: trs[i].Time, left: pct(a) }, describe(x, s, a, null, runOf(x, a, a, now))));
      continue;
    }
    const last = i + 1 === trs.length;
    const b = last ? now : ms(trs[i + 1].Time);
    segs.push(Object.assign({ mark: false, status: s, k, from: trs[i].Time, to: last ? "" : trs[i + 1].Time, left: pct(a), width: Math.max(pct(b) - pct(a), 0) },
      describe(x, s, a, last ? null : b, s === "Scheduled" ? null : runOf(x, a, b, now))));
  }
  return { instance: x.InstanceId, status: x.InvocationStatus, segs };
}

// describe is a segment's text: its label, and the details its tooltip
// shows.
function describe(x, s, a, b, run) {
  const when = b === null ? (ENDS.includes(s) ? "at " + fmtTime(a) : "since " + fmtTime(a)) : fmtTime(a) + " to " + fmtTime(b) + " (" + fmtDur(b - a) + ")";
  const parts = [s, x.InstanceId, when];
  const tip = { status: s, instance: x.InstanceId, when };
  if (run) {
    if (run.Run) { tip.run = String(run.Run); parts.push("run " + run.Run); }
    const ended = ENDS.includes(s) || (run !== x && ENDS.includes(run.Status));
    if (ended || run === x) {
      if (run.ExitCode !== undefined && (ENDS.includes(s) || run !== x)) { tip.exit = String(run.ExitCode); parts.push("exit code " + run.ExitCode); }
      if (run.ErrorCode && (ENDS.includes(s) || run !== x)) { tip.error = run.ErrorCode; parts.push("error " + run.ErrorCode); }
      if (run.OutputStart && (ENDS.includes(s) || run !== x)) tip.output = run.OutputStart.length > 300 ? run.OutputStart.slice(0, 300) + "…" : run.OutputStart;
    }
  }
  return { label: parts.join(", "), tip };
}
