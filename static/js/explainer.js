// The story page: live charts, the threshold slider, step activation, the CLD3 box.
// Loaded with `defer` after vega-bundle.js and threshold.js. Everything the server rendered
// already reads correctly without this file; it only makes the page live.
// Under node (tests/test_format_js.py) it exports the number formatting and stops there.
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- formatting
  // Mirror of app/format.py, operation for operation: same rounding (floor(x + 0.5)), same strings.
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

  // mirror of app/format.py cell(): table cells; `isInt` stands in for Python's int/float distinction
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

  // The value behind a data-stat key, as app/story.py stat_value() resolves it.
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

  // ---------------------------------------------------------------- the page
  var doc = root.document;
  var dataEl = doc.getElementById("explainer-data");
  if (!dataEl) return;
  var data = JSON.parse(dataEl.textContent);
  var T = root.explainerThreshold;
  var payload = data.payload;
  var state = {t: data.t, stats: null};
  var views = [];  // {id, el, view, live, width}

  function qsa(sel, el) { return Array.prototype.slice.call((el || doc).querySelectorAll(sel)); }

  function formatAs(kind, v) {
    if (kind === "pairs") return pairs(v, data.scale, data.synthetic);
    if (kind === "percent") return percent(v);
    if (kind === "threshold") return threshold(v);
    return String(v);
  }

  function valueText(stats) {
    return threshold(stats.t) + ": " + pairs(stats.removed, data.scale, data.synthetic) + " pairs removed";
  }

  var statEls = qsa("[data-stat]");
  var sliders = qsa('input[type="range"][name="t"]');
  var liveTables = qsa("table[data-live-table]");
  var tLinks = qsa("a[data-t-link]");

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
      try {
        var u = new URL(root.location.href);
        u.searchParams.set("t", tv);
        root.history.replaceState(root.history.state, "", u.pathname + u.search + u.hash);
      } catch (e) { /* file:// or sandboxed frames may refuse: the page still works */ }
      tLinks.forEach(function (a) {
        var href = a.getAttribute("href");
        a.setAttribute("href", href.replace(/([?&]t=)[^&#]*/, "$1" + tv));
      });
    }, 200);
  }

  // ---- charts
  function updateView(v, stats) {
    if (v.live === "param") v.view.signal("t", stats.t);
    else if (v.live) v.view.data("live", stats[v.live].map(function (r) { return Object.assign({}, r); }));
  }

  var ready;  // Promise: every chart embedded and showing state.t

  function darkMode() { return !!(root.matchMedia && root.matchMedia("(prefers-color-scheme: dark)").matches); }

  function embedAll() {
    if (typeof root.vegaEmbed !== "function") return Promise.resolve();
    var containers = qsa("[data-chart]");
    var dark = darkMode();
    return containers.reduce(function (prev, el) {
      return prev.then(function () {
        var id = el.getAttribute("data-chart"), def = data.charts[id];
        if (!def) return null;
        var spec = JSON.parse(JSON.stringify(def.spec));
        if (dark && def.dark) { spec.config = def.dark; spec.background = def.dark.background; }
        var opts = {
          actions: false, renderer: "canvas", defaultStyle: false, ast: !!data.vega_ast, logLevel: 1,
          tooltip: {theme: dark ? "dark" : "light", disableDefaultStyle: true}
        };
        return root.vegaEmbed(el, spec, opts).then(function (res) {
          var v = {id: id, el: el, view: res.view, live: def.live, width: 0};
          views.push(v);
          fit(v);
          if (state.stats) updateView(v, state.stats);
          el.classList.add("is-rendered");
          return res.view.runAsync();
        }).catch(function (err) {
          el.classList.add("is-failed");
          if (root.console) root.console.warn("chart " + id + " failed", err);
        });
      });
    }, Promise.resolve());
  }

  // Vega-Lite's width "container" measures once (0 in hidden containers) and then only on window
  // resize; observe each container instead and resize the view ourselves.
  function fit(v) {
    var w = Math.floor(v.el.clientWidth);
    if (w > 0 && Math.abs(w - v.width) >= 1) {
      v.width = w;
      v.view.width(w);
      return v.view.runAsync();
    }
    return null;
  }

  var resizeObserver = root.ResizeObserver ? new root.ResizeObserver(function (entries) {
    entries.forEach(function (e) {
      for (var i = 0; i < views.length; i++) if (views[i].el === e.target) fit(views[i]);
    });
  }) : null;

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
    s.form.addEventListener("submit", function (e) { e.preventDefault(); setThreshold(Number(s.value)); });
  });

  // ---- embedding pages may drive the threshold
  root.addEventListener("message", function (e) {
    var d = e.data;
    if (d && d.type === "explainer:threshold" && typeof d.t === "number" && isFinite(d.t)) setThreshold(d.t);
  });

  // ---- steps: a beat in the middle band of the viewport activates its step and its chart
  var navLinks = qsa("[data-nav]");
  function activate(beat) {
    var step = beat.closest(".step");
    if (!step) return;
    var id = step.getAttribute("data-step");
    if (doc.documentElement.getAttribute("data-active-step") !== id) {
      qsa(".step.is-active").forEach(function (s) { s.classList.remove("is-active"); });
      step.classList.add("is-active");
      doc.documentElement.setAttribute("data-active-step", id);
      navLinks.forEach(function (a) {
        if (a.getAttribute("data-nav") === id) a.setAttribute("aria-current", "step");
        else a.removeAttribute("aria-current");
      });
    }
    qsa(".beat.is-active", step).forEach(function (b) { b.classList.remove("is-active"); });
    beat.classList.add("is-active");
    var chart = beat.getAttribute("data-beat-chart");
    if (chart) showFigure(step, chart);
  }

  function showFigure(step, chart) {
    qsa(".step-panel .figure", step).forEach(function (f) {
      f.classList.toggle("is-current", f.getAttribute("data-figure") === chart);
    });
  }

  // keyboard users tabbing into a figure that is not on show bring it forward
  qsa(".step-panel").forEach(function (panel) {
    panel.addEventListener("focusin", function (e) {
      var fig = e.target.closest(".figure");
      if (fig && !fig.classList.contains("is-current")) showFigure(panel.closest(".step"), fig.getAttribute("data-figure"));
    });
  });

  if (root.IntersectionObserver) {
    var io = new root.IntersectionObserver(function (entries) {
      entries.forEach(function (e) { if (e.isIntersecting) activate(e.target); });
    }, {rootMargin: "-45% 0px -50% 0px"});
    qsa(".beat").forEach(function (b) { io.observe(b); });
  }

  // ---- the CLD3 box: debounced fetch to /api/language, answers written with textContent
  function setupLanguageBox(box) {
    var input = box.querySelector("input[name=text]"), out = box.querySelector("[data-cld3-result]");
    var form = box.querySelector("form"), timer = 0, ctrl = null;
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
  qsa("[data-cld3]").forEach(setupLanguageBox);

  // ---- start: numbers at the page's t at once; charts after
  state.stats = T.thresholdStats(payload, state.t);
  ready = embedAll().then(function () {
    if (resizeObserver) views.forEach(function (v) { resizeObserver.observe(v.el); });
    doc.documentElement.classList.add("charts-ready");
  });

  root.explainer = {
    setThreshold: setThreshold,
    ready: ready,
    format: format,
    statValue: statValue,
    get t() { return state.t; },
    get views() { return views.map(function (v) { return {id: v.id, live: v.live, view: v.view}; }); }
  };
})(typeof self !== "undefined" ? self : this);
