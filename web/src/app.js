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
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}
const $ = (id) => document.getElementById(id);
const fill = (el, ...children) => el.replaceChildren(...children.flat().filter((c) => c !== null && c !== undefined && c !== false));
const fmt = (v) => (v === null || v === undefined || v === "" ? "—" : String(v));
const pct = (p) => (p === null || p === undefined ? "—" : `${(100 * p).toFixed(p < 0.1 ? 1 : 0)}%`);
const first = (obj, ...names) => { for (const n of names) if (obj && obj[n] !== undefined && obj[n] !== null) return obj[n]; return undefined; };
const itemsOf = (body, ...names) => (Array.isArray(body) ? body : first(body, ...names, "items", "results") || []);

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

// --- lawyers ----------------------------------------------------------------------------------
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
    const found = itemsOf(await api(`/lawyers?${params}`), "lawyers");
    status(found.length ? `${found.length} lawyer(s)` : "no lawyer found");
    for (const l of found) {
      const firm = first(l, "firm_name", "firm");
      const cases = first(l, "relevant_cases", "case_count", "cases");
      list.append(h("li", { "data-id": l.id, onclick: () => { location.hash = `lawyers/${encodeURIComponent(l.id)}`; } },
        h("b", {}, fmt(l.name)),
        h("small", {}, [typeof firm === "object" ? firm.name : firm, first(l, "city"),
          cases !== undefined ? `${typeof cases === "number" ? cases : cases.length} cases` : null].filter(Boolean).join(" · "))));
    }
  } catch (err) { status(err.message, true); }
});

function disclosure(item) {
  const kind = first(item, "disclosure", "disclosure_kind");
  return kind ? h("span", { class: "badge", title: "disclosure kind" }, String(kind).replaceAll("_", " ")) : null;
}

async function openLawyer(id) {
  for (const li of document.querySelectorAll("#lawyer-results li")) li.classList.toggle("selected", li.dataset.id === id);
  const box = $("lawyer-record");
  try {
    status("loading the credit record…");
    const r = await api(`/lawyers/${encodeURIComponent(id)}`);
    const basic = first(r, "basic", "basic_info") || r;
    const practice = first(r, "practice", "practice_info") || {};
    const cases = itemsOf(first(r, "business", "business_info", "cases") || [], "cases");
    const sanctions = itemsOf(first(r, "rewards_and_punishments", "sanctions", "rewards_punishments") || [], "items");
    const service = itemsOf(first(r, "social_service", "service") || [], "items");
    const firms = itemsOf(first(practice, "firms", "history") || first(r, "firms") || [], "firms");
    fill(box,
      h("h3", { id: "lawyer-name" }, fmt(first(basic, "name") || r.name), disclosure(basic)),
      facts([["Licence", first(basic, "license_no", "license", "licence")], ["Status", first(basic, "status", "practice_status")],
        ["Firm", first(practice, "firm_name", "firm") ?? first(basic, "firm_name", "firm")], ["Practising since", first(practice, "since", "practice_start") ?? first(basic, "practice_start")],
        ["First seen", first(r, "first_seen") ?? first(practice, "first_seen")], ["Last seen", first(r, "last_seen") ?? first(practice, "last_seen")]]
        .map(([k, v]) => [k, typeof v === "object" && v !== null ? v.name : v])),
      firms.length ? h("h3", {}, "Firms over time") : null,
      firms.length ? table([["Firm", (f) => fmt(first(f, "name", "firm_name", "firm"))], ["From", (f) => fmt(first(f, "since", "from"))], ["Until", (f) => fmt(first(f, "until", "to"))]], firms) : null,
      h("h3", {}, "Rewards and punishments"),
      sanctions.length ? table([["Date", (s) => fmt(s.date)], ["Kind", (s) => fmt(first(s, "kind", "type"))],
        ["Decision", (s) => [fmt(first(s, "text", "decision", "summary")), disclosure(s)]]], sanctions) : h("p", { class: "muted" }, "none recorded"),
      h("h3", {}, `Cases (${cases.length})`),
      cases.length ? table([["Date", (c) => fmt(first(c, "date", "decided"))], ["Court", (c) => fmt(first(c, "court_name", "court"))],
        ["Case number", (c) => fmt(first(c, "case_number", "number"))], ["Cause", (c) => fmt(first(c, "cause"))],
        ["Side", (c) => fmt(first(c, "side", "role"))], ["Outcome", (c) => [fmt(first(c, "outcome")), disclosure(c)]]], cases)
        : h("p", { class: "muted" }, "no cases recorded"),
      service.length ? h("h3", {}, "Social service") : null,
      service.length ? table([["Date", (s) => fmt(s.date)], ["Activity", (s) => fmt(first(s, "text", "kind", "activity", "description"))]], service) : null,
    );
    box.querySelectorAll("table").forEach((t, i) => t.setAttribute("data-table", String(i)));
    status("");
  } catch (err) { box.replaceChildren(); status(err.message, true); }
}

