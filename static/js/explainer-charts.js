// The charts of a page (the story, an embed, the slides): drawn by vega-embed from the specs in the
// page's explainer-data, lazily or all at once, fitted to their boxes, drawn again when the theme or
// the slides' text size changes, and moved to a cut by explainer-core.js (update). Loaded with
// `defer` after vega-bundle.js (or in its place, on a lazy page, the links it loads Vega from) and
// before explainer-core.js; defines window.explainerCharts.
(function (root) {
  "use strict";

  function qsa(sel, el) { return Array.prototype.slice.call((el || root.document).querySelectorAll(sel)); }

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

  // ---------------------------------------------------------------- the charts of one page
  // create(cfg) -> {start, drawAll, drawn, update, views, view, textFactor}; cfg: data (explainer-data),
  // opts (explainer-core's start options: fill, textSize, order, lazy, onDraw), scope, theme, renderer,
  // isDark (theme -> bool), stats () -> the page's current stats, params (stats) -> the similarity
  // chart's {t, d} signals.
  function create(cfg) {
    var doc = root.document, data = cfg.data, opts = cfg.opts, scope = cfg.scope;
    var theme = cfg.theme, renderer = cfg.renderer, isDark = cfg.isDark, params = cfg.params;
    var views = [];  // {id, el, view, live, width, height, def, two}
    var textFactor = 1;  // the last factor specFor applied (opts.textSize)

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

    // A spec whose usermeta has two_columns {min_vw, height, needs} (the stack, app/charts/stack.py)
    // lays out in two columns, height px tall, where its box is at least min_vw wide in units of its
    // text; a filled box (a slide) always allows it and sizes its text by it (specFor)
    function twoColumns(def, w) {
      var two = (def.spec.usermeta || {}).two_columns;
      return two && w >= two.min_vw ? two : null;
    }
    function setParam(spec, name, value) {
      (spec.params || []).forEach(function (p) { if (p.name === name) p.value = value; });
    }

    function specFor(def, dark, el) {
      var spec = JSON.parse(JSON.stringify(def.spec));
      // a copy: the dark config is shared by every chart, and textSize below scales it in place
      if (dark && def.dark) { spec.config = JSON.parse(JSON.stringify(def.dark)); spec.background = def.dark.background; }
      if (opts.fill) {
        // both dimensions from the container: a fixed height replaces bar "steps"
        spec.autosize = {type: "fit", contains: "padding"};
        spec.height = 300;
        setParam(spec, "two_columns", true);
      }
      if (opts.textSize) {
        spec.config = spec.config || {};
        // Vega's own defaults (axis labels 10 px, titles 11 px) made explicit, so they scale too
        ["axis", "legend"].forEach(function (part) {
          spec.config[part] = Object.assign({labelFontSize: 10, titleFontSize: 11}, spec.config[part]);
        });
        var k = textScale(spec, opts.textSize());
        // a chart whose text sets its height (the stack) grows its text only as far as its box allows:
        // the height its text needs at 1x is spec.height in one column, two_columns.needs in two,
        // which hold while the box is at least min_vw wide in units of the text
        var meta = spec.usermeta || {};
        if (opts.fill && meta.text_sets_height && def.spec.height > 0) {
          var kOne = Math.min(k, el.clientHeight / def.spec.height), cols = meta.two_columns;
          var kTwo = cols ? Math.min(k, el.clientHeight / cols.needs, el.clientWidth / cols.min_vw) : 0;
          k = Math.max(1, kOne, kTwo);
        }
        textFactor = k;
        if (k > 1) scaleText(spec, k);
      }
      // text k times bigger lays out as a chart k times narrower would (fewer ticks, wrapped labels):
      // vw is the box's width in units of the chart's text
      setVw(spec, Math.floor(el.clientWidth / textFactor));
      // a page box wide enough: two columns, as tall as they need
      var wide = !opts.fill && twoColumns(def, Math.floor(el.clientWidth / textFactor));
      if (wide) { setParam(spec, "two_columns", true); spec.height = wide.height; }
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
        var v = {id: id, el: el, view: res.view, live: def.live, width: 0, height: 0, def: def,
                 two: !opts.fill && !!twoColumns(def, Math.floor(el.clientWidth / textFactor))};
        views.push(v);
        fit(v);
        var stats = cfg.stats();
        if (stats) updateView(v, stats);
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
    // first chart: the page lists the scripts as meta[name=explainer-vega-script] instead of loading
    // them at once (templates/partials/vega_scripts.html), and prefetches them once it has loaded, so
    // the download neither competes with the page's own nor waits for the first chart.
    function vegaUrls() {
      return qsa('meta[name="explainer-vega-script"]').map(function (m) {
        return new URL(m.getAttribute("content"), doc.baseURI).href;
      });
    }
    function prefetchVega() {
      vegaUrls().forEach(function (href) {
        var link = doc.createElement("link");
        link.rel = "prefetch";
        link.as = "script";
        link.href = href;
        doc.head.appendChild(link);
      });
    }
    var vegaLoading = null;
    function loadVega() {
      if (typeof root.vegaEmbed === "function") return Promise.resolve();
      if (!vegaLoading) {
        var urls = vegaUrls();
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
        // a page box that crossed two_columns.min_vw: the other layout, at its own height
        var two = !opts.fill && twoColumns(v.def, Math.floor(w / textFactor));
        if (!opts.fill && !!two !== v.two) {
          v.two = !!two;
          v.view.signal("two_columns", v.two);
          v.view.height(two ? two.height : v.def.spec.height);
        }
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

    function update(stats) {
      return Promise.all(views.map(function (v) {
        updateView(v, stats);
        return v.view.runAsync();
      }));
    }

    // once the reader is reading, the charts not yet drawn are drawn one at a time while the page is
    // idle, so that a printout or a jump far ahead finds them (the first screen still compiles none)
    function drawRestWhenIdle() {
      var idle = root.requestIdleCallback || function (f) { return root.setTimeout(f, 200); };
      (function next() {
        var el = chartEls.filter(function (e) { return asked.indexOf(e) < 0; })[0];
        if (!el) { drawAll(); return; }
        idle(function () { request(el).then(next); }, {timeout: 3000});
      })();
    }

    function start() {
      if (opts.lazy && root.IntersectionObserver) {
        if (doc.readyState === "complete") prefetchVega();
        else root.addEventListener("load", prefetchVega, {once: true});
        observeNear("0px");
        root.addEventListener("scroll", function () {
          observeNear("100% 0px");
          drawRestWhenIdle();
        }, {passive: true, once: true});
        // a printout has every chart: draw the rest when asked to print (the print preview follows)
        root.addEventListener("beforeprint", drawAll);
      }
      else drawAll();
    }

    return {
      start: start,
      drawAll: drawAll,
      get drawn() { return drawn; },
      update: update,
      get textFactor() { return textFactor; },
      views: function () { return views.map(function (v) { return {id: v.id, live: v.live, view: v.view}; }); },
      view: function (chartId) {
        for (var i = 0; i < views.length; i++) if (views[i].id === chartId) return views[i].view;
        return null;
      }
    };
  }

  root.explainerCharts = {create: create};
})(typeof self !== "undefined" ? self : this);
