// "Is your site in it?" in the static export: window.explainerSiteSource, answering from the domain
// index that app/export/search.py writes under search/ as small script files.
// A page opened from file:// may load other local files as <script src> but (in Chromium) not
// with fetch(), so each file of the index calls explainerSiteIndex.manifest / .part / .top / .keys, and
// this loader injects those scripts when it needs them, by URLs relative to this script (the copy
// works in any folder of any host, and from disk). Answers carry the fields of the server's
// /api/domains, so site-search.js renders them with the same siteFacts().
// Host names go through the steps of precompute/domains/psl.py (domain_of_query); the registered
// domain is then the longest suffix of the host that the index holds, with the entries the
// export flags (public suffixes, rules beneath) handled as psl would.
// Under node (tests) it exports the pure functions and stops.
(function (root) {
  "use strict";

  // ---------------------------------------------------------------- what a reader typed -> host
  var SCHEME = /^(?:[A-Za-z][A-Za-z0-9+.\-]*:\/\/|\/\/)/;
  var IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
  var NO_HOST = "(no host)";
  var MAX_RULE_LABELS = 4;

  function isAscii(s) { return /^[\x00-\x7f]*$/.test(s); }

  function unquote(s) {  // urllib.parse.unquote: runs of %XX decoded as UTF-8
    return s.replace(/(?:%[0-9A-Fa-f]{2})+/g, function (run) {
      try { return decodeURIComponent(run); } catch (e) { return run; }
    });
  }

  function asciiLabel(label) {  // psl.ascii_label: IDNA per label, the label as it is when that fails
    if (isAscii(label)) return label;
    // Python's IDNA 2003 maps these where the browser's URL parser (UTS 46) keeps them
    var mapped = label.replace(/\u00df/g, "ss").replace(/\u03c2/g, "\u03c3").replace(/[\u200c\u200d]/g, "");
    try {
      var h = new URL("http://" + mapped + ".x").hostname;  // ".x": a label of digits is no IPv4 address
      return h.slice(0, -2);
    } catch (e) {
      return label;
    }
  }

  function toAscii(host) {  // psl.to_ascii
    host = host.toLowerCase().replace(/\.+$/, "");
    if (isAscii(host)) return host;
    return host.split(".").map(asciiLabel).join(".");
  }

  function rawHost(url) {  // psl.raw_host
    return url.replace(SCHEME, "").split(/[\/?#]/)[0];
  }

  function normaliseHost(raw) {  // psl.normalise_host
    var h = raw.slice(raw.lastIndexOf("@") + 1);
    h = h.split("?")[0].split("#")[0].split("\\")[0];
    h = h.charAt(0) === "[" ? h.split("]")[0] + "]" : h.split(":")[0];
    h = h.trim();
    if (!isAscii(h)) return toAscii(h);
    return h.toLowerCase().replace(/\.+$/, "");
  }

  function hostOf(text) {  // psl.domain_of_query, up to the registered domain
    text = unquote(text.trim());
    if (/[\/@:]/.test(text)) text = rawHost(text);
    return normaliseHost(text);
  }

  function prefixOf(q) {  // app/domains.py prefix_of
    q = q.trim().toLowerCase();
    var k = q.indexOf("://");
    if (k >= 0) q = q.slice(k + 3);
    q = q.split("/")[0];
    if (q.slice(0, 4) === "www.") q = q.slice(4);
    return q ? toAscii(q) : "";
  }

  function isIp(host) { return host.charAt(0) === "[" || IPV4.test(host); }

  // The names under which a host may be in the index, longest first. A single label never
  // answers for a longer host (the default rule makes it a public suffix), so it is left out.
  function candidates(host) {
    if (!host) return [NO_HOST];
    if (isIp(host) || host.indexOf(".") < 0) return [host];
    var labels = host.split("."), out = [];
    for (var i = 0; i < labels.length - 1; i++) out.push(labels.slice(i).join("."));
    return out;
  }

  // Do the public-suffix rules beneath `name` give `labels` (a longer host) a longer registered domain?
  function ruledOut(labels, name, rules) {
    var sets = {e: {}, w: {}, x: {}};
    rules.forEach(function (r) { sets[r[0]][r[1]] = true; });
    var own = name.split(".").length, n = labels.length, top = Math.min(n, MAX_RULE_LABELS);
    for (var k = own; k <= top; k++) {
      var s = labels.slice(n - k).join(".");
      if (k > own && (sets.x[s] || sets.e[s])) return true;
      if (sets.w[s] && n >= k + 1) return true;
    }
    return false;
  }

  // The index row of the registered domain of `host`, or null. get(name) -> row or undefined;
  // extra(row) -> the row's flags ({bare, rules}) or {}.
  function resolve(host, get, extra) {
    var names = candidates(host);
    for (var i = 0; i < names.length; i++) {
      var row = get(names[i]);
      if (!row) continue;
      if (i === 0) return row;
      if (isIp(names[i])) continue;  // an address stands for itself only (5.1.2.3.4 belongs to 3.4)
      var ex = extra(row);
      if (ex.bare) return null;  // a public suffix: the host's own registered domain is longer, and absent
      if (ex.rules && ruledOut(names[0].split("."), names[i], ex.rules)) return null;
      return row;
    }
    return null;
  }

  // byte order of UTF-8, which is code point order: the order of domains.parquet and of the keys
  function compare(a, b) {
    if (a === b) return 0;
    var n = Math.min(a.length, b.length), i = 0;
    while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
    if (i === n) return a.length < b.length ? -1 : 1;
    return a.codePointAt(i) < b.codePointAt(i) ? -1 : 1;
  }

  // the last index i with keys[i] <= x, or -1
  function bisect(keys, x) {
    var lo = 0, hi = keys.length;
    while (lo < hi) {
      var mid = (lo + hi) >> 1;
      if (compare(keys[mid], x) <= 0) lo = mid + 1; else hi = mid;
    }
    return lo - 1;
  }

  if (typeof module !== "undefined" && module.exports) {
    module.exports = {hostOf: hostOf, prefixOf: prefixOf, candidates: candidates, resolve: resolve,
                      compare: compare, bisect: bisect, toAscii: toAscii};
    return;
  }

  // ---------------------------------------------------------------- loading the files
  var doc = root.document;
  var me = doc.currentScript || doc.querySelector("script[src*='site-index.js']");
  var base = me && me.src ? new URL("../../search/", me.src)  // static/js/site-index.js -> search/
    : new URL("search/", root.location.href);
  var loads = {};  // file name -> Promise of what it registered
  var waiting = {};  // registration name -> resolve function

  function settle(name, value) {
    var done = waiting[name];
    if (done) { delete waiting[name]; done(value); }
  }

  root.explainerSiteIndex = {
    manifest: function (m) { settle("index", m); },
    part: function (n, key, rows) { settle("part:" + n, {key: key, rows: rows}); },
    top: function (n, lists) { settle("top:" + n, lists); },
    keys: function (n, first, keys) { settle("keys:" + n, {first: first, keys: keys}); }
  };

  function pad(n, width) { var s = String(n); while (s.length < width) s = "0" + s; return s; }

  function load(file, name) {
    if (loads[file]) return loads[file];
    loads[file] = new Promise(function (resolve, reject) {
      var s = doc.createElement("script");
      waiting[name] = resolve;
      s.onload = function () {
        s.remove();
        if (waiting[name]) {  // the file ran but did not register: not one of ours
          delete waiting[name];
          delete loads[file];
          reject(new Error("search/" + file + " holds no index data"));
        }
      };
      s.onerror = function () {
        s.remove();
        delete waiting[name];
        delete loads[file];
        reject(new Error("could not load search/" + file));
      };
      s.src = new URL(file, base).href;
      doc.head.appendChild(s);
    });
    return loads[file];
  }

  var missingText = null;  // what follows a domain the copy does not hold (the manifest says)

  function manifest() {
    return load("index.js", "index").then(function (m) { missingText = m.missing; return m; });
  }

  function part(n) {
    return load("part/" + pad(n, 5) + ".js", "part:" + n).then(function (p) {
      if (!p.byDomain) {
        p.byDomain = new Map();
        p.rows.forEach(function (r) { p.byDomain.set(r[0], r); });
      }
      return p;
    });
  }

  // The part keys: in the manifest, or for a big index in files of their own (chunk c holds the
  // keys of parts first .. first + keys.length - 1).
  function chunkOf(m, name) {
    if (m.keys) return 0;
    if (!m.keyFirsts) m.keyFirsts = m.key_files.map(function (f) { return f[0]; });
    return Math.max(0, bisect(m.keyFirsts, name));
  }

  function keyChunk(m, c) {
    if (m.keys) return Promise.resolve({c: 0, first: 0, keys: m.keys, last: true});
    return load("keys/" + pad(c, 4) + ".js", "keys:" + c).then(function (k) {
      return {c: c, first: k.first, keys: k.keys, last: c === m.key_files.length - 1};
    });
  }

  function partNumber(m, name) {  // the part that would hold `name`, or -1
    return keyChunk(m, chunkOf(m, name)).then(function (k) {
      var i = bisect(k.keys, name);
      return i < 0 ? -1 : k.first + i;
    });
  }

  function startsWith(s, p) { return s.slice(0, p.length) === p; }

  function partsWithPrefix(m, p) {  // the parts holding the domains that start with p (often one)
    var out = [];
    function walk(k, from) {
      for (var i = from; i < k.keys.length; i++) {
        if (out.length && !startsWith(k.keys[i], p)) return out;
        out.push(k.first + i);
      }
      if (k.last || !startsWith(m.keyFirsts[k.c + 1], p)) return out;
      return keyChunk(m, k.c + 1).then(function (next) { return walk(next, 0); });
    }
    return keyChunk(m, chunkOf(m, p)).then(function (k) { return walk(k, Math.max(0, bisect(k.keys, p))); });
  }

  function topList(m, p) {  // a prefix too big for one part has its biggest domains listed; else null
    if (!m.top_files.length || p.length > m.top_depth) return Promise.resolve(null);
    var t = bisect(m.top_files, p);
    if (t < 0) return Promise.resolve(null);
    return load("top/" + pad(t, 4) + ".js", "top:" + t).then(function (lists) {
      return Object.prototype.hasOwnProperty.call(lists, p) ? lists[p] : null;
    });
  }

  function abortable(promise, signal) {
    if (!signal) return promise;
    return new Promise(function (resolve, reject) {
      function abort() { reject(new DOMException("The lookup was replaced by a newer one", "AbortError")); }
      if (signal.aborted) { abort(); return; }
      signal.addEventListener("abort", abort, {once: true});
      promise.then(resolve, reject);
    });
  }

  // ---------------------------------------------------------------- answers
  function rowExtra(m, row) {
    var x = row[5 + m.subsets.length];
    return x && typeof x === "object" ? x : {};
  }

  function answer(m, row, query) {  // app/domains.py answer() + app/site_search.py domain_answer()
    var site = m.sites[row[4]], subsets = [];
    m.subsets.forEach(function (name, i) { if (row[5 + i]) subsets.push({name: name, pairs: row[5 + i]}); });
    return {
      domain: row[0], display: rowExtra(m, row).display || row[0], site: site === "(other)" ? null : site,
      pairs: row[1], estimate: row[1] * m.scale, rank: row[2], of: m.domains,
      share: m.total_pairs ? row[1] / m.total_pairs : 0, hosts: row[3], subsets: subsets,
      query: query, synthetic: m.synthetic, scale: m.scale
    };
  }

  function match(m, domain, pairs, rank, siteIndex, display) {  // one item of /api/domains?q= matches
    return {domain: domain, display: display || domain, pairs: pairs, rank: rank,
            share: m.total_pairs ? pairs / m.total_pairs : 0, site: m.sites[siteIndex]};
  }

  function lookup(text, signal) {
    return abortable(manifest().then(function (m) {
      var host = hostOf(text), names = candidates(host);
      return Promise.all(names.map(function (name) {
        return partNumber(m, name).then(function (n) { return n < 0 ? null : part(n); });
      })).then(function (parts) {
        var byName = new Map();  // every candidate's part is loaded: resolve() then runs at once
        names.forEach(function (name, i) { byName.set(name, parts[i] && parts[i].byDomain.get(name)); });
        var row = resolve(host, function (name) { return byName.get(name); },
                          function (r) { return rowExtra(m, r); });
        return row ? answer(m, row, text) : null;
      });
    }), signal);
  }

  function byPairs(a, b) { return b[1] - a[1] || compare(a[0], b[0]); }

  function search(q, limit, signal) {
    var p = prefixOf(q);
    if (!p || limit < 1) return Promise.resolve([]);
    return abortable(manifest().then(function (m) {
      return topList(m, p).then(function (top) {
        if (top) {
          return top.slice(0, limit).map(function (r) { return match(m, r[0], r[1], r[2], r[3], r[4] && r[4].display); });
        }
        return partsWithPrefix(m, p).then(function (numbers) { return Promise.all(numbers.map(part)); })
          .then(function (parts) {
            var rows = [];
            parts.forEach(function (pt) { pt.rows.forEach(function (r) { if (startsWith(r[0], p)) rows.push(r); }); });
            return rows.sort(byPairs).slice(0, limit).map(function (r) {
              return match(m, r[0], r[1], r[2], r[4], rowExtra(m, r).display);
            });
          });
      });
    }), signal);
  }

  root.explainerSiteSource = {
    lookup: lookup,
    search: search,
    // what site-search.js writes after a domain the copy does not hold (known once a lookup has run)
    missing: function () { return missingText || " is not in this copy."; },
    manifest: manifest
  };
})(typeof self !== "undefined" ? self : this);