// --- vehicles ---------------------------------------------------------------------------------
let vehicleIndex = [];

function setOptions(select, values, placeholder) {
  select.replaceChildren(h("option", { value: "" }, placeholder), ...values.map((v) => h("option", { value: v }, v)));
  select.disabled = values.length === 0;
}

async function loadVehicles() {
  try {
    status("loading vehicles…");
    const rows = [];
    let cursor = null;
    do { // every page of the vehicle list, so every make can be picked
      const page = await api(`/vehicles?limit=200${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ""}`, { auth: true });
      rows.push(...itemsOf(page, "vehicles"));
      cursor = page.next_cursor || null;
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
  const years = vehicleIndex.filter((v) => v.make === make && v.model === model).map((v) => first(v, "year", "model_year"));
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
    const comps = itemsOf(body, "components", "defects");
    out.append(h("h3", { id: "vehicle-title" }, `${make} ${model} ${year}: ${comps.length} component(s) ranked by defect probability`));
    comps.forEach((c, i) => out.append(componentCard(c, i + 1)));
    status("");
  } catch (err) { status(err.message, true); }
});

function componentCard(c, rank) {
  const p = Number(first(c, "probability", "score", "p") ?? 0);
  const name = first(c, "component_name", "name", "component");
  const expl = first(c, "explanation") || {};
  const contributions = itemsOf(first(expl, "contributions", "top_features", "features") || first(c, "contributions") || [], "items");
  const evidence = itemsOf(first(expl, "evidence") || first(c, "evidence") || [], "items");
  const similar = itemsOf(first(expl, "similar_cases", "similar") || first(c, "similar_cases") || [], "items");
  const card = h("div", { class: "component", "data-rank": rank },
    h("header", {}, h("b", {}, `#${rank}`), h("span", { class: "component-name" }, fmt(typeof name === "object" ? name.name : name)),
      h("div", { class: "bar", title: pct(p) }, h("span", { style: `width:${Math.max(0, Math.min(1, p)) * 100}%` })),
      h("span", { class: "prob" }, pct(p))));
  const list = h("ul", {});
  for (const f of contributions.slice(0, 5)) {
    const text = typeof f === "string" ? f : first(f, "text", "reason", "description", "label", "feature");
    const w = typeof f === "object" ? first(f, "contribution", "weight", "value") : undefined;
    list.append(h("li", {}, fmt(text), w !== undefined ? h("span", { class: "muted" }, ` (${Number(w) >= 0 ? "+" : ""}${Number(w).toFixed(2)})`) : null));
  }
  for (const s of similar.slice(0, 3)) {
    list.append(h("li", {}, "similar past case: ", fmt(first(s, "id", "action_number", "case")), " ", h("span", { class: "badge" }, fmt(first(s, "verdict", "outcome")))));
  }
  if (list.childElementCount) card.append(list);
  for (const ev of evidence.slice(0, 3)) {
    card.append(snippet(first(ev, "snippet", "text"), first(ev, "snippet_start", "highlight_start"), first(ev, "snippet_end", "highlight_end")));
  }
  return card;
}

// --- enterprises ------------------------------------------------------------------------------
const LEVEL_COLOURS = { red: "#c62828", yellow: "#e0a800", green: "#2e7d32" };
let cy = null;
let currentEnterprise = null;

function listEnterprises(rows) {
  const list = $("enterprise-results");
  list.replaceChildren();
  for (const e of rows) {
    const level = first(e, "level", "risk_level");
    list.append(h("li", { "data-id": e.id, onclick: () => { location.hash = `enterprises/${encodeURIComponent(e.id)}`; } },
      level ? h("span", { class: `level ${level}` }, level) : null, " ", h("b", {}, fmt(first(e, "name", "label"))),
      h("small", {}, [first(e, "code", "uscc", "company_number"), first(e, "division_name", "region", "address")].filter(Boolean).join(" · "))));
  }
  status(rows.length ? `${rows.length} enterprise(s)` : "no enterprise found");
}

$("enterprise-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const q = $("enterprise-q").value.trim();
  if (!q) return;
  try { listEnterprises(itemsOf(await api(`/enterprises?q=${encodeURIComponent(q)}&limit=50`, { auth: true }), "enterprises")); }
  catch (err) { status(err.message, true); }
});
$("enterprise-watchlist").addEventListener("click", async () => {
  try { listEnterprises(itemsOf(await api("/enterprises/watchlist?level=red&limit=50", { auth: true }), "enterprises")); }
  catch (err) { status(err.message, true); }
});

function reasonText(r) {
  if (typeof r === "string") return r;
  return first(r, "text", "reason", "description", "label") || JSON.stringify(r);
}

