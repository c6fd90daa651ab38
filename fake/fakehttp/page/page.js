// The fake's page: it reads GET /_mock/state, at most once a second and
// never while the tab is hidden, and shows the clock, the fleet and the
// invocations, newest first, each with a timeline of its executions along
// the fake's clock. Plain ES2020, no framework, no build step; it asks
// nothing of any host but the fake.
"use strict";

const PAGE_SIZE = 50; // invocations drawn at once
const ROW_STEP = 25; // instance rows of a timeline drawn at once
const FLEET_STEP = 50; // instances of the fleet drawn at once
const POLL_MS = 1000; // the shortest wait between two polls
const POLL_IDLE = 4; // the page waits at least this many times what reading the last state took

const ENDS = ["Success", "Failed", "Timeout", "Error", "Invalid", "Aborted", "Cancelled", "Terminated", "Stopped"];
const GLYPH = {
  Pending: "…", Scheduled: "◷", Running: "▶", Stopping: "■",
  Success: "✓", Failed: "✕", Timeout: "◔", Error: "!", Invalid: "?", Aborted: "⊗",
  Cancelled: "⊘", Terminated: "■", Stopped: "■", PartialFailed: "✕", Finished: "✓",
};
const SHAPE = {
  Pending: "dashed outline: waiting to be delivered", Running: "solid bar", Stopping: "hatched bar: stop asked",
  Scheduled: "thin line: waiting for the next run", Success: "round mark", Failed: "square mark",
  Timeout: "diamond mark", Error: "square mark", Invalid: "square mark", Aborted: "round mark",
  Cancelled: "round mark", Terminated: "square mark",
};
const STATUSES = ["Pending", "Scheduled", "Running", "Stopping", "Success", "Failed", "PartialFailed",
  "Timeout", "Error", "Invalid", "Aborted", "Cancelled", "Terminated", "Stopped"];

const $ = (id) => document.getElementById(id);
const view = {
  state: null, etag: "", page: 0, open: new Set(), rows: new Map(), fleetShown: FLEET_STEP,
  items: new Map(), // InvokeId → {li, headKey, tlKey}
  timer: 0, busy: false, renders: 0, wait: POLL_MS,
};

// h makes an element with attributes (on* are listeners) and children.
function h(tag, attrs, ...kids) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else if (k === "className") el.className = v;
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  for (const kid of kids.flat()) {
    if (kid !== undefined && kid !== null && kid !== false) el.append(kid);
  }
  return el;
}

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

// Talking to the fake.

async function control(path, init) {
  const res = await fetch(path, Object.assign({ cache: "no-store" }, init));
  const text = await res.text();
  let body = null;
  try { body = text ? JSON.parse(text) : null; } catch (e) { body = null; }
  if (!res.ok) {
    const why = body && body.Message ? body.Message : res.status + " " + res.statusText;
    throw new Error(why);
  }
  return body;
}

function say(msg) { $("live").textContent = msg; }

async function poll() {
  clearTimeout(view.timer);
  view.timer = 0;
  if (document.hidden || view.busy) return;
  view.busy = true;
  try {
    const headers = view.etag ? { "If-None-Match": view.etag } : {};
    const res = await fetch("/_mock/state", { cache: "no-store", headers });
    if (res.status === 200) {
      const t0 = performance.now();
      const state = await res.json();
      view.etag = res.headers.get("ETag") || "";
      view.state = state;
      render(t0);
      // A large state takes long to read: wait longer, so that the tab
      // stays free for the reader most of the time.
      view.wait = Math.max(POLL_MS, POLL_IDLE * (performance.now() - t0));
      $("main").dataset.pollMs = String(Math.round(view.wait));
    } else if (res.status !== 304) {
      say("The state cannot be read: " + res.status + " " + res.statusText);
    }
    $("main").dataset.polls = String(Number($("main").dataset.polls || 0) + 1);
  } catch (e) {
    say("The fake does not answer: " + e.message);
  } finally {
    view.busy = false;
    if (!document.hidden) view.timer = setTimeout(poll, view.wait);
  }
}

