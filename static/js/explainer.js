// The story page: step activation as the reader scrolls, the CLD3 box and the Embed dialog, on top
// of explainer-core.js (numbers, sliders, charts). Loaded with `defer` after vega-bundle.js,
// threshold.js and explainer-core.js. Everything the server rendered already reads correctly
// without this file; it only makes the page live.
// Under node (tests/test_format_js.py) it exports the core's number formatting and stops there.
(function (root) {
  "use strict";
  if (typeof module !== "undefined" && module.exports) {
    module.exports = require("./explainer-core.js");
    return;
  }

  var core = root.explainerCore, doc = root.document;
  var data = core && core.readData(doc);
  if (!data) return;
  var qsa = core.qsa;
  // charts draw as they come near (lazy); each one drawn re-measures the pinned panels (fitPanels)
  var live = core.start({data: data, theme: "auto", lazy: true, onDraw: function () { scheduleFit(); }});

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

  // ---- a panel pins its figures only if each fits the screen; otherwise it scrolls with the page
  // (CSS .is-unpinned), rather than cutting off a caption or the downloads. Measured with the data
  // tables closed: opening one scrolls inside the panel instead of unpinning it under the reader.
  var panels = qsa(".step-panel");
  function fitPanels() {
    // phones: the pinned chart sits under the navigation and the step's own sticky slider
    var nav = doc.querySelector(".stepnav");
    var navH = nav ? nav.getBoundingClientRect().height : 0;
    qsa(".step.has-panel").forEach(function (step) {
      var slider = step.querySelector(":scope > .slider");
      var h = slider && root.getComputedStyle(slider).position === "sticky" ? slider.getBoundingClientRect().height : 0;
      step.style.setProperty("--pin-top", Math.round(navH + h) + "px");
    });
    panels.forEach(function (panel) {
      panel.classList.remove("is-unpinned");
      var style = root.getComputedStyle(panel);
      if (style.position !== "sticky") return;  // phones: nothing is pinned
      var room = parseFloat(style.maxHeight);
      var tallest = 0;
      qsa(".figure", panel).forEach(function (f) {
        var open = qsa("details[open]", f).reduce(function (h, d) {
          var body = d.querySelector(".table-wrap");
          return h + (body ? body.getBoundingClientRect().height : 0);
        }, 0);
        tallest = Math.max(tallest, f.getBoundingClientRect().height - open);
      });
      if (isFinite(room) && tallest > room + 1) panel.classList.add("is-unpinned");
    });
  }
  var fitTimer = 0;
  function scheduleFit() { clearTimeout(fitTimer); fitTimer = setTimeout(fitPanels, 100); }
  root.addEventListener("resize", scheduleFit);
  scheduleFit();  // a task of its own: not part of the page's start-up script

  qsa("[data-cld3]").forEach(core.languageBox);

  // the appendix cites this page's address, which only the browser knows (any host, or a copy on disk)
  var here = root.location.href.split(/[?#]/)[0];
  qsa("[data-here]").forEach(function (el) { el.textContent = here; });

  // ---- the Embed dialog: a copy-ready <iframe> at the current cut, and the resize script. The markup is
  // the server's (data-embed-snippet, the markup the oEmbed answer carries), parsed into an inert
  // <template>; the chart's values go in with setAttribute and come out through the browser's
  // serialiser, which does the escaping.
  var dialog = doc.getElementById("embed-dialog");
  var snippet = dialog && dialog.getAttribute("data-embed-snippet");
  function absolute(href) { return new URL(href, root.location.href).href; }

  function chosen(name) {
    var el = dialog.querySelector('input[name="' + name + '"]:checked');
    return el ? el.value : "light";
  }

  // the embed's height at each common column width, measured by loading it in hidden frames of those
  // widths and listening for the heights it reports (as the resize script would), kept per address
  var measured = {}, measuring = null;
  function widths() { return qsa("#embed-width option").map(function (o) { return Number(o.value); }); }
  function measure(src, update) {
    if (measuring) measuring.stop();
    if (measured[src] && measured[src].done) { update(); return; }
    var got = measured[src] = measured[src] || {heights: {}, done: false};
    var box = doc.createElement("div"), frames = [], quiet = 0;
    box.className = "embed-measure";
    box.setAttribute("aria-hidden", "true");
    widths().forEach(function (w) {
      var f = doc.createElement("iframe");
      f.setAttribute("src", src);
      f.setAttribute("tabindex", "-1");
      f.setAttribute("title", "Measuring the embed at " + w + " px");
      f.style.width = w + "px";
      f.style.height = "400px";
      frames.push({w: w, f: f});
      box.appendChild(f);
    });
    function stop() {
      root.removeEventListener("message", onHeight);
      clearTimeout(quiet);
      clearTimeout(limit);
      if (box.parentNode) box.parentNode.removeChild(box);
      measuring = null;
    }
    function onHeight(e) {
      var d = e.data;
      if (!d || d.type !== "explainer:height" || typeof d.height !== "number") return;
      for (var i = 0; i < frames.length; i++) {
        if (frames[i].f.contentWindow !== e.source) continue;
        got.heights[frames[i].w] = Math.ceil(d.height);
        update();
        // settled: every width reported, and nothing new for a while (charts report again once drawn)
        clearTimeout(quiet);
        if (Object.keys(got.heights).length === frames.length) {
          quiet = setTimeout(function () { got.done = true; stop(); update(); }, 800);
        }
      }
    }
    var limit = setTimeout(stop, 15000);
    root.addEventListener("message", onHeight);
    doc.body.appendChild(box);
    measuring = {stop: stop};
  }

  function uniqueId(chart) {
    var bytes = new Uint8Array(4);
    (root.crypto || {getRandomValues: function (a) { for (var i = 0; i < a.length; i++) a[i] = Math.random() * 256; return a; }})
      .getRandomValues(bytes);
    return "explainer-" + chart + "-" + Array.prototype.map.call(bytes, function (b) { return (b + 256).toString(16).slice(1); }).join("");
  }

  function snippets(link, ids) {
    // the embed opens where this page cuts: ?d= in the offset mode, else ?t=
    var mode = live.d !== null ? "d" : "t", theme = chosen("embed-theme");
    var value = core.format.threshold(mode === "d" ? live.d : live.t);
    var src = new URL(link.getAttribute("href"), root.location.href);
    src.searchParams.delete(mode === "d" ? "t" : "d");
    src.searchParams.set(mode, value);
    if (theme !== "light") src.searchParams.set("theme", theme);
    src.hash = "";
    var title = link.getAttribute("data-embed-title") || "Chart";
    var id = link.getAttribute("data-embed-open");
    var width = Number(doc.getElementById("embed-width").value);
    var m = measured[src.href], height = m && m.heights[width];
    if (!height) {
      // until the embed has reported: a guess from the figure here, plus the embed's slider and credit
      var fig = link.closest(".figure");
      height = fig ? Math.round(fig.getBoundingClientRect().height) : 480;
      height = Math.max(320, height + (data.charts[id] && data.charts[id].live ? 120 : 0) + 90);
    }
    var parts = doc.createElement("template");
    parts.innerHTML = snippet;
    var iframe = parts.content.querySelector("iframe"), script = parts.content.querySelector("script");
    iframe.setAttribute("src", src.href);
    iframe.setAttribute("title", title);
    iframe.setAttribute("height", String(height));
    iframe.setAttribute("id", ids.frame);
    script.setAttribute("src", absolute(dialog.getAttribute("data-resize-script")));
    // the static image: the chart's PNG (title and credit line drawn in) linking to this step here
    var png = new URL(link.getAttribute("data-embed-png") || ("/charts/" + id + ".png"), root.location.href);
    png.searchParams.set(mode, value);
    if (theme === "dark") png.searchParams.set("theme", "dark");
    var story = new URL(root.location.href);
    story.search = "";
    story.searchParams.set(mode, value);
    var step = link.closest("section[id]");
    story.hash = step ? step.id : "";
    // made in the template's inert document: its style attribute is text for the reader's page, never
    // applied here (this page's CSP allows no inline styles)
    var inert = parts.content.ownerDocument, a = inert.createElement("a"), img = inert.createElement("img");
    a.setAttribute("href", story.href);
    a.setAttribute("id", ids.image);
    img.setAttribute("src", png.href);
    img.setAttribute("alt", title + " (chart; the link opens it in the explainer)");
    img.setAttribute("width", String(width));
    img.setAttribute("style", "max-width:100%;height:auto");
    a.appendChild(img);
    return {iframe: iframe.outerHTML, script: script.outerHTML, image: a.outerHTML, url: src.href,
            measured: m ? m.heights : {}, width: width};
  }

  function copy(button) {
    var field = doc.getElementById(button.getAttribute("data-copy"));
    var done = function () {
      var old = button.textContent;
      button.textContent = "Copied";
      setTimeout(function () { button.textContent = old; }, 1500);
    };
    var fallback = function () {
      // no clipboard API (file://, older browsers): select the text so Ctrl/Cmd+C copies it
      field.focus();
      field.select();
      try { if (doc.execCommand("copy")) done(); } catch (e) { /* the selection is enough */ }
    };
    if (root.navigator.clipboard && root.isSecureContext) {
      root.navigator.clipboard.writeText(field.value).then(done, fallback);
    } else fallback();
  }

  if (dialog && snippet && typeof dialog.showModal === "function") {
    qsa("[data-copy]", dialog).forEach(function (b) { b.addEventListener("click", function () { copy(b); }); });
    qsa("[data-dialog-close]", dialog).forEach(function (b) {
      b.addEventListener("click", function () { dialog.close(); });
    });
    var current = null, ids = null;
    var fill = function () {
      if (!current) return;
      var s = snippets(current, ids);
      doc.getElementById("embed-code").value = s.iframe;
      doc.getElementById("embed-image").value = s.image;
      doc.getElementById("embed-script").value = s.script;
      doc.getElementById("embed-preview").setAttribute("href", s.url);
      var h = s.measured[s.width];
      doc.querySelector("[data-embed-measured]").textContent = h ? "measured height " + h + " px" : "measuring\u2026";
      return s;
    };
    var refresh = function () { var s = fill(); if (s) measure(s.url, fill); };
    qsa('input[name="embed-theme"]', dialog).forEach(function (r) { r.addEventListener("change", refresh); });
    doc.getElementById("embed-width").addEventListener("change", fill);
    dialog.addEventListener("close", function () { if (measuring) measuring.stop(); });
    qsa("a[data-embed-open]").forEach(function (link) {
      link.addEventListener("click", function (e) {
        e.preventDefault();
        current = link;
        // one id per embed code handed out: two embeds of one chart on a page never share an id
        var chart = link.getAttribute("data-embed-open");
        ids = {frame: uniqueId(chart), image: uniqueId(chart)};
        doc.getElementById("embed-dialog-title").textContent = "Embed \u201c" + link.getAttribute("data-embed-title") + "\u201d";
        dialog.setAttribute("data-embed-chart", chart);
        dialog.showModal();
        refresh();
      });
    });
  }

  root.explainer = live;
})(typeof self !== "undefined" ? self : this);
