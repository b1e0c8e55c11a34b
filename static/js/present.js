// The slides (/present): one slide on show at a time, keyboard, clicker and swipe navigation, the
// address tracking the slide (#5), a progress bar, full screen, an overview (Esc / o), a blackout
// (b / .), a list of keys (?), and a speaker-notes window kept in step.
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
  var overviewLinks = qsa("[data-overview]");
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
    overviewLinks.forEach(function (a) {
      if (a.getAttribute("data-overview") === String(n)) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    fitText(slides[i]);
    // keyboard and screen-reader users land on the new slide (a hidden slide cannot keep focus)
    if (hadFocus) slides[i].focus({preventScroll: true});
    broadcast();
  }

  function go(delta) { show(current + delta); }

  // ---- overlays: the overview, the keys, the blackout (one open at a time; Esc closes)
  var overlays = {overview: doc.getElementById("deck-overview"), help: doc.getElementById("deck-help"),
                  blackout: doc.getElementById("deck-blackout")};
  var open = null, returnFocus = null;

  function closeOverlay() {
    if (!open) return;
    overlays[open].hidden = true;
    doc.documentElement.removeAttribute("data-overlay");
    open = null;
    if (returnFocus && returnFocus.focus) returnFocus.focus({preventScroll: true});
    returnFocus = null;
  }

  function toggleOverlay(name) {
    var was = open;
    closeOverlay();
    if (was === name || !overlays[name]) return;
    returnFocus = doc.activeElement;
    overlays[name].hidden = false;
    open = name;
    doc.documentElement.setAttribute("data-overlay", name);
    if (name === "overview") {
      var here = overlays.overview.querySelector('[data-overview="' + (current + 1) + '"]');
      if (here) here.focus();
    } else if (name === "help") {
      overlays.help.setAttribute("tabindex", "-1");
      overlays.help.focus();
    }
  }

  if (overlays.overview) {
    overlays.overview.addEventListener("click", function (e) {
      var a = e.target.closest && e.target.closest("[data-overview]");
      if (!a) return;
      e.preventDefault();
      closeOverlay();
      show(parseInt(a.getAttribute("data-overview"), 10) - 1);
    });
  }

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
    if (open) {
      // an overlay is up: Esc (and its own key) closes it; in the overview arrows move between slides
      if (k === "Escape" || (open === "help" && k === "?") || (open === "overview" && (k === "o" || k === "O")) ||
          (open === "blackout" && (k === "b" || k === "B" || k === "."))) closeOverlay();
      else if (open === "blackout" && (k === "PageDown" || k === "PageUp")) { closeOverlay(); go(k === "PageDown" ? 1 : -1); }
      else if (open === "overview" && /^Arrow/.test(k)) moveInOverview(k === "ArrowRight" || k === "ArrowDown" ? 1 : -1);
      else return;
      e.preventDefault();
      return;
    }
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
    else if (k === "Escape" || k === "o" || k === "O") toggleOverlay("overview");
    else if (k === "b" || k === "B" || k === ".") toggleOverlay("blackout");
    else if (k === "?") toggleOverlay("help");
    else return;
    e.preventDefault();
  }
  doc.addEventListener("keydown", onKey);

  function moveInOverview(delta) {
    var links = qsa("[data-overview]", overlays.overview);
    var i = links.indexOf(doc.activeElement);
    links[Math.max(0, Math.min(links.length - 1, (i < 0 ? current : i) + delta))].focus();
  }

  // swipe on touch screens: a mostly horizontal stroke of 50 px or more; sliders and the CLD3 box keep theirs
  var touch = null;
  doc.addEventListener("touchstart", function (e) {
    var t = e.changedTouches[0], tag = e.target.tagName;
    touch = (tag === "INPUT" || tag === "TEXTAREA" || open) ? null : {x: t.clientX, y: t.clientY};
  }, {passive: true});
  doc.addEventListener("touchend", function (e) {
    if (!touch) return;
    var t = e.changedTouches[0], dx = t.clientX - touch.x, dy = t.clientY - touch.y;
    touch = null;
    if (Math.abs(dx) >= 50 && Math.abs(dx) > 2 * Math.abs(dy)) go(dx < 0 ? 1 : -1);
  }, {passive: true});

  qsa("[data-go]").forEach(function (b) {
    b.addEventListener("click", function () { go(b.getAttribute("data-go") === "prev" ? -1 : 1); });
  });
  qsa("[data-action]").forEach(function (b) {
    b.addEventListener("click", function () {
      var action = b.getAttribute("data-action");
      if (action === "fullscreen") toggleFullscreen();
      else if (action === "overview" || action === "help") toggleOverlay(action);
      else openNotes();
    });
  });
  root.addEventListener("hashchange", function () { var i = indexFromHash(); if (i !== current) show(i); });

  var resizeTimer = 0;
  root.addEventListener("resize", function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(fitAll, 100); });

  current = indexFromHash();
  var live = core.start({
    data: data, theme: "auto", renderer: "svg", fill: true, onThreshold: broadcast,
    // chart text readable from the back of a room: at least 2.5% of the slide's height (a 1080 px
    // screen: 27 px), never smaller than the story's
    textSize: function () { return 0.025 * root.innerHeight; },
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
    get overlay() { return open; },
    count: count
  };
})(typeof self !== "undefined" ? self : this);
