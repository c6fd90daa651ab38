// The fake's page: it shows the clock, the fleet and the invocations,
// newest first, each with a timeline of its executions along the fake's
// clock. Its worker, /_mock/page-worker.js, reads GET /_mock/state and
// works out what to draw for the reader's view; this script tells it the
// view and when to poll (at most once a second, never while the tab is
// hidden), and draws what it answers, so that a large state never holds
// up the tab. Plain ES2020, no framework, no build step; it asks nothing
// of any host but the fake.
"use strict";

const ROW_STEP = 25; // instance rows of a timeline drawn at once
const FLEET_STEP = 50; // instances of the fleet drawn at once
const POLL_MS = 1000; // the shortest wait between two polls

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
// view is what the reader looks at, which the worker is told (seq counts
// the changes), and what the page keeps between drawings.
const view = {
  seq: 0, filters: { status: "", instance: "", command: "" }, page: 0, open: new Set(), rows: new Map(), fleetShown: FLEET_STEP,
  items: new Map(), // InvokeId → {li, headKey, tlKey}
  shown: [], // the InvokeIds drawn, in order
  timer: 0, busy: false, again: false, renders: 0, polls: 0, wait: POLL_MS,
};
const worker = new Worker("/_mock/page-worker.js");

// clock is the time now, in milliseconds since the epoch, comparable
// between the page and its worker.
const clock = () => performance.timeOrigin + performance.now();

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

function say(msg) { $("live").textContent = msg; }

// Talking to the worker.

// ask tells the worker the reader's view; the invocations are busy until
// it answers.
function ask() {
  view.seq++;
  $("invocations").setAttribute("aria-busy", "true");
  worker.postMessage({ kind: "view", view: {
    seq: view.seq, t0: clock(), filters: Object.assign({}, view.filters), page: view.page, open: [...view.open],
    rows: Object.fromEntries(view.rows), fleetShown: view.fleetShown, narrow: window.innerWidth < 600,
  } });
}

// poll asks the worker to read the state, unless the tab is hidden; a
// poll asked for while one is under way follows it.
function poll() {
  clearTimeout(view.timer);
  view.timer = 0;
  if (document.hidden) return;
  if (view.busy) { view.again = true; return; }
  view.busy = true;
  worker.postMessage({ kind: "poll" });
}

worker.onmessage = (e) => {
  const m = e.data;
  if (m.kind === "draw") {
    if (m.model.seq === view.seq) draw(m.model); // else a newer view is on its way
  } else if (m.kind === "polled") {
    view.busy = false;
    view.polls++;
    if (m.error) say(m.error);
    // The worker reads a large state for long: wait at least as long,
    // so that it is free for the reader's changes half the time.
    view.wait = Math.max(POLL_MS, m.busyMs);
    const d = $("main").dataset;
    d.polls = String(view.polls);
    d.pollMs = String(Math.round(view.wait));
    if (view.again) { view.again = false; poll(); } else if (!document.hidden) view.timer = setTimeout(poll, view.wait);
  }
};
worker.onerror = (e) => say("The page's worker failed: " + e.message);

document.addEventListener("visibilitychange", () => {
  if (document.hidden) { clearTimeout(view.timer); view.timer = 0; } else poll();
});
let narrow = window.innerWidth < 600;
window.addEventListener("resize", () => {
  if ((window.innerWidth < 600) !== narrow) { narrow = !narrow; ask(); } // fewer ticks on a narrow axis
});

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

