"""Which entries of the exported domain index need a word for the browser (static/js/site-index.js).

The browser has no public suffix list. It finds a host's registered domain by trying the host's
suffixes, longest first, against the index: the index keys are registered domains, so the first
one present is the answer. That holds for every entry except two rare kinds, which the export
marks on their rows: a public suffix seen as a host of its own (`co.uk`: "bare", never the
registered domain of a longer host), and a domain with suffix rules beneath it (`kawasaki.jp`,
under which `*.kawasaki.jp` gives longer hosts longer registered domains), which carries those
rules. Addresses and single labels the browser recognises itself. tests/export/test_export_search.py
checks the browser's answers against precompute.domains.psl on the awkward corners of the list.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from precompute.contract import hosts as psl


class Rules:
    """The ICANN rules indexed by the names they sit under; `extra(domain)` is what that row carries."""

    def __init__(self) -> None:
        r = self.r = psl.rules()
        under: dict[str, list[list[str]]] = defaultdict(list)
        for kind, names in (("e", r.exact), ("w", r.wild), ("x", r.exception)):
            for name in sorted(names):
                labels = name.split(".")
                if len(labels) > psl.MAX_RULE_LABELS:
                    continue  # psl never looks at rules that long
                for i in range(1, len(labels)):
                    under[".".join(labels[i:])].append([kind, name])
        self.under = dict(under)
        self.touched = frozenset(self.under) | r.wild | r.exact  # names some rule is about

    def extra(self, d: str) -> dict[str, Any] | None:
        dot = d.find(".")
        if dot < 0:
            return None  # a single label: the browser takes it as its own domain only, without a flag
        if d not in self.touched and d[dot + 1:] not in self.r.wild:
            return None  # the common case: no rule touches this name
        if psl.is_ip(d):
            return None  # so are addresses
        r = self.r
        labels = d.split(".")
        n = len(labels)
        if psl.public_suffix_labels(labels) >= n:
            return {"bare": 1}
        if any(".".join(labels[n - k:]) in r.exception for k in range(1, min(n, psl.MAX_RULE_LABELS) + 1)):
            return None  # an exception rule decides for every host under d: they all fold into d
        rules = ([["w", d]] if d in r.wild else []) + self.under.get(d, [])
        return {"rules": rules} if rules else None
