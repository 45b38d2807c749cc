"""A small register in the graph's row shape, for the matching tests (no graph needed)."""

from __future__ import annotations

from typing import Any

from extraction.enterprises.codes import make_uscc, org_check_char


def uscc(n: int, division: str = "310104") -> str:
    body = f"MA{n:06d}"
    return make_uscc("91" + division + body + org_check_char(body))


def row(eid: str, name: str, *, code: str | None = None, division: str | None = "310104", address: str | None = None,
        phone: str | None = None, people: list[tuple[str, str, str]] = ()) -> dict[str, Any]:
    return {"id": eid, "name": name, "name_norm": None, "aliases": None, "code": code or eid.split(":", 1)[1],
            "code_valid": True, "division": division,
            "addresses": [{"id": address, "building": address + "-bld", "country": "CN", "city": "上海市",
                           "district": "徐汇区", "road": None, "number": None}] if address else [],
            "phones": [phone] if phone else [],
            "people": [{"id": pid, "name": pname, "role": role} for pid, pname, role in people]}


def small_register() -> list[dict[str, Any]]:
    rows = [
        row(f"CN:{uscc(1)}", "上海宏盛科技有限公司", address="ADDR:a1", phone="02111111111",
            people=[("P:wangwei1", "王伟", "LEGAL_REP_OF"), ("P:lina", "李娜", "OFFICER_OF")]),
        row(f"CN:{uscc(2)}", "上海宏达科技有限公司", address="ADDR:a2", phone="02122222222",
            people=[("P:wangwei2", "王伟", "LEGAL_REP_OF")]),
        row(f"CN:{uscc(3)}", "杭州恒泰贸易有限公司", division="330106", address="ADDR:a3", phone="057133333333",
            people=[("P:zhangsan", "张三", "LEGAL_REP_OF")]),
        row("UK:03977902", "NORTHGATE SOFTWARE LTD", division="GB-EC", phone="02070000000",
            people=[("P:jsmith", "John Smith", "OFFICER_OF")]),
        row("UK:00123456", "NORTHGATE SOFTWARES LTD", division="GB-M"),
    ]
    for n in range(4, 60):  # filler, so that random pairs and frequencies mean something
        rows.append(row(f"CN:{uscc(n, '440105')}", f"广州{'泰华瑞恒鑫达信源丰隆兴汇'[n % 12]}{'通德嘉诚博凯润安聚远创新'[n // 12]}"
                        f"{('物流', '贸易', '餐饮管理', '建筑工程')[n % 4]}有限公司", division="440105",
                        address=f"ADDR:f{n}", phone=f"0202000{n:04d}",
                        people=[(f"P:f{n}", "赵" + "伟芳娜敏静丽强磊军洋勇"[n % 11], "LEGAL_REP_OF")]))
    return rows
