"""`riskgraph match FILE --out RESULT` through the real command on a small register: CSV and .xlsx in and
out, threshold and limit, progress on stderr."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from tests.cli.test_main import riskgraph
from tests.reasoning.enterprises.matching_support import uscc


def _register(tmp: Path) -> Path:
    rows = [{"企业名称": "上海宏盛科技有限公司", "统一社会信用代码": uscc(1), "法定代表人": "王伟", "成立日期": "2020-01-10",
             "住所": "上海市徐汇区中山路1号101室", "联系电话": "021-11111111",
             "主要人员": [{"姓名": "王伟", "职务": "执行董事", "证件号码": "3301**********1234"}]},
            {"企业名称": "上海宏达科技有限公司", "统一社会信用代码": uscc(2), "法定代表人": "李娜", "成立日期": "2021-03-01",
             "住所": "上海市徐汇区中山路9号901室", "联系电话": "021-22222222"}]
    for n in range(3, 40):
        rows.append({"企业名称": f"成都{'泰华瑞恒鑫达信源丰隆'[n % 10]}{'通德嘉诚'[n // 10]}物流有限公司",
                     "统一社会信用代码": uscc(n, "510104"), "法定代表人": "赵敏", "成立日期": "2019-05-05"})
    path = tmp / "registry.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("cli-match")
    run = riskgraph(tmp, "ingest", "cn-registry", str(_register(tmp)), "--json")
    assert run.returncode == 0, run.stderr
    return tmp


def test_match_a_csv(graph: Path) -> None:
    queries = graph / "list.csv"
    with queries.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["id", "企业名称", "统一社会信用代码", "phone"])
        w.writerow(["a", "宏盛（上海）科技有限公司", "", "+86 21 1111 1111"])
        w.writerow(["b", "上海宏达科技有限公司", uscc(1), ""])  # the code wins over the other firm's name
        w.writerow(["c", "北京全聚餐饮管理有限公司", "", ""])
    out = graph / "result.csv"
    run = riskgraph(graph, "match", str(queries), "--out", str(out), "--limit", "1", "--json")
    assert run.returncode == 0, run.stderr
    summary = json.loads(run.stdout)
    assert summary["queries"] == 3 and summary["matched"] == 2 and summary["limit"] == 1
    assert "screening 3 queries" in run.stderr
    rows = list(csv.DictReader(out.open(encoding="utf-8-sig")))
    by_query = {r["query_id"]: r for r in rows}
    assert by_query["a"]["candidate_id"] == by_query["b"]["candidate_id"] == f"CN:{uscc(1)}"
    assert "code equal" in by_query["b"]["features"] and float(by_query["b"]["score"]) >= 0.7
    assert by_query["c"]["candidate_id"] == ""  # nothing at or above the threshold: one empty row
    assert len(rows) == 3


def test_match_an_xlsx_with_a_threshold(graph: Path) -> None:
    book = Workbook()
    sheet = book.active
    sheet.append(["name", "code", "legal_representative"])
    sheet.append(["Shanghai Hongsheng Keji Co., Ltd.", None, "王伟"])
    sheet.append(["王伟", None, None])  # a person by name alone: never matched
    book.save(graph / "list.xlsx")
    out = graph / "result.xlsx"
    run = riskgraph(graph, "match", str(graph / "list.xlsx"), "--out", str(out), "--threshold", "0.5", "--json")
    assert run.returncode == 0, run.stderr
    rows = list(load_workbook(out).active.iter_rows(values_only=True))
    assert rows[0][:4] == ("query_id", "query_name", "rank", "candidate_id")
    found = {r[0]: r for r in rows[1:]}
    assert found["row 2"][3] == f"CN:{uscc(1)}" and found["row 2"][7] >= 0.5
    assert found["row 3"][3] is None and found["row 3"][4] == "person"
    bad = riskgraph(graph, "match", str(graph / "list.xlsx"), "--out", str(out), "--threshold", "2")
    assert bad.returncode == 2 and "--threshold" in bad.stderr
