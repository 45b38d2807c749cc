"""Code validation, UK numbers, and the normalisers of names, phones and addresses (amounts and dates:
tests/extraction/common)."""

from __future__ import annotations

import pytest

from extraction.enterprises.address import parse_cn_address, parse_uk_address, uk_postcode
from extraction.enterprises.codes import check_uk_number, check_uscc, make_uscc, uscc_division
from extraction.enterprises.industry import classify_scope, parse_sic
from extraction.enterprises.normalise import (
    display_name,
    enterprise_key,
    normalise_email,
    normalise_phone,
    person_name,
)


@pytest.mark.parametrize("code", ["91350100M000100Y43", "91110108MA001234XF", "523100005000012371"])
def test_valid_uscc(code: str) -> None:
    check = check_uscc(code)
    assert check.valid and check.code == code and check.issue == ""


def test_uscc_wrong_check_character_is_flagged_with_the_expected_one() -> None:
    check = check_uscc("91350100M000100Y44")
    assert not check.valid
    assert check.code == "91350100M000100Y44"  # kept, not dropped
    assert "gives 3" in check.issue


def test_uscc_full_width_and_separators_are_normalised() -> None:
    check = check_uscc("９１３５ ０１００-Ｍ０００１００Ｙ４３")
    assert check.valid and check.code == "91350100M000100Y43"


def test_uscc_forbidden_letter_suggests_the_misread_digit() -> None:
    check = check_uscc("91350100MO00100Y43")
    assert not check.valid and "O (perhaps 0)" in check.issue


def test_uscc_wrong_length_and_division() -> None:
    assert "18" in check_uscc("9135010").issue
    assert uscc_division("91350100M000100Y43") == "350100"
    assert check_uscc(make_uscc("91110108MA001234X")).valid


@pytest.mark.parametrize(("raw", "code", "valid"), [
    ("03977902", "03977902", True), ("3977902", "03977902", True), ("sc 123456", "SC123456", True),
    ("R0123456", "R0123456", True), ("OC12345", "OC12345", False), ("12345678X", "12345678X", False),
])
def test_uk_company_numbers(raw: str, code: str, valid: bool) -> None:
    check = check_uk_number(raw)
    assert (check.code, check.valid) == (code, valid)


def test_enterprise_name_variants_share_a_key() -> None:
    assert enterprise_key("上海宏盛科技有限公司") == enterprise_key("上海宏盛科技有限责任公司")
    assert enterprise_key("ＦＯＲＤ ＭＯＴＯＲ ＣＯ．") == enterprise_key("Ford Motor Company")
    assert display_name("上海宏盛（集团）有限公司") == "上海宏盛(集团)有限公司"
    assert enterprise_key("上海宏盛科技有限公司") != enterprise_key("上海宏达科技有限公司")


def test_phones_emails_and_person_names() -> None:
    assert normalise_phone("+86 138-0013-8000") == normalise_phone("13800138000") == "13800138000"
    assert normalise_phone("(021)5555-1234 转 808") == "02155551234"
    assert normalise_phone("+44 20 7946 0000") == "02079460000"
    assert normalise_phone("12") is None
    assert normalise_email(" Info@Example.CN ") == "info@example.cn"
    assert normalise_email("not an email") is None
    assert person_name("MR JOHN  SMITH") == "John Smith"
    assert person_name("张 三") == "张三"


def test_chinese_address_parts_division_and_key() -> None:
    a = parse_cn_address("上海市浦东新区张江路88号3幢1201室")
    assert (a.province, a.city, a.district, a.road, a.number) == ("上海市", "上海市", "浦东新区", "张江路", "88")
    assert a.division is not None and a.division.code == "310115"
    # Short province and city names, full-width digits and spaces: the same place, the same key.
    b = parse_cn_address("浙江杭州西湖区文三路 ９０号 501室")
    c = parse_cn_address("浙江省杭州市西湖区文三路90号501室")
    assert b.id == c.id and b.division and b.division.code == "330106"
    # Another room of the same building: another address, the same building.
    d = parse_cn_address("浙江省杭州市西湖区文三路90号502室")
    assert d.id != c.id and d.building_id == c.building_id
    assert parse_cn_address("某地某处").issues


def test_uk_address_and_postcode() -> None:
    assert uk_postcode("sw1a2aa") == "SW1A 2AA"
    assert uk_postcode("not a postcode") == ""
    a = parse_uk_address(line1="10 Downing St", town="LONDON", postcode="sw1a 2aa")
    b = parse_uk_address(line1="10 DOWNING STREET", town="London", postcode="SW1A2AA")
    assert a.id == b.id
    assert parse_uk_address(line1="1 High Street", postcode="").issues


def test_industry_classification() -> None:
    assert classify_scope("软件开发；信息技术咨询服务；货物进出口")[:2] == ["I", "F"]
    assert classify_scope("投资管理；资产管理")[0] == "J"
    assert classify_scope("") == []
    assert parse_sic("62012 - Business and domestic software development")[:2] == ("62012", "J")
    assert parse_sic("None Supplied") is None
