"""Recheck: re-evaluate stored document models when only the rules or a profile changed (no re-parse).

The store keeps each document's model (with its text lines) and two versions: the parser version (the
code that builds the model: text, vocab, ingest, model) and the rules version (observe, rules, findings
code, the rule files and profiles, and the profile asked for). When only the rules version differs, the
model is loaded back (``juesuan.model.jsonio.document_from_dict``) and evaluated again; findings keep their
stable keys, so inspectors' triage decisions stay attached. A stored model without its text lines (stored
by an older version) cannot be rechecked: it is listed as needing a rescan, never skipped silently.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field

from juesuan.pipeline.analyse import recheck_document
from juesuan.pipeline.scan import refresh_corpus, rules_version
from juesuan.store.sqlite import Store

ProgressFn = Callable[[int, int, str], None]


@dataclass
class RecheckSummary:
    rechecked: int = 0
    need_rescan: list[str] = field(default_factory=list)  # document names whose stored model lacks its text
    seconds: float = 0.0
    profile: str = ""


def recheck(store: Store, *, profile: str | None = None, progress: ProgressFn | None = None,
            refresh: bool = True) -> RecheckSummary:
    """Re-evaluate every stored document under the current rules and ``profile`` (default: each document's
    region profile), then refresh the statistics and ranking. Raises ProfileError for an unknown profile."""
    from juesuan.rules.profile import load_profile

    if profile is not None:
        load_profile(profile)  # a usage error before anything is touched
    t0 = time.perf_counter()
    rv = rules_version(profile)
    docs = store.documents()
    summary = RecheckSummary(profile=profile or "")
    for i, d in enumerate(docs, 1):
        if recheck_document(store, d["sha256"], rules_version=rv, profile=profile):
            summary.rechecked += 1
        else:
            summary.need_rescan.append(d.get("name") or d["sha256"])
        if progress:
            progress(i, len(docs), d.get("name") or "")
    if refresh and docs:
        refresh_corpus(store)
    summary.seconds = time.perf_counter() - t0
    return summary
