from decimal import Decimal

import pytest

from juesuan.text.normalize import (
    code_level,
    normalize_label,
    normalize_text,
    parse_amount,
    parse_code,
    parse_percent,
    snippet,
)


def test_radicals_and_fullwidth_are_folded():
    assert normalize_text("部⻔决算") == "部门决算"
    assert normalize_text("公务⽤⻋运行维护费") == "公务用车运行维护费"  # Kangxi ⽤ via NFKC, ⻋ via the table
    assert normalize_text("２０２２年度") == "2022年度"


def test_spaces_between_cjk_removed_but_not_between_numbers():
    assert normalize_text("合 计") == "合计"
    assert normalize_text("项　目") == "项目"
    assert normalize_text("2022 年度 317.61 万元") == "2022 年度 317.61 万元"


def test_label_unifies_brackets_and_quotes():
    assert normalize_label("财政拨款“三公”经费支出决算表") == normalize_label('财政拨款"三公"经费支出决算表')
    assert normalize_label("因公出国(境)费") == "因公出国（境）费"
    assert normalize_label("基\n本支出") == "基本支出"


@pytest.mark.parametrize(
    "cell,expected",
    [
        ("317.61", Decimal("317.61")),
        ("6,398.35", Decimal("6398.35")),
        ("0.00", Decimal("0.00")),
        ("0.0", Decimal("0.0")),
        ("1,234.\n56", Decimal("1234.56")),
        ("-5.30", Decimal("-5.30")),
        ("(5.30)", Decimal("-5.30")),
        ("12.5万元", Decimal("12.5")),
        ("", None),
        ("—", None),
        ("-", None),
        ("　", None),
        (None, None),
        ("事业运行", None),
        ("2011350x", None),
    ],
)
def test_parse_amount(cell, expected):
    got = parse_amount(cell)
    assert got == expected
    if expected is not None:
        assert got.as_tuple().exponent == expected.as_tuple().exponent  # printed precision kept


def test_parse_percent():
    assert parse_percent("75.90%") == Decimal("75.90")
    assert parse_percent("100％") == Decimal("100")
    assert parse_percent("75.90") is None


@pytest.mark.parametrize(
    "cell,expected",
    [("2011350", "2011350"), ("201 06 01", "2010601"), ("[201]", "201"), ("30217", "30217"), ("20113", "20113"),
     ("2022", None), ("317.61", None), ("012", None), ("合计", None)],
)
def test_parse_code(cell, expected):
    assert parse_code(cell) == expected


def test_code_level_and_snippet():
    assert code_level("201") == "类" and code_level("20113") == "款" and code_level("2011350") == "项"
    assert len(snippet("字" * 500)) == 200
