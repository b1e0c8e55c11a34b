// The CLD3 box of the story and the slides: what the detector LAION used says about a caption the
// reader types (static/js/explainer-core.js loads first; this adds languageBox to window.explainerCore).
(function (root) {
  "use strict";
  var core = root.explainerCore, F = root.explainerFormat;
  if (!core || !F) return;
  var percent = F.format.percent, qsa = core.qsa;

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

  core.languageBox = languageBox;
})(typeof self !== "undefined" ? self : this);
