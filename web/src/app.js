// riskgraph web page: four views over the /api/v1 endpoints. Data is always inserted as text
// (never as HTML), and the API key lives only in this tab's sessionStorage.
"use strict";

const API = "/api/v1";
const KEY_SLOT = "riskgraph.apiKey";
const MAX_NODES = 300; // the drawn network never grows past this, however often nodes are expanded

// --- small helpers ------------------------------------------------------------------------------
function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k === "class") el.className = v;
    else if (k.startsWith("on")) el.addEventListener(k.slice(2), v);
    else el.setAttribute(k, v === true ? "" : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const $ = (id) => document.getElementById(id);
const fill = (el, ...children) => el.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
const fmt = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));
const pct = (p) => (p === null || p === undefined ? "—" : `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`);

function status(text, isError) {
  const el = $("status");
  el.textContent = text || "";
  el.className = isError ? "error" : "muted";
}

function apiKey() { return sessionStorage.getItem(KEY_SLOT) || ""; }

async function api(path, { auth = false, method = "GET", send = undefined } = {}) {
  const headers = { Accept: "application/json" };
  if (auth && apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  if (send !== undefined) headers["Content-Type"] = "application/json";
  const res = await fetch(API + path, { headers, method, body: send === undefined ? undefined : JSON.stringify(send) });
  const body = await res.json().catch(() => ({}));
  if (!res.ok) {
    const why = res.status === 401 ? "enter a valid API key above"
      : res.status === 403 ? "this key's role may not see this view"
      : body.detail || body.title || res.statusText;
    const err = new Error(`${res.status}: ${why}`);
    err.status = res.status;
    throw err;
  }
  return body;
}

function table(columns, rows) {
  return h("table", {},
    h("thead", {}, h("tr", {}, columns.map(([title]) => h("th", {}, title)))),
    h("tbody", {}, rows.map((r) => h("tr", {}, columns.map(([, get]) => h("td", {}, get(r)))))));
}

function facts(pairs) {
  return h("dl", { class: "facts" }, pairs.filter(([, v]) => v !== undefined).flatMap(([k, v]) => [h("dt", {}, k), h("dd", {}, fmt(v))]));
}

function snippet(text, start, end) {
  if (!text) return null;
  if (start === undefined || start === null || end === undefined || end === null || end > text.length) {
    return h("div", { class: "snippet" }, text);
  }
  return h("div", { class: "snippet" }, text.slice(0, start), h("mark", {}, text.slice(start, end)), text.slice(end));
}

// --- views and navigation --------------------------------------------------------------------
const views = ["lawyers", "vehicles", "enterprises", "alerts"];
let vehiclesLoaded = false;

function show(view) {
  if (!views.includes(view)) view = "lawyers";
  for (const v of views) $(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.dataset.view === view);
  status("");
  if (view === "vehicles" && !vehiclesLoaded) loadVehicles();
  if (view === "alerts") loadAlerts();
}

function route() {
  const [view, ...rest] = decodeURIComponent(location.hash.slice(1)).split("/");
  show(view);
  if (view === "lawyers" && rest.length) openLawyer(rest.join("/"));
  if (view === "enterprises" && rest.length) openEnterprise(rest.join("/"));
}

// --- API key ----------------------------------------------------------------------------------
function keyState() {
  $("key-state").textContent = apiKey() ? "key set for this tab" : "no key (public views only)";
}
$("key-form").addEventListener("submit", (e) => {
  e.preventDefault();
  const v = $("api-key").value.trim();
  if (v) sessionStorage.setItem(KEY_SLOT, v);
  $("api-key").value = "";
  keyState();
  vehiclesLoaded = false;
  watchIndex = null;
  route();
});
$("key-forget").addEventListener("click", () => { sessionStorage.removeItem(KEY_SLOT); watchIndex = null; keyState(); });

// --- watches (any key) --------------------------------------------------------------------------
let watchIndex = null; // "kind|subject" -> watch id, for the key in use (null: not read yet)

async function loadWatches() {
  if (watchIndex) return watchIndex;
  const found = new Map();
  let cursor = null;
  do {
    const page = await api(`/watches?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { auth: true });
    for (const w of page.items) found.set(`${w.kind}|${w.subject}`, w.id);
    cursor = page.next_cursor;
  } while (cursor);
  watchIndex = found;
  return found;
}

function watchButton(kind, subject, what) {
  // Watch / stop watching one subject; its alerts appear under "Alerts".
  const btn = h("button", { type: "button", class: "watch", id: `watch-${kind}`, "data-subject": subject }, "Watch");
  const paint = (id) => {
    btn.dataset.watch = id || "";
    btn.textContent = id ? "Watching ✓" : "Watch";
    btn.classList.toggle("on", Boolean(id));
    btn.title = id ? "alerts appear under Alerts; click to stop watching" : `be told when something happens to this ${what}`;
  };
  if (!apiKey()) {
    btn.disabled = true;
    btn.title = "enter an API key above to watch";
    return btn;
  }
  paint(null);
  loadWatches().then((known) => paint(known.get(`${kind}|${subject}`))).catch(() => { btn.disabled = true; btn.title = "this key may not watch"; });
  btn.addEventListener("click", async () => {
    btn.disabled = true;
    try {
      if (btn.dataset.watch) {
        await api(`/watches/${encodeURIComponent(btn.dataset.watch)}`, { auth: true, method: "DELETE" });
        if (watchIndex) watchIndex.delete(`${kind}|${subject}`);
        paint(null);
        status(`stopped watching this ${what}`);
      } else {
        const w = await api("/watches", { auth: true, method: "POST", send: { kind, subject } });
        if (watchIndex) watchIndex.set(`${w.kind}|${w.subject}`, w.id);
        paint(w.id);
        status(`watching this ${what}: alerts appear under Alerts after the next ingest or training`);
      }
    } catch (err) { status(err.message, true); } finally { btn.disabled = false; }
  });
  return btn;
}

async function loadAlerts() {
  const watchList = $("watch-list"), alertBox = $("alert-list");
  if (!apiKey()) { watchList.replaceChildren(); alertBox.replaceChildren(); status("enter an API key above to see its watches and alerts"); return; }
  try {
    status("loading watches and alerts…");
    watchIndex = null;
    await loadWatches();
    const [watches, alerts] = await Promise.all([api("/watches?limit=200", { auth: true }), api("/alerts?limit=100", { auth: true })]);
    fill(watchList, watches.items.map((w) => h("li", { "data-id": w.id },
      h("span", { class: "badge" }, w.kind), " ", h("b", {}, fmt(w.label || w.subject)),
      h("small", {}, [w.subject, w.url ? `webhook ${w.url}` : null, w.checked_at ? `checked ${w.checked_at}` : null].filter(Boolean).join(" · ")),
      h("button", { type: "button", class: "link", onclick: async (e) => {
        e.stopPropagation();
        try { await api(`/watches/${encodeURIComponent(w.id)}`, { auth: true, method: "DELETE" }); watchIndex = null; loadAlerts(); }
        catch (err) { status(err.message, true); }
      } }, "stop watching"))));
    fill(alertBox, alerts.items.length ? table([
      ["Found", (a) => fmt(a.detected_at).replace("T", " ").slice(0, 16)],
      ["Event", (a) => h("span", { class: `badge event ${a.event}` }, a.event.replace("_", " "))],
      ["Subject", (a) => [h("b", {}, fmt(a.label || a.subject)), h("small", { class: "muted" }, ` ${a.kind}`)]],
      ["What happened", (a) => a.title],
      ["As of", (a) => fmt(a.as_of)],
      ["Evidence", (a) => a.evidence.slice(0, 2).join(", ") + (a.evidence.length > 2 ? ` +${a.evidence.length - 2}` : "")],
    ], alerts.items) : h("p", { class: "muted" }, "no alert yet: alerts come after the next ingest or training that changes a watched subject"));
    const t = alertBox.querySelector("table");
    if (t) t.id = "alerts-table";
    status(`${watches.total ?? watches.items.length} watch(es), ${alerts.total ?? alerts.items.length} alert(s)`);
  } catch (err) { status(err.message, true); }
}
$("alerts-refresh").addEventListener("click", () => loadAlerts());

// --- lawyers (public) -------------------------------------------------------------------------
$("lawyer-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const params = new URLSearchParams();
  for (const name of ["q", "firm", "cause", "court"]) {
    const v = $(`lawyer-${name}`).value.trim();
    if (v) params.set(name, v);
  }
  params.set("limit", "50");
  const list = $("lawyer-results");
  list.replaceChildren();
  $("lawyer-record").replaceChildren();
  try {
    status("searching…");
    const found = await api(`/lawyers?${params}`);
    status(found.items.length ? `${found.total ?? found.items.length} lawyer(s), ranked by ${found.ranked_by}` : "no lawyer found");
    for (const l of found.items) {
      const cases = l.relevant_cases !== null && l.relevant_cases !== undefined ? `${l.relevant_cases} relevant of ${l.cases} cases` : `${l.cases} cases`;
      list.append(h("li", { "data-id": l.id, onclick: () => { location.hash = `lawyers/${encodeURIComponent(l.id)}`; } },
        h("b", {}, l.name), l.registered ? null : h("span", { class: "badge", title: "known from judgments only" }, "unregistered"),
        h("small", {}, [l.firm, l.city, cases].filter(Boolean).join(" · "))));
    }
  } catch (err) { status(err.message, true); }
});

const disclosure = (kind) => (kind ? h("span", { class: "badge", title: "disclosure kind" }, `${kind} disclosure`) : null);

function judgmentLink(url) {
  // The masked text of the source judgment, fetched when the reader opens it.
  const body = h("div", { class: "snippet judgment" }, "loading…");
  const box = h("details", {}, h("summary", {}, "judgment"), body);
  box.addEventListener("toggle", async () => {
    if (!box.open || box.dataset.loaded) return;
    box.dataset.loaded = "1";
    try { body.textContent = (await fetch(url).then((r) => r.json())).text || "—"; }
    catch (err) { body.textContent = String(err); }
  }, { once: false });
  return box;
}

function outcomeRows(outcomes) {
  return outcomes.map((o) => {
    const counts = Object.entries(o.counts).map(([k, n]) => `${k} ${n}` + (o.rates && o.rates[k] !== undefined ? ` (${pct(o.rates[k])})` : "")).join(", ");
    return h("li", {}, h("b", {}, o.side), `: ${o.cases} case(s), ${counts}`, o.rate_note ? h("span", { class: "muted" }, ` — ${o.rate_note}`) : null);
  });
}

async function openLawyer(id) {
  for (const li of document.querySelectorAll("#lawyer-results li")) li.classList.toggle("selected", li.dataset.id === id);
  const box = $("lawyer-record");
  try {
    status("loading the credit record…");
    const r = await api(`/lawyers/${encodeURIComponent(id)}?limit=200`);
    const { basic, practice, business } = r;
    const cases = business.items.items;
    fill(box,
      h("h3", { id: "lawyer-name" }, basic.name, disclosure(basic.disclosure), " ", watchButton("lawyer", r.id, "lawyer")),
      h("h3", {}, "Basic information"),
      facts([["Title", basic.title], ["Licence", basic.license_no], ["Status", basic.status], ["Source", basic.source]]),
      h("h3", {}, "Practice", disclosure(practice.disclosure)),
      facts([["Firm", practice.firm], ["City", practice.city], ["Practising since", practice.practice_start]]),
      practice.firms.length ? table([["Firm", (f) => f.firm], ["Since", (f) => fmt(f.since)], ["Until", (f) => fmt(f.until)],
        ["Cases seen", (f) => `${fmt(f.first_case)} – ${fmt(f.last_case)}`], ["Source", (f) => f.source]], practice.firms) : null,
      h("h3", {}, "Rewards and punishments"),
      r.rewards_punishments.length ? table([["Date", (x) => fmt(x.date)], ["Type", (x) => x.type], ["Kind", (x) => fmt(x.kind)],
        ["Decision", (x) => [fmt(x.decision), " ", h("span", { class: "muted" }, fmt(x.authority))]], ["", (x) => disclosure(x.disclosure)]],
      r.rewards_punishments) : h("p", { class: "muted" }, "none recorded"),
      h("h3", {}, `Business: ${business.cases} case(s) in published judgments`, disclosure(business.disclosure)),
      facts([["First seen", business.first_seen], ["Last seen", business.last_seen],
        ["Main causes", business.by_cause.slice(0, 3).map((c) => `${c.key} (${c.cases})`).join(", ")]]),
      h("ul", { class: "outcomes" }, outcomeRows(business.outcomes)),
      cases.length ? table([["Date", (c) => fmt(c.date)], ["Court", (c) => fmt(c.court)], ["Case number", (c) => fmt(c.case_number)],
        ["Cause", (c) => fmt(c.cause)], ["Side", (c) => [fmt(c.side), c.party ? h("small", { class: "muted" }, ` for ${c.party}`) : null]],
        ["Outcome", (c) => fmt(c.outcome)], ["Source", (c) => judgmentLink(c.judgment_url)]], cases) : h("p", { class: "muted" }, "no cases recorded"),
      h("h3", {}, "Social service"),
      r.social_service.length ? table([["Date", (x) => fmt(x.date)], ["Activity", (x) => x.activity], ["Hours", (x) => fmt(x.hours)],
        ["", (x) => disclosure(x.disclosure)]], r.social_service) : h("p", { class: "muted" }, "none recorded"),
    );
    const tables = box.querySelectorAll("table");
    if (cases.length) tables[tables.length - (r.social_service.length ? 2 : 1)].id = "lawyer-cases";
    status("");
  } catch (err) { box.replaceChildren(); status(err.message, true); }
}

// --- vehicles (inspector) ---------------------------------------------------------------------
let vehicleIndex = [];

function setOptions(select, values, placeholder) {
  select.replaceChildren(h("option", { value: "" }, placeholder), ...values.map((v) => h("option", { value: v }, v)));
  select.disabled = values.length === 0;
}

async function loadVehicles() {
  if (!apiKey()) { status("enter an inspector key above to pick a vehicle"); return; }
  try {
    status("loading vehicles…");
    const rows = [];
    let cursor = null;
    do { // every page of the vehicle list, so that every make can be picked
      const page = await api(`/vehicles?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { auth: true });
      rows.push(...page.items);
      cursor = page.next_cursor;
    } while (cursor && rows.length < 20000);
    vehicleIndex = rows;
    vehiclesLoaded = true;
    setOptions($("vehicle-make"), [...new Set(rows.map((v) => v.make))].sort(), "make…");
    status(`${rows.length} vehicle models`);
  } catch (err) { status(err.message, true); }
}

