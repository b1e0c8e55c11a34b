// The number formatter's JavaScript mirror of app/core/format.py, and the live numbers' values
// (statValue, formatStat): what every page, the slides' notes and the node tests share
// (tests/test_format_js.py, tests/test_live_text_js.py hold it equal to the Python). Defines
// window.explainerFormat; under node it is the module's exports.
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

  function offset(d) { return "+" + threshold(d); }

  function cut(t, d) { return d !== null && d !== undefined ? "published " + offset(d) : threshold(t || 0); }

  function atCut(t, d) {
    if (d === null || d === undefined) return "a threshold of " + threshold(t || 0);
    return threshold(d) !== "0.000" ? "each subset's published threshold " + offset(d) : "each subset's own published threshold";
  }

  function mover(name, shareAll, shareKept) { return name + " (" + percent(shareAll, 2) + " \u2192 " + percent(shareKept, 2) + ")"; }

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

  function every(share) {
    if (share <= 0) return "none";
    var n = 1 / share;
    return "1 in " + (n < 99.95 ? decimal(halfUp(n * 10), 1) : group(halfUp(n)));
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
    percent: percent, threshold: threshold, offset: offset, cut: cut, atCut: atCut, mover: mover, score: score, ratio: ratio, words: words, oneIn: oneIn, every: every, cell: cell
  };

  // The value behind a data-stat key, as app/story/ stat_value() resolves it.
  function statValue(stats, key) {
    if (key === "cut") return stats.mode === "offset" ? stats.d : stats.t;
    if (key === "mover.lo" || key === "mover.hi") {
      var row = moverRow(stats, key.slice(6));
      return row ? row.share_kept : undefined;
    }
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

  // A live number's text from its data-stat value, by its data-format: the kinds app/story/numbers.py
  // and app/charts/common.py live() give (tests/test_live_text_js.py checks they read alike).
  // `data`: the page's scale, synthetic flag and language names.
  function formatStat(kind, v, stats, data, key) {
    if (kind === "pairs") return pairs(v, data.scale, data.synthetic);
    if (kind === "amount") return data.scale > 1 ? estimate(v * data.scale) : count(v * data.scale);
    if (kind === "percent") return percent(v);
    if (kind === "percent2") return percent(v, 2);
    if (kind === "threshold") return threshold(v);
    if (kind === "cut") return cut(stats.t, stats.d);
    if (kind === "at_cut") return atCut(stats.t, stats.d);
    if (kind === "mover") {  // key "mover.lo" or "mover.hi": the language that loses or gains most share
      var r = moverRow(stats, String(key).slice(6)), names = data.language_names || {};
      return r ? mover(names[r.code] || r.code, r.share_all, r.share_kept) : "";
    }
    return String(v);
  }

  // the language that loses ("lo") or gains ("hi") most share at the cut: app/charts/divide.py
  // language_mix_describe_live, whose stable sort keeps the first of equal losers, the last of equal gainers
  function moverRow(stats, which) {
    var best = null, bestChange = 0;
    stats.languages.forEach(function (r) {
      if (!r.share_all) return;
      var change = r.share_kept / r.share_all - 1;
      if (best === null || (which === "lo" ? change < bestChange : change >= bestChange)) { best = r; bestChange = change; }
    });
    return best;
  }

  var api = {format: format, statValue: statValue, formatStat: formatStat};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.explainerFormat = api;
})(typeof self !== "undefined" ? self : this);
