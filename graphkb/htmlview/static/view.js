/* graphkb HTML view: draws one view's graph with vis-network and wires the side panel.
 *
 * A page holds one or more views (the paper map, all nodes, ...): each has its panel in a
 * <template id="panel-NAME"> and its data in <script id="graph-data-NAME">; mount(NAME) shows one.
 * Page-level globals, as on pyvis pages: window.network (vis.Network), window.nodes and
 * window.edges (vis.DataSet) of the view shown. window.graphkb offers search/pick/select/clear/show.
 * All text from the graph goes into the page through textContent, never as HTML.
 * document.body.dataset.ready is "1" once the view's first frame is drawn.
 */
(function () {
  "use strict";
  var timings = { scriptStart: performance.now() };
  var DIM_NODE = { background: "rgba(200,200,200,0.35)", border: "rgba(170,170,170,0.5)" };
  var DIM_EDGE = { color: "rgba(200,200,200,0.12)", highlight: "rgba(200,200,200,0.12)",
                   hover: "rgba(200,200,200,0.12)" };
  var FONT = "#222";
  // a dimmed node's label is not drawn at all: no text and no white outline over the highlighted ones
  var DIM_FONT = { color: "rgba(0,0,0,0)", strokeWidth: 0 };
  var LABEL_PX = 12;
  var REGION_PX = 15;   // the paper map's topic names, in screen pixels at any zoom
  var PICK_SLACK_PX = 3;
  var RESULTS_PER_GROUP = 8;
  var PLURAL = { Paper: "Papers", Method: "Methods", Benchmark: "Benchmarks", Task: "Tasks", Concept: "Concepts",
                 Topic: "Topics", Repository: "Repositories", Author: "Authors" };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function byId(id) { return document.getElementById(id); }
  function safeUrl(url) { return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null; }
  function plural(n, word) { return n + " " + word + (n === 1 ? "" : "s"); }

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

  /* Case-, accent- and spacing-insensitive, as graphkb.htmlview.focus.fold folds the names. */
  function fold(text) {
    return String(text || "").normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .split(/\s+/).filter(Boolean).join(" ");
  }

  var tooltip = el("div", "gk-tooltip");
  tooltip.hidden = true;
  document.body.appendChild(tooltip);

  var current = null;   // the mounted view: { name, destroy }
  var parsed = {};

  function viewData(name) {
    if (!parsed[name]) parsed[name] = JSON.parse(byId("graph-data-" + name).textContent);
    return parsed[name];
  }

  function mount(name) {
    if (current) current.destroy();
    document.body.dataset.ready = "0";
    document.body.dataset.view = name;
    document.querySelectorAll("#view-tabs [role=tab]").forEach(function (tab) {
      tab.setAttribute("aria-selected", tab.dataset.view === name ? "true" : "false");
    });
    var panel = byId("view-panel");
    panel.replaceChildren(byId("panel-" + name).content.cloneNode(true));
    current = mountView(name, viewData(name));
  }

  function mountView(name, data) {
    var stop = new AbortController();   // removes this view's listeners on document
    var listen = { signal: stop.signal };

    // -- the graph -----------------------------------------------------------------------------

    var info = new Map();       // node id -> its item
    var neighbours = new Map(); // node id -> Set of node ids (either direction)
    var paperLinks = new Map(); // node id -> ids of neighbouring papers (for topic/date filters)
    var edgeInfo = new Map();
    data.nodes.forEach(function (n) {
      info.set(n.id, n);
      neighbours.set(n.id, new Set());
      paperLinks.set(n.id, []);
    });
    data.edges.forEach(function (e) {
      edgeInfo.set(e.id, e);
      neighbours.get(e.from).add(e.to);
      neighbours.get(e.to).add(e.from);
      if (info.get(e.to).kind === "Paper") paperLinks.get(e.from).push(e.to);
      if (info.get(e.from).kind === "Paper") paperLinks.get(e.to).push(e.from);
    });
    var regions = new Map();    // the paper map's topics: id -> region (name, colour, tip, more, x, y, r)
    (data.regions || []).forEach(function (r) { regions.set(r.id, r); });

    var nodes = new vis.DataSet(data.nodes.map(function (n) {
      return { id: n.id, label: n.label, kind: n.kind, shape: n.shape, color: n.color, value: n.value,
               x: n.x, y: n.y, borderWidth: n.borderWidth,
               font: { color: FONT, size: n.font.size }, hidden: false, dimmed: false };
    }));
    var edges = new vis.DataSet(data.edges.map(function (e) {
      return { id: e.id, from: e.from, to: e.to, kind: e.kind, width: e.width, color: e.color,
               arrows: e.arrows, hidden: false, dimmed: false };
    }));
    timings.dataReady = performance.now();
    var container = byId("graph");
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    pickByShape(network);
    network.fit({ animation: false });
    timings.networkBuilt = performance.now();
    window.network = network;
    window.nodes = nodes;
    window.edges = edges;
    network.once("afterDrawing", function () {
      timings.firstDraw = performance.now();
      document.body.dataset.ready = "1";
    });

    // -- the paper map's regions: a soft disc per topic, its name written above it ---------------

    var shownTopics = null;     // topics with a paper shown (null: all)
    if (regions.size) {
      network.on("beforeDrawing", function (ctx) {
        regions.forEach(function (r) {
          if (shownTopics && !shownTopics.has(r.id)) return;
          ctx.beginPath();
          ctx.arc(r.x, r.y, r.r, 0, 2 * Math.PI);
          ctx.fillStyle = r.colour + "16";
          ctx.fill();
        });
      });
      network.on("afterDrawing", function (ctx) {
        var scale = network.getScale();
        var size = REGION_PX / scale;
        ctx.save();
        ctx.font = "600 " + size + "px system-ui, -apple-system, Segoe UI, sans-serif";
        ctx.textAlign = "center";
        ctx.textBaseline = "middle";
        ctx.lineJoin = "round";
        ctx.globalAlpha = selected === null ? 1 : 0.35;
        var placed = [];
        regions.forEach(function (r) {   // biggest topic first; a name that would overlap one placed waits
          if (shownTopics && !shownTopics.has(r.id)) return;
          var w = ctx.measureText(r.name).width;
          var box = { l: r.x - w / 2, r: r.x + w / 2, t: r.y - 0.7 * size, b: r.y + 0.7 * size };
          if (placed.some(function (o) { return box.l < o.r && o.l < box.r && box.t < o.b && o.t < box.b; })) return;
          placed.push(box);
          ctx.lineWidth = 5 / scale;
          ctx.strokeStyle = "rgba(255,255,255,0.85)";
          ctx.strokeText(r.name, r.x, r.y);
          ctx.fillStyle = r.label_colour || "#333";
          ctx.fillText(r.name, r.x, r.y);
        });
        ctx.restore();
      });
    }

    // -- filters -------------------------------------------------------------------------------

    function checkedValues(selector) {
      var out = new Set();
      document.querySelectorAll(selector).forEach(function (box) { if (box.checked) out.add(box.value); });
      return out;
    }
    function value(id, fallback) {
      var input = byId(id);
      return input ? input.value : fallback;
    }

    var hidden = new Set();
    var hiddenEdges = new Set();

    function readFilters() {
      var dateFrom = byId("date-from");
      var dateTo = byId("date-to");
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
      return papers.length === 0 || papers.some(function (p) { return paperPasses(info.get(p), f); });
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
      if (regions.size) {
        shownTopics = new Set();
        data.nodes.forEach(function (n) { if (n.topic && !hidden.has(n.id)) shownTopics.add(n.topic); });
      }
      byId("shown-nodes").textContent = String(data.nodes.length - hidden.size);
      var out = byId("min-score-value");
      if (out) out.textContent = f.minScore.toFixed(2);
      // what is left fills the window
      if (nodeChanges.length && hidden.size < data.nodes.length) {
        network.fit({ nodes: data.nodes.filter(function (n) { return !hidden.has(n.id); })
                                         .map(function (n) { return n.id; }), maxZoomLevel: 2, animation: false });
      }
    }

    document.querySelectorAll(".label-toggle, .edge-toggle, #date-from, #date-to")
      .forEach(function (input) { input.addEventListener("change", applyFilters); });
    var minScore = byId("min-score");
    if (minScore) minScore.addEventListener("input", applyFilters);
    var topicFilter = byId("topic-filter");
    if (topicFilter) {
      topicFilter.addEventListener("change", function () {
        applyFilters();
        if (topicFilter.value) showTopic(topicFilter.value);
        else if (selected === null) byId("details").hidden = true;
      });
    }
    var asOf = byId("as-of");
    if (asOf) {
      asOf.addEventListener("input", function () {
        var day = data.dates[Number(asOf.value)];
        byId("as-of-value").textContent = day;
        byId("date-to").value = day;
        applyFilters();
      });
    }

    // -- picking: the node under the pointer is the one whose drawn shape holds it -------------------

    /* vis-network picks by each node's bounding square and takes the last one listed, so in a dense
       core a click or hover lands on a neighbour. Here the node whose centre is nearest the pointer,
       among those whose shape (radius + a few pixels) holds it, is the one picked (clicks, hover,
       drag: vis-network asks getNodeAt for all of them). */
    function pickByShape(net) {
      var handler = net.selectionHandler;
      handler.getNodeAt = function (pointer, returnNode) {
        var p = net.canvas.DOMtoCanvas(pointer);
        var slack = PICK_SLACK_PX / net.getScale();
        var best = null;
        var bestDist = Infinity;
        net.body.nodeIndices.forEach(function (id) {
          var node = net.body.nodes[id];
          var dx = node.x - p.x;
          var dy = node.y - p.y;
          var reach = node.options.size + slack;
          var d2 = dx * dx + dy * dy;
          if (d2 <= reach * reach && d2 <= bestDist) { best = node; bestDist = d2; }
        });
        if (best === null) return undefined;
        return returnNode === false ? best.id : best;
      };
    }

    // -- tooltips (our own: vis-network's popup picks by bounding box too) -----------------------

    function showTooltip(tip, pointer) {
      tooltip.replaceChildren(tipElement(tip));
      tooltip.hidden = false;
      var r = container.getBoundingClientRect();
      var x = r.left + pointer.x + 14;
      var y = r.top + pointer.y + 14;
      var w = tooltip.offsetWidth;
      var h = tooltip.offsetHeight;
      tooltip.style.left = Math.max(0, Math.min(x, window.innerWidth - w - 4)) + "px";
      tooltip.style.top = Math.max(0, Math.min(y, window.innerHeight - h - 4)) + "px";
    }
    function hideTooltip() { tooltip.hidden = true; }
    network.on("hoverNode", function (params) { showTooltip(info.get(params.node).tip, params.pointer.DOM); });
    network.on("hoverEdge", function (params) { showTooltip(edgeInfo.get(params.edge).tip, params.pointer.DOM); });
    network.on("blurNode", hideTooltip);
    network.on("blurEdge", hideTooltip);
    network.on("dragStart", hideTooltip);
    network.on("zoom", hideTooltip);
    container.addEventListener("mouseleave", hideTooltip, listen);

    // -- selection: neighbourhood highlight and details -----------------------------------------

    var selected = null;

    function highlight(id) {
      var keep = new Set(neighbours.get(id));
      keep.add(id);
      var readable = LABEL_PX / network.getScale();  // the neighbourhood's labels show at this zoom
      nodes.update(data.nodes.map(function (n) {
        var on = keep.has(n.id);
        return { id: n.id, color: on ? n.color : DIM_NODE, dimmed: !on,
                 font: on ? { color: FONT, size: Math.max(n.font.size, readable), strokeWidth: 3 }
                          : { color: DIM_FONT.color, size: n.font.size, strokeWidth: DIM_FONT.strokeWidth } };
      }));
      edges.update(data.edges.map(function (e) {
        var on = e.from === id || e.to === id;
        return { id: e.id, color: on ? e.color : DIM_EDGE, dimmed: !on };
      }));
      // vis-network draws nodes in the order of body.nodeIndices (the selected one last): the
      // neighbourhood goes after the dimmed nodes, so that none of them is drawn over it
      var order = network.body.nodeIndices;
      var front = order.filter(function (n) { return keep.has(n); });
      var back = order.filter(function (n) { return !keep.has(n); });
      order.length = 0;
      Array.prototype.push.apply(order, back.concat(front));
      network.redraw();
    }

    function unhighlight() {
      nodes.update(data.nodes.map(function (n) {
        return { id: n.id, color: n.color, font: { color: FONT, size: n.font.size, strokeWidth: 3 }, dimmed: false };
      }));
      edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color, dimmed: false }; }));
    }

    function link(text, url) {
      var a = el("a", null, text);
      a.href = url;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      return a;
    }

    /* The panel below the tooltip's text: links, evidence sentences (names marked), lists of nodes. */
    function moreElements(body, more) {
      var links = (more.links || []).map(function (l) { return [l[0], safeUrl(l[1])]; })
        .filter(function (l) { return l[1]; });
      if (links.length) {
        var p = el("p", "links");
        links.forEach(function (l) { p.appendChild(link(l[0], l[1])); });
        body.appendChild(p);
      }
      if (more.evidence && more.evidence.length) {
        body.appendChild(el("h3", null, "Evidence"));
        var ul = el("ul", "evidence");
        more.evidence.forEach(function (pieces) {
          var li = el("li");
          pieces.forEach(function (piece) { li.appendChild(piece[1] ? el("mark", null, piece[0]) : document.createTextNode(piece[0])); });
          ul.appendChild(li);
        });
        body.appendChild(ul);
      }
      (more.lists || []).forEach(function (list) {
        body.appendChild(el("h3", null, list[0]));
        var ol = el("ol", "related");
        list[1].forEach(function (entry) {
          var li = el("li");
          li.dataset.id = entry[0];
          if (info.has(entry[0])) {
            var b = el("button", "pick", entry[1]);
            b.type = "button";
            b.addEventListener("click", function () { pick(entry[0]); });
            li.appendChild(b);
          } else {
            li.appendChild(el("span", null, entry[1]));
          }
          if (entry[2]) li.appendChild(el("span", "note", " " + entry[2]));
          ol.appendChild(li);
        });
        body.appendChild(ol);
      });
    }

    function showDetails(id) {
      var n = info.get(id);
      var body = byId("details-body");
      body.replaceChildren(tipElement(n.tip));
      moreElements(body, n.more || {});
      var shown = Array.from(neighbours.get(id)).filter(function (m) { return !hidden.has(m); }).length;
      body.appendChild(el("p", "hint", plural(shown, "neighbour") + " shown"));
      byId("details").hidden = false;
    }

    /* A topic's panel: its papers best first and its entities (the map has no topic nodes). */
    function showTopic(topic) {
      if (info.has(topic)) { showDetails(topic); return; }
      var r = regions.get(topic);
      if (!r) return;
      var body = byId("details-body");
      body.replaceChildren(tipElement(r.tip));
      moreElements(body, r.more || {});
      byId("details").hidden = false;
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
      byId("details").hidden = true;
    }

    network.on("click", function (params) {
      if (params.nodes.length) select(params.nodes[0]);
      else if (!params.edges.length) clearSelection();
    });
    byId("details-close").addEventListener("click", clearSelection);
    document.addEventListener("keydown", function (ev) {
      if (ev.key === "Escape" && ev.target !== searchBox) clearSelection();
    }, listen);

    // -- search: ranked matches, grouped by kind, to pick from ------------------------------------

    var searchBox = byId("search");
    var resultsBox = byId("search-results");
    var status = byId("search-status");
    var results = [];   // the ids listed, in order
    var active = -1;

    function isWordStart(s, at) { return at === 0 || !/[\p{L}\p{N}]/u.test(s.charAt(at - 1)); }

    /* 0 a name is the query, 1 a name starts with it, 2 a word of a name does, 3 a name contains it,
       4 a name contains every word of it, 5 the abstract contains it; -1 no match. */
    function rank(terms, text, q, words) {
      var best = -1;
      for (var i = 0; i < terms.length; i++) {
        var s = terms[i];
        var at = s.indexOf(q);
        var r = -1;
        if (s === q) r = 0;
        else if (at === 0) r = 1;
        else if (at > 0) r = isWordStart(s, at) ? 2 : 3;
        else if (words.length > 1 && words.every(function (w) { return s.indexOf(w) >= 0; })) r = 4;
        if (r >= 0 && (best < 0 || r < best)) best = r;
        if (best === 0) return 0;
      }
      if (best < 0 && text && text.indexOf(q) >= 0) best = 5;
      return best;
    }

    /* Every match among the shown nodes (and the map's topics), best first: [{id, kind, name, rank}]. */
    function matches(query) {
      var q = fold(query);
      if (!q) return [];
      var words = q.split(" ");
      var found = [];
      data.nodes.forEach(function (n) {
        if (hidden.has(n.id)) return;
        var r = rank(n.search, n.text, q, words);
        if (r >= 0) found.push({ id: n.id, kind: n.kind, name: n.tip.title, rank: r, value: n.value });
      });
      regions.forEach(function (t) {
        var r = rank(t.search, null, q, words);
        if (r >= 0) found.push({ id: t.id, kind: "Topic", name: t.name, rank: r, value: t.count });
      });
      found.sort(function (a, b) {
        return a.rank - b.rank || b.value - a.value || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
      });
      return found;
    }

    /* Groups in the order of their best match, each listing its best RESULTS_PER_GROUP (more on demand). */
    function renderResults(found, expanded) {
      resultsBox.replaceChildren();
      results = [];
      var groups = new Map();
      found.forEach(function (m) {
        if (!groups.has(m.kind)) groups.set(m.kind, []);
        groups.get(m.kind).push(m);
      });
      groups.forEach(function (list, kind) {
        var group = el("div", "group");
        group.setAttribute("role", "group");
        var head = el("div", "group-head");
        head.appendChild(el("span", "kind", PLURAL[kind] || kind));
        head.appendChild(el("span", "count", list.length));
        group.appendChild(head);
        var shown = expanded === kind ? list : list.slice(0, RESULTS_PER_GROUP);
        shown.forEach(function (m) {
          var opt = el("div", "option", m.name);
          opt.setAttribute("role", "option");
          opt.id = "result-" + results.length;
          opt.dataset.id = m.id;
          opt.addEventListener("mousedown", function (ev) { ev.preventDefault(); pick(m.id); });
          results.push(m.id);
          group.appendChild(opt);
        });
        if (shown.length < list.length) {
          var more = el("button", "more", "show all " + list.length);
          more.type = "button";
          more.addEventListener("mousedown", function (ev) { ev.preventDefault(); renderResults(found, kind); });
          group.appendChild(more);
        }
        resultsBox.appendChild(group);
      });
      resultsBox.hidden = results.length === 0;
      searchBox.setAttribute("aria-expanded", results.length ? "true" : "false");
      setActive(results.length ? 0 : -1);
    }

    function setActive(i) {
      active = i;
      resultsBox.querySelectorAll(".option").forEach(function (opt, j) {
        opt.classList.toggle("active", j === i);
        opt.setAttribute("aria-selected", j === i ? "true" : "false");
        if (j === i) opt.scrollIntoView({ block: "nearest" });
      });
      if (i >= 0) searchBox.setAttribute("aria-activedescendant", "result-" + i);
      else searchBox.removeAttribute("aria-activedescendant");
    }

    function closeResults() {
      resultsBox.hidden = true;
      searchBox.setAttribute("aria-expanded", "false");
    }

    /* List the matches of `query`; returns their ids, best first. */
    function search(query) {
      var found = matches(query || "");
      renderResults(found);
      if (!fold(query || "")) status.textContent = "";
      else if (!found.length) {
        status.textContent = "No match" + (hidden.size ? " among the nodes shown" : "");
        clearSelection();
      }
      else status.textContent = found.length + (found.length === 1 ? " match" : " matches");
      return found.map(function (m) { return m.id; });
    }

    /* Go to one node (select it, zoom to it) or, on the map, one topic (filter to it, show its panel). */
    function pick(id) {
      closeResults();
      if (regions.has(id) && !info.has(id)) {
        clearSelection();
        if (topicFilter) topicFilter.value = id;
        applyFilters();
        showTopic(id);
        status.textContent = "Topic: " + regions.get(id).name;
        return;
      }
      if (!info.has(id)) return;
      if (hidden.has(id)) return;
      select(id);
      network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
      status.textContent = info.get(id).tip.title;
    }

    searchBox.addEventListener("input", function () { search(searchBox.value); });
    searchBox.addEventListener("focus", function () { if (results.length && searchBox.value) resultsBox.hidden = false; });
    searchBox.addEventListener("blur", closeResults);
    searchBox.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (resultsBox.hidden) { search(searchBox.value); return; }
        if (!results.length) return;
        var step = ev.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + results.length) % results.length);
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        if (resultsBox.hidden || !results.length) search(searchBox.value);
        if (results.length) pick(results[Math.max(active, 0)]);
      } else if (ev.key === "Escape") {
        if (!resultsBox.hidden) closeResults(); else { searchBox.value = ""; search(""); clearSelection(); }
      }
    });

    // the focus view opens with its centre selected
    if (data.focus.length) {
      network.once("afterDrawing", function () {
        network.selectNodes(data.focus);
        showDetails(data.focus[0]);
      });
    }

    window.graphkb.data = data;
    window.graphkb.view = name;
    window.graphkb.search = search;
    window.graphkb.matches = matches;
    window.graphkb.pick = pick;
    window.graphkb.select = select;
    window.graphkb.clearSelection = clearSelection;
    window.graphkb.applyFilters = applyFilters;
    window.graphkb.visibleNodeIds = function () { return network.body.nodeIndices.slice(); };

    return {
      name: name,
      destroy: function () {
        stop.abort();
        hideTooltip();
        network.destroy();
      },
    };
  }

  window.graphkb = { timings: timings, show: mount };
  document.querySelectorAll("#view-tabs [role=tab]").forEach(function (tab) {
    tab.addEventListener("click", function () { if (!current || current.name !== tab.dataset.view) mount(tab.dataset.view); });
  });
  mount(document.body.dataset.view);
})();