$("vehicle-make").addEventListener("change", () => {
  const make = $("vehicle-make").value;
  setOptions($("vehicle-model"), [...new Set(vehicleIndex.filter((v) => v.make === make).map((v) => v.model))].sort(), "model…");
  setOptions($("vehicle-year"), [], "year…");
  $("vehicle-go").disabled = true;
});
$("vehicle-model").addEventListener("change", () => {
  const make = $("vehicle-make").value, model = $("vehicle-model").value;
  const years = vehicleIndex.filter((v) => v.make === make && v.model === model).map((v) => String(v.year));
  setOptions($("vehicle-year"), [...new Set(years)].sort(), "year…");
  $("vehicle-go").disabled = true;
});
$("vehicle-year").addEventListener("change", () => { $("vehicle-go").disabled = !$("vehicle-year").value; });

$("vehicle-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const [make, model, year] = ["make", "model", "year"].map((f) => $(`vehicle-${f}`).value);
  const out = $("vehicle-result");
  out.replaceChildren();
  try {
    status("scoring components…");
    const body = await api(`/vehicles/${encodeURIComponent(make)}/${encodeURIComponent(model)}/${encodeURIComponent(year)}/defects`, { auth: true });
    const comps = body.components.items;
    out.append(h("h3", { id: "vehicle-title" }, `${body.vehicle.make} ${body.vehicle.model} ${body.vehicle.year}: `,
      `${body.components.total ?? comps.length} component(s) ranked by defect probability`,
      h("span", { class: "muted" }, ` as of ${body.as_of}, model v${body.model_version}`), " ",
      watchButton("vehicle", body.vehicle.id, "vehicle model")));
    comps.forEach((c, i) => out.append(componentCard(c, i + 1)));
    status("");
    // Evidence snippets for the riskiest components, from the provenance of their facts.
    for (const card of [...out.querySelectorAll(".component")].slice(0, 3)) await loadSnippets(card);
  } catch (err) { status(err.message, true); }
});

