// Shared by the story (explainer.js), the embeds (embed.js) and the slides (present.js): the live
// numbers, sliders, tables and charts that follow one cut. Loaded with `defer` after vega-bundle.js,
// threshold.js and explainer-format.js (the formatter); defines window.explainerCore, to which
// language-box.js adds the CLD3 box. Under node (tests/test_format_js.py, through explainer.js) it
// exports the formatter and stops.
(function (root) {
  "use strict";

  var F = root.explainerFormat || (typeof require === "function" ? require("./explainer-format.js") : null);
  if (typeof module !== "undefined" && module.exports) {
    module.exports = F;
    return;
  }
  var format = F.format, statValue = F.statValue, formatStat = F.formatStat;
  var estimate = format.estimate, pairs = format.pairs, percent = format.percent, threshold = format.threshold,
    offset = format.offset, cut = format.cut, cell = format.cell;

  var MAX_D = 0.5;  // app/core/threshold.py MAX_D

  // ---------------------------------------------------------------- helpers
  function qsa(sel, el) { return Array.prototype.slice.call((el || root.document).querySelectorAll(sel)); }

  function readData(doc, id) {
    var el = (doc || root.document).getElementById(id || "explainer-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function prefersDark() { return !!(root.matchMedia && root.matchMedia("(prefers-color-scheme: dark)").matches); }

  function isDark(theme) { return theme === "dark" || (theme !== "light" && prefersDark()); }

  // ?t= or ?d= in the address, when it names a cut (a static copy was rendered for one cut only)
  function urlCut() {
    try {
      var q = new URL(root.location.href).searchParams;
      var names = [["t", 1], ["d", MAX_D]];
      for (var i = 0; i < names.length; i++) {
        var v = q.get(names[i][0]);
        if (v === null || v === "") continue;
        var x = Number(v);
        if (isFinite(x) && x >= 0 && x <= names[i][1]) return {mode: names[i][0] === "t" ? "absolute" : "offset", value: x};
      }
      return null;
    } catch (e) { return null; }
  }

  // The similarity chart fades the bars below t with one rect in the "shade" style (app/charts/):
  // make it ignore the pointer so the bars under it keep their tooltips.
  function unshade(spec) {
    (function walk(marks) {
      (marks || []).forEach(function (m) {
        var style = [].concat(m.style || []);
        if (style.indexOf("shade") >= 0) m.interactive = false;
        walk(m.marks);
      });
    })(spec.marks);
    return spec;
  }

  // ---------------------------------------------------------------- chart text for a projector
  // Every font size in a spec (config and marks) times k, with the pixel offsets and label limits
  // that sit beside the text, so that a label placed next to a mark in data space stays next to it.
  var SIZE_KEYS = /^(fontSize|labelFontSize|titleFontSize|subtitleFontSize|dx|dy|lineHeight|limit|labelLimit|titleLimit|labelPadding|titlePadding|subtitlePadding|offset|symbolSize)$/;
  function fontSizes(node, out) {
    if (Array.isArray(node)) node.forEach(function (x) { fontSizes(x, out); });
    else if (node && typeof node === "object") {
      Object.keys(node).forEach(function (k) {
        if (/fontSize$|FontSize$/.test(k) && typeof node[k] === "number") out.push(node[k]);
        else if (/fontSize$|FontSize$/.test(k) && node[k] && typeof node[k].expr === "string") {
          // by_width's narrow and wide sizes: the smallest number in the expression
          (node[k].expr.match(/\d+(\.\d+)?/g) || []).forEach(function (n) { if (+n >= 6 && +n <= 40) out.push(+n); });
        }
        else if (k !== "data" && k !== "datasets") fontSizes(node[k], out);
      });
    }
    return out;
  }
  function scaleText(node, k) {
    if (Array.isArray(node)) node.forEach(function (x) { scaleText(x, k); });
    else if (node && typeof node === "object") {
      Object.keys(node).forEach(function (key) {
        var v = node[key];
        var f = key === "symbolSize" ? k * k : k;
        if (typeof v === "number" && SIZE_KEYS.test(key)) node[key] = v * f;
        // a size that depends on the chart's width (app/charts/width.py by_width) scales the same way
        else if (v && typeof v.expr === "string" && SIZE_KEYS.test(key)) node[key] = {expr: "(" + v.expr + ") * " + f};
        else if (key !== "data" && key !== "datasets") scaleText(v, k);
      });
    }
    return node;
  }
  // the factor that brings the spec's smallest text to px (never below 1: slides only grow text)
  function textScale(spec, px) {
    var sizes = fontSizes(spec, []);
    var smallest = sizes.length ? Math.min.apply(null, sizes) : 11;
    return Math.max(1, px / smallest);
  }

  // ---------------------------------------------------------------- one threshold, many views
  // start(opts) makes every [data-stat], slider, live table, t-link and [data-chart] inside
  // opts.scope (default: the document) follow one threshold. Options:
  //   data     the page's explainer-data (t, payload, scale, synthetic, charts, vega_ast)
  //   theme    "light" | "dark" | "auto" (auto follows prefers-color-scheme, also when it changes)
  //   renderer "canvas" (default) or "svg" (crisp in print)
  //   fill     true: each chart fills its container's width AND height (slides)
  //   textSize function () -> px: the smallest chart text is drawn at least this big (slides)
  //   syncUrl  false to leave the address alone
  //   order    function (chart elements) -> the order to draw them in (default: the page's)
  //   lazy     true: draw a chart only when it comes near the viewport (the story: a phone compiling
  //            13 charts at load blocked input for over a second); `ready` still means every chart
  //   onDraw   called after each chart is drawn (the story re-measures its pinned panels)
  //   onThreshold  called with the stats after the cut settles (debounced like the address)
  // The page cuts at one absolute threshold t, or (offset mode) at every subset's own published
  // threshold raised by d: data.t or data.d says which it opens at, data.slider which slider it shows.
  function start(opts) {
    var doc = root.document, data = opts.data, scope = opts.scope || doc;
    var T = root.explainerThreshold, payload = data.payload;
    var theme = opts.theme || "auto", renderer = opts.renderer || "canvas";
    var state = {t: data.t, d: data.d === undefined ? null : data.d, stats: null};

    function statsAt(t, d) { return d !== null && d !== undefined ? T.thresholdStats(payload, null, d) : T.thresholdStats(payload, t); }

    // the similarity chart's two signals (app/charts/specs.py param_values): the lowest cut, and d (-1: absolute)
    function params(stats) {
      if (stats.mode !== "offset") return {t: stats.t, d: -1};
      var cuts = stats.subsets.map(function (s) { return s.cut; }).filter(function (c) { return c !== null; });
      return {t: cuts.length ? Math.min.apply(null, cuts) : 0, d: stats.d};
    }
    var views = [];  // {id, el, view, live, width, height}
    var textFactor = 1;  // the last factor specFor applied (opts.textSize)

    function formatAs(kind, v, stats, key) { return formatStat(kind, v, stats, data, key); }

    function valueText(stats) {
      return cut(stats.t, stats.d) + ": " + pairs(stats.removed, data.scale, data.synthetic) + " pairs removed";
    }

    var statEls = qsa("[data-stat]", scope);
    var sliders = qsa('input[type="range"][name="t"], input[type="range"][name="d"]', scope);
    var liveTables = qsa("table[data-live-table]", scope);
    var tLinks = qsa("a[data-t-link]", scope);

    // ---- numbers, sliders, tables: synchronous, cheap (text only)
    function applyStats(stats) {
      statEls.forEach(function (el) {
        var v = statValue(stats, el.getAttribute("data-stat"));
        if (v === undefined || v === null) return;
        el.setAttribute("data-value", String(v));
        el.textContent = formatAs(el.getAttribute("data-format"), v, stats, el.getAttribute("data-stat"));
      });
      var vt = valueText(stats), mode = stats.mode === "offset" ? "d" : "t";
      var tv = threshold(mode === "d" ? stats.d : stats.t);
      sliders.forEach(function (s) {
        // a slider of the other mode keeps its place; its readout says where the page cuts
        if (s.name === mode && s.value !== tv && doc.activeElement !== s) s.value = tv;
        s.setAttribute("aria-valuetext", vt);
      });
      liveTables.forEach(function (table) { fillTable(table, stats); });
    }

    function fillTable(table, stats) {
      var rows = stats[table.getAttribute("data-live-table")];
      var cols = JSON.parse(table.getAttribute("data-columns") || "[]");
      if (!rows || !rows.length) return;
      // a table column that the live rows lack (e.g. an estimate column) is derived here or left alone
      var derived = {
        t: function () { return stats.t; },
        cut: function () { return cut(stats.t, stats.d); },
        kept_estimate: function (r) { return r.kept * data.scale; },
        removed_estimate: function (r) { return r.removed * data.scale; },
        subset: function (r) { return r.name; },
        language: null, change: function (r) { return r.share_all ? r.share_kept / r.share_all - 1 : null; }
      };
      var body = table.tBodies[0];
      if (!body || body.rows.length !== rows.length) return;
      // rows by their key cell (the server orders subsets as LAION does, not as the arithmetic lists them)
      var keyCol = -1, byKey = {};
      ["subset", "site", "code"].forEach(function (c) { if (keyCol < 0) keyCol = cols.indexOf(c); });
      if (keyCol >= 0) Array.prototype.forEach.call(body.rows, function (tr) {
        if (tr.cells[keyCol]) byKey[tr.cells[keyCol].textContent] = tr;
      });
      rows.forEach(function (r, i) {
        var key = r.name !== undefined ? r.name : (r.site !== undefined ? r.site : r.code);
        var tr = keyCol >= 0 && byKey[key] ? byKey[key] : body.rows[i];
        cols.forEach(function (c, j) {
          var v = Object.prototype.hasOwnProperty.call(r, c) ? r[c] : (derived[c] ? derived[c](r) : undefined);
          if (v === undefined || !tr.cells[j]) return;
          var isInt = typeof v === "number" && Number.isInteger(v) && c !== "t" && c !== "cut" && c.indexOf("share") < 0;
          tr.cells[j].textContent = cell(v, isInt);
        });
      });
    }

    // ---- the URL and links carry t (debounced: browsers throttle rapid replaceState calls)
    var urlTimer = 0;
    function syncUrl() {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        var name = state.d !== null ? "d" : "t", other = name === "d" ? "t" : "d";
        var tv = threshold(name === "d" ? state.d : state.t);
        if (opts.syncUrl !== false) {
          try {
            var u = new URL(root.location.href);
            u.searchParams.delete(other);
            u.searchParams.set(name, tv);
            root.history.replaceState(root.history.state, "", u.pathname + u.search + u.hash);
          } catch (e) { /* file:// or sandboxed frames may refuse: the page still works */ }
        }
        tLinks.forEach(function (a) {
          var href = a.getAttribute("href");
          a.setAttribute("href", href.replace(/([?&])[td]=[^&#]*/, "$1" + name + "=" + tv));
        });
        if (opts.onThreshold) opts.onThreshold(state.stats);
      }, 200);
    }

    // ---- charts
    function updateView(v, stats) {
      if (v.live === "param") {
        var p = params(stats);
        v.view.signal("t", p.t);
        try { v.view.signal("d", p.d); } catch (e) { /* a spec without d (an older bundle) */ }
      }
      else if (v.live) v.view.data("live", stats[v.live].map(function (r) { return Object.assign({}, r); }));
    }

    // every spec declares the param "vw", the width of its box, which its expressions read to adapt
    // labels, ticks and legends (app/charts/width.py); it starts at the container's width
    function setVw(spec, w) {
      (spec.params || []).forEach(function (p) { if (p.name === "vw" && w > 0) p.value = w; });
    }

    // a spec may declare the param "fill" (the stack: two columns on a slide), true in a filled box
    function setFill(spec) {
      (spec.params || []).forEach(function (p) { if (p.name === "fill") p.value = true; });
    }

    function specFor(def, dark, el) {
      var spec = JSON.parse(JSON.stringify(def.spec));
      // a copy: the dark config is shared by every chart, and textSize below scales it in place
      if (dark && def.dark) { spec.config = JSON.parse(JSON.stringify(def.dark)); spec.background = def.dark.background; }
      if (opts.fill) {
        // both dimensions from the container: a fixed height replaces bar "steps"
        spec.autosize = {type: "fit", contains: "padding"};
        spec.height = 300;
        setFill(spec);
      }
      if (opts.textSize) {
        spec.config = spec.config || {};
        // Vega's own defaults (axis labels 10 px, titles 11 px) made explicit, so they scale too
        ["axis", "legend"].forEach(function (part) {
          spec.config[part] = Object.assign({labelFontSize: 10, titleFontSize: 11}, spec.config[part]);
        });
        var k = textScale(spec, opts.textSize());
        // a chart whose text sets its height (the stack) grows its text only as far as its box allows:
        // the height its text needs at 1x is spec.height, or usermeta.fill_height when the box is wide
        // enough, in units of that text, for the chart's filled layout (app/charts/stack.py)
        var meta = spec.usermeta || {};
        if (opts.fill && meta.text_sets_height && def.spec.height > 0) {
          var one = Math.min(k, el.clientHeight / def.spec.height);
          // the filled layout holds while the box is at least fill_wide_vw wide in units of the text
          var two = meta.fill_height > 0 ? Math.min(k, el.clientHeight / meta.fill_height,
                                                    el.clientWidth / meta.fill_wide_vw) : 0;
          k = Math.max(1, one, two);
        }
        textFactor = k;
        if (k > 1) scaleText(spec, k);
      }
      // text k times bigger lays out as a chart k times narrower would (fewer ticks, wrapped labels):
      // vw is the box's width in units of the chart's text
      setVw(spec, Math.floor(el.clientWidth / textFactor));
      return spec;
    }

    function embedOne(el) {
      var id = el.getAttribute("data-chart"), def = data.charts[id];
      if (!def || typeof root.vegaEmbed !== "function") return Promise.resolve(null);
      var dark = isDark(theme);
      var embedOpts = {
        actions: false, renderer: renderer, defaultStyle: false, logLevel: 1, patch: unshade,
        tooltip: {theme: dark ? "dark" : "light", disableDefaultStyle: true}
      };
      // a CSP without 'unsafe-eval' (app/web/security.py): interpret expressions instead of compiling them
      if (data.vega_ast) { embedOpts.ast = true; embedOpts.expr = root.vegaExpressionInterpreter; }
      return root.vegaEmbed(el, specFor(def, dark, el), embedOpts).then(function (res) {
        var v = {id: id, el: el, view: res.view, live: def.live, width: 0, height: 0};
        views.push(v);
        fit(v);
        if (state.stats) updateView(v, state.stats);
        if (resizeObserver) resizeObserver.observe(el);
        el.classList.add("is-rendered");
        return res.view.runAsync().then(function () { if (opts.onDraw) opts.onDraw(id); });
      }).catch(function (err) {
        el.classList.add("is-failed");
        if (root.console) root.console.warn("chart " + id + " failed", err);
      });
    }

    // Charts draw one after another on one chain (the first shows sooner than if all compiled at
    // once, and a move of the slider waits for the charts already asked for). `drawn` is that chain.
    var chartEls = qsa("[data-chart]", scope), asked = [], drawn = Promise.resolve(), all = null;
    if (opts.order) chartEls = opts.order(chartEls);  // e.g. the slide on show first

    function request(el) {
      if (asked.indexOf(el) >= 0) return drawn;
      asked.push(el);
      if (nearObserver) nearObserver.unobserve(el);
      drawn = drawn.then(loadVega).then(nextTask).then(function () { return embedOne(el); });
      return drawn;
    }

    // every chart drawn: those not yet near the viewport too (tests, printing, `ready`)
    function drawAll() {
      if (!all) {
        chartEls.forEach(request);
        all = drawn.then(function () { doc.documentElement.classList.add("charts-ready"); });
      }
      return all;
    }

    // Lazy pages draw the charts on screen at load, and once the reader scrolls, every chart as it
    // comes within a screen of the viewport, so it is there when they arrive (a step's stacked
    // panel figures come in together). Nothing off screen is compiled for a reader who only looks.
    var nearObserver = null;
    function observeNear(margin) {
      if (nearObserver) nearObserver.disconnect();
      nearObserver = new root.IntersectionObserver(function (entries) {
        entries.forEach(function (e) { if (e.isIntersecting) request(e.target); });
      }, {rootMargin: margin});
      chartEls.forEach(function (el) { if (asked.indexOf(el) < 0) nearObserver.observe(el); });
    }

    // A promise chain runs as microtasks, so without this all charts compile in one long task that
    // blocks input (Lighthouse measured 390 ms): give the event loop a turn between charts.
    function nextTask() { return new Promise(function (resolve) { root.setTimeout(resolve, 0); }); }

    // Vega itself (0.9 MB; evaluating it is a long task on a phone) is loaded by a lazy page with its
    // first chart: the page lists the scripts as link[data-vega-script] instead of loading them at once
    // (templates/partials/vega_scripts.html).
    var vegaLoading = null;
    function loadVega() {
      if (typeof root.vegaEmbed === "function") return Promise.resolve();
      if (!vegaLoading) {
        var urls = qsa("link[data-vega-script]").map(function (l) { return l.href; });
        vegaLoading = urls.reduce(function (prev, src) {
          return prev.then(function () {
            return new Promise(function (resolve, reject) {
              var el = doc.createElement("script");
              el.src = src;
              el.onload = resolve;
              el.onerror = function () { reject(new Error("could not load " + src)); };
              doc.head.appendChild(el);
            });
          });
        }, Promise.resolve()).catch(function (err) { if (root.console) root.console.warn(err); });
      }
      return vegaLoading;
    }

    // Vega-Lite's width "container" measures once (0 in hidden containers) and then only on window
    // resize; observe each container instead and resize the view ourselves.
    function fit(v) {
      var w = Math.floor(v.el.clientWidth), h = opts.fill ? Math.floor(v.el.clientHeight) : 0;
      var changed = false;
      if (w > 0 && Math.abs(w - v.width) >= 1) {
        v.width = w;
        v.view.width(w);
        try { v.view.signal("vw", Math.floor(w / textFactor)); } catch (e) { /* a spec from before the param */ }
        changed = true;
      }
      if (h > 0 && Math.abs(h - v.height) >= 1) { v.height = h; v.view.height(h); changed = true; }
      return changed ? v.view.runAsync() : null;
    }

    var resizeObserver = root.ResizeObserver ? new root.ResizeObserver(function (entries) {
      entries.forEach(function (e) {
        for (var i = 0; i < views.length; i++) if (views[i].el === e.target) fit(views[i]);
      });
    }) : null;

    // the charts drawn so far, drawn again (a theme or text-size change)
    function redraw() {
      drawn = drawn.then(function () {
        var old = views.splice(0, views.length);
        old.forEach(function (v) { if (resizeObserver) resizeObserver.unobserve(v.el); v.view.finalize(); });
        return old.reduce(function (prev, v) {
          return prev.then(function () { return embedOne(v.el); });
        }, Promise.resolve());
      });
      if (all) all = drawn;
      return drawn;
    }
    // an "auto" page re-draws its charts when the reader's system switches between light and dark
    if (theme === "auto" && root.matchMedia) {
      var mq = root.matchMedia("(prefers-color-scheme: dark)");
      if (mq.addEventListener) mq.addEventListener("change", redraw);
    }
    // slides re-draw when the screen's height changes their text size by a tenth (full screen, a projector)
    if (opts.textSize) {
      var sizeTimer = 0, drawnAt = opts.textSize();
      root.addEventListener("resize", function () {
        clearTimeout(sizeTimer);
        sizeTimer = setTimeout(function () {
          var now = opts.textSize();
          if (Math.abs(now - drawnAt) / drawnAt >= 0.1) { drawnAt = now; redraw(); }
        }, 150);
      });
    }

    // ---- the public hooks: numbers at once, charts on their next run
    function setThreshold(t) {
      t = Number(t);
      if (!isFinite(t)) return Promise.reject(new TypeError("threshold must be a number"));
      return apply(statsAt(Math.min(1, Math.max(0, t)), null));
    }

    function setOffset(d) {
      d = Number(d);
      if (!isFinite(d)) return Promise.reject(new TypeError("offset must be a number"));
      return apply(statsAt(null, Math.min(MAX_D, Math.max(0, d))));
    }

    function apply(stats) {
      state.t = stats.t;
      state.d = stats.d;
      state.stats = stats;
      applyStats(stats);
      syncUrl();
      return drawn.then(function () {
        if (state.stats !== stats) return stats;  // superseded by a later call, which updates the charts
        return Promise.all(views.map(function (v) {
          updateView(v, stats);
          return v.view.runAsync();
        })).then(function () { return stats; });
      });
    }

    // ---- the slider: work once per animation frame while dragging
    var pending = null, frame = 0;
    function move(s) { return s.name === "d" ? setOffset(s.value) : setThreshold(s.value); }
    function onSlide(e) {
      pending = e.target;
      if (!frame) frame = root.requestAnimationFrame(function () { frame = 0; move(pending); });
    }
    sliders.forEach(function (s) {
      s.addEventListener("input", onSlide);
      if (s.form) s.form.addEventListener("submit", function (e) { e.preventDefault(); move(s); });
    });

    // ---- embedding pages (and the speaker-notes window) may drive the threshold
    root.addEventListener("message", function (e) {
      var d = e.data;
      if (d && d.type === "explainer:threshold" && typeof d.t === "number" && isFinite(d.t)) setThreshold(d.t);
      else if (d && d.type === "explainer:offset" && typeof d.d === "number" && isFinite(d.d)) setOffset(d.d);
    });

    // ---- start: numbers at the page's cut at once; charts after
    state.stats = statsAt(state.t, state.d);
    if (opts.lazy && root.IntersectionObserver) {
      observeNear("0px");
      root.addEventListener("scroll", function () { observeNear("100% 0px"); }, {passive: true, once: true});
      // a printout has every chart: draw the rest when asked to print (the print preview follows)
      root.addEventListener("beforeprint", drawAll);
    }
    else drawAll();
    // a static copy is rendered at one cut: a ?t= or ?d= in its address moves it (the server already did)
    var fromUrl = urlCut();
    if (fromUrl !== null) {
      var now = fromUrl.mode === "offset" ? state.d : state.t;
      var same = now !== null && (fromUrl.mode === "offset") === (state.d !== null) && T.binOf(fromUrl.value) === T.binOf(now);
      if (!same) (fromUrl.mode === "offset" ? setOffset : setThreshold)(fromUrl.value);
    }

    return {
      setThreshold: setThreshold,
      setOffset: setOffset,
      // a promise for every chart drawn and showing the cut; on a lazy page, asking for it draws
      // the charts not yet near the viewport
      get ready() { return drawAll(); },
      drawAll: drawAll,
      // a promise for the charts asked for so far (near the viewport) being drawn
      get drawn() { return drawn; },
      format: format,
      statValue: statValue,
      get t() { return state.t; },
      get d() { return state.d; },
      get stats() { return state.stats; },
      get textFactor() { return textFactor; },
      get views() { return views.map(function (v) { return {id: v.id, live: v.live, view: v.view}; }); },
      // the stable hook for tests and embedding pages: the Vega View of a chart by its id (the first
      // drawn, should a page show one chart twice), or null while it is not drawn or unknown
      view: function (chartId) {
        for (var i = 0; i < views.length; i++) if (views[i].id === chartId) return views[i].view;
        return null;
      }
    };
  }

  root.explainerCore = {
    format: format, statValue: statValue, formatStat: formatStat, start: start,
    qsa: qsa, readData: readData, isDark: isDark
  };
})(typeof self !== "undefined" ? self : this);
