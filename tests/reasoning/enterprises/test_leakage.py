"""Features as of a verdict's date: records dated after it (a later penalty, listing, change, or a new
enterprise at the same address) leave the features unchanged."""

from __future__ import annotations

from datetime import date

import numpy as np

from core.settings import Settings
from extraction.enterprises import cn_abnormal_list, cn_penalties, cn_registry, cn_registry_changes
from extraction.enterprises import verdicts as enterprise_verdicts
from extraction.enterprises.codes import make_uscc, org_check_char
from graph.loader import Loader
from graph.records import RawRecord
from graph.store import GraphStore
from reasoning.enterprises.features import FEATURES, FeatureBuilder
from reasoning.enterprises.snapshot import load_snapshot


def _code(n: int) -> str:
    body = f"MA1000{n:02d}"
    return make_uscc("91310104" + body + org_check_char(body))


def _raw(payload: dict) -> RawRecord:
    return RawRecord("t", f"line {abs(hash(str(payload)))}", 1, payload)


def _firm(n: int, founded: str) -> RawRecord:
    return _raw({"企业名称": f"上海测试{n}号商务咨询有限公司", "统一社会信用代码": _code(n), "法定代表人": "赵六",
                 "注册资本": "1000万元", "实缴资本": "0万元", "成立日期": founded,
                 "住所": "上海市徐汇区中山路1号101室", "联系电话": "021-66666666"})


def _features(store: GraphStore, code: str, cutoff: date) -> np.ndarray:
    snap = load_snapshot(store)
    return np.array(FeatureBuilder(snap).row(snap.index[f"CN:{code}"], cutoff.toordinal()))


def test_later_records_do_not_leak_into_features(falkor_store: GraphStore, settings: Settings) -> None:
    loader = Loader(falkor_store, settings)
    target = _code(1)
    before = [cn_registry.extract(_firm(1, "2020-01-10")), cn_registry.extract(_firm(2, "2020-01-20")),
              enterprise_verdicts.extract(_raw({"enterprise_id": f"CN:{target}", "verdict": "shell",
                                                "date": "2021-06-01"}))]
    loader.write_extractions(before)
    verdict_day = date(2021, 6, 1)
    as_of = _features(falkor_store, target, verdict_day)

    later = [
        cn_penalties.extract(_raw({"当事人名称": "上海测试1号商务咨询有限公司", "统一社会信用代码": target,
                                   "行政处罚决定书文号": "沪市监处〔2021〕9号", "违法行为类型": "提交虚假材料",
                                   "作出行政处罚决定日期": "2021-09-01"})),
        cn_abnormal_list.extract(_raw({"企业名称": "上海测试1号商务咨询有限公司", "统一社会信用代码": target,
                                       "列入经营异常名录原因": "通过登记的住所或者经营场所无法联系的", "列入日期": "2021-08-01"})),
        cn_registry_changes.extract(_raw({"统一社会信用代码": target, "变更事项": "法定代表人变更", "变更前内容": "赵六",
                                          "变更后内容": "钱七", "变更日期": "2021-07-01"})),
        cn_registry.extract(_firm(3, "2021-10-01")),  # a new neighbour at the same address, later
        enterprise_verdicts.extract(_raw({"enterprise_id": f"CN:{_code(2)}", "verdict": "shell",
                                          "date": "2021-06-15"})),  # a neighbour judged bad later
    ]
    loader.write_extractions(later)
    again = _features(falkor_store, target, verdict_day)
    np.testing.assert_array_equal(as_of, again)

    # The same records do count once the cutoff is past them: the test could fail.
    after = _features(falkor_store, target, date(2022, 1, 1))
    changed = {FEATURES[i] for i in range(len(FEATURES)) if not (after[i] == as_of[i] or (np.isnan(after[i]) and np.isnan(as_of[i])))}
    assert {"penalties", "abnormal_listings", "legal_rep_changes", "address_share", "bad_distance"} <= changed
