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
  var MAX_LABEL_PX = 16;  // no node label grows past this on screen
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
    if (tip.spark) box.appendChild(sparkElement(tip.spark));
    if (tip.text) box.appendChild(el("p", "gk-tip-text", tip.text));
    return box;
  }

  /* "2025-07" -> "2025-08" */
  function nextMonth(month) {
    var y = Number(month.slice(0, 4));
    var m = Number(month.slice(5, 7));
    return m === 12 ? (y + 1) + "-01" : y + "-" + (m < 9 ? "0" : "") + (m + 1);
  }

  /* An entity's papers per month as a small inline SVG bar chart: one bar per month of the page's
     axis (spark.start on), scaled to its busiest month; a month without papers is a thin line.
     Months after the as-of date (the date filter's end) are drawn faded. */
  var SVG = "http://www.w3.org/2000/svg";
  var SPARK_BAR = 8;
  var SPARK_HEIGHT = 26;
  var sparkUntil = null;  // YYYY-MM: the end of the date filter, when it is narrowed
  function sparkElement(spark) {
    var counts = spark.counts;
    var peak = Math.max.apply(null, counts.concat([1]));
    var svg = document.createElementNS(SVG, "svg");
    var width = counts.length * SPARK_BAR;
    svg.setAttribute("class", "gk-spark");
    svg.setAttribute("width", String(width));
    svg.setAttribute("height", String(SPARK_HEIGHT));
    svg.setAttribute("viewBox", "0 0 " + width + " " + SPARK_HEIGHT);
    svg.setAttribute("role", "img");
    var month = spark.start;
    var first = month;
    var last = month;
    counts.forEach(function (n, i) {
      var h = n > 0 ? Math.max(2, Math.round((SPARK_HEIGHT - 2) * n / peak)) : 1;
      var bar = document.createElementNS(SVG, "rect");
      bar.setAttribute("x", String(i * SPARK_BAR + 0.5));
      bar.setAttribute("y", String(SPARK_HEIGHT - h));
      bar.setAttribute("width", String(SPARK_BAR - 1));
      bar.setAttribute("height", String(h));
      bar.setAttribute("class", (n > 0 ? "bar" : "bar none") + (sparkUntil && month > sparkUntil ? " later" : ""));
      bar.dataset.month = month;
      bar.dataset.count = String(n);
      var title = document.createElementNS(SVG, "title");
      title.textContent = month + ": " + plural(n, "paper");
      bar.appendChild(title);
      svg.appendChild(bar);
      last = month;
      month = nextMonth(month);
    });
    var label = "Papers per month, " + first + " to " + last;
    svg.setAttribute("aria-label", label);
    var box = el("div", "gk-spark-box");
    box.appendChild(el("div", "gk-spark-label", label));
    box.appendChild(svg);
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

  // -- renderers: vis-network (canvas) and sigma.js (WebGL) behind one small interface ---------------
  //
  // create(container, data, hooks) -> { setHidden, fit, focus, highlight, unhighlight, select, selectedIds,
  //   visibleIds, scale, toScreen, afterFirstDraw, destroy }; hooks: ready, click(id|null), hoverNode,
  //   hoverEdge, blur, drawUnder(ctx), drawOver(ctx) (ctx in screen pixels of the graph area).

  function visRenderer(container, data, hooks) {
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
    var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
    pickByShape(network);
    network.fit({ animation: false });
    window.network = network;
    window.nodes = nodes;
    window.edges = edges;
    network.once("afterDrawing", hooks.ready);

    function screenContext(ctx, draw) {
      var ratio = network.canvas.pixelRatio || 1;
      ctx.save();
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      draw(ctx);
      ctx.restore();
    }
    if (hooks.drawUnder) network.on("beforeDrawing", function (ctx) { screenContext(ctx, hooks.drawUnder); });
    if (hooks.drawOver) network.on("afterDrawing", function (ctx) { screenContext(ctx, hooks.drawOver); });
    network.on("click", function (params) {
      if (params.nodes.length) hooks.click(params.nodes[0]);
      else if (!params.edges.length) hooks.click(null);
    });
    network.on("hoverNode", function (params) { hooks.hoverNode(params.node, params.pointer.DOM); });
    /* A label's font is in graph units, so zooming in makes it grow: past MAX_LABEL_PX on screen it is
       held there (the labels that appear as you zoom in still do, from vis-network's draw threshold). */
    var keepNow = null;
    function fontOf(n) {
      var cap = MAX_LABEL_PX / network.getScale();
      if (keepNow === null) return { color: FONT, size: Math.min(n.font.size, cap), strokeWidth: 3 };
      if (!keepNow.has(n.id)) return { color: DIM_FONT.color, size: n.font.size, strokeWidth: DIM_FONT.strokeWidth };
      return { color: FONT, size: Math.min(Math.max(n.font.size, LABEL_PX / network.getScale()), cap), strokeWidth: 3 };
    }
    var capped = -1;
    function capLabels() {
      var scale = network.getScale();
      if (Math.abs(scale - capped) < 1e-6) return;
      capped = scale;
      nodes.update(data.nodes.map(function (n) { return { id: n.id, font: fontOf(n) }; }));
    }
    network.on("zoom", capLabels);
    network.on("hoverEdge", function (params) { hooks.hoverEdge(params.edge, params.pointer.DOM); });
    ["blurNode", "blurEdge", "dragStart", "zoom"].forEach(function (ev) { network.on(ev, hooks.blur); });

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

    return {
      setHidden: function (nodeChanges, edgeChanges) {
        if (nodeChanges.length) nodes.update(nodeChanges);
        if (edgeChanges.length) edges.update(edgeChanges);
      },
      fit: function (ids) { network.fit({ nodes: ids, maxZoomLevel: 2, animation: false }); capLabels(); },
      focus: function (id) {
        network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: false });
        capLabels();
      },
      highlight: function (keep, centre) {
        keepNow = keep;  // the neighbourhood's labels show at this zoom; the others not at all
        nodes.update(data.nodes.map(function (n) {
          var on = keep.has(n.id);
          return { id: n.id, color: on ? n.color : DIM_NODE, dimmed: !on, font: fontOf(n) };
        }));
        edges.update(data.edges.map(function (e) {
          var on = e.from === centre || e.to === centre;
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
      },
      unhighlight: function () {
        keepNow = null;
        nodes.update(data.nodes.map(function (n) {
          return { id: n.id, color: n.color, font: fontOf(n), dimmed: false };
        }));
        edges.update(data.edges.map(function (e) { return { id: e.id, color: e.color, dimmed: false }; }));
      },
      select: function (ids) { if (ids.length) network.selectNodes(ids); else network.unselectAll(); },
      selectedIds: function () { return network.getSelectedNodes(); },
      visibleIds: function () { return network.body.nodeIndices.slice(); },
      scale: function () { return network.getScale(); },
      toScreen: function (x, y) { return network.canvasToDOM({ x: x, y: y }); },
      afterFirstDraw: function (fn) { network.once("afterDrawing", fn); },
      redraw: function () { network.redraw(); },
      nextFrame: function (fn) { network.once("afterDrawing", function () { fn(performance.now()); }); },
      destroy: function () { network.destroy(); },
    };
  }

  function webglRenderer(container, data, hooks) {
    var lib = window.graphkbWebgl;
    var graph = new lib.Graph({ multi: true, type: "directed" });
    var values = data.nodes.map(function (n) { return n.value; });
    var lo = Math.min.apply(null, values.concat([1]));
    var hi = Math.max.apply(null, values.concat([1]));
    data.nodes.forEach(function (n) {
      // graph y grows upwards in sigma.js: flip it, so that both renderers draw the same picture
      graph.addNode(n.id, { x: n.x, y: -n.y, label: n.label, color: n.color,
                            size: hi > lo ? 2 + 10 * (n.value - lo) / (hi - lo) : 5 });
    });
    data.edges.forEach(function (e) {
      graph.addDirectedEdgeWithKey(e.id, e.from, e.to, { color: e.color.color, strong: e.color.highlight,
                                                          size: 0.6 + Math.min(e.width, 6) / 4 });
    });
    timings.dataReady = performance.now();
    var hiddenNodes = new Set();
    var hiddenEdges = new Set();
    var keep = null;
    var centre = null;
    var selected = [];
    var under = el("canvas", "gk-layer");
    container.appendChild(under);
    var renderer = new lib.Sigma(graph, container, {
      // many edges: one-pixel GL lines; fewer: sigma's default (quads with a width)
      defaultEdgeType: data.edges.length > 20000 ? "thin" : "line", edgeProgramClasses: { thin: lib.EdgeLineProgram },
      renderEdgeLabels: false, enableEdgeEvents: data.edges.length <= 20000,
      hideEdgesOnMove: data.edges.length > 20000, hideLabelsOnMove: data.edges.length > 20000, labelRenderedSizeThreshold: 7, labelDensity: 0.5,
      labelFont: "system-ui, -apple-system, Segoe UI, sans-serif", zIndex: true, allowInvalidContainer: true,
      nodeReducer: function (id, attrs) {
        if (keep === null && hiddenNodes.size === 0 && selected.length === 0) return attrs;  // the common case
        var out = Object.assign({}, attrs);
        if (hiddenNodes.has(id)) out.hidden = true;
        if (keep !== null) {
          if (keep.has(id)) { out.zIndex = 1; out.forceLabel = true; }
          else { out.color = "#e4e4e4"; out.label = ""; out.zIndex = 0; }
        }
        if (selected.indexOf(id) >= 0) out.highlighted = true;
        return out;
      },
      edgeReducer: function (id, attrs) {
        if (centre === null && hiddenEdges.size === 0) return attrs;
        var out = Object.assign({}, attrs);
        if (hiddenEdges.has(id)) out.hidden = true;
        if (centre !== null) {
          var ends = graph.extremities(id);
          if (ends[0] !== centre && ends[1] !== centre) { out.color = "#f0f0f0"; out.zIndex = 0; }
          else { out.color = attrs.strong; out.size = attrs.size + 1; out.zIndex = 1; }
        }
        return out;
      },
    });
    var over = el("canvas", "gk-layer");
    container.appendChild(over);
    window.renderer = renderer;
    window.graph = graph;

    function layer(canvas, draw) {
      var ratio = window.devicePixelRatio || 1;
      var w = container.clientWidth;
      var h = container.clientHeight;
      if (canvas.width !== Math.round(w * ratio) || canvas.height !== Math.round(h * ratio)) {
        canvas.width = Math.round(w * ratio);
        canvas.height = Math.round(h * ratio);
        canvas.style.width = w + "px";
        canvas.style.height = h + "px";
      }
      var ctx = canvas.getContext("2d");
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      if (draw) draw(ctx);
    }
    var first = [];
    var drawn = false;
    renderer.on("afterRender", function () {
      layer(under, hooks.drawUnder);
      layer(over, hooks.drawOver);
      if (!drawn) {
        drawn = true;
        hooks.ready();
        first.forEach(function (fn) { fn(); });
      }
    });
    renderer.on("clickNode", function (ev) { hooks.click(ev.node); });
    renderer.on("clickStage", function () { hooks.click(null); });
    renderer.on("enterNode", function (ev) { hooks.hoverNode(ev.node, { x: ev.event.x, y: ev.event.y }); });
    renderer.on("enterEdge", function (ev) { hooks.hoverEdge(ev.edge, { x: ev.event.x, y: ev.event.y }); });
    renderer.on("leaveNode", hooks.blur);
    renderer.on("leaveEdge", hooks.blur);
    renderer.getCamera().on("updated", hooks.blur);
    // sigma.js draws its first frame on the next animation frame (no second, synchronous render
    // here: on a big graph each costs seconds); should it have drawn already, say so two frames on
    requestAnimationFrame(function () { requestAnimationFrame(function () { if (!drawn) renderer.refresh(); }); });

    function toScreen(x, y) { return renderer.graphToViewport({ x: x, y: -y }); }

    return {
      setHidden: function (nodeChanges, edgeChanges, nodeSet, edgeSet) {
        hiddenNodes = new Set(nodeSet);
        hiddenEdges = new Set(edgeSet);
        renderer.refresh();
      },
      fit: function (ids) {
        var xs = [];
        var ys = [];
        ids.forEach(function (id) {
          var d = renderer.getNodeDisplayData(id);
          if (d) { xs.push(d.x); ys.push(d.y); }
        });
        if (!xs.length) return;
        var x0 = Math.min.apply(null, xs), x1 = Math.max.apply(null, xs);
        var y0 = Math.min.apply(null, ys), y1 = Math.max.apply(null, ys);
        renderer.getCamera().setState({ x: (x0 + x1) / 2, y: (y0 + y1) / 2,
                                        ratio: Math.max(0.02, 1.15 * Math.max(x1 - x0, y1 - y0)) });
      },
      focus: function (id) {
        var d = renderer.getNodeDisplayData(id);
        var camera = renderer.getCamera();
        if (d) camera.setState({ x: d.x, y: d.y, ratio: Math.min(camera.getState().ratio, 0.3) });
      },
      highlight: function (set, id) { keep = set; centre = id; renderer.refresh(); },
      unhighlight: function () { keep = null; centre = null; renderer.refresh(); },
      select: function (ids) { selected = ids.slice(); renderer.refresh(); },
      selectedIds: function () { return selected.slice(); },
      visibleIds: function () { return data.nodes.filter(function (n) { return !hiddenNodes.has(n.id); })
                                                 .map(function (n) { return n.id; }); },
      scale: function () {
        var a = toScreen(0, 0);
        var b = toScreen(1, 0);
        return Math.abs(b.x - a.x);
      },
      toScreen: toScreen,
      afterFirstDraw: function (fn) { if (drawn) fn(); else first.push(fn); },
      redraw: function () { renderer.refresh(); },
      nextFrame: function (fn) { renderer.once("afterRender", function () { fn(performance.now()); }); },
      destroy: function () { renderer.kill(); under.remove(); over.remove(); },
    };
  }

  function mount(name) {
    if (current) current.destroy();
    sparkUntil = null;
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
      var look = data.edge_styles[e.kind];
      e.color = look.color;
      e.arrows = look.arrows;
      edgeInfo.set(e.id, e);
      neighbours.get(e.from).add(e.to);
      neighbours.get(e.to).add(e.from);
      if (info.get(e.to).kind === "Paper") paperLinks.get(e.from).push(e.to);
      if (info.get(e.from).kind === "Paper") paperLinks.get(e.to).push(e.from);
    });
    var regions = new Map();    // the paper map's topics: id -> region (name, colour, tip, more, x, y, r)
    (data.regions || []).forEach(function (r) { regions.set(r.id, r); });

    /* An edge's tooltip: its ends (by their names) and what the payload says about it. */
    function edgeTip(e) {
      var rows = [["From", info.get(e.from).tip.title], ["To", info.get(e.to).tip.title]].concat(e.tip.rows);
      return { title: e.kind.replace(/_/g, " ").toLowerCase(), kind: "", rows: rows, text: e.tip.text };
    }

    var container = byId("graph");
    var selected = null;
    var shownTopics = null;     // the paper map's topics with a paper shown (null: all)
    var view = (data.renderer === "webgl" ? webglRenderer : visRenderer)(container, data, {
      ready: function () {
        timings.firstDraw = performance.now();
        document.body.dataset.ready = "1";
      },
      click: function (id) { if (id !== null) select(id); else clearSelection(); },
      hoverNode: function (id, pointer) { showTooltip(info.get(id).tip, pointer); },
      hoverEdge: function (id, pointer) { showTooltip(edgeTip(edgeInfo.get(id)), pointer); },
      blur: function () { hideTooltip(); },
      drawUnder: regions.size ? drawRegionDiscs : null,
      drawOver: regions.size ? drawRegionNames : null,
    });
    timings.networkBuilt = performance.now();
    if (regions.size) view.redraw();  // the first frame may have been drawn before `view` was set

    // -- the paper map's regions: a soft disc per topic, its name written on it -------------------
    // (drawn in screen pixels: view.toScreen maps graph coordinates, view.scale() is pixels per unit)

    function drawRegionDiscs(ctx) {
      if (!view) return;  // a renderer may draw once before it is returned
      var scale = view.scale();
      regions.forEach(function (r) {
        if (shownTopics && !shownTopics.has(r.id)) return;
        var c = view.toScreen(r.x, r.y);
        ctx.beginPath();
        ctx.arc(c.x, c.y, r.r * scale, 0, 2 * Math.PI);
        ctx.fillStyle = r.colour + "16";
        ctx.fill();
      });
    }

    function drawRegionNames(ctx) {
      if (!view) return;
      var size = REGION_PX;
      ctx.font = "600 " + size + "px system-ui, -apple-system, Segoe UI, sans-serif";
      ctx.textAlign = "center";
      ctx.textBaseline = "middle";
      ctx.lineJoin = "round";
      ctx.globalAlpha = selected === null ? 1 : 0.35;
      var placed = [];
      regions.forEach(function (r) {   // biggest topic first; a name that would overlap one placed waits
        if (shownTopics && !shownTopics.has(r.id)) return;
        var c = view.toScreen(r.x, r.y);
        var w = ctx.measureText(r.name).width;
        var box = { l: c.x - w / 2, r: c.x + w / 2, t: c.y - 0.7 * size, b: c.y + 0.7 * size };
        if (placed.some(function (o) { return box.l < o.r && o.l < box.r && box.t < o.b && o.t < box.b; })) return;
        placed.push(box);
        ctx.lineWidth = 5;
        ctx.strokeStyle = "rgba(255,255,255,0.85)";
        ctx.strokeText(r.name, c.x, c.y);
        ctx.fillStyle = r.label_colour || "#333";
        ctx.fillText(r.name, c.x, c.y);
      });
      ctx.globalAlpha = 1;
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
      sparkUntil = f.datesNarrowed && f.to ? f.to.slice(0, 7) : null;
      if (nodeChanges.length || edgeChanges.length) view.setHidden(nodeChanges, edgeChanges, hidden, hiddenEdges);
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
        view.fit(data.nodes.filter(function (n) { return !hidden.has(n.id); }).map(function (n) { return n.id; }));
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
    container.addEventListener("mouseleave", hideTooltip, listen);

    // -- selection: neighbourhood highlight and details -----------------------------------------

    function highlight(id) {
      var keep = new Set(neighbours.get(id));
      keep.add(id);
      view.highlight(keep, id);
    }

    function unhighlight() { view.unhighlight(); }

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
          if (entry[2]) li.appendChild(el("span", "gk-note", entry[2]));
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
      view.select([id]);
      highlight(id);
      showDetails(id);
    }

    function clearSelection() {
      if (selected !== null) unhighlight();
      selected = null;
      view.select([]);
      byId("details").hidden = true;
    }

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
      view.focus(id);
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
      view.afterFirstDraw(function () {
        view.select(data.focus);
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
    window.graphkb.visibleNodeIds = function () { return view.visibleIds(); };
    window.graphkb.selectedIds = function () { return view.selectedIds(); };
    window.graphkb.renderer = data.renderer || "canvas";
    /* Where a node is drawn, in page pixels (for scripts and tests that point at it). */
    window.graphkb.screenPoint = function (id) {
      var n = info.get(id);
      var p = view.toScreen(n.x, n.y);
      var r = container.getBoundingClientRect();
      return [r.left + p.x, r.top + p.y];
    };
    /* Calls fn(performance.now()) when the next frame has been drawn. */
    window.graphkb.nextFrame = function (fn) { view.nextFrame(fn); };

    return {
      name: name,
      destroy: function () {
        stop.abort();
        hideTooltip();
        view.destroy();
      },
    };
  }

  window.graphkb = { timings: timings, show: mount };
  document.querySelectorAll("#view-tabs [role=tab]").forEach(function (tab) {
    tab.addEventListener("click", function () { if (!current || current.name !== tab.dataset.view) mount(tab.dataset.view); });
  });
  mount(document.body.dataset.view);
})();