document.addEventListener("visibilitychange", () => {
  if (document.hidden) { clearTimeout(view.timer); view.timer = 0; } else poll();
});

async function act(what, path, init) {
  try {
    const r = await control(path, init);
    say(what + (r && r.Now ? " — now " + fmtTime(ms(r.Now)) : ""));
  } catch (e) {
    say(what + " failed: " + e.message);
  }
  poll();
}

for (const b of document.querySelectorAll(".advance button")) {
  b.addEventListener("click", () => {
    const q = b.dataset.to ? "to=" + b.dataset.to : "by=" + b.dataset.by;
    act(b.dataset.to ? "Moved to the next transition" : "Advanced " + b.textContent.trim(), "/_mock/advance?" + q, { method: "POST" });
  });
}

// Filters.

const filters = { status: "", instance: "", command: "" };
for (const s of STATUSES) $("f-status").append(h("option", { value: s }, s));
for (const [id, key] of [["f-status", "status"], ["f-instance", "instance"], ["f-command", "command"]]) {
  $(id).addEventListener("input", () => {
    filters[key] = $(id).value.trim();
    view.page = 0;
    render(performance.now());
  });
}
$("filters").addEventListener("submit", (e) => e.preventDefault());

function matches(inv) {
  const f = filters;
  if (f.status && inv.InvocationStatus !== f.status && inv.InvokeStatus !== f.status &&
      !inv.Executions.some((x) => x.InvocationStatus === f.status)) return false;
  if (f.instance) {
    const q = f.instance.toLowerCase();
    if (!inv.Executions.some((x) => x.InstanceId.toLowerCase().includes(q))) return false;
  }
  if (f.command) {
    const q = f.command.toLowerCase();
    const hay = [inv.CommandName, inv.CommandId, inv.InvokeId, inv.CommandType].join(" ").toLowerCase();
    if (!hay.includes(q)) return false;
  }
  return true;
}

// Rendering.

$("prev").addEventListener("click", () => { view.page--; render(performance.now()); });
$("open-all").addEventListener("click", () => {
  for (const li of $("invocations").children) view.open.add(li.dataset.id);
  render(performance.now());
});
$("close-all").addEventListener("click", () => {
  for (const li of $("invocations").children) view.open.delete(li.dataset.id);
  render(performance.now());
});
$("next").addEventListener("click", () => { view.page++; render(performance.now()); });

function legend() {
  const ul = $("legend");
  for (const s of ["Pending", "Running", "Stopping", "Scheduled", "Success", "Failed", "Timeout", "Error", "Cancelled", "Terminated"]) {
    const sample = ENDS.includes(s)
      ? h("span", { className: "mark s-" + s, "aria-hidden": "true" }, h("span", null, GLYPH[s]))
      : h("span", { className: "seg s-" + s, "aria-hidden": "true" });
    ul.append(h("li", { title: SHAPE[s] }, sample, GLYPH[s] + " " + s));
  }
}
legend();

function render(t0) {
  const st = view.state;
  if (!st) return;
  const now = ms(st.Now);
  $("now").textContent = fmtTime(now);
  $("now").setAttribute("datetime", st.Now);
  $("clock-kind").textContent = st.Clock === "virtual" ? "Virtual" : "Real";
  const next = st.NextTransition ? ms(st.NextTransition) : null;
  for (const b of document.querySelectorAll(".advance button")) {
    b.disabled = st.Clock !== "virtual" || (b.dataset.to === "next" && next === null);
    b.title = st.Clock !== "virtual" ? "A real clock moves by itself"
      : b.dataset.to !== "next" ? "" : next === null ? "No transition is due" : "To " + fmtTime(next);
  }
  $("next-at").textContent = next === null ? "" : "next transition " + fmtTime(next);
  renderFleet(st);
  renderInvocations(st, now);
  const took = performance.now() - t0;
  view.renders++;
  const m = $("main").dataset;
  m.renderMs = took.toFixed(1);
  m.renders = String(view.renders);
  m.now = st.Now;
}

