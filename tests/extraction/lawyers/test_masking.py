"""Masking of personal data (extraction/lawyers/masking.py, also used by the open-data endpoints)."""

from __future__ import annotations

import io

import pytest

from core.errors import RecordRejected
from extraction.lawyers import register as lawyer_register
from extraction.lawyers import sanctions as lawyer_sanctions
from extraction.lawyers.masking import (
    find_personal_data,
    is_initials,
    is_masked,
    mask_names,
    mask_person_name,
    mask_text,
)


@pytest.mark.parametrize("name, lang, masked", [
    ("张三丰", "zh", "张某"), ("欧阳娜娜", "zh", "欧阳某"), ("牛某1", "zh", "牛某"), ("王梓萱（曾用名王萱）", "zh", "王某"),
    ("John A. Smith", "en", "J. A. S."), ("Tina WESTER", "en", "T. W."), ("Bruce Rogers, Jr.", "en", "B. R."),
])
def test_person_names(name: str, lang: str, masked: str) -> None:
    assert mask_person_name(name, lang) == masked


def test_persons_of_one_document_stay_apart() -> None:
    assert mask_names(["王梓萱", "王福禄", "李贵"]) == {"王梓萱": "王某甲", "王福禄": "王某乙", "李贵": "李某"}
    assert mask_names(["John Smith", "Jane Stone"], "en") == {"John Smith": "J. S. (1)", "Jane Stone": "J. S. (2)"}


def test_already_masked_forms() -> None:
    assert is_masked("张某") and is_masked("王某甲") and is_masked("牛某1") and not is_masked("张三")
    assert is_initials("D.G. AND S.H.") and is_initials("K.S.") and not is_initials("Tina Wester")


def test_text_masks_identity_numbers_phones_accounts_and_addresses() -> None:
    text = ("原告王梓萱，公民身份号码11010119900307123X，联系电话138 1234 5678，座机010-62345678，"
            "开户行账号：6222 0212 3456 7890 123，住北京市海淀区中关村大街27号3单元501室。王梓萱诉称，"
            "被告某某有限公司（统一社会信用代码91310115MA1K3YJ12X）。案号（2019）沪0101民初1234号。")
    masked = mask_text(text, ["王梓萱"])
    for secret in ("王梓萱", "11010119900307123X", "138 1234 5678", "010-62345678", "6222 0212", "中关村大街27号"):
        assert secret not in masked
    assert "住北京市海淀区×××" in masked and masked.count("王某") == 2
    assert "91310115MA1K3YJ12X" in masked and "（2019）沪0101民初1234号" in masked  # public facts stay
    assert find_personal_data(masked) == [] and find_personal_data(text)


def test_english_text() -> None:
    text = "Tina WESTER appeals. Wester lives at 12 Elm Street; call (573) 555-1234 or SSN 123-45-6789."
    masked = mask_text(text, ["Tina WESTER"], "en")
    assert masked == "T. W. appeals. W. lives at ×××; call ××× or SSN ×××."
    assert mask_text("Wester & Co. for Wester", ["Tina WESTER"], "en", surnames=False) == "Wester & Co. for Wester"


def test_county_level_residence_is_kept() -> None:
    assert mask_text("住河南省兰考县。") == "住河南省兰考县。"


def test_register_tables_by_header() -> None:
    data = ("license_no,name,firm,since,until,status\n11101201010000001,Zhang Wei,北京市某某律师事务所,2010-07-01,,practising\n"
            "13101201210000002,Li Na,上海某某律师事务所,2012/3/1,,执业\n,,,\n\"broken,quote\n").encode()
    records = list(lawyer_register.read("r.csv", io.BytesIO(data)))
    good = [r for r in records if r.error is None]
    assert [r.payload["table"] for r in good] == ["lawyers", "lawyers"]
    ex = lawyer_register.extract(good[1])
    member = next(r for r in ex.rels if r.type == "MEMBER_OF")
    assert member.props["since"] == "2012-03-01" and member.props["until"] is None
    unknown = list(lawyer_register.read("x.csv", io.BytesIO(b"a,b,c\n1,2,3\n")))
    assert unknown[0].error and "unknown table" in unknown[0].error


def test_rewards_and_punishments_say_their_disclosure() -> None:
    data = ("执业证号,姓名,奖惩种类,决定日期,决定机关,事由\n"
            "11101201010000001,张伟,警告,2020年5月5日,北京市朝阳区司法局,未按规定履行告知义务。\n"
            "11101201010000001,张伟,通报批评,2021-01-01,北京市律师协会,违反执业规范。\n"
            "11101201010000001,张伟,优秀律师,2022-12-20,北京市律师协会,年度考核优秀。\n"
            ",张伟,训诫,2022-01-01,北京市律师协会,无执业证号。\n"
            "11101201010000001,张伟,罚款,2022-13-45,北京市朝阳区司法局,日期有误。\n").encode()
    records = [r for r in lawyer_sanctions.read("s.csv", io.BytesIO(data)) if r.error is None]
    facts = []
    for raw in records[:3]:
        ex = lawyer_sanctions.extract(raw)
        node = ex.nodes[0]
        facts.append((node.label, node.props["kind"], node.props["date"], node.props["disclosure"]))
        assert ex.rels[0].start_id == "lawyer:lic:11101201010000001"
    assert facts == [("Sanction", "警告", "2020-05-05", "legal"), ("Sanction", "通报批评", "2021-01-01", "industry"),
                     ("Award", "优秀律师", "2022-12-20", "industry")]
    with pytest.raises(RecordRejected, match="license number"):
        lawyer_sanctions.extract(records[3])
    with pytest.raises(RecordRejected, match="not a date"):
        lawyer_sanctions.extract(records[4])
