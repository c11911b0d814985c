"""Administrative level (省级/市级/区县级) and region of a unit, read from its name."""

from __future__ import annotations

import re

from juesuan.text.normalize import normalize_text

_PROVINCE = re.compile(r"^(.{2,7}?(?:省|自治区|特别行政区))")
_MUNI = re.compile(r"^(北京市|天津市|上海市|重庆市)")
_CITY = re.compile(r"^(.{2,9}?(?:市|自治州|州|地区|盟))")
_COUNTY = re.compile(r"^(.{1,9}?(?:区|县|自治县|旗|县级市))")
_COUNTY_STRICT = re.compile(r"^(.{1,6}?(?:区|县|旗))(?!域|划|委|块|间|级)")


def unit_level_region(unit: str | None) -> tuple[str | None, str | None]:
    """Heuristic administrative level (省级/市级/区县级) and region prefix of a unit name.

    "湖北省电子口岸运行服务中心" → ("省级", "湖北省"); "武汉市汉阳区企业服务中心" → ("区县级", "武汉市汉阳区");
    "天门市商务局" → ("市级", "天门市"); names without a leading place name → (None, None)."""
    s = normalize_text(unit or "").replace(" ", "")
    for prefix in ("中共", "中国共产党"):
        if s.startswith(prefix):
            s = s[len(prefix):]
    if not s:
        return None, None
    region = ""
    rest = s
    m = _PROVINCE.match(rest)
    if m:
        region, rest = m.group(1), rest[m.end():]
    level = "省级" if region else None
    m = _MUNI.match(rest) if not region else None
    if m:
        region, rest, level = m.group(1), rest[m.end():], "省级"
    m = _CITY.match(rest)
    if m and not m.group(1).endswith(("城市", "都市")):
        region, rest, level = region + m.group(1), rest[m.end():], "市级"
    if level is not None:
        m = _COUNTY_STRICT.match(rest)
        if m and len(rest) > len(m.group(1)) + 1:
            region, rest, level = region + m.group(1), rest[m.end():], "区县级"
    return level, (region or None)