function renderFleet(st) {
  const tb = $("fleet").tBodies[0];
  const fleet = st.Instances;
  $("fleet-count").textContent = "(" + fleet.length + ")";
  const shown = fleet.slice(0, view.fleetShown);
  const rows = shown.map((i) => {
    const stopped = i.Agent === "Stopped";
    return h("tr", { "data-id": i.InstanceId },
      h("td", null, i.InstanceId), h("td", null, i.OS), h("td", null, i.Status), h("td", null, i.Agent),
      h("td", null, h("button", {
        type: "button", "data-agent": stopped ? "Running" : "Stopped",
        "aria-label": (stopped ? "Start the agent of " : "Stop the agent of ") + i.InstanceId,
        onclick: () => act((stopped ? "Started the agent of " : "Stopped the agent of ") + i.InstanceId, "/_mock/instances", {
          method: "POST", headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ Instances: [{ InstanceId: i.InstanceId, Agent: stopped ? "Running" : "Stopped" }] }),
        }),
      }, stopped ? "Start agent" : "Stop agent")));
  });
  const key = JSON.stringify(shown);
  if (tb.dataset.key !== key) {
    const focused = document.activeElement && tb.contains(document.activeElement) ? document.activeElement.closest("tr").dataset.id : null;
    tb.replaceChildren(...rows);
    tb.dataset.key = key;
    if (focused) { const b = tb.querySelector(`tr[data-id="${CSS.escape(focused)}"] button`); if (b) b.focus(); }
  }
  const more = $("fleet-more");
  more.hidden = fleet.length <= shown.length && fleet.length > 0;
  if (!fleet.length) {
    more.textContent = "No instance is named: every well-formed id is a running Linux instance.";
  } else if (!more.hidden) {
    more.replaceChildren(shown.length + " of " + fleet.length + " instances shown. ",
      h("button", { type: "button", onclick: () => { view.fleetShown += FLEET_STEP; renderFleet(view.state); } }, "Show more"));
  }
  const dl = $("instance-ids");
  const ids = fleet.slice(0, 500).map((i) => i.InstanceId);
  if (dl.dataset.key !== ids.join()) {
    dl.replaceChildren(...ids.map((id) => h("option", { value: id })));
    dl.dataset.key = ids.join();
  }
}

function counts(inv) {
  const c = new Map();
  for (const x of inv.Executions) {
    const s = x.InvocationStatus || "no status";
    c.set(s, (c.get(s) || 0) + 1);
  }
  return [...c].map(([s, n]) => n + " " + s).join(" · ");
}

function renderInvocations(st, now) {
  const all = st.Invocations;
  const list = [];
  for (let i = all.length - 1; i >= 0; i--) if (matches(all[i])) list.push(all[i]);
  list.sort((a, b) => ms(b.CreationTime) - ms(a.CreationTime)); // stable: newest made first
  const pages = Math.max(1, Math.ceil(list.length / PAGE_SIZE));
  view.page = Math.min(Math.max(view.page, 0), pages - 1);
  const slice = list.slice(view.page * PAGE_SIZE, (view.page + 1) * PAGE_SIZE);
  $("inv-count").textContent = list.length === all.length ? "(" + all.length + ")" : "(" + list.length + " of " + all.length + ")";
  $("page-of").textContent = "Page " + (view.page + 1) + " of " + pages;
  $("prev").disabled = view.page === 0;
  $("next").disabled = view.page >= pages - 1;

  const ol = $("invocations");
  const keep = new Set();
  const els = slice.map((inv) => {
    keep.add(inv.InvokeId);
    return invocationItem(inv, now);
  });
  // Put the items in order, moving as few as can be, so that focus and
  // the reader's place stay where they are.
  els.forEach((el, i) => { if (ol.children[i] !== el) ol.insertBefore(el, ol.children[i] || null); });
  while (ol.children.length > els.length) ol.lastElementChild.remove();
  for (const id of view.items.keys()) if (!keep.has(id)) view.items.delete(id);
  let empty = ol.nextElementSibling.classList.contains("empty") ? ol.nextElementSibling : null;
  if (!slice.length && !empty) ol.after(h("p", { className: "empty" }, all.length ? "No invocation matches the filters." : "No invocation yet."));
  if (slice.length && empty) empty.remove();
}

