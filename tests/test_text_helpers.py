"""Name similarity (text/similarity.py), display formatting (text/format.py) and labels (vocab/labels.py)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from juesuan.text.format import fmt, fmt_field, fmt_number, fmt_value
from juesuan.text.similarity import (
    jaro_winkler,
    levenshtein_ratio,
    name_similarity,
    subsumed_similarity,
    window_similarity,
)
from juesuan.vocab.labels import (
    CATEGORIES,
    CATEGORY_LABELS,
    RULE_CATEGORIES,
    RULE_CATEGORY_TITLES,
    SEVERITIES,
    SEVERITY_LABELS,
)


def test_jaro_winkler_and_levenshtein_ratio():
    assert jaro_winkler("事业运行", "事业运行") == 1.0
    assert jaro_winkler("abc", "xyz") == 0.0
    assert levenshtein_ratio("事各支出", "事务支出") == pytest.approx(0.75)


def test_name_similarity_is_the_lower_measure_and_ignores_trailing_zhichu():
    assert name_similarity("一般公共服务", "一般公共服务支出") == 1.0
    assert name_similarity("事各支出", "事务支出") < jaro_winkler("事各支出", "事务支出")
    assert name_similarity("", "x") == 0.0


def test_subsumed_and_window_similarity():
    assert subsumed_similarity("抚恤", "抚恤") == 1.0
    assert subsumed_similarity("行政运行", "行政运行支出", 4, 0.9) == 0.9
    assert subsumed_similarity("运行", "行政运行", 4, 0.9) == jaro_winkler("运行", "行政运行")
    assert subsumed_similarity("", "行政运行") == 0.0
    assert window_similarity("教育局", "上海市普陀区教肓局") > jaro_winkler("教育局", "上海市普陀区教肓局")


def test_formatters():
    assert fmt(D("12.0000")) == "12.00" and fmt(D("12.5")) == "12.5" and fmt(D("1.23456")) == "1.23" and fmt(D("5")) == "5" and fmt(None) == ""
    assert fmt_field(1.5) == "1.5" and fmt_field(None) == "" and fmt_field(D("3.14159")) == "3.14" and fmt_field(7) == "7"
    assert fmt_number(2.50) == "2.5" and fmt_number(float("inf")) == "∞" and fmt_number(-0.001) == "0" and fmt_number(None) == "—"
    assert fmt_number(D("1E+2")) == "100"
    assert fmt_value([D("1.10"), 2.5, None]) == "1.10、2.5、—" and fmt_value({"a": 1}) == "a=1"


def test_labels_cover_every_code():
    assert set(SEVERITY_LABELS) == set(SEVERITIES) and SEVERITIES[0] == "high"
    assert set(CATEGORY_LABELS) == set(CATEGORIES) and set(RULE_CATEGORIES) <= set(CATEGORIES)
    assert set(RULE_CATEGORY_TITLES) == set(RULE_CATEGORIES)
