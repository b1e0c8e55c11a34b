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
    var charts = root.explainerCharts.create({
      data: data, opts: opts, scope: scope, theme: theme, renderer: renderer, isDark: isDark, params: params,
      stats: function () { return state.stats; }
    });

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
      return charts.drawn.then(function () {
        if (state.stats !== stats) return stats;  // superseded by a later call, which updates the charts
        return charts.update(stats).then(function () { return stats; });
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
    charts.start();
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
      get ready() { return charts.drawAll(); },
      drawAll: charts.drawAll,
      // a promise for the charts asked for so far (near the viewport) being drawn
      get drawn() { return charts.drawn; },
      format: format,
      statValue: statValue,
      get t() { return state.t; },
      get d() { return state.d; },
      get stats() { return state.stats; },
      get textFactor() { return charts.textFactor; },
      get views() { return charts.views(); },
      // the stable hook for tests and embedding pages: the Vega View of a chart by its id (the first
      // drawn, should a page show one chart twice), or null while it is not drawn or unknown
      view: charts.view
    };
  }

  root.explainerCore = {
    format: format, statValue: statValue, formatStat: formatStat, start: start,
    qsa: qsa, readData: readData, isDark: isDark
  };
})(typeof self !== "undefined" ? self : this);