async function openEnterprise(id) {
  currentEnterprise = id;
  for (const li of document.querySelectorAll("#enterprise-results li")) li.classList.toggle("selected", li.dataset.id === id);
  const riskBox = $("enterprise-risk");
  try {
    status("loading risk and network…");
    const [risk, net] = await Promise.all([
      api(`/enterprises/${encodeURIComponent(id)}/risk`, { auth: true }),
      api(`/enterprises/${encodeURIComponent(id)}/network?depth=1`, { auth: true }),
    ]);
    const level = first(risk, "level", "risk_level") || "none";
    const reasons = itemsOf(first(risk, "reasons") || [], "items");
    fill(riskBox,
      h("h3", { id: "enterprise-name" }, h("span", { class: `level ${level}`, id: "enterprise-level" }, level), " ", fmt(first(risk, "name") || id)),
      facts([["Score", first(risk, "score", "probability") !== undefined ? Number(first(risk, "score", "probability")).toFixed(3) : undefined],
        ["Code", first(risk, "code", "uscc")], ["Division", first(risk, "division_name", "division")]]),
      h("ul", { id: "enterprise-reasons" }, reasons.map((r) => h("li", {}, reasonText(r)))),
    );
    drawNetwork(net, id);
    status("");
  } catch (err) { status(err.message, true); }
}

function graphParts(net) {
  const nodes = itemsOf(first(net, "nodes") || [], "items");
  const edges = itemsOf(first(net, "edges", "links", "relationships") || [], "items");
  return { nodes, edges, truncated: Boolean(first(net, "truncated", "cut")) };
}

function nodeData(n, centre) {
  const level = first(n, "level", "risk_level") || "none";
  return { group: "nodes", data: { id: n.id, label: fmt(first(n, "name", "label", "id")).slice(0, 24), level, centre: n.id === centre ? 1 : 0, kind: first(n, "kind", "type", "label_kind") || "Enterprise" } };
}

function edgeData(e) {
  const source = first(e, "source", "from", "start");
  const target = first(e, "target", "to", "end");
  const kind = first(e, "kind", "via", "type", "label") || "link";
  return { group: "edges", data: { id: `${source}|${kind}|${target}`, source, target, label: String(kind) } };
}

function addParts(parts, centre) {
  let added = 0;
  for (const n of parts.nodes) {
    if (cy.nodes().length >= MAX_NODES) break;
    if (!cy.getElementById(n.id).length) { cy.add(nodeData(n, centre)); added += 1; }
  }
  for (const e of parts.edges) {
    const d = edgeData(e);
    if (cy.getElementById(d.data.source).length && cy.getElementById(d.data.target).length && !cy.getElementById(d.data.id).length) cy.add(d);
  }
  return added;
}

function networkBar(parts, note) {
  const cut = parts.truncated || cy.nodes().length >= MAX_NODES;
  $("network-bar").textContent = `${cy.nodes().length} nodes, ${cy.edges().length} links` + (cut ? " — cut at the size bound" : "") + (note ? ` · ${note}` : "");
}

function drawNetwork(net, centre) {
  const parts = graphParts(net);
  if (cy) cy.destroy();
  cy = cytoscape({
    container: $("network"),
    wheelSensitivity: 0.3,
    maxZoom: 1.6,
    style: [
      { selector: "node", style: { "background-color": (n) => LEVEL_COLOURS[n.data("level")] || "#90a4ae", label: "data(label)", "font-size": 9, color: "#1d2733", "text-valign": "bottom", "text-margin-y": 3, width: 18, height: 18 } },
      { selector: "node[kind != 'Enterprise']", style: { shape: "round-rectangle", width: 12, height: 12, "background-color": "#b0bec5" } },
      { selector: "node[centre = 1]", style: { width: 30, height: 30, "border-width": 3, "border-color": "#1d2733" } },
      { selector: "edge", style: { width: 1.5, "line-color": "#b0bec5", label: "data(label)", "font-size": 8, color: "#6b7785", "curve-style": "bezier", "text-rotation": "autorotate", "text-background-color": "#fcfdfe", "text-background-opacity": 1 } },
    ],
  });
  addParts(parts, centre);
  cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 }).run();
  cy.on("tap", "node", async (evt) => {
    const node = evt.target;
    if (node.data("kind") !== "Enterprise" || node.data("expanded")) return;
    node.data("expanded", true);
    try {
      const more = graphParts(await api(`/enterprises/${encodeURIComponent(node.id())}/network?depth=1`, { auth: true }));
      const added = addParts(more, centre);
      cy.layout({ name: "cose", animate: false, randomize: false, nodeRepulsion: 8000 }).run();
      networkBar(more, `expanded ${node.data("label")}: +${added}`);
    } catch (err) { status(err.message, true); }
  });
  networkBar(parts);
  $("network").dataset.nodes = String(cy.nodes().length);
  $("network").dataset.edges = String(cy.edges().length);
}

// --- start --------------------------------------------------------------------------------------
window.addEventListener("hashchange", route);
keyState();
route();
