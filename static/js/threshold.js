// The threshold arithmetic, ported line for line from app/core/threshold.py (threshold_stats), both
// modes: one absolute threshold t, or every subset's own published threshold raised by d.
// It reads the same cumulative histograms the server uses, so page, API and no-JS page agree;
// tests/test_threshold_js.py runs both at random thresholds and compares.
(function (root) {
  "use strict";
  var BINS_PER_UNIT = 1000;

  function binOf(t) { return Math.floor(t * BINS_PER_UNIT + 0.5); }

  function below(series, k) {
    var j = k - series.lo, cum = series.cum;
    if (j <= 0) return 0;
    if (j >= cum.length) return cum[cum.length - 1];
    return cum[j];
  }

  function total(series) { return series.cum[series.cum.length - 1] + series.extra; }

  // per subset [cut bin, floor bin, cut]: pairs in bins [floor, cut) are removed (threshold.py _cuts)
  function cuts(payload, t, d) {
    var out = {}, offset = d !== null && d !== undefined;
    payload.subsets.forEach(function (s) {
      var pub = s.published_threshold;
      if (!offset) {
        var k = binOf(t || 0);
        out[s.name] = [k, 0, k / BINS_PER_UNIT];
      } else if (pub === null || pub === undefined) {
        out[s.name] = [0, 0, null];
      } else {
        var f = binOf(pub);
        out[s.name] = [f + binOf(d), f, (f + binOf(d)) / BINS_PER_UNIT];
      }
    });
    return out;
  }

  function removedOf(series, k, floor) { return below(series, k) - below(series, floor); }

  function mix(series, removed, key) {
    var kept = series.map(function (s, i) { return total(s) - removed[i]; });
    var all = series.map(total);
    var keptSum = kept.reduce(function (a, b) { return a + b; }, 0);
    var allSum = all.reduce(function (a, b) { return a + b; }, 0);
    return series.map(function (s, i) {
      var row = {};
      row[key] = s.key;
      row.kept = kept[i];
      row.pairs = all[i];
      row.share_kept = keptSum ? kept[i] / keptSum : 0;
      row.share_all = allSum ? all[i] / allSum : 0;
      return row;
    });
  }

  function mixRemoved(series, parts, c, offset, k) {
    if (!offset) return series.map(function (s) { return below(s, k); });
    return parts.map(function (ps) {
      return Object.keys(ps).sort().reduce(function (a, sub) {
        return c[sub] ? a + removedOf(ps[sub], c[sub][0], c[sub][1]) : a;
      }, 0);
    });
  }

  // thresholdStats(payload, t) at one absolute threshold; thresholdStats(payload, null, d) with every
  // subset's cut raised by d above its own published threshold
  function thresholdStats(payload, t, d) {
    var offset = d !== null && d !== undefined;
    var c = cuts(payload, t, d), k = binOf(t || 0), next001 = 0;
    var subsets = payload.subsets.map(function (s) {
      var rows = total(s), ck = c[s.name], removed = removedOf(s, ck[0], ck[1]), pub = s.published_threshold;
      if (ck[2] !== null) next001 += below(s, ck[0] + 10) - below(s, ck[0]);
      return {
        name: s.name, rows: rows, kept: rows - removed, removed: removed,
        removed_share: rows ? removed / rows : 0,
        published_threshold: pub, cut: ck[2],
        below_published: pub === null || pub === undefined ? null : below(s, binOf(pub))
      };
    });
    var rows = subsets.reduce(function (a, s) { return a + s.rows; }, 0);
    var removed = subsets.reduce(function (a, s) { return a + s.removed; }, 0);
    var others = payload.languages_other;
    var langs = payload.languages.slice();
    var hasOthers = total(others) > 0;
    if (hasOthers) langs.push({key: "other", lo: others.lo, cum: others.cum, extra: others.extra});
    var mixes = !offset || payload.has_parts;
    var langParts = payload.languages.map(function (s) { return payload.language_parts[s.key] || {}; });
    if (hasOthers) langParts.push(payload.languages_other_parts);
    var siteParts = payload.sites.map(function (s) { return payload.site_parts[s.key] || {}; });
    return {
      mode: offset ? "offset" : "absolute",
      t: offset ? null : k / BINS_PER_UNIT,
      d: offset ? binOf(d) / BINS_PER_UNIT : null,
      rows: rows,
      kept: rows - removed,
      removed: removed,
      removed_share: rows ? removed / rows : 0,
      next_001: next001,
      next_001_share: rows ? next001 / rows : 0,
      scale: payload.scale,
      subsets: subsets,
      sites: mixes ? mix(payload.sites, mixRemoved(payload.sites, siteParts, c, offset, k), "site") : [],
      languages: mixes ? mix(langs, mixRemoved(langs, langParts, c, offset, k), "code") : []
    };
  }

  var api = {binOf: binOf, below: below, total: total, thresholdStats: thresholdStats};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.explainerThreshold = api;
})(typeof self !== "undefined" ? self : this);
