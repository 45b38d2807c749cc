// riskgraph web page: three views over the /api/v1 endpoints. Data is always inserted as text
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

async function api(path, { auth = false } = {}) {
  const headers = { Accept: "application/json" };
  if (auth && apiKey()) headers.Authorization = `Bearer ${apiKey()}`;
  const res = await fetch(API + path, { headers });
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
const views = ["lawyers", "vehicles", "enterprises"];
let vehiclesLoaded = false;

function show(view) {
  if (!views.includes(view)) view = "lawyers";
  for (const v of views) $(`view-${v}`).hidden = v !== view;
  for (const a of document.querySelectorAll("#tabs a")) a.classList.toggle("active", a.dataset.view === view);
  status("");
  if (view === "vehicles" && !vehiclesLoaded) loadVehicles();
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
  route();
});
$("key-forget").addEventListener("click", () => { sessionStorage.removeItem(KEY_SLOT); keyState(); });

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
      h("h3", { id: "lawyer-name" }, basic.name, disclosure(basic.disclosure)),
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
      h("span", { class: "muted" }, ` as of ${body.as_of}, model v${body.model_version}`)));
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
let cy = null;

function listEnterprises(rows, what) {
  const list = $("enterprise-results");
  list.replaceChildren();
  for (const e of rows) {
    list.append(h("li", { "data-id": e.id, onclick: () => { location.hash = `enterprises/${encodeURIComponent(e.id)}`; } },
      e.level ? h("span", { class: `level ${e.level}` }, e.level) : null, " ", h("b", {}, fmt(e.name)),
      h("small", {}, [e.code, e.division_name, e.person ? `${e.person} (${fmt(e.role)})` : null, e.top_reason].filter(Boolean).join(" · "))));
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
        r.parent ? h("button", { type: "button", class: "link", onclick: open(r.parent) }, "up") : null),
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
    status("loading risk and network…");
    const [risk, net] = await Promise.all([
      api(`/enterprises/${encodeURIComponent(id)}/risk`, { auth: true }),
      api(`/enterprises/${encodeURIComponent(id)}/network?depth=1`, { auth: true }),
    ]);
    fill(riskBox,
      h("h3", { id: "enterprise-name" }, h("span", { class: `level ${risk.level}`, id: "enterprise-level" }, risk.level), " ", fmt(risk.name)),
      facts([["Score", risk.score.toFixed(3)], ["Code", risk.code + (risk.code_valid === false ? ` (invalid: ${fmt(risk.code_issue)})` : "")],
        ["Status", risk.status], ["Founded", risk.founded]]),
      risk.division ? h("p", {}, "Division: ", h("a", { href: "#", id: "enterprise-division", onclick: (e) => { e.preventDefault(); openRegion(risk.division); } },
        fmt(risk.division_name || risk.division)), h("span", { class: "muted" }, " (counts by level and the riskiest enterprises there)")) : null,
      h("ul", { id: "enterprise-reasons" }, risk.reasons.map((r) => h("li", {}, r.text,
        r.linked.length ? h("small", { class: "muted" }, ` — ${r.linked.slice(0, 4).map((l) => l.name || l.id).join(", ")}`) : null))),
    );
    drawNetwork(net);
    status("");
  } catch (err) { status(err.message, true); }
}

function nodeData(n, centre) {
  const label = fmt(n.label || n.id);
  return { group: "nodes", data: { id: n.id, label: label.length > 18 ? `${label.slice(0, 17)}…` : label, full: label,
    level: n.level || "none", centre: n.id === centre ? 1 : 0, kind: n.kind } };
}

function addNetwork(net, centre) {
  let added = 0;
  for (const n of net.nodes) {
    if (cy.nodes().length >= MAX_NODES) break;
    if (!cy.getElementById(n.id).length) { cy.add(nodeData(n, centre)); added += 1; }
  }
  for (const e of net.edges) {
    const id = `${e.source}|${e.kind}|${e.target}`;
    if (cy.getElementById(e.source).length && cy.getElementById(e.target).length && !cy.getElementById(id).length) {
      cy.add({ group: "edges", data: { id, source: e.source, target: e.target, label: e.kind } });
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
  $("network-bar").textContent = `${cy.nodes("[kind = 'enterprise']").length} enterprises, ${cy.nodes().length} nodes, ${cy.edges().length} links`
    + (cut ? " — cut at the size bound" : "") + (note ? ` · ${note}` : "");
}

function layout(centre) {
  // Rings around the centre by link distance: shared addresses, phones and people between the
  // enterprises they link, so a ring of shell companies reads at a glance.
  const depth = {};
  cy.elements().bfs({ root: cy.getElementById(centre), visit: (v, e, u, i, d) => { depth[v.id()] = d; } });
  const deepest = Math.max(0, ...Object.values(depth));
  cy.layout({ name: "concentric", animate: false, avoidOverlap: true, minNodeSpacing: 18, startAngle: -Math.PI / 2,
    concentric: (n) => deepest + 1 - (depth[n.id()] ?? deepest + 1), levelWidth: () => 1 }).run();
}

function drawNetwork(net) {
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("network"),
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { "background-color": (n) => LEVEL_COLOURS[n.data("level")] || "#90a4ae", label: "data(label)", "font-size": 9, color: "#1d2733", "text-valign": "bottom", "text-margin-y": 3, width: 20, height: 20 } },
      { selector: "node[kind != 'enterprise']", style: { shape: "round-rectangle", width: 12, height: 12, "background-color": "#cfd8dc", label: "", color: "#6b7785" } },
      { selector: "node[kind != 'enterprise']:selected, node[kind != 'enterprise']:active", style: { label: "data(full)", "font-size": 8 } },
      { selector: "node[centre = 1]", style: { width: 32, height: 32, "border-width": 3, "border-color": "#1d2733" } },
      { selector: "edge", style: { width: 1, "line-color": "#b0bec5", label: "data(label)", "font-size": 6, color: "#6b7785", "curve-style": "bezier", "text-rotation": "autorotate", "text-background-color": "#fcfdfe", "text-background-opacity": 1 } },
    ],
  });
  addNetwork(net, net.center);
  layout(net.center);
  cy.on("tap", "node", async (evt) => {
    const node = evt.target;
    if (node.data("kind") !== "enterprise" || node.data("expanded")) return;
    node.data("expanded", true);
    try {
      const more = await api(`/enterprises/${encodeURIComponent(node.id())}/network?depth=1`, { auth: true });
      const added = addNetwork(more, net.center);
      layout(net.center);
      networkBar(more, `expanded ${node.data("full")}: +${added} nodes`);
    } catch (err) { status(err.message, true); }
  });
  networkBar(net);
}

// --- start --------------------------------------------------------------------------------------
window.addEventListener("hashchange", route);
keyState();
route();