function componentCard(c, rank) {
  const p = Math.max(0, Math.min(1, Number(c.probability)));
  const card = h("div", { class: "component", "data-rank": rank, "data-probability": String(c.probability) },
    h("header", {}, h("b", {}, `#${rank}`), h("span", { class: "component-name" }, c.system),
      h("div", { class: "bar", title: pct(p) }, h("span", { style: `width:${(p * 100).toFixed(1)}%` })),
      h("span", { class: "prob" }, pct(p))),
    h("div", { class: "muted counts" }, `${c.complaints} complaint(s), ${c.complaints_12m} in the last 12 months, ${c.severe_complaints} severe`,
      c.last_complaint ? `, last ${c.last_complaint}` : "", c.surge ? h("span", { class: "badge surge" }, `surge ×${c.surge.ratio}`) : null));
  const list = h("ul", { class: "explanation" });
  for (const f of c.contributions.slice(0, 4)) {
    list.append(h("li", {}, f.description, h("span", { class: "muted" }, ` (${f.contribution >= 0 ? "+" : ""}${f.contribution.toFixed(2)})`)));
  }
  for (const sp of c.supplier_propagation.slice(0, 2)) {
    list.append(h("li", {}, `supplier ${sp.supplier}: defect confirmed on ${sp.confirmed_on} (${sp.document})`));
  }
  for (const s of c.similar_cases.slice(0, 2)) {
    list.append(h("li", {}, `similar past case ${s.action} (${s.vehicle}, ${s.system}): `, h("span", { class: "badge" }, s.verdict)));
  }
  if (list.childElementCount) card.append(list);
  card.evidence = c.evidence;
  return card;
}