function invocationItem(inv, now) {
  let it = view.items.get(inv.InvokeId);
  if (!it) {
    const li = h("li", { className: "inv", "data-id": inv.InvokeId });
    it = { li, headKey: "", tlKey: "" };
    view.items.set(inv.InvokeId, it);
  }
  const open = view.open.has(inv.InvokeId);
  const headKey = [inv.InvocationStatus, inv.InvokeStatus, counts(inv), open, inv.Executions.length].join("|");
  if (it.headKey !== headKey) {
    const had = document.activeElement && it.li.firstChild && it.li.firstChild.contains(document.activeElement);
    const head = invocationHead(inv, open);
    if (it.li.firstChild) it.li.firstChild.replaceWith(head); else it.li.append(head);
    it.headKey = headKey;
    if (had) head.querySelector(".toggle").focus();
  }
  if (open) {
    const last = inv.Executions.reduce((m, x) => Math.max(m, x.Transitions.length ? ms(x.Transitions[x.Transitions.length - 1].Time) : 0), 0);
    const live = inv.Executions.some((x) => !ENDS.includes(x.InvocationStatus));
    const tlKey = [inv.InvokeId, live ? now : last, inv.Executions.length, view.rows.get(inv.InvokeId) || ROW_STEP, filters.instance,
      inv.Executions.map((x) => x.Transitions.length + x.InvocationStatus).join()].join("|");
    if (it.tlKey !== tlKey) {
      const old = it.li.querySelector(".timeline");
      const focusKey = old && old.contains(document.activeElement) ? document.activeElement.dataset.k : null;
      const tl = timeline(inv, now);
      if (old) old.replaceWith(tl); else it.li.append(tl);
      it.tlKey = tlKey;
      if (focusKey) {
        const seg = tl.querySelector(`[data-k="${CSS.escape(focusKey)}"]`);
        if (seg) { rove(seg); seg.focus(); }
      }
    }
  } else if (it.tlKey) {
    const old = it.li.querySelector(".timeline");
    if (old) old.remove();
    it.tlKey = "";
  }
  return it.li;
}

