// Shared by the story (explainer.js), the embeds (embed.js) and the slides (present.js): number
// formatting, the live numbers, sliders, tables and charts that follow one threshold, and the
// CLD3 box. Loaded with `defer` after vega-bundle.js and threshold.js; defines window.explainerCore.
// Under node (tests/test_format_js.py, through explainer.js) it exports the formatting and stops.
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- formatting
  // Mirror of app/core/format.py, operation for operation: same rounding (floor(x + 0.5)), same strings.
  var APPROX = "\u2248";
  var UNITS = [[1e9, "B"], [1e6, "M"], [1e3, "K"]];
  var ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
  var TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

  function halfUp(x) { return Math.floor(x + 0.5); }

  function pad(s, n) { s = String(s); while (s.length < n) s = "0" + s; return s; }

  function group(n) {
    var digits = String(Math.abs(n)), parts = [];
    while (digits.length > 3) {
      parts.unshift(digits.slice(-3));
      digits = digits.slice(0, -3);
    }
    parts.unshift(digits);
    return (n < 0 ? "-" : "") + parts.join(",");
  }

  function count(n) { return group(halfUp(n)); }

  function decimal(k, places) {
    var step = Math.pow(10, places), whole = Math.floor(k / step), frac = k % step;
    if (frac === 0) return group(whole);
    return (group(whole) + "." + pad(frac, places)).replace(/0+$/, "");
  }

  function compact(n) {
    if (n < 0) return "-" + compact(-n);
    for (var i = 0; i < UNITS.length; i++) {
      var size = UNITS[i][0], suffix = UNITS[i][1];
      if (n >= size) {
        var v = n / size, tiers = [[2, 10], [1, 100]];
        for (var j = 0; j < tiers.length; j++) {
          var places = tiers[j][0], below = tiers[j][1];
          if (v < below) {
            var kk = halfUp(v * Math.pow(10, places));
            if (kk < below * Math.pow(10, places)) return decimal(kk, places) + suffix;
          }
        }
        var k = halfUp(v);
        if (k >= 1000 && i > 0) return compact(UNITS[i - 1][0]);
        return group(k) + suffix;
      }
    }
    var r = halfUp(n);
    return r >= 1000 ? "1K" : String(r);
  }

  function estimate(n) { return APPROX + compact(n); }

  function pairs(rows, scale, synthetic) { return synthetic ? estimate(rows * scale) : count(rows); }

  function percent(x, digits) {
    if (digits === undefined) digits = 1;
    var step = Math.pow(10, digits), k = halfUp(x * 100 * step);
    if (k === 0 && x > 0) return "<" + (digits ? "0." + "0".repeat(digits - 1) + "1" : "1") + "%";
    var whole = Math.floor(k / step), frac = k % step;
    return digits ? group(whole) + "." + pad(frac, digits) + "%" : group(whole) + "%";
  }

  function threshold(t) {
    var k = halfUp(t * 1000);
    return Math.floor(k / 1000) + "." + pad(k % 1000, 3);
  }

  function offset(d) { return "+" + threshold(d); }

  function cut(t, d) { return d !== null && d !== undefined ? "published " + offset(d) : threshold(t || 0); }

  function atCut(t, d) {
    if (d === null || d === undefined) return "a threshold of " + threshold(t || 0);
    return threshold(d) !== "0.000" ? "each subset's published threshold " + offset(d) : "each subset's own published threshold";
  }

  function mover(name, shareAll, shareKept) { return name + " (" + percent(shareAll, 2) + " \u2192 " + percent(shareKept, 2) + ")"; }

  function score(x) {
    var s = threshold(x).replace(/0+$/, "");
    return s.charAt(s.length - 1) === "." ? s.slice(0, -1) : s;
  }

  function ratio(x) {
    if (x >= 10) return count(x);
    if (x >= 1) return decimal(halfUp(x * 10), 1);
    return score(halfUp(x * 100) / 100);
  }

  function words(n) {
    if (n < 0 || n >= 100) return group(n);
    if (n < 20) return ONES[n];
    var tens = Math.floor(n / 10), ones = n % 10;
    return TENS[tens] + (ones ? "-" + ONES[ones] : "");
  }

  function oneIn(share) {
    if (share <= 0) return "none";
    var n = halfUp(1 / share);
    if (n > 20) n = halfUp(n / 5) * 5;
    return "one in " + words(n);
  }

  // mirror of app/core/format.py cell(): table cells; `isInt` stands in for Python's int/float distinction
  function cell(v, isInt) {
    if (v === null || v === undefined) return "";
    if (typeof v === "boolean") return String(v);
    if (typeof v !== "number") return String(v);
    if (isInt) return group(v);
    if (Math.abs(v) >= 1000) return count(v);
    return v >= 0 ? score(v) : "-" + score(-v);
  }

  var format = {
    halfUp: halfUp, group: group, count: count, compact: compact, estimate: estimate, pairs: pairs,
    percent: percent, threshold: threshold, offset: offset, cut: cut, atCut: atCut, mover: mover, score: score, ratio: ratio, words: words, oneIn: oneIn, cell: cell
  };

  // The value behind a data-stat key, as app/story/ stat_value() resolves it.
  function statValue(stats, key) {
    if (key === "cut") return stats.mode === "offset" ? stats.d : stats.t;
    if (key === "mover.lo" || key === "mover.hi") {
      var row = moverRow(stats, key.slice(6));
      return row ? row.share_kept : undefined;
    }
    var dot = key.indexOf(".");
    if (dot < 0) return stats[key];
    var field = key.slice(0, dot), name = key.slice(dot + 1), i;
    if (field === "site_share") {
      for (i = 0; i < stats.sites.length; i++) if (stats.sites[i].site === name) return stats.sites[i].share_kept;
      return undefined;
    }
    if (field === "lang_share") {
      for (i = 0; i < stats.languages.length; i++) if (stats.languages[i].code === name) return stats.languages[i].share_kept;
      return undefined;
    }
    for (i = 0; i < stats.subsets.length; i++) if (stats.subsets[i].name === name) return stats.subsets[i][field];
    return undefined;
  }

  // A live number's text from its data-stat value, by its data-format: the kinds app/story/numbers.py
  // and app/charts/common.py live() give (tests/test_live_text_js.py checks they read alike).
  // `data`: the page's scale, synthetic flag and language names.
  function formatStat(kind, v, stats, data, key) {
    if (kind === "pairs") return pairs(v, data.scale, data.synthetic);
    if (kind === "amount") return data.scale > 1 ? estimate(v * data.scale) : count(v * data.scale);
    if (kind === "percent") return percent(v);
    if (kind === "percent2") return percent(v, 2);
    if (kind === "threshold") return threshold(v);
    if (kind === "cut") return cut(stats.t, stats.d);
    if (kind === "at_cut") return atCut(stats.t, stats.d);
    if (kind === "mover") {  // key "mover.lo" or "mover.hi": the language that loses or gains most share
      var r = moverRow(stats, String(key).slice(6)), names = data.language_names || {};
      return r ? mover(names[r.code] || r.code, r.share_all, r.share_kept) : "";
    }
    return String(v);
  }

  // the language that loses ("lo") or gains ("hi") most share at the cut: app/charts/divide.py
  // language_mix_describe_live, whose stable sort keeps the first of equal losers, the last of equal gainers
  function moverRow(stats, which) {
    var best = null, bestChange = 0;
    stats.languages.forEach(function (r) {
      if (!r.share_all) return;
      var change = r.share_kept / r.share_all - 1;
      if (best === null || (which === "lo" ? change < bestChange : change >= bestChange)) { best = r; bestChange = change; }
    });
    return best;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {format: format, statValue: statValue, formatStat: formatStat};
    return;
  }

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

    function specFor(def, dark, el) {
      var spec = JSON.parse(JSON.stringify(def.spec));
      // a copy: the dark config is shared by every chart, and textSize below scales it in place
      if (dark && def.dark) { spec.config = JSON.parse(JSON.stringify(def.dark)); spec.background = def.dark.background; }
      if (opts.fill) {
        // both dimensions from the container: a fixed height replaces bar "steps"
        spec.autosize = {type: "fit", contains: "padding"};
        spec.height = 300;
      }
      if (opts.textSize) {
        spec.config = spec.config || {};
        // Vega's own defaults (axis labels 10 px, titles 11 px) made explicit, so they scale too
        ["axis", "legend"].forEach(function (part) {
          spec.config[part] = Object.assign({labelFontSize: 10, titleFontSize: 11}, spec.config[part]);
        });
        var k = textScale(spec, opts.textSize());
        // a chart whose text sets its height (the stack) grows its text only as far as its box allows
        if (opts.fill && spec.usermeta && spec.usermeta.text_sets_height && def.spec.height > 0) {
          k = Math.min(k, Math.max(1, el.clientHeight / def.spec.height));
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
      if (!def) return Promise.resolve(null);
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
        el.classList.add("is-rendered");
        return res.view.runAsync();
      }).catch(function (err) {
        el.classList.add("is-failed");
        if (root.console) root.console.warn("chart " + id + " failed", err);
      });
    }

    function embedAll() {
      if (typeof root.vegaEmbed !== "function") return Promise.resolve();
      // one after another: the first chart shows sooner than if all compile at once
      var els = qsa("[data-chart]", scope);
      if (opts.order) els = opts.order(els);  // e.g. the slide on show first
      return els.reduce(function (prev, el) {
        return prev.then(nextTask).then(function () { return embedOne(el); });
      }, Promise.resolve());
    }

    // A promise chain runs as microtasks, so without this all charts compile in one long task that
    // blocks input (Lighthouse measured 390 ms): give the event loop a turn between charts.
    function nextTask() { return new Promise(function (resolve) { root.setTimeout(resolve, 0); }); }

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

    var ready;  // Promise: every chart embedded and showing state.t

    function redraw() {
      ready = ready.then(function () {
        var old = views.splice(0, views.length);
        old.forEach(function (v) { if (resizeObserver) resizeObserver.unobserve(v.el); v.view.finalize(); });
        return old.reduce(function (prev, v) {
          return prev.then(function () { return embedOne(v.el); });
        }, Promise.resolve()).then(function () {
          if (resizeObserver) views.forEach(function (v) { resizeObserver.observe(v.el); });
        });
      });
      return ready;
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
      return ready.then(function () {
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
    ready = embedAll().then(function () {
      if (resizeObserver) views.forEach(function (v) { resizeObserver.observe(v.el); });
      doc.documentElement.classList.add("charts-ready");
    });
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
      get ready() { return ready; },
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

  // ---------------------------------------------------------------- the CLD3 box
  // Debounced fetch to /api/language; answers written with textContent (captions are untrusted).
  function languageBox(box) {
    var doc = root.document;
    var input = box.querySelector("input[name=text]"), out = box.querySelector("[data-cld3-result]");
    var form = box.querySelector("form"), timer = 0, ctrl = null;
    if (!input || !out || !form) return;
    function pct(x) { return percent(x, 0); }
    function line(label, strong, rest) {
      var dt = doc.createElement("dt"), dd = doc.createElement("dd"), b = doc.createElement("strong");
      dt.textContent = label;
      b.textContent = strong;
      dd.appendChild(b);
      dd.appendChild(doc.createTextNode(rest));
      return [dt, dd];
    }
    function show(r) {
      if (r.enough_text === false) {  // digits, emoji, "!!!": the server asks no detector
        message(r.cld3.name + ": the text has " + r.letters + " letter" + (r.letters === 1 ? "" : "s") +
          ", fewer than " + r.min_letters + ".");
        return;
      }
      var dl = doc.createElement("dl");
      var c = r.cld3, l = r.lingua;
      line("CLD3", c.name, " (" + c.code + "), probability " + pct(c.probability) + ", " +
        (c.is_reliable ? "reliable" : "not reliable")).forEach(function (n) { dl.appendChild(n); });
      line("lingua", l && l.code ? l.name : "no answer",
        l && l.code ? " (" + l.code + "), confidence " + pct(l.confidence) : "").forEach(function (n) { dl.appendChild(n); });
      out.replaceChildren(dl);
      if (r.agree === false) {
        var p = doc.createElement("p");
        p.className = "cld3-disagree";
        p.textContent = "The two detectors disagree.";
        out.appendChild(p);
      }
    }
    function message(text) {
      var p = doc.createElement("p");
      p.className = "muted";
      p.textContent = text;
      out.replaceChildren(p);
    }
    function run() {
      var text = input.value;
      if (!text.trim()) { out.replaceChildren(); return; }
      if (ctrl) ctrl.abort();
      ctrl = new AbortController();
      message("Detecting\u2026");
      root.fetch("/api/language?text=" + encodeURIComponent(text), {signal: ctrl.signal})
        .then(function (res) {
          if (!res.ok) throw new Error("HTTP " + res.status);
          return res.json();
        })
        .then(show)
        .catch(function (err) { if (err.name !== "AbortError") message("The detector did not answer (" + err.message + ")."); });
    }
    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 250); });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); run(); });
    qsa("[data-example]", box).forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        input.value = a.getAttribute("data-example");
        input.focus();
        clearTimeout(timer);
        run();
      });
    });
  }

  root.explainerCore = {
    format: format, statValue: statValue, formatStat: formatStat, start: start, languageBox: languageBox,
    qsa: qsa, readData: readData, isDark: isDark
  };
})(typeof self !== "undefined" ? self : this);
