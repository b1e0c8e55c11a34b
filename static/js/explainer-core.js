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
    percent: percent, threshold: threshold, score: score, ratio: ratio, words: words, oneIn: oneIn, cell: cell
  };

  // The value behind a data-stat key, as app/story/ stat_value() resolves it.
  function statValue(stats, key) {
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

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {format: format, statValue: statValue};
    return;
  }

  // ---------------------------------------------------------------- helpers
  function qsa(sel, el) { return Array.prototype.slice.call((el || root.document).querySelectorAll(sel)); }

  function readData(doc, id) {
    var el = (doc || root.document).getElementById(id || "explainer-data");
    return el ? JSON.parse(el.textContent) : null;
  }

  function prefersDark() { return !!(root.matchMedia && root.matchMedia("(prefers-color-scheme: dark)").matches); }

  function isDark(theme) { return theme === "dark" || (theme !== "light" && prefersDark()); }

  // ?t= in the address, when it names a threshold (a static copy was rendered for one t only)
  function urlThreshold() {
    try {
      var v = new URL(root.location.href).searchParams.get("t");
      if (v === null || v === "") return null;
      var t = Number(v);
      return isFinite(t) && t >= 0 && t <= 1 ? t : null;
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

  // ---------------------------------------------------------------- one threshold, many views
  // start(opts) makes every [data-stat], slider, live table, t-link and [data-chart] inside
  // opts.scope (default: the document) follow one threshold. Options:
  //   data     the page's explainer-data (t, payload, scale, synthetic, charts, vega_ast)
  //   theme    "light" | "dark" | "auto" (auto follows prefers-color-scheme, also when it changes)
  //   renderer "canvas" (default) or "svg" (crisp in print)
  //   fill     true: each chart fills its container's width AND height (slides)
  //   syncUrl  false to leave the address alone
  //   order    function (chart elements) -> the order to draw them in (default: the page's)
  //   onThreshold  called with t after the threshold settles (debounced like the address)
  function start(opts) {
    var doc = root.document, data = opts.data, scope = opts.scope || doc;
    var T = root.explainerThreshold, payload = data.payload;
    var theme = opts.theme || "auto", renderer = opts.renderer || "canvas";
    var state = {t: data.t, stats: null};
    var views = [];  // {id, el, view, live, width, height}

    function formatAs(kind, v) {
      if (kind === "pairs") return pairs(v, data.scale, data.synthetic);
      if (kind === "percent") return percent(v);
      if (kind === "threshold") return threshold(v);
      return String(v);
    }

    function valueText(stats) {
      return threshold(stats.t) + ": " + pairs(stats.removed, data.scale, data.synthetic) + " pairs removed";
    }

    var statEls = qsa("[data-stat]", scope);
    var sliders = qsa('input[type="range"][name="t"]', scope);
    var liveTables = qsa("table[data-live-table]", scope);
    var tLinks = qsa("a[data-t-link]", scope);

    // ---- numbers, sliders, tables: synchronous, cheap (text only)
    function applyStats(stats) {
      statEls.forEach(function (el) {
        var v = statValue(stats, el.getAttribute("data-stat"));
        if (v === undefined || v === null) return;
        el.setAttribute("data-value", String(v));
        el.textContent = formatAs(el.getAttribute("data-format"), v);
      });
      var tv = threshold(stats.t), vt = valueText(stats);
      sliders.forEach(function (s) {
        if (s.value !== tv && doc.activeElement !== s) s.value = tv;
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
        kept_estimate: function (r) { return r.kept * data.scale; },
        removed_estimate: function (r) { return r.removed * data.scale; },
        subset: function (r) { return r.name; },
        language: null, change: function (r) { return r.share_all ? r.share_kept / r.share_all - 1 : null; }
      };
      var body = table.tBodies[0];
      if (!body || body.rows.length !== rows.length) return;
      rows.forEach(function (r, i) {
        var tr = body.rows[i];
        cols.forEach(function (c, j) {
          var v = Object.prototype.hasOwnProperty.call(r, c) ? r[c] : (derived[c] ? derived[c](r) : undefined);
          if (v === undefined || !tr.cells[j]) return;
          var isInt = typeof v === "number" && Number.isInteger(v) && c !== "t" && c.indexOf("share") < 0;
          tr.cells[j].textContent = cell(v, isInt);
        });
      });
    }

    // ---- the URL and links carry t (debounced: browsers throttle rapid replaceState calls)
    var urlTimer = 0;
    function syncUrl() {
      clearTimeout(urlTimer);
      urlTimer = setTimeout(function () {
        var tv = threshold(state.t);
        if (opts.syncUrl !== false) {
          try {
            var u = new URL(root.location.href);
            u.searchParams.set("t", tv);
            root.history.replaceState(root.history.state, "", u.pathname + u.search + u.hash);
          } catch (e) { /* file:// or sandboxed frames may refuse: the page still works */ }
        }
        tLinks.forEach(function (a) {
          var href = a.getAttribute("href");
          a.setAttribute("href", href.replace(/([?&]t=)[^&#]*/, "$1" + tv));
        });
        if (opts.onThreshold) opts.onThreshold(state.t);
      }, 200);
    }

    // ---- charts
    function updateView(v, stats) {
      if (v.live === "param") v.view.signal("t", stats.t);
      else if (v.live) v.view.data("live", stats[v.live].map(function (r) { return Object.assign({}, r); }));
    }

    // every spec declares the param "vw", the width of its box, which its expressions read to adapt
    // labels, ticks and legends (app/charts/width.py); it starts at the container's width
    function setVw(spec, w) {
      (spec.params || []).forEach(function (p) { if (p.name === "vw" && w > 0) p.value = w; });
    }

    function specFor(def, dark, el) {
      var spec = JSON.parse(JSON.stringify(def.spec));
      if (dark && def.dark) { spec.config = def.dark; spec.background = def.dark.background; }
      setVw(spec, Math.floor(el.clientWidth));
      if (opts.fill) {
        // both dimensions from the container: a fixed height replaces bar "steps"
        spec.autosize = {type: "fit", contains: "padding"};
        spec.height = 300;
      }
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
        try { v.view.signal("vw", w); } catch (e) { /* a spec from before the param */ }
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

    // an "auto" page re-draws its charts when the reader's system switches between light and dark
    if (theme === "auto" && root.matchMedia) {
      var mq = root.matchMedia("(prefers-color-scheme: dark)");
      var redraw = function () {
        ready = ready.then(function () {
          var old = views.splice(0, views.length);
          old.forEach(function (v) { if (resizeObserver) resizeObserver.unobserve(v.el); v.view.finalize(); });
          return old.reduce(function (prev, v) {
            return prev.then(function () { return embedOne(v.el); });
          }, Promise.resolve()).then(function () {
            if (resizeObserver) views.forEach(function (v) { resizeObserver.observe(v.el); });
          });
        });
      };
      if (mq.addEventListener) mq.addEventListener("change", redraw);
    }

    // ---- the public hook: numbers at once, charts on their next run
    function setThreshold(t) {
      t = Number(t);
      if (!isFinite(t)) return Promise.reject(new TypeError("threshold must be a number"));
      t = Math.min(1, Math.max(0, t));
      var stats = T.thresholdStats(payload, t);
      state.t = stats.t;
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
    function onSlide(e) {
      pending = Number(e.target.value);
      if (!frame) frame = root.requestAnimationFrame(function () { frame = 0; setThreshold(pending); });
    }
    sliders.forEach(function (s) {
      s.addEventListener("input", onSlide);
      if (s.form) s.form.addEventListener("submit", function (e) { e.preventDefault(); setThreshold(Number(s.value)); });
    });

    // ---- embedding pages (and the speaker-notes window) may drive the threshold
    root.addEventListener("message", function (e) {
      var d = e.data;
      if (d && d.type === "explainer:threshold" && typeof d.t === "number" && isFinite(d.t)) setThreshold(d.t);
    });

    // ---- start: numbers at the page's t at once; charts after
    state.stats = T.thresholdStats(payload, state.t);
    ready = embedAll().then(function () {
      if (resizeObserver) views.forEach(function (v) { resizeObserver.observe(v.el); });
      doc.documentElement.classList.add("charts-ready");
    });
    // a static copy is rendered at one t: a ?t= in its address moves it (the server already did)
    var fromUrl = urlThreshold();
    if (fromUrl !== null && T.binOf(fromUrl) !== T.binOf(state.t)) setThreshold(fromUrl);

    return {
      setThreshold: setThreshold,
      get ready() { return ready; },
      format: format,
      statValue: statValue,
      get t() { return state.t; },
      get stats() { return state.stats; },
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
    format: format, statValue: statValue, start: start, languageBox: languageBox,
    qsa: qsa, readData: readData, isDark: isDark
  };
})(typeof self !== "undefined" ? self : this);
