/* graphkb HTML view: draws one view's graph with vis-network or sigma.js and wires the side panel.
 *
 * A page holds one or more views (the paper map, all nodes, ...): each has its panel in a
 * <template id="panel-NAME"> and its drawing in a JSON block (<script id="graph-data-NAME">, one array
 * per node or edge field, parsed at once; graphkb/htmlview/pack.py); the texts are the page's, each
 * node's and link's once, whichever views draw it: the node tooltips (graph-tips, parsed at the first
 * hover or search), the panels and edge tooltips (graph-more, parsed at the first click or edge hover)
 * and the search text (graph-search, parsed at the first search), a drawn node's or edge's entry in
 * them given by the drawing's `text` column; mount(NAME) shows one.
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
  var models = {};

  function readJson(id) { return JSON.parse(byId(id).textContent); }
  /* The blocks after the scripts (the other views' drawings, the page's tooltips, panels and search
     text) are read while the first frame is drawn: one is whole once the element after it is there. */
  function isRead(id) {
    var block = byId(id);
    return document.readyState !== "loading" || !!(block && block.nextElementSibling);
  }
  /* Runs fn once the block `id` has been read: at once, or as soon as the browser has read that far. */
  function whenRead(id, fn) {
    if (isRead(id)) { fn(); return; }
    var timer = setInterval(function () {
      if (!isRead(id)) return;
      clearInterval(timer);
      fn();
    }, 25);
  }

  // -- a view's data (graphkb/htmlview/pack.py) --------------------------------------------------------

  /* The quoted sentence of a link's tooltip is packed as [index] (its words shared with the paper's
     evidence), any other text as an index. */
  function unpackText(strings, t) { return typeof t === "number" ? strings[t] : "\u201c" + strings[t[0]] + "\u201d"; }
  function pairs(strings, flat, width) {
    var out = [];
    for (var i = 0; i < flat.length; i += width) {
      var entry = [];
      for (var j = 0; j < width; j++) entry.push(strings[flat[i + j]]);
      out.push(entry);
    }
    return out;
  }
  function withExtras(obj, extras) {
    if (extras) Object.keys(extras).forEach(function (key) { obj[key] = extras[key]; });
    return obj;
  }
  /* [title, kind, [row name, row value, ...], text(, other keys)] -> a tooltip {title, kind, rows, text}. */
  function unpackTip(strings, p) {
    return withExtras({ title: strings[p[0]], kind: strings[p[1]], rows: pairs(strings, p[2], 2),
                        text: unpackText(strings, p[3]) }, p[4]);
  }
  /* [links, evidence, lists(, other keys)] -> a panel's {links, evidence: [[text, is_name], ...], lists}. */
  function unpackMore(strings, p) {
    var evidence = p[1].map(function (ev) {
      var s = strings[ev[0]];
      var marks = ev[1];
      var pieces = [];
      var at = 0;
      for (var i = 0; i < marks.length; i += 2) {
        if (marks[i] > at) pieces.push([s.slice(at, marks[i]), false]);
        pieces.push([s.slice(marks[i], marks[i + 1]), true]);
        at = marks[i + 1];
      }
      if (at < s.length) pieces.push([s.slice(at), false]);
      return pieces;
    });
    var lists = p[2].map(function (list) { return [strings[list[0]], pairs(strings, list[1], 3)]; });
    return withExtras({ links: pairs(strings, p[0], 2), evidence: evidence, lists: lists }, p[3]);
  }

  /* A block of the page parsed the first time it is asked for (its seconds go to timings[timing]). */
  function parsedOnce(id, timing) {
    var value = null;
    return function () {
      if (value === null) {
        var t = performance.now();
        value = readJson(id);
        timings[timing] = performance.now() - t;
      }
      return value;
    };
  }
  /* The page's texts, shared by its views. */
  var TIPS_ID = "graph-tips";      // node tooltips (and names): hovering a node waits for them
  var MORE_ID = "graph-more";      // panels and edge tooltips (read after them): clicks wait for them
  var SEARCH_ID = "graph-search";  // the search text (read last): the search waits for it
  var pageTips = parsedOnce(TIPS_ID, "tipsParsed");
  var pageDetails = parsedOnce(MORE_ID, "detailsParsed");
  var pageSearch = parsedOnce(SEARCH_ID, "searchParsed");

  /* One view's data: the drawing's columns and an index of the node ids, at once; the tooltips,
     panels, search text and neighbours when first asked for. Nodes are numbered by their place
     in the columns (k), edges too (j); N.text[k] and E.text[j] are their entries in the page's texts. */
  function model(name) {
    if (models[name]) return models[name];
    var data = readJson("graph-data-" + name);
    var N = data.nodes;
    var E = data.edges;
    var M = { name: name, data: data, nodes: N, edges: E, n: N.id.length, m: E.from.length, index: new Map() };
    for (var k = 0; k < M.n; k++) M.index.set(N.id[k], k);
    var adjacency = null;
    M.kindOf = function (k) { return data.kinds[N.kind[k]]; };
    M.colourOf = function (k) { return data.colours[N.colour[k]]; };
    M.topicOf = function (k) { return N.topic[k] < 0 ? null : data.topics[N.topic[k]]; };
    M.dateOf = function (k) { return N.date[k] < 0 ? null : data.dates[N.date[k]]; };
    M.edgeKindOf = function (j) { return data.edge_kinds[E.kind[j]]; };
    M.tip = function (k) { var T = pageTips(); return unpackTip(T.strings, T.nodes[N.text[k]]); };
    M.more = function (k) { var D = pageDetails(); return unpackMore(D.strings, D.nodes[N.text[k]]); };
    M.edgeTip = function (j) { var D = pageDetails(); return unpackTip(D.strings, D.edges[E.text[j]]); };
    /* A node's name as its tooltip's title gives it (a paper's full title). */
    M.title = function (k) { var T = pageTips(); return T.strings[T.nodes[N.text[k]][0]]; };
    /* A node's search terms and text. */
    M.terms = function (k) { return pageSearch().terms[N.text[k]]; };
    M.text = function (k) { return pageSearch().text[N.text[k]]; };
    /* Neighbours in either direction, as offsets into one list: node k's are other[start[k]..start[k+1]),
       reached by the edges edge[...]. */
    M.adjacency = function () {
      if (adjacency) return adjacency;
      var start = new Int32Array(M.n + 1);
      var j;
      for (j = 0; j < M.m; j++) { start[E.from[j] + 1]++; start[E.to[j] + 1]++; }
      for (var i = 0; i < M.n; i++) start[i + 1] += start[i];
      var fill = start.slice(0, M.n);
      var other = new Int32Array(2 * M.m);
      var edge = new Int32Array(2 * M.m);
      for (j = 0; j < M.m; j++) {
        var a = E.from[j];
        var b = E.to[j];
        other[fill[a]] = b; edge[fill[a]++] = j;
        other[fill[b]] = a; edge[fill[b]++] = j;
      }
      adjacency = { start: start, other: other, edge: edge };
      return adjacency;
    };
    M.eachNeighbour = function (k, fn) {
      var A = M.adjacency();
      for (var i = A.start[k]; i < A.start[k + 1]; i++) fn(A.other[i], A.edge[i]);
    };
    models[name] = M;
    return M;
  }

  // -- renderers: vis-network (canvas) and sigma.js (WebGL) behind one small interface ---------------
  //
  // create(container, model, state, hooks) -> { setHidden, fit, focus, highlight, unhighlight, select,
  //   selectedIds, visibleIds, scale, toScreen, afterFirstDraw, redraw, drawLayers, nextFrame, destroy };
  //   nodes by index k, edges by index j; state.hidden / state.hiddenEdges: one flag per node / edge;
  //   hooks: ready, click(k|null), hoverNode(k, pointer), hoverEdge(j, pointer), blur, drawUnder(ctx),
  //   drawOver(ctx) (ctx in screen pixels of the graph area).

  function visRenderer(container, M, state, hooks) {
    var data = M.data;
    var N = M.nodes;
    var E = M.edges;
    var focus = new Set(data.focus);
    var nodeItems = new Array(M.n);
    for (var k = 0; k < M.n; k++) {
      var kind = M.kindOf(k);
      nodeItems[k] = { id: N.id[k], label: N.label[k], kind: kind, shape: data.shapes[kind], color: M.colourOf(k),
                       value: N.value[k], x: N.x[k], y: N.y[k], font: { color: FONT, size: N.font[k] },
                       hidden: false, dimmed: false };
      if (focus.has(k)) nodeItems[k].borderWidth = 4;
    }
    var edgeItems = new Array(M.m);
    for (var j = 0; j < M.m; j++) {
      var look = data.edge_styles[M.edgeKindOf(j)];
      edgeItems[j] = { id: "e" + j, from: N.id[E.from[j]], to: N.id[E.to[j]], kind: M.edgeKindOf(j), width: E.width[j],
                       color: look.color, arrows: look.arrows, hidden: false, dimmed: false };
    }
    var nodes = new vis.DataSet(nodeItems);
    var edges = new vis.DataSet(edgeItems);
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
      if (params.nodes.length) hooks.click(M.index.get(params.nodes[0]));
      else if (!params.edges.length) hooks.click(null);
    });
    network.on("hoverNode", function (params) { hooks.hoverNode(M.index.get(params.node), params.pointer.DOM); });
    /* A label's font is in graph units, so zooming in makes it grow: past MAX_LABEL_PX on screen it is
       held there (the labels that appear as you zoom in still do, from vis-network's draw threshold). */
    var keepNow = null;
    function fontOf(k) {
      var size = N.font[k];
      var cap = MAX_LABEL_PX / network.getScale();
      if (keepNow === null) return { color: FONT, size: Math.min(size, cap), strokeWidth: 3 };
      if (!keepNow[k]) return { color: DIM_FONT.color, size: size, strokeWidth: DIM_FONT.strokeWidth };
      return { color: FONT, size: Math.min(Math.max(size, LABEL_PX / network.getScale()), cap), strokeWidth: 3 };
    }
    var capped = -1;
    function capLabels() {
      var scale = network.getScale();
      if (Math.abs(scale - capped) < 1e-6) return;
      capped = scale;
      nodes.update(nodeItems.map(function (n, k) { return { id: n.id, font: fontOf(k) }; }));
    }
    network.on("zoom", capLabels);
    network.on("hoverEdge", function (params) { hooks.hoverEdge(Number(String(params.edge).slice(1)), params.pointer.DOM); });
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
        if (nodeChanges.length) {
          nodes.update(nodeChanges.map(function (k) { return { id: N.id[k], hidden: !!state.hidden[k] }; }));
        }
        if (edgeChanges.length) {
          edges.update(edgeChanges.map(function (j) { return { id: "e" + j, hidden: !!state.hiddenEdges[j] }; }));
        }
      },
      fit: function (ks) {
        network.fit({ nodes: ks.map(function (k) { return N.id[k]; }), maxZoomLevel: 2, animation: false });
        capLabels();
      },
      focus: function (k) {
        network.focus(N.id[k], { scale: Math.max(network.getScale(), 1.2), animation: false });
        capLabels();
      },
      highlight: function (keep, centre) {
        keepNow = keep;  // the neighbourhood's labels show at this zoom; the others not at all
        nodes.update(nodeItems.map(function (n, k) {
          var on = !!keep[k];
          return { id: n.id, color: on ? n.color : DIM_NODE, dimmed: !on, font: fontOf(k) };
        }));
        edges.update(edgeItems.map(function (e, j) {
          var on = E.from[j] === centre || E.to[j] === centre;
          return { id: e.id, color: on ? e.color : DIM_EDGE, dimmed: !on };
        }));
        // vis-network draws nodes in the order of body.nodeIndices (the selected one last): the
        // neighbourhood goes after the dimmed nodes, so that none of them is drawn over it
        var order = network.body.nodeIndices;
        var front = order.filter(function (id) { return keep[M.index.get(id)]; });
        var back = order.filter(function (id) { return !keep[M.index.get(id)]; });
        order.length = 0;
        Array.prototype.push.apply(order, back.concat(front));
        network.redraw();
      },
      unhighlight: function () {
        keepNow = null;
        nodes.update(nodeItems.map(function (n, k) { return { id: n.id, color: n.color, font: fontOf(k), dimmed: false }; }));
        edges.update(edgeItems.map(function (e) { return { id: e.id, color: e.color, dimmed: false }; }));
      },
      select: function (ks) {
        if (ks.length) network.selectNodes(ks.map(function (k) { return N.id[k]; }));
        else network.unselectAll();
      },
      selectedIds: function () { return network.getSelectedNodes(); },
      visibleIds: function () { return network.body.nodeIndices.slice(); },
      scale: function () { return network.getScale(); },
      toScreen: function (x, y) { return network.canvasToDOM({ x: x, y: y }); },
      afterFirstDraw: function (fn) { network.once("afterDrawing", fn); },
      redraw: function () { network.redraw(); },
      drawLayers: function () { network.redraw(); },
      nextFrame: function (fn) { network.once("afterDrawing", function () { fn(performance.now()); }); },
      destroy: function () { network.destroy(); },
    };
  }

  var RGBA = /^rgba\(\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*,\s*([\d.]+)\s*\)$/;  // red, green, blue, alpha of an rgba() colour
  /* sigma.js blends as if colours were premultiplied by their alpha (gl.ONE, gl.ONE_MINUS_SRC_ALPHA), and
     the page composites its canvases so: a faint rgba() edge given as it is comes out light, not faint
     (white lines across the paper map's coloured regions). */
  function premultiplied(colour) {
    var m = RGBA.exec(colour);
    if (!m) return colour;
    var a = Number(m[4]);
    return "rgba(" + [m[1], m[2], m[3]].map(function (c) { return Math.round(Number(c) * a); }).join(",") + "," + a + ")";
  }
  /* The edges of a graph sigma.js draws itself: those of one kind and width share their attributes
     (nothing writes to them). Edge keys are the edges' indices. */
  function addEdges(graph, M) {
    var looks = {};
    for (var j = 0; j < M.m; j++) {
      var kind = M.edgeKindOf(j);
      var width = M.edges.width[j];
      var look = looks[kind + " " + width];
      if (!look) {
        var colour = M.data.edge_styles[kind].color;
        look = looks[kind + " " + width] = { color: premultiplied(colour.color), strong: colour.highlight,
                                             size: 0.6 + Math.min(width, 6) / 4 };
      }
      graph.addDirectedEdgeWithKey(j, M.edges.from[j], M.edges.to[j], look);
    }
  }

  var POINT_NODES = 2000;     // above this many nodes, sigma.js draws them as GL points (no instancing)
  var LAYER_EDGES = 20000;    // above this many edges: drawn by edgeLayer, no edge hover, no edges while moving

  /* A big graph's edges, drawn on a 2D canvas under sigma.js's nodes (one hairline each) instead of by
     sigma.js. Where WebGL is drawn in software (SwiftShader: machines without a GPU, headless Chromium),
     its GL lines fill about a quarter as fast as the 2D canvas's hairlines (100,000 edges: 0.5-1.4 s a
     frame against 0.1-0.5 s), and graphology and sigma.js then need not index the edges (0.4 s less at
     start). One path per kind of edge; the highlighted ones last, on top. */
  function edgeLayer(M, state) {
    var E = M.edges;
    var X = new Float32Array(M.n);
    var Y = new Float32Array(M.n);
    var byKind = M.data.edge_kinds.map(function () { return []; });
    for (var j = 0; j < M.m; j++) byKind[E.kind[j]].push(j);
    // at half their alpha: tens of thousands of edges, and the nodes still show through
    var looks = M.data.edge_kinds.map(function (kind) {
      var colour = M.data.edge_styles[kind].color;
      return { color: fainter(colour.color, 0.5), strong: colour.highlight };
    });
    var layer = { drawn: 0, draw: draw };

    function shown(j) { return !state.hiddenEdges[j] && !state.hidden[E.from[j]] && !state.hidden[E.to[j]]; }
    /* Node positions on screen: toScreen is affine (the layout's frame, then the camera). */
    function place(toScreen) {
      var o = toScreen(0, 0);
      var ex = toScreen(1, 0);
      var ey = toScreen(0, 1);
      for (var k = 0; k < M.n; k++) {
        X[k] = o.x + (ex.x - o.x) * M.nodes.x[k] + (ey.x - o.x) * M.nodes.y[k];
        Y[k] = o.y + (ex.y - o.y) * M.nodes.x[k] + (ey.y - o.y) * M.nodes.y[k];
      }
    }
    /* One-pixel lines: hairlines, which the 2D canvas draws fast (2 px ones take a hundred times longer). */
    function stroke(ctx, edges, colour) {
      ctx.beginPath();
      for (var i = 0; i < edges.length; i++) {
        ctx.moveTo(X[E.from[edges[i]]], Y[E.from[edges[i]]]);
        ctx.lineTo(X[E.to[edges[i]]], Y[E.to[edges[i]]]);
      }
      ctx.strokeStyle = colour;
      ctx.lineWidth = 1;
      ctx.stroke();
      layer.drawn += edges.length;
    }
    /* Draws the shown edges; with `centre` (a node index), its edges in their strong colour, the rest grey. */
    function draw(ctx, toScreen, centre) {
      place(toScreen);
      layer.drawn = 0;
      var strong = byKind.map(function () { return []; });
      byKind.forEach(function (edges, kind) {
        var plain = [];
        edges.forEach(function (j) {
          if (!shown(j)) return;
          if (centre !== null && (E.from[j] === centre || E.to[j] === centre)) strong[kind].push(j);
          else plain.push(j);
        });
        stroke(ctx, plain, centre === null ? looks[kind].color : "#f0f0f0");
      });
      strong.forEach(function (edges, kind) { if (edges.length) stroke(ctx, edges, looks[kind].strong); });
    }
    return layer;
  }
  /* An rgba() colour with its alpha times `fade` (other colours as they are). */
  function fainter(colour, fade) {
    var m = RGBA.exec(colour);
    return m ? "rgba(" + m[1] + "," + m[2] + "," + m[3] + "," + Number(m[4]) * fade + ")" : colour;
  }

  /* sigma.js's program settings: GL points for many nodes, and with the edge layer the cheapest edge
     program in place of its two defaults (sigma.js compiles every program it is given, for each of its
     WebGL contexts, before the first frame: the fewer, the sooner that frame). */
  function programs(lib, points, layerEdges) {
    return { defaultNodeType: "circle", nodeProgramClasses: points ? { circle: lib.NodePointProgram } : {},
             edgeProgramClasses: layerEdges ? { line: lib.EdgeLineProgram, arrow: lib.EdgeLineProgram } : {} };
  }

  function webglRenderer(container, M, state, hooks) {
    var lib = window.graphkbWebgl;
    var data = M.data;
    var N = M.nodes;
    var E = M.edges;
    var graph = new lib.Graph({ multi: true, type: "directed" });
    var lo = Infinity;
    var hi = -Infinity;
    var k;
    for (k = 0; k < M.n; k++) { lo = Math.min(lo, N.value[k]); hi = Math.max(hi, N.value[k]); }
    // node keys are the nodes' indices: graphology and sigma.js keep objects keyed by node, and keys
    // that read as integers make them arrays (on 20,000 nodes and 100,000 edges: seconds faster)
    for (k = 0; k < M.n; k++) {
      // graph y grows upwards in sigma.js: flip it, so that both renderers draw the same picture
      graph.addNode(k, { x: N.x[k], y: -N.y[k], label: N.label[k], color: M.colourOf(k),
                         size: hi > lo ? 2 + 10 * (N.value[k] - lo) / (hi - lo) : 5 });
    }
    var edges = M.m > LAYER_EDGES ? edgeLayer(M, state) : null;
    if (!edges) addEdges(graph, M);
    timings.dataReady = performance.now();
    var keep = null;      // the highlighted neighbourhood: a flag per node, or null
    var centre = null;
    var selected = [];
    var reducing = false; // the reducers are set once something is hidden, highlighted or selected
    var under = el("canvas", "gk-layer");
    container.appendChild(under);
    // hideEdgesOnMove: sigma.js draws a frame once a drag ends, which draws the edge layer again
    var renderer = new lib.Sigma(graph, container, Object.assign(programs(lib, M.n > POINT_NODES, !!edges), {
      renderEdgeLabels: false, enableEdgeEvents: !edges, hideEdgesOnMove: !!edges, hideLabelsOnMove: !!edges,
      labelRenderedSizeThreshold: 7, labelDensity: 0.5, labelGridCellSize: 200,  // titles are long: one per 200 px
      labelFont: "system-ui, -apple-system, Segoe UI, sans-serif", zIndex: false, allowInvalidContainer: true,
    }));   // (draws the first frame now)
    // with the edge layer, sigma.js's own edge canvas stays empty: hidden, the browser need not copy it
    // out of software WebGL at every frame (a few of the 60-90 ms of a frame while the view moves)
    if (edges) renderer.getCanvases().edges.style.display = "none";
    var over = el("canvas", "gk-layer");
    container.appendChild(over);
    // sigma.js ends a drag with refresh() (to draw the edges it hid while moving): a full pass over every
    // node and edge, for nothing has changed but the camera; render() draws them (on 100,000 edges: about
    // half a second less after each drag). Every refresh of ours passes options.
    var refresh = renderer.refresh.bind(renderer);
    renderer.refresh = function (opts) { return opts ? refresh(opts) : renderer.render(); };
    window.renderer = renderer;
    window.graph = graph;
    window.edgeLayer = edges;

    function nodeReducer(key, attrs) {
      var i = Number(key);
      if (keep === null && !state.hidden[i] && selected.length === 0) return attrs;
      var out = Object.assign({}, attrs);
      if (state.hidden[i]) out.hidden = true;
      if (keep !== null) {
        if (keep[i]) { out.zIndex = 1; out.forceLabel = true; }
        else { out.color = "#e4e4e4"; out.label = ""; out.zIndex = 0; }
      }
      if (selected.indexOf(i) >= 0) out.highlighted = true;
      return out;
    }
    function edgeReducer(key, attrs) {
      var i = Number(key);
      if (centre === null && !state.hiddenEdges[i]) return attrs;
      var out = Object.assign({}, attrs);
      if (state.hiddenEdges[i]) out.hidden = true;
      if (centre !== null) {
        if (E.from[i] !== centre && E.to[i] !== centre) { out.color = "#f0f0f0"; out.zIndex = 0; }
        else { out.color = attrs.strong; out.size = attrs.size + 1; out.zIndex = 1; }
      }
      return out;
    }
    /* Changes are processed once, after the code that made them (one full pass over the graph). */
    var pending = false;
    function update() {
      if (pending) return;
      pending = true;
      queueMicrotask(function () {
        pending = false;
        if (!reducing) {
          reducing = true;
          renderer.setSettings({ nodeReducer: nodeReducer, edgeReducer: edgeReducer, zIndex: true });
        } else {
          renderer.refresh({ schedule: true });
        }
      });
    }

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
    /* As sigma.js decides to leave its edges out of a frame (hideEdgesOnMove). */
    function moving() {
      var captor = renderer.getMouseCaptor();
      return renderer.getCamera().isAnimated() || captor.isMoving || captor.draggedEvents > 0 ||
        captor.currentWheelDirection !== 0;
    }
    function drawUnder(ctx) {
      if (hooks.drawUnder) hooks.drawUnder(ctx);
      if (edges) {
        if (moving()) edges.drawn = 0;
        else edges.draw(ctx, toScreen, centre);
      }
    }
    function drawLayers() {
      layer(under, drawUnder);
      layer(over, hooks.drawOver);
    }
    var first = [];
    var drawn = false;
    renderer.on("afterRender", drawLayers);
    if (edges) drawLayers();  // the constructor drew the nodes before this listener was there
    renderer.on("clickNode", function (ev) { hooks.click(Number(ev.node)); });
    renderer.on("clickStage", function () { hooks.click(null); });
    renderer.on("enterNode", function (ev) { hooks.hoverNode(Number(ev.node), { x: ev.event.x, y: ev.event.y }); });
    renderer.on("enterEdge", function (ev) { hooks.hoverEdge(Number(ev.edge), { x: ev.event.x, y: ev.event.y }); });
    renderer.on("leaveNode", hooks.blur);
    renderer.on("leaveEdge", hooks.blur);
    renderer.getCamera().on("updated", hooks.blur);
    // the constructor drew the first frame; it is on screen once the frame after it begins
    requestAnimationFrame(function () {
      requestAnimationFrame(function () {
        drawn = true;
        hooks.ready();
        first.forEach(function (fn) { fn(); });
      });
    });

    function toScreen(x, y) { return renderer.graphToViewport({ x: x, y: -y }); }
    /* Node k in sigma.js's framed coordinates (the camera's), from the layout: sigma.js's display data is
       not framed between a scheduled refresh and the frame that processes it (a pick right after a
       filter or Esc sent the camera far off). */
    function framed(k) { return renderer.viewportToFramedGraph(toScreen(N.x[k], N.y[k])); }

    return {
      setHidden: function () { update(); },
      fit: function (ks) {
        var x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
        ks.forEach(function (i) {
          var d = framed(i);
          x0 = Math.min(x0, d.x); x1 = Math.max(x1, d.x);
          y0 = Math.min(y0, d.y); y1 = Math.max(y1, d.y);
        });
        if (x0 > x1) return;
        renderer.getCamera().setState({ x: (x0 + x1) / 2, y: (y0 + y1) / 2,
                                        ratio: Math.max(0.02, 1.15 * Math.max(x1 - x0, y1 - y0)) });
      },
      focus: function (i) {
        var d = framed(i);
        var camera = renderer.getCamera();
        camera.setState({ x: d.x, y: d.y, ratio: Math.min(camera.getState().ratio, 0.3) });
      },
      highlight: function (flags, i) { keep = flags; centre = i; update(); },
      unhighlight: function () { keep = null; centre = null; update(); },
      select: function (ks) { selected = ks.slice(); update(); },
      selectedIds: function () { return selected.map(function (i) { return N.id[i]; }); },
      visibleIds: function () { return N.id.filter(function (id, i) { return !state.hidden[i]; }); },
      scale: function () {
        var a = toScreen(0, 0);
        var b = toScreen(1, 0);
        return Math.abs(b.x - a.x);
      },
      toScreen: toScreen,
      afterFirstDraw: function (fn) { if (drawn) fn(); else first.push(fn); },
      redraw: function () { renderer.refresh({}); },
      drawLayers: drawLayers,
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
    current = mountView(name, model(name));
  }

  function mountView(name, M) {
    var stop = new AbortController();   // removes this view's listeners on document
    var listen = { signal: stop.signal };
    var data = M.data;
    var N = M.nodes;
    var E = M.edges;
    var paperKind = data.kinds.indexOf("Paper");
    var regions = new Map();    // the paper map's topics: id -> region (name, colour, tip, more, x, y, r)
    var regionNameSpots = {};   // topic id -> where its name was last written {x, y} (screen pixels)
    (data.regions || []).forEach(function (r) { regions.set(r.id, r); });
    var state = { hidden: new Uint8Array(M.n), hiddenEdges: new Uint8Array(M.m) };
    var hiddenCount = 0;

    /* A link's tooltip: its ends (by their names) and what the payload says about it. */
    function edgeTip(j) {
      var tip = M.edgeTip(j);
      tip.rows = [["From", M.title(E.from[j])], ["To", M.title(E.to[j])]].concat(tip.rows);
      return tip;
    }

    var container = byId("graph");
    var selected = null;        // the selected node's index
    var shownTopics = null;     // the paper map's topics with a paper shown (null: all)
    var view = null;
    view = (data.renderer === "webgl" ? webglRenderer : visRenderer)(container, M, state, {
      ready: function () {
        timings.firstDraw = performance.now();
        document.body.dataset.ready = "1";
      },
      click: function (k) { if (k !== null && k !== undefined) select(k); else clearSelection(); },
      hoverNode: function (k, pointer) { hoverOn(TIPS_ID, function () { return M.tip(k); }, pointer); },
      hoverEdge: function (j, pointer) { hoverOn(MORE_ID, function () { return edgeTip(j); }, pointer); },
      blur: function () { hideTooltip(); },
      drawUnder: regions.size ? drawRegionDiscs : null,
      drawOver: regions.size ? drawRegionNames : null,
    });
    timings.networkBuilt = performance.now();
    if (regions.size) view.drawLayers();  // the first frame may have been drawn before `view` was set

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
      regionNameSpots = {};
      regions.forEach(function (r) {   // biggest topic first; a name that would overlap one placed waits
        if (shownTopics && !shownTopics.has(r.id)) return;
        var c = view.toScreen(r.x, r.y);
        var w = ctx.measureText(r.name).width;
        // a region by the window's edge: its name slides in, whole, while the region is in the window
        // (unless it would then cover a name already written: then it stays centred)
        var width = container.clientWidth;
        var spots = [c];
        if (c.x >= 0 && c.x <= width && w + 8 < width) {
          spots.unshift({ x: Math.min(Math.max(c.x, w / 2 + 4), width - w / 2 - 4), y: c.y });
        }
        // then a line above or below, up to three lines away, so that every region keeps its name
        var base = spots.slice();
        [1, -1, 2, -2, 3, -3].forEach(function (k) {
          base.forEach(function (p) { spots.push({ x: p.x, y: p.y + k * 1.4 * size }); });
        });
        var box = null;
        for (var i = 0; i < spots.length && box === null; i++) {
          var b = { l: spots[i].x - w / 2, r: spots[i].x + w / 2, t: spots[i].y - 0.7 * size, b: spots[i].y + 0.7 * size };
          if (!placed.some(function (o) { return b.l < o.r && o.l < b.r && b.t < o.b && o.t < b.b; })) { box = b; c = spots[i]; }
        }
        if (box === null) return;
        placed.push(box);
        ctx.lineWidth = 5;
        ctx.strokeStyle = "rgba(255,255,255,0.85)";
        ctx.strokeText(r.name, c.x, c.y);
        ctx.fillStyle = r.label_colour || "#333";
        ctx.fillText(r.name, c.x, c.y);
        regionNameSpots[r.id] = { x: c.x, y: c.y };
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

    function readFilters() {
      var dateFrom = byId("date-from");
      var dateTo = byId("date-to");
      var labels = checkedValues(".label-toggle");
      var edgeTypes = checkedValues(".edge-toggle");
      return {
        kinds: data.kinds.map(function (kind) { return labels.has(kind); }),
        edgeKinds: data.edge_kinds.map(function (kind) { return edgeTypes.has(kind); }),
        topic: value("topic-filter", ""),
        minScore: parseFloat(value("min-score", "0")) || 0,
        from: dateFrom ? dateFrom.value : "",
        to: dateTo ? dateTo.value : "",
        datesNarrowed: !!dateFrom && (dateFrom.value !== dateFrom.min || dateTo.value !== dateTo.max),
      };
    }

    function paperPasses(k, f) {
      if (f.topic && M.topicOf(k) !== f.topic) return false;
      var date = M.dateOf(k);
      if (date && f.from && date < f.from) return false;
      if (date && f.to && date > f.to) return false;
      return true;
    }

    function nodeShown(k, f) {
      if (!f.kinds[N.kind[k]]) return false;
      if (N.kind[k] === paperKind) return paperPasses(k, f);
      if (!f.topic && !f.datesNarrowed) return true;
      // an entity linked to papers stays while one of its papers passes the topic/date filters
      var papers = 0;
      var passes = false;
      M.eachNeighbour(k, function (other) {
        if (N.kind[other] !== paperKind) return;
        papers++;
        if (!passes && paperPasses(other, f)) passes = true;
      });
      return papers === 0 || passes;
    }

    function applyFilters() {
      var f = readFilters();
      var nodeChanges = [];
      var k;
      for (k = 0; k < M.n; k++) {
        var hide = nodeShown(k, f) ? 0 : 1;
        if (hide !== state.hidden[k]) {
          state.hidden[k] = hide;
          hiddenCount += hide ? 1 : -1;
          nodeChanges.push(k);
        }
      }
      var edgeChanges = [];
      for (var j = 0; j < M.m; j++) {
        var hideEdge = !f.edgeKinds[E.kind[j]] || (E.score[j] >= 0 && E.score[j] < f.minScore) ? 1 : 0;
        if (hideEdge !== state.hiddenEdges[j]) {
          state.hiddenEdges[j] = hideEdge;
          edgeChanges.push(j);
        }
      }
      sparkUntil = f.datesNarrowed && f.to ? f.to.slice(0, 7) : null;
      if (nodeChanges.length || edgeChanges.length) view.setHidden(nodeChanges, edgeChanges);
      if (selected !== null && state.hidden[selected]) clearSelection();
      if (regions.size) {
        shownTopics = new Set();
        for (k = 0; k < M.n; k++) if (!state.hidden[k] && N.topic[k] >= 0) shownTopics.add(M.topicOf(k));
      }
      byId("shown-nodes").textContent = String(M.n - hiddenCount);
      var out = byId("min-score-value");
      if (out) out.textContent = f.minScore.toFixed(2);
      // what is left fills the window
      if (nodeChanges.length && hiddenCount < M.n) {
        var shown = [];
        for (k = 0; k < M.n; k++) if (!state.hidden[k]) shown.push(k);
        view.fit(shown);
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
    var hovering = 0;   // counts hovers: a tooltip waiting for the page to be read shows if still wanted
    function hoverOn(block, tip, pointer) {
      var mine = ++hovering;
      whenRead(block, function () { if (mine === hovering) showTooltip(tip(), pointer); });
    }
    function hideTooltip() { hovering++; tooltip.hidden = true; }
    container.addEventListener("mouseleave", hideTooltip, listen);

    // -- selection: neighbourhood highlight and details -----------------------------------------

    function highlight(k) {
      var keep = new Uint8Array(M.n);
      keep[k] = 1;
      M.eachNeighbour(k, function (other) { keep[other] = 1; });
      view.highlight(keep, k);
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
          if (M.index.has(entry[0])) {
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

    function showDetails(k) {
      var body = byId("details-body");
      body.replaceChildren(tipElement(M.tip(k)));
      moreElements(body, M.more(k));
      var shown = new Set();
      M.eachNeighbour(k, function (other) { if (!state.hidden[other] && other !== k) shown.add(other); });
      body.appendChild(el("p", "hint", plural(shown.size, "neighbour") + " shown"));
      byId("details").hidden = false;
    }

    /* A topic's panel: its papers best first and its entities (the map has no topic nodes). */
    function showTopic(topic) {
      if (M.index.has(topic)) { showDetails(M.index.get(topic)); return; }
      var r = regions.get(topic);
      if (!r) return;
      var body = byId("details-body");
      body.replaceChildren(tipElement(r.tip));
      moreElements(body, r.more || {});
      byId("details").hidden = false;
    }

    function select(k) {
      selected = k;
      view.select([k]);
      highlight(k);
      whenRead(MORE_ID, function () { if (selected === k) showDetails(k); });
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
      for (var k = 0; k < M.n; k++) {
        if (state.hidden[k]) continue;
        var r = rank(M.terms(k), M.text(k), q, words);
        if (r >= 0) found.push({ id: N.id[k], kind: M.kindOf(k), name: M.title(k), rank: r, value: N.value[k] });
      }
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
        status.textContent = "No match" + (hiddenCount ? " among the nodes shown" : "");
        clearSelection();
      }
      else status.textContent = found.length + (found.length === 1 ? " match" : " matches");
      return found.map(function (m) { return m.id; });
    }

    /* Go to one node (select it, zoom to it) or, on the map, one topic (filter to it, show its panel). */
    function pick(id) {
      closeResults();
      if (regions.has(id) && !M.index.has(id)) {
        clearSelection();
        if (topicFilter) topicFilter.value = id;
        applyFilters();
        showTopic(id);
        status.textContent = "Topic: " + regions.get(id).name;
        return;
      }
      if (!M.index.has(id)) return;
      var k = M.index.get(id);
      if (state.hidden[k]) return;
      select(k);
      view.focus(k);
      whenRead(TIPS_ID, function () { status.textContent = M.title(k); });
    }

    searchBox.addEventListener("input", function () { whenRead(SEARCH_ID, function () { search(searchBox.value); }); });
    searchBox.addEventListener("focus", function () { if (results.length && searchBox.value) resultsBox.hidden = false; });
    searchBox.addEventListener("blur", closeResults);
    searchBox.addEventListener("keydown", function (ev) {
      if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
        ev.preventDefault();
        if (resultsBox.hidden) { whenRead(SEARCH_ID, function () { search(searchBox.value); }); return; }
        if (!results.length) return;
        var step = ev.key === "ArrowDown" ? 1 : -1;
        setActive((active + step + results.length) % results.length);
      } else if (ev.key === "Enter") {
        ev.preventDefault();
        whenRead(SEARCH_ID, function () {
          if (resultsBox.hidden || !results.length) search(searchBox.value);
          if (results.length) pick(results[Math.max(active, 0)]);
        });
      } else if (ev.key === "Escape") {
        if (!resultsBox.hidden) closeResults(); else { searchBox.value = ""; search(""); clearSelection(); }
      }
    });

    // the focus view opens with its centre selected
    if (data.focus.length) {
      view.afterFirstDraw(function () {
        view.select(data.focus);
        whenRead(MORE_ID, function () { showDetails(data.focus[0]); });
      });
    }

    function indexOf(id) {
      if (!M.index.has(id)) throw new Error("no node " + JSON.stringify(id) + " in this view");
      return M.index.get(id);
    }

    window.graphkb.data = data;
    window.graphkb.view = name;
    window.graphkb.search = search;
    window.graphkb.matches = matches;
    window.graphkb.pick = pick;
    window.graphkb.select = function (id) { select(indexOf(id)); };
    window.graphkb.clearSelection = clearSelection;
    window.graphkb.applyFilters = applyFilters;
    window.graphkb.visibleNodeIds = function () { return view.visibleIds(); };
    window.graphkb.selectedIds = function () { return view.selectedIds(); };
    window.graphkb.renderer = data.renderer || "canvas";
    /* Where each topic's name was last written on the paper map: {topic id: {x, y}} (screen pixels). */
    window.graphkb.regionNameSpots = function () { return regionNameSpots; };
    /* A node's tooltip as shown on hover: {title, kind, rows, text(, spark)}. */
    window.graphkb.tip = function (id) { return M.tip(indexOf(id)); };
    /* One node as the view draws it: {id, index (its place in the columns, and its key in window.graph),
       label, kind, x, y, value, colour, topic, date}. */
    window.graphkb.node = function (id) {
      var k = indexOf(id);
      return { id: id, index: k, label: N.label[k], kind: M.kindOf(k), x: N.x[k], y: N.y[k], value: N.value[k],
               colour: M.colourOf(k), topic: M.topicOf(k), date: M.dateOf(k) };
    };
    /* The drawn edges: [{from, to, kind, score}] (score null when the edge has none). */
    window.graphkb.edgeList = function () {
      var out = [];
      for (var j = 0; j < M.m; j++) {
        out.push({ from: N.id[E.from[j]], to: N.id[E.to[j]], kind: M.edgeKindOf(j), score: E.score[j] >= 0 ? E.score[j] : null });
      }
      return out;
    };
    /* Where a node is drawn, in page pixels (for scripts and tests that point at it). */
    window.graphkb.screenPoint = function (id) {
      var k = indexOf(id);
      var p = view.toScreen(N.x[k], N.y[k]);
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
    tab.addEventListener("click", function () {
      var name = tab.dataset.view;
      whenRead("graph-data-" + name, function () { if (!current || current.name !== name) mount(name); });
    });
  });
  mount(document.body.dataset.view);
})();