async function loadSnippets(card) {
  for (const ev of (card.evidence || []).slice(0, 2)) {
    try {
      const found = await api(`/evidence/${encodeURIComponent(ev.fact_id)}?limit=1`, { auth: true });
      const item = found.evidence[0];
      if (!item || !item.snippet) continue;
      // The snippet starts up to 80 characters before the span (see GET /evidence).
      const start = item.span_start === null ? null : Math.min(80, item.span_start);
      const end = start === null ? null : start + (item.span_end - item.span_start);
      const box = snippet(item.snippet, start, end);
      if (item.span_start > 80) box.prepend("…");
      box.prepend(h("b", {}, `${ev.kind} ${fmt(ev.date)}: `));
      card.append(box);
    } catch (err) { /* evidence is a courtesy; the ranking stands without it */ }
  }
}

// --- enterprises (regulator) ------------------------------------------------------------------
const LEVEL_COLOURS = { red: "#c62828", yellow: "#e0a800", green: "#2e7d32" };
const LINK_COLOURS = { registered_at: "#78909c", phone: "#43a047", email: "#fb8c00", legal_rep: "#8e24aa",
  officer: "#8e24aa", shareholder: "#d81b60", holds: "#d81b60", held_by: "#d81b60" };
let cy = null; // the linked-enterprise network
let ownershipCy = null; // the ownership tree

