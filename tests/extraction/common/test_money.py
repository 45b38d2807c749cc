"""Amounts as written: number, magnitude word and currency kept; the registers' reading in 万 of the currency."""

from __future__ import annotations

import pytest

from extraction.common.money import Money, parse_amount, parse_money


@pytest.mark.parametrize(("raw", "expected"), [
    # 万 with or without 元 / 人民币, before or after, spaces, full-width digits, zeros after the point
    ("100万元", (100.0, "CNY")), ("100 万元人民币", (100.0, "CNY")), ("人民币100万元", (100.0, "CNY")),
    ("100.000000万人民币", (100.0, "CNY")), ("１００万元", (100.0, "CNY")), ("注册资本：100万", (100.0, "CNY")),
    # 亿, 千, 千万, 百万
    ("1.5亿元", (15000.0, "CNY")), ("2亿", (20000.0, "CNY")), ("5千元", (0.5, "CNY")), ("5千", (0.5, "CNY")),
    ("5千万元", (5000.0, "CNY")), ("3百万美元", (300.0, "USD")),
    # plain units of the currency
    ("1,000,000元", (100.0, "CNY")), ("1000000圆", (100.0, "CNY")), ("RMB 1,000,000", (100.0, "CNY")),
    ("100元", (0.01, "CNY")),
    # other currencies, by word or by code or sign
    ("50万美元", (50.0, "USD")), ("50万美金", (50.0, "USD")), ("USD 500,000", (50.0, "USD")),
    ("3.5万欧元", (3.5, "EUR")), ("€35,000", (3.5, "EUR")),
    ("200万港币", (200.0, "HKD")), ("HK$ 2,000,000", (200.0, "HKD")),
    ("1000万日元", (1000.0, "JPY")), ("JPY 10,000,000", (1000.0, "JPY")),
    ("50万英镑", (50.0, "GBP")), ("£500,000", (50.0, "GBP")),
    # 大写 (financial) numerals, and everyday numerals followed by a currency
    ("壹佰万圆整", (100.0, "CNY")), ("人民币壹佰万元整", (100.0, "CNY")), ("伍拾万元整", (50.0, "CNY")),
    ("贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整", (2345.6789, "CNY")), ("壹亿元", (10000.0, "CNY")),
    ("壹亿贰仟万元", (12000.0, "CNY")), ("一百万元", (100.0, "CNY")), ("伍拾万美元", (50.0, "USD")),
    # a bare number is in 万元 already (the registers' convention)
    ("100", (100.0, "CNY")), (" 12.5 ", (12.5, "CNY")), (100, (100.0, "CNY")), (12.5, (12.5, "CNY")),
    ("-5万", (-5.0, "CNY")),
])
def test_amounts_in_wan(raw: object, expected: tuple[float, str]) -> None:
    assert parse_amount(raw) == expected


@pytest.mark.parametrize("raw", [None, "", "  ", "abc", "无", "一般项目", "十分", "万元", True])
def test_no_amount(raw: object) -> None:
    assert parse_amount(raw) == (None, None)
    assert parse_money(raw) is None


@pytest.mark.parametrize(("raw", "expected"), [
    ("1.5亿元", Money(1.5, "亿", "CNY")), ("100 万元人民币", Money(100.0, "万", "CNY")),
    ("50万美元", Money(50.0, "万", "USD")), ("1,000,000元", Money(1000000.0, "", "CNY")),
    ("壹佰万圆整", Money(100.0, "万", "CNY")), ("壹亿元", Money(1.0, "亿", "CNY")),
    ("贰仟叁佰肆拾伍万陆仟柒佰捌拾玖元整", Money(23456789.0, "", "CNY")),
    ("100", Money(100.0, "", "CNY")),  # bare: in plain units unless the caller says otherwise
])
def test_number_unit_and_currency_are_kept(raw: str, expected: Money) -> None:
    assert parse_money(raw) == expected


def test_amounts_in_plain_units_and_in_wan() -> None:
    assert Money(1.5, "亿", "CNY").amount == 150_000_000
    assert Money(100.0, "万", "USD").amount == 1_000_000
    assert Money(1000000.0, "", "CNY").in_wan() == 100.0
    assert Money(5.0, "千", "CNY").in_wan() == 0.5
    assert parse_money("100", bare_unit="万") == Money(100.0, "万", "CNY")
    assert parse_money("100元", bare_unit="万") == Money(100.0, "", "CNY")
