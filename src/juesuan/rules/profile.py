"""Profiles: ``rulesets/profiles/<name>.yaml`` — the parameters a bureau sets and per-rule overrides.

A profile holds ``params`` (execution weight, reason-required share, grade bands, mandatory sections,
statistical ranges …; rule files read them as ``param.NAME``, observation operators through
``juesuan.observe.context``) and ``rules: {CODE: {enabled: false, severity: low}}`` (a former id works too).
Choice: an explicit name, else the profile whose ``regions`` the document's unit belongs to, else ``national``.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from juesuan.rules.rulefile import Rule, canonical_ids, rules_dir
from juesuan.vocab.labels import SEVERITIES
from juesuan.vocab.units import unit_level_region

DEFAULT_PROFILE = "national"


class ProfileError(ValueError):
    pass


@dataclass(frozen=True)
class Profile:
    name: str
    title: str = ""
    regions: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict, hash=False, compare=False)
    rules: dict[str, dict[str, Any]] = field(default_factory=dict, hash=False, compare=False)


def profiles_dir(root: Path | None = None) -> Path:
    return (root or rules_dir()) / "profiles"


@lru_cache(maxsize=16)
def _load(path: str) -> Profile:
    p = Path(path)
    data = yaml.safe_load(p.read_text(encoding="utf-8")) or {}
    if not isinstance(data, dict) or data.get("name") != p.stem:
        raise ProfileError(f"{p.name}: 'name' must equal the file name")
    rules = data.get("rules") or {}
    for code, o in rules.items():
        if not isinstance(o, dict) or set(o) - {"enabled", "severity"}:
            raise ProfileError(f"{p.name}: rules.{code} may set only 'enabled' and 'severity'")
        if "severity" in o and o["severity"] not in SEVERITIES:
            raise ProfileError(f"{p.name}: rules.{code}.severity {o['severity']!r} not in {SEVERITIES}")
    return Profile(name=data["name"], title=str(data.get("title") or ""), regions=tuple(data.get("regions") or ()),
                   params=dict(data.get("params") or {}), rules={str(k): dict(v) for k, v in rules.items()})


def profile_names(root: Path | None = None) -> list[str]:
    return sorted(p.stem for p in profiles_dir(root).glob("*.yaml"))


def load_profile(name: str | None = None, root: Path | None = None) -> Profile:
    """The profile ``name`` (default ``national``); a ProfileError names the known ones when it is missing."""
    name = name or DEFAULT_PROFILE
    path = profiles_dir(root) / f"{name}.yaml"
    if not path.is_file():
        raise ProfileError(f"unknown profile {name!r}; known: {', '.join(profile_names(root))}")
    return _load(str(path))


def profile_for_unit(unit: str | None, root: Path | None = None) -> str:
    """The profile of the unit's region when one claims it, else ``national``."""
    _, region = unit_level_region(unit)
    if region:
        for n in profile_names(root):
            if any(region.startswith(r) for r in load_profile(n, root).regions):
                return n
    return DEFAULT_PROFILE


def apply_profile(rules: list[Rule], profile: Profile) -> list[Rule]:
    """The rules as the profile has them: disabled ones dropped, severities overridden (aliases resolve)."""
    codes = canonical_ids(rules)
    over: dict[str, dict[str, Any]] = {}
    for code, o in profile.rules.items():
        if code not in codes:
            raise ProfileError(f"profile {profile.name}: unknown rule {code!r}")
        over.setdefault(codes[code], {}).update(o)
    out = []
    for r in rules:
        o = over.get(r.id, {})
        if o.get("enabled", True) is False:
            continue
        out.append(dataclasses.replace(r, severity=o["severity"]) if "severity" in o else r)
    return out