function clearEnterprise() {
  // A new list replaces whatever enterprise was open: no stale detail beside it.
  $("enterprise-risk").replaceChildren();
  if (cy) { cy.destroy(); cy = null; }
  if (ownershipCy) { ownershipCy.destroy(); ownershipCy = null; }
  $("network-box").hidden = true;
  $("ownership").hidden = true;
  for (const id of ["network", "ownership-tree"]) { const el = $(id); delete el.dataset.nodes; delete el.dataset.edges; }
  if (location.hash.startsWith("#enterprises/")) history.replaceState(null, "", "#enterprises");
}

function nameOnlyHint(li, e) {
  // A name-only enterprise (a shareholder, judgment party or manufacturer named without a code) answers for
  // the registered enterprise it resolves to: say so in the list, with that enterprise's level.
  const hint = h("small", { class: "resolution" }, "known by name only · looking for the registered enterprise…");
  li.append(hint);
  api(`/enterprises/${encodeURIComponent(e.id)}/risk`, { auth: true }).then((r) => {
    li.querySelector(".level")?.remove();
    li.prepend(h("span", { class: `level ${r.level}`, title: "level of the registered enterprise it resolves to" }, r.level), " ");
    const score = r.same_as_score === null || r.same_as_score === undefined ? "" : ` (name match ${r.same_as_score.toFixed(2)})`;
    hint.textContent = `known by name only · opens the registered enterprise it resolves to: ${fmt(r.name)} ${fmt(r.code)}${score}`;
    li.dataset.resolvesTo = r.id;
  }).catch((err) => {
    hint.textContent = err.status === 404 ? "known by name only (from other records); matches no registered enterprise, so it has no risk"
      : `known by name only · ${err.message}`;
    li.dataset.unresolved = "1";
  });
}

function listEnterprises(rows, what) {
  clearEnterprise();
  const list = $("enterprise-results");
  list.replaceChildren();
  for (const e of rows) {
    const nameOnly = e.registered === false;
    const li = h("li", { "data-id": e.id, class: nameOnly ? "name-only" : null, onclick: () => {
      if (li.dataset.unresolved) { status("this name matches no registered enterprise: there is no risk to show", true); return; }
      location.hash = `enterprises/${encodeURIComponent(e.id)}`;
    } },
      e.level ? h("span", { class: `level ${e.level}` }, e.level) : null, e.level ? " " : null, h("b", {}, fmt(e.name)),
      nameOnly ? h("span", { class: "badge", title: "not in the register under this name" }, "name only") : null,
      h("small", {}, [e.code, e.division_name, e.person ? `${e.person} (${fmt(e.role)})` : null, e.top_reason].filter(Boolean).join(" · ")));
    list.append(li);
    if (nameOnly) nameOnlyHint(li, e);
  }
  status(rows.length ? `${rows.length} ${what}` : "no enterprise found");
}

$("enterprise-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const q = $("enterprise-q").value.trim();
  if (!q) return;
  try { listEnterprises((await api(`/enterprises?q=${encodeURIComponent(q)}&limit=50`, { auth: true })).items, "match(es)"); }
  catch (err) { status(err.message, true); }
});
$("enterprise-watchlist").addEventListener("click", async () => {
  try { listEnterprises((await api("/enterprises/watchlist?level=red&limit=50", { auth: true })).items, "red enterprise(s), riskiest first"); }
  catch (err) { status(err.message, true); }
});

function levelBar(counts) {
  // Shares of the three levels in one bar, with the counts written beside it.
  const total = Math.max(1, counts.total);
  return h("div", { class: "levels" },
    h("div", { class: "levelbar" }, ["red", "yellow", "green"].map((l) => h("span", { class: l, style: `width:${(100 * counts[l]) / total}%` }))),
    h("span", { class: "muted" }, `${counts.total} enterprises: ${counts.red} red, ${counts.yellow} yellow, ${counts.green} green`));
}

async function openRegion(code) {
  const box = $("region");
  try {
    status("loading the division…");
    const r = await api(`/regions/${encodeURIComponent(code)}?limit=10`, { auth: true });
    const open = (c) => () => openRegion(c);
    fill(box,
      h("h3", { id: "region-name" }, `${fmt(r.name)} `, h("span", { class: "muted" }, `${r.code} · ${fmt(r.level)}`),
        r.parent ? h("button", { type: "button", class: "link", onclick: open(r.parent) }, "up") : null, " ",
        watchButton("region", r.code, "division")),
      levelBar(r.counts),
      r.divisions.length ? table([["Division", (d) => h("a", { href: "#", onclick: (e) => { e.preventDefault(); openRegion(d.code); } }, fmt(d.name))],
        ["Level", (d) => fmt(d.level)], ["Enterprises", (d) => d.total], ["Red", (d) => d.red], ["Yellow", (d) => d.yellow], ["Green", (d) => d.green]],
      r.divisions.slice().sort((a, b) => b.red - a.red)) : null,
      h("p", {}, h("b", {}, "Riskiest here: "), r.top.items.map((e, i) => [i ? ", " : "",
        h("a", { href: `#enterprises/${encodeURIComponent(e.id)}` }, fmt(e.name)), ` (${e.level})`])),
    );
    status("");
  } catch (err) { status(err.message, true); }
}
$("region-go").addEventListener("click", () => { const c = $("region-code").value.trim(); if (c) openRegion(c); });

