// The speaker-notes window of /present: shows the notes of the slide on show in the slides window,
// and drives it (buttons and the same keys as the slides). Two channels, because each fails
// somewhere: a BroadcastChannel (same origin, survives a reload of either window) and postMessage
// to the window that opened this one (works from file://, whose pages share no origin).
(function (root) {
  "use strict";
  var doc = root.document;
  var el = doc.getElementById("notes-data");
  if (!el) return;
  var notes = JSON.parse(el.textContent), count = notes.length, n = 1;
  var metaEl = doc.getElementById("notes-meta"), meta = metaEl ? JSON.parse(metaEl.textContent) : {};
  var core = root.explainerCore, stats = null;  // the slides' arithmetic at their cut (their last message)
  var presenter = root.opener && !root.opener.closed ? root.opener : null;
  var channel = root.BroadcastChannel ? new root.BroadcastChannel("explainer-present") : null;
  var origin = root.location.origin && root.location.origin !== "null" ? root.location.origin : "*";

  function $(sel) { return doc.querySelector(sel); }

  function list(tag, items) {
    return items.map(function (x) { var e = doc.createElement(tag); e.textContent = x; return e; });
  }

  // a paragraph of the slide's text: plain strings, and live numbers re-formatted at the slides' cut
  function paragraph(parts) {
    var p = doc.createElement("p");
    parts.forEach(function (s) {
      if (typeof s === "string") { p.appendChild(doc.createTextNode(s)); return; }
      var span = doc.createElement("span");
      span.setAttribute("data-stat", s.key);
      span.setAttribute("data-format", s.fmt);
      span.textContent = s.text;
      p.appendChild(span);
    });
    return p;
  }

  function refresh() {
    if (!stats || !core) return;
    Array.prototype.forEach.call(doc.querySelectorAll("[data-notes-script] [data-stat]"), function (span) {
      var v = core.statValue(stats, span.getAttribute("data-stat"));
      if (v !== undefined && v !== null) {
        span.textContent = core.formatStat(span.getAttribute("data-format"), v, stats, meta, span.getAttribute("data-stat"));
      }
    });
  }

  // the current and next slide: the chart's static image at the slides' cut, or the title alone
  var previews = $(".notes-previews");
  var shownCut = previews.getAttribute("data-cut");  // "t=0.300" or "d=0.010", as the slides' address has it
  function preview(fig, slide) {
    var box = fig.querySelector("[data-preview-box]");
    fig.querySelector("[data-preview-title]").textContent = slide ? slide.n + ". " + slide.title : "End of the slides";
    if (!slide || !slide.chart) { box.replaceChildren(); return; }
    var src = previews.getAttribute("data-charts-base") + encodeURIComponent(slide.chart) + ".svg";
    if (previews.getAttribute("data-charts-query") === "true" && shownCut) src += "?" + shownCut;
    var img = box.querySelector("img");
    if (!img) { img = doc.createElement("img"); box.replaceChildren(img); }
    img.alt = "Chart: " + slide.title;
    if (img.getAttribute("src") !== src) img.setAttribute("src", src);
  }

  // textContent only: the notes quote the story, whose numbers and captions come from the data
  function render(k, t, d) {
    n = Math.max(1, Math.min(count, k));
    var s = notes[n - 1];
    $("[data-notes-n]").textContent = String(n);
    $("[data-notes-where]").textContent = s.where;
    $("[data-notes-title]").textContent = s.title;
    $("[data-notes-list]").replaceChildren.apply($("[data-notes-list]"), list("li", s.notes));
    var script = s.script_parts ? s.script_parts.map(paragraph) : list("p", s.script);
    $("[data-notes-script]").replaceChildren.apply($("[data-notes-script]"), script);
    refresh();
    $("[data-notes-next]").textContent = s.next;
    if (core && ((typeof t === "number" && isFinite(t)) || (typeof d === "number" && isFinite(d)))) {
      $("[data-notes-t]").textContent = core.format.cut(t, typeof d === "number" ? d : null);
    }
    if (core && typeof d === "number" && isFinite(d)) shownCut = "d=" + core.format.threshold(d);
    else if (core && typeof t === "number" && isFinite(t)) shownCut = "t=" + core.format.threshold(t);
    preview($('[data-notes-preview="current"]'), s);
    preview($('[data-notes-preview="next"]'), notes[n] || null);
    doc.title = n + "/" + count + " · " + s.title + " · speaker notes";
    try { root.history.replaceState(null, "", "#" + n); } catch (e) { /* file:// may refuse */ }
  }

  function send(msg) {
    if (channel) channel.postMessage(msg);
    if (presenter && !presenter.closed) {
      try { presenter.postMessage(msg, origin); } catch (e) { /* the slides were closed */ }
    }
  }

  function goTo(k) { k = Math.max(1, Math.min(count, k)); render(k); send({type: "explainer:go", n: k}); }

  function onState(d) {
    if (d && d.type === "explainer:slide" && typeof d.n === "number") {
      if (d.stats && typeof d.stats === "object" && Array.isArray(d.stats.subsets)) stats = d.stats;
      render(d.n, d.t, d.d);
    }
  }
  if (channel) channel.onmessage = function (e) { onState(e.data); };
  root.addEventListener("message", function (e) { if (presenter && e.source === presenter) onState(e.data); });

  doc.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var k = e.key, tag = e.target && e.target.tagName;
    if (k === "ArrowRight" || k === "ArrowDown" || k === "PageDown" || (k === " " && !e.shiftKey && tag !== "BUTTON")) goTo(n + 1);
    else if (k === "ArrowLeft" || k === "ArrowUp" || k === "PageUp" || (k === " " && e.shiftKey && tag !== "BUTTON")) goTo(n - 1);
    else if (k === "Home") goTo(1);
    else if (k === "End") goTo(count);
    else return;
    e.preventDefault();
  });
  Array.prototype.forEach.call(doc.querySelectorAll("[data-go]"), function (b) {
    b.addEventListener("click", function () { goTo(n + (b.getAttribute("data-go") === "prev" ? -1 : 1)); });
  });

  // a clock since the notes opened (or since Reset): how long the talk has run
  var started = Date.now(), clock = $("[data-notes-clock]");
  function tick() {
    var s = Math.floor((Date.now() - started) / 1000);
    clock.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }
  setInterval(tick, 1000);
  $("[data-notes-reset]").addEventListener("click", function () { started = Date.now(); tick(); });

  render(parseInt(root.location.hash.slice(1), 10) || 1);
  send({type: "explainer:notes-hello"});
  root.explainerNotes = {get current() { return n; }, get elapsed() { return Date.now() - started; }};
})(typeof self !== "undefined" ? self : this);
