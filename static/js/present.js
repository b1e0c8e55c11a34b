// The slides (/present): one slide on show at a time, keyboard and clicker navigation, the address
// tracking the slide (#5), a progress bar, full screen, and a speaker-notes window kept in step.
// Charts, sliders and numbers come from explainer-core.js, drawn as SVG so that print is crisp.
(function (root) {
  "use strict";
  var core = root.explainerCore, doc = root.document;
  var data = core && core.readData(doc), deck = core && core.readData(doc, "deck-data");
  if (!data || !deck) return;
  var qsa = core.qsa;
  var slides = qsa(".slide"), count = slides.length, current = 0;
  var progress = doc.querySelector(".deck-progress"), bar = doc.querySelector(".deck-progress-bar");
  var counter = doc.querySelector("[data-deck-current]");
  var notesWin = null;
  var channel = root.BroadcastChannel ? new root.BroadcastChannel("explainer-present") : null;
  // file:// pages have the opaque origin "null", which postMessage cannot name
  var origin = root.location.origin && root.location.origin !== "null" ? root.location.origin : "*";

  doc.documentElement.classList.add("deck-js");

  function indexFromHash() {
    var h = decodeURIComponent(root.location.hash.slice(1));
    var n = parseInt(h, 10);
    if (String(n) === h && n >= 1) return Math.min(n, count) - 1;
    // a step id (/present#threshold) opens that step's first slide
    for (var i = 0; i < count; i++) if (slides[i].getAttribute("data-step") === h) return i;
    return 0;
  }

  // the slide's text shrinks (down to half) until it fits beside its chart
  function fitText(slide) {
    var box = slide.querySelector(".slide-text");
    if (!box) return;
    var scale = 1;
    box.style.setProperty("--fit", "1");
    while (box.scrollHeight > box.clientHeight + 1 && scale > 0.5) {
      scale -= 0.05;
      box.style.setProperty("--fit", scale.toFixed(2));
    }
  }

  function fitAll() { slides.forEach(fitText); }

  function message() {
    // the cut and the arithmetic there: the notes window re-formats the slide text's live numbers from it
    return {type: "explainer:slide", n: current + 1, count: count, t: live ? live.t : data.t,
            d: live ? live.d : (data.d === undefined ? null : data.d), stats: live ? live.stats : null};
  }

  function broadcast() {
    var msg = message();
    if (channel) channel.postMessage(msg);
    if (notesWin && !notesWin.closed) {
      try { notesWin.postMessage(msg, origin); } catch (e) { /* closed meanwhile */ }
    }
  }

  function show(i) {
    i = Math.max(0, Math.min(count - 1, i));
    var hadFocus = slides[current].contains(doc.activeElement) && doc.activeElement !== doc.body;
    slides.forEach(function (s, j) { s.classList.toggle("is-current", j === i); });
    current = i;
    var n = i + 1, title = slides[i].querySelector("h1, h2");
    bar.style.transform = "scaleX(" + (n / count) + ")";
    progress.setAttribute("aria-valuenow", String(n));
    progress.setAttribute("aria-valuetext", "Slide " + n + " of " + count + (title ? ": " + title.textContent : ""));
    counter.textContent = String(n);
    doc.documentElement.setAttribute("data-slide", String(n));
    if (root.location.hash !== "#" + n) {
      try { root.history.replaceState(root.history.state, "", "#" + n); } catch (e) { root.location.hash = String(n); }
    }
    fitText(slides[i]);
    // keyboard and screen-reader users land on the new slide (a hidden slide cannot keep focus)
    if (hadFocus) slides[i].focus({preventScroll: true});
    broadcast();
  }

  function go(delta) { show(current + delta); }

  function toggleFullscreen() {
    var el = doc.documentElement;
    var p = doc.fullscreenElement ? doc.exitFullscreen() : (el.requestFullscreen ? el.requestFullscreen() : null);
    if (p && p.catch) p.catch(function () { /* refused (e.g. inside a frame): the deck still works */ });
  }

  function openNotes() {
    var url = new URL(deck.notes_url, root.location.href);
    var mode = live.d !== null ? "d" : "t";
    url.searchParams.delete(mode === "d" ? "t" : "d");
    url.searchParams.set(mode, core.format.threshold(mode === "d" ? live.d : live.t));
    url.hash = String(current + 1);
    notesWin = root.open(url.href, "explainer-notes", "popup,width=960,height=720");
    if (notesWin) broadcast();
  }

  // commands from the notes window: absolute slide numbers, so a message heard twice (channel and
  // postMessage) does no harm
  function onCommand(d) {
    if (!d || typeof d !== "object") return;
    if (d.type === "explainer:go" && typeof d.n === "number" && isFinite(d.n)) show(Math.round(d.n) - 1);
    else if (d.type === "explainer:notes-hello") broadcast();
  }
  if (channel) channel.onmessage = function (e) { onCommand(e.data); };
  root.addEventListener("message", function (e) { if (notesWin && e.source === notesWin) onCommand(e.data); });

  // keys: arrows, Space / Shift+Space, PageDown / PageUp (what presentation clickers send), Home / End
  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey) return;
    var el = e.target, tag = el && el.tagName ? el.tagName : "";
    var onRange = tag === "INPUT" && el.type === "range";
    var typing = (tag === "INPUT" && !onRange) || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable);
    var k = e.key;
    if (k === "PageDown") go(1);
    else if (k === "PageUp") go(-1);
    else if (typing) return;  // the CLD3 box takes letters, space and arrows
    else if (k === " " || k === "Spacebar") {
      if (tag === "BUTTON" || tag === "SUMMARY") return;  // Space presses the button
      go(e.shiftKey ? -1 : 1);
    }
    else if (onRange) return;  // arrows, Home and End move the slider
    else if (k === "ArrowRight" || k === "ArrowDown") go(1);
    else if (k === "ArrowLeft" || k === "ArrowUp") go(-1);
    else if (k === "Home") show(0);
    else if (k === "End") show(count - 1);
    else if (k === "f" || k === "F") toggleFullscreen();
    else if (k === "s" || k === "S") openNotes();
    else return;
    e.preventDefault();
  }
  doc.addEventListener("keydown", onKey);

  qsa("[data-go]").forEach(function (b) {
    b.addEventListener("click", function () { go(b.getAttribute("data-go") === "prev" ? -1 : 1); });
  });
  qsa("[data-action]").forEach(function (b) {
    b.addEventListener("click", function () {
      if (b.getAttribute("data-action") === "fullscreen") toggleFullscreen();
      else openNotes();
    });
  });
  root.addEventListener("hashchange", function () { var i = indexFromHash(); if (i !== current) show(i); });

  var resizeTimer = 0;
  root.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(fitAll, 100); });

  current = indexFromHash();
  var live = core.start({
    data: data, theme: "auto", renderer: "svg", fill: true, onThreshold: broadcast,
    // the slide on show first, then its neighbours, then the rest
    order: function (els) {
      var at = function (el) { return Math.abs(slides.indexOf(el.closest(".slide")) - current); };
      return els.slice().sort(function (a, b) { return at(a) - at(b); });
    }
  });
  show(current);
  fitAll();
  qsa("[data-cld3]").forEach(core.languageBox);

  root.explainer = live;
  root.explainerDeck = {
    show: function (n) { show(n - 1); return current + 1; },
    get current() { return current + 1; },
    count: count
  };
})(typeof self !== "undefined" ? self : this);
