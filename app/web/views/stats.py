"""The data behind /api/stats (and the export's api/stats.json): the manifest and the headline counts."""

from __future__ import annotations

from pathlib import PurePath

from app.core import languages
from app.core.dataset import Dataset
from app.core.figures import default_cut, default_t, language_pairs, lowest_similarity, subset_order
from app.web import models
from precompute.contract.reference import speakers

COLUMNS = ("similarity", "language", "punsafe", "pwatermark", "aesthetic", "width", "height")


def stats(ds: Dataset) -> models.Stats:
    manifest = ds.manifest.model_dump(mode="json")
    # file names only: the server's directory layout is nobody's business
    manifest["inputs"] = [{**i, "path": PurePath(i["path"]).name} for i in manifest["inputs"]]
    sp = speakers()
    langs = [models.Language(code=c, name=languages.language_name(c), pairs=n,
                             speakers=int(sp[c]["speakers"]) if c in sp else None)
             for c, n in sorted(language_pairs(ds).items(), key=lambda kv: (-kv[1], kv[0]))]
    order = subset_order(ds)
    return models.Stats(
        manifest=models.Manifest(**manifest),
        total_pairs=ds.aggregates.total_pairs,
        subsets=[models.Subset(name=s.name, rows=s.rows, published_threshold=s.published_threshold)
                 for s in sorted(ds.subsets, key=lambda s: order.index(s.name))],
        sites=[models.Site(site=s.site, domain=s.domain, pairs=s.pairs, share=s.share) for s in ds.aggregates.sites],
        languages=langs,
        near_threshold=models.NearThreshold(**ds.near_threshold),
        default_t=default_t(ds),
        # where every page opens: {"t": null, "d": 0} in the offset mode (data with published thresholds)
        default={"t": default_cut(ds).t, "d": default_cut(ds).d},
        min_t=lowest_similarity(ds),
        columns={c: ds.has(c) for c in COLUMNS},
    )
