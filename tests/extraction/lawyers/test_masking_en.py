"""Natural-person parties of US cases masked in every form the published text names them (fictional
records in the CAP shape; each form met by two differently written inputs)."""

from __future__ import annotations

import re

import pytest

from extraction.lawyers import courtlistener
from extraction.lawyers.masking import mask_text, person_variants
from graph.records import RawRecord
from tests.extraction.lawyers.test_counsel_sides import CAP


def extract(parties: str, body: list[str], attorneys: list[str] | None = None, abbreviation: str = ""):
    paragraphs = "".join(f'<p id="b{i}">{p}</p>' for i, p in enumerate(body))
    data = CAP.format(parties=parties, docket="No. 7.", court="Court of Appeals.", judge="ADA ROWE", end="Affirmed.",
                      body="The facts.", attorneys="\n".join(f"  <attorneys>{a}</attorneys>" for a in attorneys or
                                                            ["Ike Dunn, for appellant.", "Al Vey, for appellee."]))
    data = data.replace('<p id="p1">The facts.</p>', paragraphs)
    record = {"id": 5, "name": parties, "name_abbreviation": abbreviation, "docket_number": "No. 7",
              "court": {"name": "Court of Appeals", "slug": "ct-app"}, "casebody": {"data": data}}
    return courtlistener.extract(RawRecord("x.json", "5", 1, record))


CAPTION = "Odessa QUILLFEATHER, Plaintiff-Appellant, v. Brackenridge Mills, Inc., Defendant-Respondent."


def leaks(text: str, *forms: str) -> list[str]:
    return [f for f in forms if re.search(r"(?<![\w])" + re.escape(f) + r"(?![\w])", text, re.I)]


@pytest.mark.parametrize("written", ["Quill-\nfeather testified.", "Quillfea- ther signed the lease."])
def test_a_name_broken_across_lines(written: str) -> None:
    text = extract(CAPTION, [written]).document.text
    assert not leaks(text, "Quillfeather", "Quill-", "Quillfea-") and "Q." in text


@pytest.mark.parametrize("written", ["Then O. Quillfeather moved.", "Then O.Quillfeather moved.", "Then QUILLFEATHER, O. moved."])
def test_initials_with_the_surname(written: str) -> None:
    text = extract(CAPTION, [written]).document.text
    assert not leaks(text, "Quillfeather")


@pytest.mark.parametrize("alias_form", ['(hereinafter "Dessie")', "(hereinafter referred to as \u2018Dessie\u2019)",
                                        '(hereafter called "Dessie")'])
def test_a_hereinafter_alias_is_masked_wherever_it_is_used(alias_form: str) -> None:
    text = extract(CAPTION, [f"The appellant is Odessa Quillfeather {alias_form}.", "Dessie paid the rent."]).document.text
    assert not leaks(text, "Dessie", "Odessa", "Quillfeather")


@pytest.mark.parametrize("alias_form", ['(hereinafter referred to as "the debtor")', '(hereinafter "Appellant")'])
def test_a_role_given_as_alias_is_no_name(alias_form: str) -> None:
    text = extract(CAPTION, [f"The appellant is Odessa Quillfeather {alias_form}.", "The debtor paid."]).document.text
    assert "the debtor" in text.lower() or "Appellant" in text


@pytest.mark.parametrize("signed", ["By: /s/ Odessa Quillfeathor, Borrower.", "By: /s/ Odessa Q. Quilfeather"])
def test_a_signature_the_scan_misread(signed: str) -> None:
    text = extract(CAPTION, [signed]).document.text
    assert not leaks(text, "Odessa", "Quillfeathor", "Quilfeather")


def test_two_parties_sharing_a_surname_keep_no_given_name() -> None:
    for caption in ("Arden Co., Appellant, v. H. Lucius Pemberton, III, Philippa Pemberton and J.T. Tove Co., Appellees.",
                    "Philippa PEMBERTON and Lucius PEMBERTON, Appellants, v. Tove Co., Appellee."):
        ex = extract(caption, ["Philippa Pemberton and Lucius Pemberton appeared."])
        assert not leaks(ex.document.text, "Philippa", "Lucius", "Pemberton")
        persons = [n.props["name"] for n in ex.nodes if n.label == "Party" and n.props["kind"] == "person"]
        assert len(persons) == 2 and all(re.fullmatch(r"(?:[A-Z]\. ?)+(?: \(\d\))?", p) for p in persons), persons


@pytest.mark.parametrize("caption, line", [
    ("In re Ottoline VANE, Debtor. Amos R. Kell, Trustee and Plaintiff, v. Tove Bank, Defendant.",
     "Amos R. Kell, Kell &amp; Rusk, Dayton, Ohio, for trustee and plaintiff."),
    ("Estate of Ottoline Vane, Amos R. Kell, Executor, Petitioner, v. Commissioner of Internal Revenue, Respondent.",
     "Amos R. Kell, Esq., for the petitioner."),
])
def test_counsel_who_is_also_a_trustee_stays_public(caption: str, line: str) -> None:
    ex = extract(caption, ["Ottoline Vane owed the bank."], attorneys=[line, "Al Vey, for defendant."])
    text = ex.document.text
    assert "Amos R. Kell" in text and not leaks(text, "Ottoline", "Vane")
    assert "Amos R. Kell" in {n.props["name"] for n in ex.nodes if n.label == "Lawyer"}


def test_person_variants_reads_aliases_and_misreadings() -> None:
    mapping = {"Winifred Ashcombe": "W. A."}
    text = 'Winifred Ashcombe (hereinafter "Winnie") signed. /s/ Winifred Ashcombr. Later Winifred Ashcomb wrote.'
    found = person_variants(mapping, text)
    assert found.get("Winnie") == "W." and "Winifred Ashcombr" in found and "Winifred Ashcomb" in found
    assert "Winnie" not in mask_text(text, {**mapping, **found}, "en")


@pytest.mark.parametrize("written", ["Then Odessa Quillfeather paid.", "Then ODESSA QUILLFEATHER paid."])
def test_given_name_and_surname_without_the_middle_initial(written: str) -> None:
    text = extract("Odessa M. QUILLFEATHER, Plaintiff-Appellant, v. Brackenridge Mills, Inc., Defendant-Respondent.",
                   [written]).document.text
    assert not leaks(text, "Odessa", "Quillfeather")