async function openEnterprise(id) {
  for (const li of document.querySelectorAll("#enterprise-results li")) li.classList.toggle("selected", li.dataset.id === id);
  const riskBox = $("enterprise-risk");
  try {
    status("loading risk, network and owners…");
    const [risk, net, owners] = await Promise.all([
      api(`/enterprises/${encodeURIComponent(id)}/risk`, { auth: true }),
      api(`/enterprises/${encodeURIComponent(id)}/network?depth=1`, { auth: true }),
      api(`/enterprises/${encodeURIComponent(id)}/controllers`, { auth: true }).catch(() => null),
    ]);
    fill(riskBox,
      h("h3", { id: "enterprise-name" }, h("span", { class: `level ${risk.level}`, id: "enterprise-level" }, risk.level), " ", fmt(risk.name), " ",
        watchButton("enterprise", risk.id, "enterprise")),
      risk.asked !== risk.id ? h("p", { id: "enterprise-resolved", class: "note" }, `You opened ${risk.asked}, known by name only; shown is the registered enterprise it resolves to`,
        risk.same_as_score !== null && risk.same_as_score !== undefined ? ` (name match ${risk.same_as_score.toFixed(2)}${risk.same_as_evidence ? `: ${risk.same_as_evidence}` : ""})` : "", ".") : null,
      facts([["Score", risk.score.toFixed(3)], ["Code", risk.code + (risk.code_valid === false ? ` (invalid: ${fmt(risk.code_issue)})` : "")],
        ["Status", risk.status], ["Founded", risk.founded]]),
      risk.division ? h("p", {}, "Division: ", h("a", { href: "#", id: "enterprise-division", onclick: (e) => { e.preventDefault(); openRegion(risk.division); } },
        fmt(risk.division_name || risk.division)), h("span", { class: "muted" }, " (counts by level and the riskiest enterprises there)")) : null,
      h("ul", { id: "enterprise-reasons" }, risk.reasons.map((r) => h("li", {}, r.text,
        r.linked.length ? h("small", { class: "muted" }, ` — ${r.linked.slice(0, 4).map((l) => l.name || l.id).join(", ")}`) : null))),
    );
    drawNetwork(net);
    if (owners) drawOwnership(owners); else { $("ownership").hidden = true; }
    status("");
  } catch (err) { status(err.message, true); }
}

function nodeData(n, centre) {
  const label = fmt(n.label || n.id);
  return { group: "nodes", data: { id: n.id, label: label.length > 14 ? `${label.slice(0, 13)}…` : label, full: label,
    level: n.level || "none", centre: n.id === centre ? 1 : 0, kind: n.kind } };
}

function addNetwork(net, centre, near) {
  let added = 0;
  for (const n of net.nodes) {
    if (cy.nodes().length >= MAX_NODES) break;
    if (!cy.getElementById(n.id).length) {
      const el = nodeData(n, centre);
      if (near) el.position = { x: near.x + 40 * Math.cos(added), y: near.y + 40 * Math.sin(added) };
      cy.add(el);
      added += 1;
    }
  }
  for (const e of net.edges) {
    const id = `${e.source}|${e.kind}|${e.target}`;
    if (cy.getElementById(e.source).length && cy.getElementById(e.target).length && !cy.getElementById(id).length) {
      cy.add({ group: "edges", data: { id, source: e.source, target: e.target, label: e.kind, colour: LINK_COLOURS[e.kind] || "#b0bec5" } });
    }
  }
  const el = $("network");
  el.dataset.nodes = String(cy.nodes().length);
  el.dataset.edges = String(cy.edges().length);
  el.dataset.enterprises = String(cy.nodes("[kind = 'enterprise']").length);
  return added;
}

function networkBar(net, note) {
  const cut = net.truncated || cy.nodes().length >= MAX_NODES;
  const quiet = cy.nodes(".quiet").length ? " · crowded: point at a node for its name" : "";
  $("network-bar").textContent = `${cy.nodes("[kind = 'enterprise']").length} enterprises, ${cy.nodes().length} nodes, ${cy.edges().length} links`
    + (cut ? " — cut at the size bound" : "") + quiet + (note ? ` · ${note}` : "");
}

function overlaps(a, b, pad) {
  const ox = Math.min(a.x2, b.x2) - Math.max(a.x1, b.x1) + pad, oy = Math.min(a.y2, b.y2) - Math.max(a.y1, b.y1) + pad;
  return ox > 0 && oy > 0 ? [ox, oy] : null;
}