async function act(what, path, init) {
  try {
    const r = await control(path, init);
    say(what + (r && r.Now ? " — now " + r.Now.replace("T", " ") : "")); // the fake's times are UTC, to the second
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

for (const s of STATUSES) $("f-status").append(h("option", { value: s }, s));
for (const [id, key] of [["f-status", "status"], ["f-instance", "instance"], ["f-command", "command"]]) {
  $(id).addEventListener("input", () => {
    view.filters[key] = $(id).value.trim();
    view.page = 0;
    ask();
  });
}
$("filters").addEventListener("submit", (e) => e.preventDefault());

// Drawing.

$("prev").addEventListener("click", () => { view.page--; ask(); });
$("open-all").addEventListener("click", () => {
  for (const id of view.shown) view.open.add(id);
  ask();
});
$("close-all").addEventListener("click", () => {
  for (const id of view.shown) view.open.delete(id);
  ask();
});
$("next").addEventListener("click", () => { view.page++; ask(); });

function legend() {
  const ul = $("legend");
  for (const [s, mark] of [["Pending"], ["Running"], ["Stopping"], ["Scheduled"], ["Success", true], ["Failed", true],
    ["Timeout", true], ["Error", true], ["Cancelled", true], ["Terminated", true]]) {
    const sample = mark
      ? h("span", { className: "mark s-" + s, "aria-hidden": "true" }, h("span", null, GLYPH[s]))
      : h("span", { className: "seg s-" + s, "aria-hidden": "true" });
    ul.append(h("li", { title: SHAPE[s] }, sample, GLYPH[s] + " " + s));
  }
}
legend();

// draw draws the worker's model of the view.
function draw(m) {
  const t0 = performance.now();
  const c = m.clock;
  $("now").textContent = c.nowText;
  $("now").setAttribute("datetime", c.now);
  $("clock-kind").textContent = c.virtual ? "Virtual" : "Real";
  for (const b of document.querySelectorAll(".advance button")) {
    b.disabled = !c.virtual || (b.dataset.to === "next" && !c.next);
    b.title = !c.virtual ? "A real clock moves by itself"
      : b.dataset.to !== "next" ? "" : !c.next ? "No transition is due" : "To " + c.next;
  }
  $("next-at").textContent = c.next ? "next transition " + c.next : "";
  drawFleet(m.fleet);
  drawInvocations(m);
  view.page = m.page;
  $("invocations").removeAttribute("aria-busy");
  view.renders++;
  const d = $("main").dataset;
  d.drawMs = (performance.now() - t0).toFixed(1);
  d.renderMs = (clock() - m.t0).toFixed(1);
  if (m.read) { d.readMs = m.read.readMs.toFixed(1); d.parseMs = m.read.parseMs.toFixed(1); }
  d.modelMs = m.modelMs.toFixed(1);
  d.renders = String(view.renders);
  d.now = c.now;
}

function drawFleet(fleet) {
  const tb = $("fleet").tBodies[0];
  const shown = fleet.shown;
  $("fleet-count").textContent = "(" + fleet.count + ")";
  const key = JSON.stringify(shown);
  if (tb.dataset.key !== key) {
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
    const focused = document.activeElement && tb.contains(document.activeElement) ? document.activeElement.closest("tr").dataset.id : null;
    tb.replaceChildren(...rows);
    tb.dataset.key = key;
    if (focused) { const b = tb.querySelector(`tr[data-id="${CSS.escape(focused)}"] button`); if (b) b.focus(); }
  }
  const more = $("fleet-more");
  more.hidden = fleet.count <= shown.length && fleet.count > 0;
  if (!fleet.count) {
    more.textContent = "No instance is named: every well-formed id is a running Linux instance.";
  } else if (!more.hidden) {
    more.replaceChildren(shown.length + " of " + fleet.count + " instances shown. ",
      h("button", { type: "button", onclick: () => { view.fleetShown += FLEET_STEP; ask(); } }, "Show more"));
  }
  const dl = $("instance-ids");
  if (dl.dataset.key !== fleet.ids.join()) {
    dl.replaceChildren(...fleet.ids.map((id) => h("option", { value: id })));
    dl.dataset.key = fleet.ids.join();
  }
}

function drawInvocations(m) {
  $("inv-count").textContent = m.matched === m.total ? "(" + m.total + ")" : "(" + m.matched + " of " + m.total + ")";
  $("page-of").textContent = "Page " + (m.page + 1) + " of " + m.pages;
  $("prev").disabled = m.page === 0;
  $("next").disabled = m.page >= m.pages - 1;

  const ol = $("invocations");
  const keep = new Set(m.items.map((it) => it.id));
  const els = m.items.map(invocationItem);
  // Put the items in order, moving as few as can be, so that focus and
  // the reader's place stay where they are.
  els.forEach((el, i) => { if (ol.children[i] !== el) ol.insertBefore(el, ol.children[i] || null); });
  while (ol.children.length > els.length) ol.lastElementChild.remove();
  for (const id of view.items.keys()) if (!keep.has(id)) view.items.delete(id);
  view.shown = [...keep];
  const empty = ol.nextElementSibling.classList.contains("empty") ? ol.nextElementSibling : null;
  if (!els.length && !empty) ol.after(h("p", { className: "empty" }, m.total ? "No invocation matches the filters." : "No invocation yet."));
  if (els.length && empty) empty.remove();
}

// invocationItem is the list item of an invocation, drawn again only
// where its head or its timeline changed.
function invocationItem(inv) {
  let it = view.items.get(inv.id);
  if (!it) {
    const li = h("li", { className: "inv", "data-id": inv.id });
    it = { li, headKey: "", tlKey: "" };
    view.items.set(inv.id, it);
  }
  const headKey = JSON.stringify(inv.head);
  if (it.headKey !== headKey) {
    const had = document.activeElement && it.li.firstChild && it.li.firstChild.contains(document.activeElement);
    const head = invocationHead(inv.id, inv.head);
    if (it.li.firstChild) it.li.firstChild.replaceWith(head); else it.li.append(head);
    it.headKey = headKey;
    if (had) head.querySelector(".toggle").focus();
  }
  if (inv.timeline) {
    const tlKey = JSON.stringify(inv.timeline);
    if (it.tlKey !== tlKey) {
      const old = it.li.querySelector(".timeline");
      const focusKey = old && old.contains(document.activeElement) ? document.activeElement.dataset.k : null;
      const tl = timeline(inv.id, inv.timeline);
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

function invocationHead(id, hd) {
  return h("div", { className: "head" },
    h("button", {
      type: "button", className: "toggle", "aria-expanded": String(hd.open), "aria-controls": "tl-" + id,
      "aria-label": (hd.open ? "Hide" : "Show") + " the timeline of " + id,
      onclick: () => {
        if (view.open.has(id)) view.open.delete(id); else view.open.add(id);
        ask();
      },
    }, hd.open ? "▾" : "▸"),
    h("span", { className: "id" }, id),
    h("span", { className: "badge s-" + hd.current, "data-family": "current", title: "InvocationStatus" },
      hd.current ? (GLYPH[hd.current] || "") + " " + hd.current : "no InvocationStatus"),
    h("span", { className: "legacy", "data-family": "legacy", title: "InvokeStatus (legacy)" }, hd.legacy),
    h("span", { className: "cmd" }, hd.command),
    h("span", { className: "type" }, hd.type),
    h("span", { className: "freq" }, hd.freq),
    h("span", { className: "counts" }, hd.counts),
    h("time", { className: "created", datetime: hd.created }, hd.createdText));
}

function timeline(id, tm) {
  const axis = h("div", { className: "axis", "aria-hidden": "true" }, h("span", { className: "inst" }, "UTC"),
    h("div", { className: "ticks" }, tm.axis.map((t) => {
      const tk = h("span", { className: "tick" + (t.edge ? " " + t.edge : "") }, t.text);
      tk.style.left = t.left + "%";
      return tk;
    })));
  const tl = h("div", { className: "timeline", id: "tl-" + id, role: "group", "aria-label": "Timeline of " + id },
    axis, tm.rows.map(row));
  if (tm.of > tm.shown) {
    tl.append(h("p", { className: "more note" }, tm.shown + " of " + tm.of + " instances shown. ",
      h("button", { type: "button", onclick: () => { view.rows.set(id, tm.shown + ROW_STEP); ask(); } }, "Show more")));
  }
  return tl;
}

function row(r) {
  const track = h("div", { className: "track", role: "list", "aria-label": "Statuses of " + r.instance + ", oldest first" });
  r.segs.forEach((s, i) => {
    const el = s.mark
      ? h("span", { className: "mark s-" + s.status, role: "listitem", "data-k": s.k, "data-status": s.status, "data-at": s.at, "aria-label": s.label },
        h("span", { "aria-hidden": "true" }, GLYPH[s.status] || "•"))
      : h("span", { className: "seg s-" + s.status, role: "listitem", "data-k": s.k, "data-status": s.status, "data-from": s.from, "data-to": s.to, "aria-label": s.label });
    el.style.left = s.left + "%";
    if (!s.mark) el.style.width = s.width + "%";
    el.tabIndex = i === 0 ? 0 : -1;
    el.tip = s.tip;
    track.append(el);
  });
  if (!r.segs.length) {
    track.append(h("span", { className: "note" }, r.status + ", with no times to show"));
  }
  return h("div", { className: "row", "data-instance": r.instance },
    h("span", { className: "inst" }, r.instance, h("small", null, (GLYPH[r.status] || "") + " " + r.status)), track);
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
  tip.replaceChildren(h("strong", null, (GLYPH[t.status] || "") + " " + t.status), dl, t.output ? h("pre", null, t.output) : null);
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

ask();
poll();
