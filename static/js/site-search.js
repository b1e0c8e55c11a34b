// "Is your site in it?": suggestions while typing and the answer in place, on top of the plain GET
// form that works without JavaScript (/?site=... answers on the server).
// Answers come from a source: the server's /api/domains by default; the static export installs
// window.explainerSiteSource (static/js/site-index.js), which reads the index split into files and
// may say, through source.missing(), what to write after a domain it does not hold.
// siteFacts() mirrors app/site_search.py facts(), line for line, with the shared formatter.
// Under node (tests) it exports siteFacts and stops.
(function (root) {
  "use strict";
  var core = typeof module !== "undefined" && module.exports ? require("./explainer-core.js") : root.explainerCore;
  var fmt = core.format;

  function siteFacts(a, synthetic, scale) {
    var pairs = fmt.pairs(a.pairs, scale, synthetic);
    if (synthetic) pairs += " (estimate: " + fmt.count(a.pairs) + " rows of the replica \u00d7 " + fmt.group(scale) + ")";
    var out = [
      ["Pairs", pairs],
      ["Rank", fmt.count(a.rank) + " of " + fmt.count(a.of) + " registered domains"],
      ["Share of all pairs", fmt.percent(a.share, 3)],
      ["Hosts", fmt.count(a.hosts) + " distinct host" + (a.hosts !== 1 ? "s" : "") + " under this domain"]
    ];
    if (a.subsets && a.subsets.length) {
      out.push(["By subset", a.subsets.map(function (s) {
        return s.name + " " + fmt.pairs(s.pairs, scale, synthetic);
      }).join(" \u00b7 ")]);
    }
    if (a.site) out.push(["Named site", "part of " + a.site + ", one of the sites the essay singles out"]);
    return out;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {siteFacts: siteFacts};
    return;
  }

  var doc = root.document;

  function json(url, signal) {
    return root.fetch(url, {signal: signal}).then(function (res) {
      if (res.status === 404) return null;
      if (!res.ok) throw new Error("HTTP " + res.status);
      return res.json();
    });
  }

  // the server: the one code path that the API and the no-JS page answer from
  var serverSource = {
    lookup: function (text, signal) { return json("/api/domains/" + encodeURIComponent(text), signal); },
    search: function (q, limit, signal) {
      return json("/api/domains?q=" + encodeURIComponent(q) + "&limit=" + limit, signal)
        .then(function (r) { return r ? r.matches : []; });
    }
  };

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }

  function siteBox(box) {
    var input = box.querySelector("input[name=site]"), out = box.querySelector("[data-site-result]");
    var list = box.querySelector("[data-site-suggestions]"), form = box.querySelector("form");
    if (!input || !out || !form) return;
    var synthetic = box.getAttribute("data-synthetic") === "true";
    var scale = parseInt(box.getAttribute("data-scale"), 10) || 1;
    var source = root.explainerSiteSource || serverSource;
    var timer = 0, suggestCtrl = null, lookupCtrl = null;

    function message(text) { out.replaceChildren(el("p", "muted", text)); }

    function show(text, a) {
      if (!a) {
        var miss = el("p", "site-missing");
        var b = el("strong", "", text.trim());
        b.setAttribute("dir", "auto");
        miss.appendChild(b);
        miss.appendChild(doc.createTextNode(source.missing ? source.missing() : " is not in this data."));
        out.replaceChildren(miss);
        return;
      }
      var p = el("p", "site-found"), strong = el("strong", "", a.display || a.domain);
      strong.setAttribute("dir", "auto");
      p.appendChild(strong);
      p.appendChild(doc.createTextNode(" is in this data."));
      var dl = el("dl");
      siteFacts(a, synthetic, scale).forEach(function (kv) {
        dl.appendChild(el("dt", "", kv[0]));
        dl.appendChild(el("dd", "", kv[1]));
      });
      out.replaceChildren(p, dl);
    }

    function lookup() {
      var text = input.value;
      if (!text.trim()) { out.replaceChildren(); return; }
      if (lookupCtrl) lookupCtrl.abort();
      lookupCtrl = new AbortController();
      message("Looking up\u2026");
      source.lookup(text, lookupCtrl.signal).then(function (a) {
        show(a ? a.domain : text, a);
        if (root.history && root.history.replaceState && root.location.protocol !== "file:") {
          var url = new URL(root.location.href);
          url.searchParams.set("site", text);
          url.hash = "site-search";
          root.history.replaceState(null, "", url);
        }
      }).catch(function (err) {
        if (err.name !== "AbortError") message("The search did not answer (" + err.message + ").");
      });
    }

    function suggest() {
      var q = input.value.trim();
      if (!list || q.length < 2) return;
      if (suggestCtrl) suggestCtrl.abort();
      suggestCtrl = new AbortController();
      source.search(q, 8, suggestCtrl.signal).then(function (matches) {
        list.replaceChildren.apply(list, matches.map(function (m) {
          var o = doc.createElement("option");
          o.value = m.domain;
          o.label = fmt.pairs(m.pairs, scale, synthetic) + " pairs";
          return o;
        }));
      }).catch(function () { /* suggestions are a convenience: the form still works */ });
    }

    input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(suggest, 150); });
    form.addEventListener("submit", function (e) { e.preventDefault(); clearTimeout(timer); lookup(); });
    // a copy without a server (the export) answers a shared ?site= link itself
    if (source !== serverSource && !input.value && root.URLSearchParams) {
      var asked = new URLSearchParams(root.location.search).get("site");
      if (asked) { input.value = asked; lookup(); }
    }
    core.qsa("[data-site-example]", box).forEach(function (a) {
      a.addEventListener("click", function (e) {
        e.preventDefault();
        input.value = a.getAttribute("data-site-example");
        input.focus();
        lookup();
      });
    });
  }

  core.qsa("[data-site-search]").forEach(siteBox);
  root.explainerSite = {siteFacts: siteFacts};
})(typeof self !== "undefined" ? self : this);