function spreadLabels(graph, rounds, sideways) {
  // After a layout, push apart the nodes whose boxes (labels included) still touch (only sideways: a
  // tree keeps its rows); true when nothing overlaps any more.
  const nodes = graph.nodes().toArray();
  for (let round = 0; round < rounds; round += 1) {
    const boxes = nodes.map((n) => n.boundingBox({ includeLabels: true, includeOverlays: false }));
    let moved = false;
    for (let i = 0; i < nodes.length; i += 1) {
      for (let j = i + 1; j < nodes.length; j += 1) {
        const o = overlaps(boxes[i], boxes[j], 3);
        if (!o) continue;
        moved = true;
        const a = nodes[i].position(), b = nodes[j].position();
        const alongX = sideways || o[0] < o[1];
        const sign = (alongX ? b.x - a.x : b.y - a.y) >= 0 ? 1 : -1;
        const d = (alongX ? o[0] : o[1]) / 2 + 0.5;
        nodes[i].position(alongX ? { x: a.x - sign * d, y: a.y } : { x: a.x, y: a.y - sign * d });
        nodes[j].position(alongX ? { x: b.x + sign * d, y: b.y } : { x: b.x, y: b.y + sign * d });
        boxes[i] = nodes[i].boundingBox({ includeLabels: true, includeOverlays: false });
        boxes[j] = nodes[j].boundingBox({ includeLabels: true, includeOverlays: false });
      }
    }
    if (!moved) return true;
  }
  return false;
}

function layout(randomize) {
  // Force-directed (cytoscape's cose) with strong repulsion and long ideal edges, node boxes counted
  // with their labels; then any labels still touching are pushed apart. Where the graph is too crowded
  // for that, enterprise names show on pointing (the centre's stays).
  cy.nodes().removeClass("quiet");
  const n = cy.nodes().length;
  cy.layout({ name: "cose", animate: false, randomize, fit: false, nodeDimensionsIncludeLabels: true,
    nodeRepulsion: () => 90000 + 4000 * n, idealEdgeLength: () => 90, edgeElasticity: () => 80, nodeOverlap: 40,
    gravity: 0.2, numIter: 1500, componentSpacing: 80, padding: 30 }).run();
  if (!spreadLabels(cy, 60)) cy.nodes("[kind = 'enterprise'][centre = 0]").addClass("quiet");
  cy.fit(undefined, 24);
}

function drawNetwork(net) {
  if (cy) cy.destroy();
  $("network-box").hidden = false; // shown only once there is something to draw
  cy = cytoscape({
    container: $("network"),
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { "background-color": (n) => LEVEL_COLOURS[n.data("level")] || "#90a4ae", label: "data(label)", "font-size": 10, color: "#1d2733", "text-valign": "bottom", "text-margin-y": 3, width: 20, height: 20, "text-background-color": "#fcfdfe", "text-background-opacity": 0.85, "text-background-padding": 1 } },
      { selector: "node[kind != 'enterprise']", style: { shape: "round-rectangle", width: 12, height: 12, "background-color": "#cfd8dc", label: "", color: "#6b7785" } },
      { selector: "node.quiet", style: { label: "" } },
      { selector: "node.hover, node:selected", style: { label: "data(full)", "font-size": 10, "z-index": 10 } },
      { selector: "node[centre = 1]", style: { width: 32, height: 32, "border-width": 3, "border-color": "#1d2733", "font-weight": "bold" } },
      { selector: "edge", style: { width: 1.2, "line-color": "data(colour)", "curve-style": "bezier", label: "", "font-size": 8, color: "#4b5663", "text-rotation": "autorotate", "text-background-color": "#fcfdfe", "text-background-opacity": 1 } },
      { selector: "edge.hover", style: { label: "data(label)", width: 2.5 } },
    ],
  });
  addNetwork(net, net.center);
  layout(true);
  cy.on("mouseover", "node, edge", (evt) => evt.target.addClass("hover"));
  cy.on("mouseout", "node, edge", (evt) => evt.target.removeClass("hover"));
  cy.on("tap", "node", async (evt) => {
    const node = evt.target;
    if (node.data("kind") !== "enterprise" || node.data("expanded")) return;
    node.data("expanded", true);
    try {
      const more = await api(`/enterprises/${encodeURIComponent(node.id())}/network?depth=1`, { auth: true });
      const added = addNetwork(more, net.center, node.position());
      layout(false);
      networkBar(more, `expanded ${node.data("full")}: +${added} nodes`);
    } catch (err) { status(err.message, true); }
  });
  networkBar(net);
}

// --- ownership tree -------------------------------------------------------------------------------
function share(v) { return v === null || v === undefined ? "?" : `${(100 * v).toFixed(v < 0.1 ? 1 : 0)}%`; }

