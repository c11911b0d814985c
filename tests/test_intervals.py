"""XBRL-style rounding envelopes (GUIDE §3) on Decimal."""

from __future__ import annotations

from decimal import Decimal as D

from juesuan.text.intervals import Interval, check_equal, check_le, check_percent, check_sum, half_unit, interval_sum


def test_half_unit_follows_printed_decimals():
    assert half_unit(D("317.61")) == D("0.005")
    assert half_unit(D("12")) == D("0.5")
    assert half_unit(D("0.0")) == D("0.05")
    assert half_unit(D("1.2E+3")) == D("50")


def test_interval_arithmetic():
    a, b = Interval.of(D("1.00")), Interval.of(D("2.0"))
    assert a + b == Interval(D("2.945"), D("3.055"))
    assert b - a == Interval(D("0.945"), D("1.055"))
    assert interval_sum([D("1.00"), D("2.0")]) == a + b
    assert Interval.of(D("1.00")).meets(Interval.of(D("1.01")))
    assert not Interval.of(D("1.00")).meets(Interval.of(D("1.02")))


def test_exact_sum_is_ok():
    c = check_sum(D("6.27"), [D("5.51"), D("0.76")])
    assert (c.status, c.difference) == ("ok", D("0.00"))


def test_one_cent_tail_is_inside_the_envelope():
    # three rounded addends may legitimately miss the rounded total by one cent
    c = check_sum(D("1225.59"), [D("800.20"), D("300.20"), D("125.18")])
    assert c.status == "tail"
    assert c.difference == D("0.01")
    assert c.envelope == D("0.020")


def test_two_cents_over_two_addends_breaks():
    c = check_sum(D("100.03"), [D("50.00"), D("50.00")])
    assert c.status == "break"
    assert c.expected == D("100.00")
    assert c.difference == D("0.03")


def test_many_addends_widen_the_envelope():
    # 10 addends + total: envelope 11 × 0.005 = 0.055, so 0.05 off is still a tail
    assert check_sum(D("10.05"), [D("1.00")] * 10).status == "tail"
    assert check_sum(D("10.06"), [D("1.00")] * 10).status == "break"


def test_difference_identity_with_minus():
    # T8: 年末 = 年初 + 本年收入 − 本年支出
    assert check_sum(D("5.00"), [D("3.00"), D("10.00")], minus=[D("8.00")]).status == "ok"
    assert check_sum(D("5.02"), [D("3.00"), D("10.00")], minus=[D("8.00")]).status == "tail"
    assert check_sum(D("6.00"), [D("3.00"), D("10.00")], minus=[D("8.00")]).status == "break"


def test_coarser_printing_gives_a_wider_interval():
    # a total printed in whole 万元 stands for ±0.5
    assert check_equal(D("4243"), D("4242.53")).status == "tail"
    assert check_equal(D("4242.52"), D("4242.53")).status == "tail"
    assert check_equal(D("4242.52"), D("4242.55")).status == "break"


def test_part_le_whole_never_tests_equality():
    assert check_le(D("5.51"), D("6.27")).status == "ok"  # less is normal
    assert check_le(D("6.27"), D("6.27")).status == "ok"
    assert check_le(D("6.28"), D("6.27")).status == "tail"  # one cent over: rounding
    c = check_le(D("7.00"), D("6.27"))
    assert c.status == "break" and c.difference == D("0.73")


def test_percent_recomputation_uses_intervals():
    # GUIDE §3: 22.46% for 2.02 / 9.00 is fine (2.02/9.00 = 22.444…)
    c = check_percent(D("22.46"), D("2.02"), D("9.00"))
    assert c is not None and c.status == "tail"
    c = check_percent(D("22.44"), D("2.02"), D("9.00"))
    assert c is not None and c.status == "ok" and c.expected == D("22.44")
    c = check_percent(D("25.00"), D("2.02"), D("9.00"))
    assert c is not None and c.status == "break"
    assert check_percent(D("100"), D("1.00"), D("1.00")).status == "ok"


def test_percent_with_zero_denominator_is_not_checked():
    assert check_percent(D("10.00"), D("1.00"), D("0.00")) is None
    assert check_percent(D("10.00"), D("1.00"), D("0")) is None


def test_narrative_helpers_bounds_and_percent_range():
    from juesuan.text.intervals import interval_bounds, pct_holds, pct_precision, percent_range, q2, sum_holds

    assert interval_bounds(D("288.04")) == (D("288.035"), D("288.045"))
    lo, hi = percent_range(D("50"), D("200"))
    assert (lo, hi) == (D("49.5") / D("200.5") * 100, D("50.5") / D("199.5") * 100)
    assert percent_range(D("0.2"), D("0.3")) is not None
    assert percent_range(D("1"), D("0")) is None
    assert percent_range(D("1"), D("0.0")) is None
    assert percent_range(D("0"), D("10"))[0] == 0  # clamped at 0
    assert pct_holds(D("25"), (D("24.8"), D("25.2")))
    assert not pct_holds(D("26"), (D("24.8"), D("25.2")))
    assert sum_holds(D("3.0"), [D("1.0"), D("2.1")]) == (True, D("3.1"), D("0.15"))
    assert sum_holds(D("3.0"), [D("1.0"), D("2.3")]) == (False, D("3.3"), D("0.15"))
    assert sum_holds(D("3"), [D("1.4"), D("1.4")])[0]
    assert q2(D("1.005")) == D("1.00") and str(q2(D("2"))) == "2.00"
    assert pct_precision(D("12.5")) == D("0.1") and pct_precision(D("12")) == D("1")