function invocationHead(inv, open) {
  const tlId = "tl-" + inv.InvokeId;
  const freq = [inv.RepeatMode, inv.Frequency].filter(Boolean).join(" ") || "—";
  return h("div", { className: "head" },
    h("button", {
      type: "button", className: "toggle", "aria-expanded": String(open), "aria-controls": tlId,
      "aria-label": (open ? "Hide" : "Show") + " the timeline of " + inv.InvokeId,
      onclick: () => {
        if (view.open.has(inv.InvokeId)) view.open.delete(inv.InvokeId); else view.open.add(inv.InvokeId);
        render(performance.now());
      },
    }, open ? "▾" : "▸"),
    h("span", { className: "id" }, inv.InvokeId),
    h("span", { className: "badge s-" + inv.InvocationStatus, "data-family": "current", title: "InvocationStatus" },
      inv.InvocationStatus ? (GLYPH[inv.InvocationStatus] || "") + " " + inv.InvocationStatus : "no InvocationStatus"),
    h("span", { className: "legacy", "data-family": "legacy", title: "InvokeStatus (legacy)" }, inv.InvokeStatus),
    h("span", { className: "cmd" }, inv.CommandName || inv.CommandId),
    h("span", { className: "type" }, inv.CommandType || ""),
    h("span", { className: "freq" }, freq),
    h("span", { className: "counts" }, counts(inv)),
    h("time", { className: "created", datetime: inv.CreationTime }, fmtTime(ms(inv.CreationTime))));
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

function timeline(inv, now) {
  // The axis spans the invocation's life: from its creation to now while
  // it runs, or to its last transition once every execution has ended.
  const live = inv.Executions.some((x) => !ENDS.includes(x.InvocationStatus));
  let from = ms(inv.CreationTime), to = live ? now : from;
  for (const x of inv.Executions) {
    for (const tr of transitionsOf(x)) { const t = ms(tr.Time); from = Math.min(from, t); to = Math.max(to, t); }
  }
  if (!live) to += Math.max((to - from) / 20, 1000); // room for the last mark
  if (to - from < 10000) to = from + 10000;
  const span = to - from;
  const pct = (t) => ((t - from) / span) * 100;
  const narrow = window.innerWidth < 600;
  const tks = ticks(from, to, narrow ? 3 : 6);
  const withDate = span >= 86400000;
  const axis = h("div", { className: "axis", "aria-hidden": "true" }, h("span", { className: "inst" }, "UTC"),
    h("div", { className: "ticks" }, tks.map((t) => {
      const tk = h("span", { className: "tick" }, fmtClock(t, withDate));
      const p = pct(t);
      if (p < 4) tk.classList.add("first");
      if (p > 96) tk.classList.add("last");
      tk.style.left = p + "%";
      return tk;
    })));
  const q = filters.instance.toLowerCase();
  const execs = q ? inv.Executions.filter((x) => x.InstanceId.toLowerCase().includes(q)) : inv.Executions;
  const limit = view.rows.get(inv.InvokeId) || ROW_STEP;
  const rows = execs.slice(0, limit).map((x) => row(inv, x, from, to, now, pct));
  const tl = h("div", { className: "timeline", id: "tl-" + inv.InvokeId, role: "group", "aria-label": "Timeline of " + inv.InvokeId },
    axis, rows);
  if (execs.length > limit) {
    tl.append(h("p", { className: "more note" }, limit + " of " + execs.length + " instances shown. ",
      h("button", { type: "button", onclick: () => { view.rows.set(inv.InvokeId, limit + ROW_STEP); render(performance.now()); } }, "Show more")));
  }
  return tl;
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

function row(inv, x, from, to, now, pct) {
  const track = h("div", { className: "track", role: "list", "aria-label": "Statuses of " + x.InstanceId + ", oldest first" });
  const trs = transitionsOf(x);
  let first = true;
  const add = (el) => {
    el.tabIndex = first ? 0 : -1;
    first = false;
    track.append(el);
  };
  for (let i = 0; i < trs.length; i++) {
    const s = trs[i].Status;
    const a = ms(trs[i].Time);
    const k = x.InstanceId + "|" + i;
    if (ENDS.includes(s)) {
      const run = runOf(x, a, a, now);
      const el = h("span", { className: "mark s-" + s, role: "listitem", "data-k": k, "data-status": s, "data-at": trs[i].Time },
        h("span", { "aria-hidden": "true" }, GLYPH[s] || "•"));
      el.style.left = pct(a) + "%";
      describe(el, x, s, a, null, run);
      add(el);
      continue;
    }
    const b = i + 1 < trs.length ? ms(trs[i + 1].Time) : now;
    const el = h("span", { className: "seg s-" + s, role: "listitem", "data-k": k, "data-status": s, "data-from": trs[i].Time,
      "data-to": i + 1 < trs.length ? trs[i + 1].Time : "" });
    el.style.left = pct(a) + "%";
    el.style.width = Math.max(pct(b) - pct(a), 0) + "%";
    describe(el, x, s, a, i + 1 < trs.length ? b : null, s === "Scheduled" ? null : runOf(x, a, b, now));
    add(el);
  }
  if (!trs.length) {
    track.append(h("span", { className: "note" }, x.InvocationStatus + ", with no times to show"));
  }
  return h("div", { className: "row", "data-instance": x.InstanceId },
    h("span", { className: "inst" }, x.InstanceId, h("small", null, (GLYPH[x.InvocationStatus] || "") + " " + x.InvocationStatus)), track);
}

// describe gives a segment its text: an aria-label, and the details the
// tooltip shows.
function describe(el, x, s, a, b, run) {
  const when = b === null ? (ENDS.includes(s) ? "at " + fmtTime(a) : "since " + fmtTime(a)) : fmtTime(a) + " to " + fmtTime(b) + " (" + fmtDur(b - a) + ")";
  const parts = [s, x.InstanceId, when];
  const info = { status: s, instance: x.InstanceId, when };
  if (run) {
    if (run.Run) { info.run = String(run.Run); parts.push("run " + run.Run); }
    const ended = ENDS.includes(s) || (run !== x && ENDS.includes(run.Status));
    if (ended || run === x) {
      if (run.ExitCode !== undefined && (ENDS.includes(s) || run !== x)) { info.exit = String(run.ExitCode); parts.push("exit code " + run.ExitCode); }
      if (run.ErrorCode && (ENDS.includes(s) || run !== x)) { info.error = run.ErrorCode; parts.push("error " + run.ErrorCode); }
      if (run.OutputStart && (ENDS.includes(s) || run !== x)) info.output = run.OutputStart;
    }
  }
  el.setAttribute("aria-label", parts.join(", "));
  el.tip = info;
}

// Keyboard: a track is one stop of the tab order; the arrow keys, Home
// and End move along its segments.
function rove(el) {
  for (const s of el.parentElement.children) if (s.tabIndex === 0) s.tabIndex = -1;
  el.tabIndex = 0;
}
$("invocations").addEventListener("keydown", (e) => {
  const el = e.target;
  if (!el.tip) return;
  const sib = [...el.parentElement.querySelectorAll("[data-k]")];
  const i = sib.indexOf(el);
  const to = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: sib.length - 1 }[e.key];
  if (to === undefined) { if (e.key === "Escape") hideTip(); return; }
  e.preventDefault();
  const t = sib[Math.max(0, Math.min(sib.length - 1, to))];
  rove(t);
  t.focus();
});

// The tooltip.

function showTip(el) {
  const t = el.tip;
  const tip = $("tip");
  const dl = h("dl", null);
  const add = (k, v) => { if (v !== undefined) dl.append(h("dt", null, k), h("dd", null, v)); };
  add("Instance", t.instance);
  add("When", t.when);
  add("Run", t.run);
  add("Exit code", t.exit);
  add("Error code", t.error);
  tip.replaceChildren(h("strong", null, (GLYPH[t.status] || "") + " " + t.status), dl,
    t.output ? h("pre", null, t.output.length > 300 ? t.output.slice(0, 300) + "…" : t.output) : null);
  tip.hidden = false;
  view.tipFor = el;
  placeTip(el);
}
function placeTip(el) {
  const tip = $("tip");
  const r = el.getBoundingClientRect();
  const w = tip.offsetWidth, hgt = tip.offsetHeight;
  let left = Math.min(Math.max(4, r.left + r.width / 2 - w / 2), window.innerWidth - w - 4);
  let top = r.bottom + 6;
  if (top + hgt > window.innerHeight - 4) top = Math.max(4, r.top - hgt - 6);
  tip.style.left = left + "px";
  tip.style.top = top + "px";
}
function hideTip() { $("tip").hidden = true; view.tipFor = null; }
const segOf = (e) => (e.target.closest ? e.target.closest("[data-k]") : null);
for (const ev of ["mouseover", "focusin"]) {
  $("invocations").addEventListener(ev, (e) => { const el = segOf(e); if (el && el.tip) showTip(el); });
}
for (const ev of ["mouseout", "focusout"]) {
  $("invocations").addEventListener(ev, (e) => { const el = segOf(e); if (el && el.tip) hideTip(); });
}
window.addEventListener("scroll", () => {
  if (view.tipFor && view.tipFor.isConnected) placeTip(view.tipFor); else if (view.tipFor) hideTip();
}, { passive: true });

poll();
