"""Administrative level (省级/市级/区县级) and region of a unit, read from its name."""

from __future__ import annotations

import re

from juesuan.text.normalize import normalize_text

_PROVINCE = re.compile(r"^(.{2,7}?(?:省|自治区|特别行政区))")
_MUNI = re.compile(r"^(北京市|天津市|上海市|重庆市)")
_CITY = re.compile(r"^(.{2,9}?(?:市|自治州|州|地区|盟))")
_COUNTY = re.compile(r"^(.{1,9}?(?:区|县|自治县|旗|县级市))")
_COUNTY_STRICT = re.compile(r"^(.{1,6}?(?:区|县|旗))(?!域|划|块|间|级)")  # 区委/县委 are the district's party committee
# "X区" that is not a county-level district: 社区, 园区, 开发区 … (a leading place name is required for those)
_NOT_COUNTY = re.compile(r"(社区|小区|园区|景区|校区|片区|学区|辖区|军区|灾区|库区|矿区|保护区|示范区|功能区|试验区|自贸区|开发区|风景区|城区|市区|郊区|山区|牧区|边区|老区|特区)$")


def unit_level_region(unit: str | None) -> tuple[str | None, str | None]:
    """Heuristic administrative level (省级/市级/区县级) and region prefix of a unit name.

    "湖北省电子口岸运行服务中心" → ("省级", "湖北省"); "武汉市汉阳区企业服务中心" → ("区县级", "武汉市汉阳区");
    "天门市商务局" → ("市级", "天门市"); "中共上海市普陀区委社会工作部" → ("区县级", "上海市普陀区");
    "普陀区财政局" → ("区县级", "普陀区"); names without a leading place name → (None, None)."""
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
    else:  # no province/city prefix: "普陀区财政局", "浦东新区…", "神农架林区…" are county-level names on their own
        m = _COUNTY_STRICT.match(rest)
        if m and len(m.group(1)) >= 2 and len(rest) > len(m.group(1)) + 1 and not _NOT_COUNTY.search(m.group(1)):
            region, level = m.group(1), "区县级"
    return level, (region or None)
