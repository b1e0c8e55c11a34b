// The threshold arithmetic, ported line for line from app/core/threshold.py (threshold_stats).
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

  function mix(series, k, key) {
    var kept = series.map(function (s) { return total(s) - below(s, k); });
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

  function thresholdStats(payload, t) {
    var k = binOf(t);
    var subsets = payload.subsets.map(function (s) {
      var rows = total(s), removed = below(s, k), pub = s.published_threshold;
      return {
        name: s.name, rows: rows, kept: rows - removed, removed: removed,
        removed_share: rows ? removed / rows : 0,
        published_threshold: pub,
        below_published: pub === null || pub === undefined ? null : below(s, binOf(pub))
      };
    });
    var rows = subsets.reduce(function (a, s) { return a + s.rows; }, 0);
    var removed = subsets.reduce(function (a, s) { return a + s.removed; }, 0);
    var next001 = payload.subsets.reduce(function (a, s) { return a + below(s, k + 10) - below(s, k); }, 0);
    var others = payload.languages_other;
    var langs = payload.languages.slice();
    if (total(others)) langs.push({key: "other", lo: others.lo, cum: others.cum, extra: others.extra});
    return {
      t: k / BINS_PER_UNIT,
      rows: rows,
      kept: rows - removed,
      removed: removed,
      removed_share: rows ? removed / rows : 0,
      next_001: next001,
      next_001_share: rows ? next001 / rows : 0,
      scale: payload.scale,
      subsets: subsets,
      sites: mix(payload.sites, k, "site"),
      languages: mix(langs, k, "code")
    };
  }

  var api = {binOf: binOf, below: below, total: total, thresholdStats: thresholdStats};
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  else root.explainerThreshold = api;
})(typeof self !== "undefined" ? self : this);