function drawOwnership(c) {
  const box = $("ownership"), el = $("ownership-tree");
  box.hidden = false;
  const ctl = c.controller;
  const names = (ids) => ids.map((i) => (c.owners.find((o) => o.id === i) || {}).name || i).join(", ");
  fill($("controller-summary"),
    ctl ? h("p", { id: "controller" }, h("span", { class: `badge ${ctl.suspected ? "suspected" : "actual"}` }, ctl.label), " ",
      h("b", {}, fmt(ctl.name)), ` — ${ctl.basis_text}; effective share ${share(ctl.effective_share)}`,
      ctl.layers ? `, through ${ctl.layers} compan${ctl.layers === 1 ? "y" : "ies"}` : "", ctl.concealed ? " (holds nothing directly)" : "")
      : h("p", { id: "controller", class: "muted" }, c.owners.length ? "no controller: no majority, and nothing points at one holder" : "no shareholder on record"),
    c.controlling_parent ? h("p", {}, "Controlling company: ", h("a", { href: `#enterprises/${encodeURIComponent(c.controlling_parent.id)}` }, fmt(c.controlling_parent.name || c.controlling_parent.id))) : null,
    c.beneficial_owners.length ? h("p", {}, `Beneficial owners (25% or more): ${names(c.beneficial_owners)}`) : null,
    c.circular ? h("p", { id: "ownership-circular", class: "error" }, "Circular ownership: ",
      c.cycles.map((ring) => ring.names.map((n, i) => n || ring.members[i]).join(" → ")).join("; ")) : null,
    c.truncated ? h("p", { class: "muted" }, `cut at the bounds: ${c.notes.join("; ")}`) : null);
  if (ownershipCy) { ownershipCy.destroy(); ownershipCy = null; }
  const nodes = c.tree.nodes.slice(0, MAX_NODES);
  const ids = new Set(nodes.map((n) => n.id));
  el.dataset.nodes = String(nodes.length);
  el.dataset.edges = String(c.tree.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).length);
  el.hidden = c.tree.edges.length === 0;
  if (el.hidden) return;
  const controlIds = new Set([ctl?.id, c.controlling_parent?.id].filter(Boolean));
  ownershipCy = cytoscape({
    container: el, maxZoom: 1.6,
    elements: [
      ...nodes.map((n) => {
        const label = fmt(n.name || n.id);
        return { group: "nodes", classes: [n.kind, n.id === c.id ? "root" : "", controlIds.has(n.id) ? "controller" : ""].join(" "),
          data: { id: n.id, label: label.length > 12 ? `${label.slice(0, 11)}…` : label, full: label, level: n.level || "none" } };
      }),
      ...c.tree.edges.filter((e) => ids.has(e.source) && ids.has(e.target)).map((e, i) => ({ group: "edges",
        data: { id: `own${i}`, source: e.source, target: e.target, label: share(e.share) } })),
    ],
    style: [
      { selector: "node", style: { label: "data(label)", "font-size": 10, "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18, "background-color": "#90a4ae", "text-background-color": "#fcfdfe", "text-background-opacity": 0.85 } },
      { selector: "node.enterprise", style: { shape: "round-rectangle", "background-color": (n) => LEVEL_COLOURS[n.data("level")] || "#90a4ae" } },
      { selector: "node.person", style: { shape: "ellipse", "background-color": "#5c6bc0" } },
      { selector: "node.controller", style: { "border-width": 4, "border-color": "#ff6f00", width: 26, height: 26 } },
      { selector: "node.root", style: { width: 30, height: 30, "border-width": 3, "border-color": "#1d2733", "font-weight": "bold" } },
      { selector: "node.hover", style: { label: "data(full)", "z-index": 10 } },
      { selector: "edge", style: { width: 1.5, "line-color": "#b0bec5", "target-arrow-shape": "triangle", "target-arrow-color": "#b0bec5", "curve-style": "bezier", label: "data(label)", "font-size": 9, color: "#37474f", "text-background-color": "#fcfdfe", "text-background-opacity": 1 } },
    ],
  });
  // Tree layout from the enterprise up, then turned over: owners on top, the enterprise at the bottom.
  ownershipCy.layout({ name: "breadthfirst", roots: ownershipCy.getElementById(c.id), directed: false, spacingFactor: 1.15,
    avoidOverlap: true, nodeDimensionsIncludeLabels: true, animate: false, fit: false }).run();
  ownershipCy.nodes().positions((n) => ({ x: n.position("x"), y: -n.position("y") }));
  spreadLabels(ownershipCy, 30, true);
  ownershipCy.fit(undefined, 20);
  ownershipCy.on("mouseover", "node", (evt) => evt.target.addClass("hover"));
  ownershipCy.on("mouseout", "node", (evt) => evt.target.removeClass("hover"));
  ownershipCy.on("tap", "node.enterprise", (evt) => { if (evt.target.id() !== c.id) location.hash = `enterprises/${encodeURIComponent(evt.target.id())}`; });
}

// --- start --------------------------------------------------------------------------------------
window.addEventListener("hashchange", route);
keyState();
route();
