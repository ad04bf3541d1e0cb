/* graphkb HTML view: draws the graph in #graph-data with vis-network and wires the side panel.
 *
 * Page-level globals, as on pyvis pages: window.network (vis.Network), window.nodes and
 * window.edges (vis.DataSet). window.graphkb offers search/select/clear for scripts.
 * All text from the graph goes into the page through textContent, never as HTML.
 * document.body.dataset.ready is "1" once the first frame is drawn.
 */
(function () {
  "use strict";
  var timings = { scriptStart: performance.now() };
  var data = JSON.parse(document.getElementById("graph-data").textContent);
  var DIM_NODE = { background: "rgba(200,200,200,0.35)", border: "rgba(170,170,170,0.5)" };
  var DIM_EDGE = { color: "rgba(200,200,200,0.12)", highlight: "rgba(200,200,200,0.12)",
                   hover: "rgba(200,200,200,0.12)" };
  var FONT = "#222";
  var HIDDEN_FONT = "rgba(0,0,0,0)";
  var LABEL_PX = 12;

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function safeUrl(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function tipElement(tip) {
    var box = el("div", "gk-tip");
    box.appendChild(el("div", "gk-tip-title", tip.title));
    if (tip.kind) box.appendChild(el("div", "gk-tip-kind", tip.kind));
    if (tip.rows.length) {
      var dl = el("dl");
      tip.rows.forEach(function (row) {
        dl.appendChild(el("dt", null, row[0]));
        dl.appendChild(el("dd", null, row[1]));
      });
      box.appendChild(dl);
    }
    if (tip.text) box.appendChild(el("p", "gk-tip-text", tip.text));
    return box;
  }

  // -- the graph -------------------------------------------------------------------------------

  var byId = new Map();
  var neighbours = new Map();   // node id -> Set of node ids (either direction)
  var paperLinks = new Map();   // node id -> ids of neighbouring papers (for topic/date filters)
  data.nodes.forEach(function (n) {
    byId.set(n.id, n);
    neighbours.set(n.id, new Set());
    paperLinks.set(n.id, []);
  });
  data.edges.forEach(function (e) {
    neighbours.get(e.from).add(e.to);
    neighbours.get(e.to).add(e.from);
    if (byId.get(e.to).kind === "Paper") paperLinks.get(e.from).push(e.to);
    if (byId.get(e.from).kind === "Paper") paperLinks.get(e.to).push(e.from);
  });

  // vis shows an Element title as is (a string would be shown as plain text, without layout)
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    return { id: n.id, label: n.label, kind: n.kind, shape: n.shape, color: n.color, value: n.value,
             x: n.x, y: n.y, borderWidth: n.borderWidth, title: tipElement(n.tip),
             font: { color: FONT, size: n.font.size }, hidden: false, dimmed: false };
  }));
  var edges = new vis.DataSet(data.edges.map(function (e) {
    return { id: e.id, from: e.from, to: e.to, kind: e.kind, width: e.width, color: e.color,
             arrows: e.arrows, title: tipElement(e.tip), hidden: false, dimmed: false };
  }));
  timings.dataReady = performance.now();
  var container = document.getElementById("graph");
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  network.fit({ animation: false });
  timings.networkBuilt = performance.now();
  window.network = network;
  window.nodes = nodes;
  window.edges = edges;
  network.once("afterDrawing", function () {
    timings.firstDraw = performance.now();
    document.body.dataset.ready = "1";
  });

  // -- filters ---------------------------------------------------------------------------------

  function checkedValues(selector) {
    var out = new Set();
    document.querySelectorAll(selector).forEach(function (box) { if (box.checked) out.add(box.value); });
    return out;
  }
  function value(id, fallback) {
    var input = document.getElementById(id);
    return input ? input.value : fallback;
  }

  var hidden = new Set();
  var hiddenEdges = new Set();

  function readFilters() {
    var dateFrom = document.getElementById("date-from");
    var dateTo = document.getElementById("date-to");
    return {
      labels: checkedValues(".label-toggle"),
      edgeTypes: checkedValues(".edge-toggle"),
      topic: value("topic-filter", ""),
      minScore: parseFloat(value("min-score", "0")) || 0,
      from: dateFrom ? dateFrom.value : "",
      to: dateTo ? dateTo.value : "",
      datesNarrowed: !!dateFrom && (dateFrom.value !== dateFrom.min || dateTo.value !== dateTo.max),
    };
  }

  function paperPasses(n, f) {
    if (f.topic && n.topic !== f.topic) return false;
    if (n.date && f.from && n.date < f.from) return false;
    if (n.date && f.to && n.date > f.to) return false;
    return true;
  }

  function nodeShown(n, f) {
    if (!f.labels.has(n.kind)) return false;
    if (n.kind === "Paper") return paperPasses(n, f);
    if (!f.topic && !f.datesNarrowed) return true;
    // an entity linked to papers stays while one of its papers passes the topic/date filters
    var papers = paperLinks.get(n.id);
    return papers.length === 0 || papers.some(function (p) { return paperPasses(byId.get(p), f); });
  }

  function applyFilters() {
    var f = readFilters();
    var nodeChanges = [];
    data.nodes.forEach(function (n) {
      var hide = !nodeShown(n, f);
      if (hide !== hidden.has(n.id)) {
        if (hide) hidden.add(n.id); else hidden.delete(n.id);
        nodeChanges.push({ id: n.id, hidden: hide });
      }
    });
    var edgeChanges = [];
    data.edges.forEach(function (e) {
      var hide = !f.edgeTypes.has(e.kind) || (e.score !== undefined && e.score < f.minScore);
      if (hide !== hiddenEdges.has(e.id)) {
        if (hide) hiddenEdges.add(e.id); else hiddenEdges.delete(e.id);
        edgeChanges.push({ id: e.id, hidden: hide });
      }
    });
    if (nodeChanges.length) nodes.update(nodeChanges);
    if (edgeChanges.length) edges.update(edgeChanges);
    if (selected && hidden.has(selected)) clearSelection();
    document.getElementById("shown-nodes").textContent = String(data.nodes.length - hidden.size);
    var out = document.getElementById("min-score-value");
    if (out) out.textContent = f.minScore.toFixed(2);
  }

  document.querySelectorAll(".label-toggle, .edge-toggle, #topic-filter, #date-from, #date-to")
    .forEach(function (input) { input.addEventListener("change", applyFilters); });
  var minScore = document.getElementById("min-score");
  if (minScore) minScore.addEventListener("input", applyFilters);

  // -- selection: neighbourhood highlight and details --------------------------------------------

  var selected = null;

  function highlight(id) {
    var keep = new Set(neighbours.get(id));
    keep.add(id);
    var readable = LABEL_PX / network.getScale();  // the neighbourhood's labels show at this zoom
    nodes.update(data.nodes.map(function (n) {
      var on = keep.has(n.id);
      return { id: n.id, color: on ? n.color : DIM_NODE, dimmed: !on,
               font: { color: on ? FONT : HIDDEN_FONT, size: on ? Math.max(n.font.size, readable) : n.font.size } };
    }));
    edges.update(data.edges.map(function (e) {
      var on = e.from === id || e.to === id;
      return { id: e.id, color: on ? e.color : DIM_EDGE, dimmed: !on };
    }));
  }

  function unhighlight() {
    nodes.update(data.nodes.map(function (n) {
      return { id: n.id, color: n.color, font: { color: FONT, size: n.font.size }, dimmed: false };
    }));
    edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color, dimmed: false }; }));
  }

  function showDetails(id) {
    var n = byId.get(id);
    var body = document.getElementById("details-body");
    body.replaceChildren(tipElement(n.tip));
    var url = safeUrl(n.url);
    if (url) {
      var p = el("p");
      var a = el("a", null, n.kind === "Paper" ? "Open the paper ↗" : url);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      p.appendChild(a);
      body.appendChild(p);
    }
    var shown = Array.from(neighbours.get(id)).filter(function (m) { return !hidden.has(m); }).length;
    body.appendChild(el("p", "hint", shown + " neighbour" + (shown === 1 ? "" : "s") + " shown"));
    document.getElementById("details").hidden = false;
  }

  function select(id) {
    selected = id;
    network.selectNodes([id]);
    highlight(id);
    showDetails(id);
  }

  function clearSelection() {
    if (selected !== null) unhighlight();
    selected = null;
    network.unselectAll();
    document.getElementById("details").hidden = true;
  }

  network.on("click", function (params) {
    if (params.nodes.length) select(params.nodes[0]);
    else if (!params.edges.length) clearSelection();
  });
  document.getElementById("details-close").addEventListener("click", clearSelection);
  document.addEventListener("keydown", function (ev) { if (ev.key === "Escape") clearSelection(); });

  // -- search ----------------------------------------------------------------------------------

  function fold(text) { return text.toLowerCase().split(/\s+/).filter(Boolean).join(" "); }

  function search(query) {
    var q = fold(query || "");
    var status = document.getElementById("search-status");
    if (!q) { status.textContent = ""; clearSelection(); return []; }
    var shown = data.nodes.filter(function (n) { return !hidden.has(n.id); });
    var found = shown.filter(function (n) { return n.search.indexOf(q) >= 0; });
    if (!found.length) {
      found = shown.filter(function (n) { return n.search.some(function (s) { return s.indexOf(q) >= 0; }); });
    }
    var ids = found.map(function (n) { return n.id; });
    if (ids.length === 1) {
      select(ids[0]);
      network.focus(ids[0], { scale: Math.max(network.getScale(), 1.2), animation: false });
      status.textContent = "1 match: " + found[0].label;
    } else if (ids.length) {
      if (selected !== null) unhighlight();
      selected = null;
      document.getElementById("details").hidden = true;
      network.selectNodes(ids);
      network.fit({ nodes: ids, animation: false });
      status.textContent = ids.length + " matches (selected)";
    } else {
      clearSelection();
      status.textContent = "No match" + (hidden.size ? " among the nodes shown" : "");
    }
    return ids;
  }

  document.getElementById("search").addEventListener("keydown", function (ev) {
    if (ev.key === "Enter") { ev.preventDefault(); search(ev.target.value); }
  });

  // the focus view opens with its centre selected
  if (data.focus.length) {
    network.once("afterDrawing", function () {
      network.selectNodes(data.focus);
      showDetails(data.focus[0]);
    });
  }

  window.graphkb = {
    data: data,
    timings: timings,
    search: search,
    select: select,
    clearSelection: clearSelection,
    applyFilters: applyFilters,
    visibleNodeIds: function () { return network.body.nodeIndices.slice(); },
  };
})();
