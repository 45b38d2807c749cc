"""What a judgment parser finds, before it becomes graph facts (plain dataclasses, spans into the text)."""

from __future__ import annotations

from dataclasses import dataclass, field

Span = tuple[int, int]


@dataclass
class Party:
    name: str
    role: str  # as written: 原告, 上诉人, Plaintiff-Appellant
    side: str  # claimant | respondent | third_party | other
    kind: str  # person | enterprise
    span: Span
    role_detail: str = ""  # 原审被告 in 上诉人（原审被告）; a US party's trial role (plaintiff in Plaintiff-Appellant)
    code: str = ""  # register code of an enterprise party (USCC)
    implied: bool = False  # US: role guessed from the caption position (none printed); counsel labels may correct it
    et_al: bool = False  # US: the caption group this party heads ends with "et al." (more parties not printed)
    outcome: str = ""  # this party's own outcome where the operative part says it (else mirrored from the claimant's)


@dataclass
class Agent:
    name: str
    span: Span
    firm: str = ""
    title: str = ""
    professional: bool = False  # a lawyer / legal worker (public), not a relative or employee
    license_no: str = ""
    place: str = ""  # city printed beside a US counsel without a firm
    parties: list[int] = field(default_factory=list)  # indexes into Judgment.parties
    side: str = ""  # US: the side argued for at the deciding court (claimant | respondent | third_party | other)
    role: str = ""  # US: the represented party's role at the deciding court (appellant, appellee, petitioner …)
    trial_role: str = ""  # US: the represented party's trial role (plaintiff, defendant …) where printed


@dataclass
class Judge:
    name: str
    role: str
    span: Span


@dataclass
class CaseNumber:
    text: str  # normalised: full-width brackets, no spaces
    year: int
    court_code: str
    type_code: str
    seq: int
    span: Span


@dataclass
class Judgment:
    lang: str
    text: str
    title: str = ""
    doc_type: str = ""
    court: str = ""
    court_span: Span | None = None
    case_number: CaseNumber | None = None
    docket: str = ""  # a US docket number as printed
    cause: str = ""
    cause_span: Span | None = None
    date: str | None = None
    parties: list[Party] = field(default_factory=list)
    agents: list[Agent] = field(default_factory=list)
    judges: list[Judge] = field(default_factory=list)
    outcome: str = ""  # for the claimant side: won | lost | partly | withdrawn | dismissed | settled
    outcome_span: Span | None = None
    jurisdiction: str = "CN"
    court_slug: str = ""  # US court identifier

    def persons(self) -> list[str]:
        """Natural persons named as parties (their names are masked on every public path)."""
        return [p.name for p in self.parties if p.kind == "person"]
