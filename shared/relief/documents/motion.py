"""The People's bulk motion to vacate and expunge (20 ILCS 2630/5.2(i)(3)), with Exhibit A: one line
per conviction the rules decided `motion`, showing the factors the court weighs."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ..evaluation.results import Result
from ..law.decisions import Authority
from ..settings import OfficeSettings
from .layout import Column, Document, county_title, court_class, court_date, full_name

TITLE = "MOTION TO VACATE AND EXPUNGE CANNABIS CONVICTIONS\n(20 ILCS 2630/5.2(i))"
EXHIBIT_TITLE = "EXHIBIT A: convictions the People move to vacate and expunge"

EXHIBIT_COLUMNS = (
    Column("No.", 10, "R"),
    Column("Name", 44),
    Column("Date of\nbirth", 17),
    Column("IR number", 19),
    Column("DCN", 19),
    Column("Court case\nnumber", 26),
    Column("Statute", 30),
    Column("Class", 16),
    Column("Disposition\ndate", 17),
    Column("Age\nnow", 10, "R"),
    Column("Age at\noffense", 12, "R"),
    Column("Years since\nconviction", 16, "R"),
)  # 236 mm: a landscape letter page less its margins

FACTORS = (
    "the reasons to retain the records provided by law enforcement;",
    "the person's age now;",
    "the person's age at the time of the offense;",
    "the time since the conviction; and",
    "the specific adverse consequences the person may face if the motion is denied.",
)


def exhibit_line(number: int, result: Result) -> tuple[str, ...]:
    return (str(number), full_name(result.last_name, result.first_name, result.middle_name),
            court_date(result.date_of_birth), result.ir_number, result.dcn, result.court_case_number, result.statute,
            court_class(result.offense_class), court_date(result.disposition_date), result.age_now,
            result.age_at_offense, result.years_since_conviction)


def render_motion(convictions: Iterable[Result], settings: OfficeSettings, county: str, *,
                  count: int | None = None, people: int | None = None, created: datetime | None = None) -> bytes:
    """The motion as PDF bytes. `convictions` are the `motion` results, read once in the order given;
    `count` and `people` (for the body text) are computed from them when not given."""
    if count is None or people is None:
        convictions = list(convictions)
        count = len(convictions)
        people = len({r.ir_number for r in convictions})
    pdf = Document(footer_label=f"Motion to vacate and expunge, {county_title(county).title()}", created=created)
    pdf.set_title("Motion to vacate and expunge cannabis convictions")
    pdf.add_page()
    pdf.caption(county, TITLE, right_lines=("Bulk motion", "Exhibit A attached"))
    signature = settings.signature
    pdf.paragraph(
        f"NOW COME the People of the State of Illinois, by {signature.attorney}, {signature.title}, "
        f"{settings.office_name}, and under {Authority.RELIEF} move this Court to vacate and expunge the "
        f"{count:,} cannabis conviction{'s' if count != 1 else ''} of {people:,} "
        f"{'people' if people != 1 else 'person'} listed in Exhibit A. In support the People state:")
    pdf.numbered((
        f"Section 5.2(i)(3) of the Criminal Identification Act ({Authority.MOTION}) permits the State's "
        f"Attorney to move the circuit court, in individual or bulk motions, to vacate and expunge convictions "
        f"for a misdemeanor or Class 4 felony violation of Section 4 or Section 5 of the Cannabis Control Act "
        f"({Authority.SECTION_4}, {Authority.SECTION_5}) for an offense committed before June 25, 2019, "
        f"as enacted by the Cannabis Regulation and Tax Act (P.A. 101-27, as amended by P.A. 101-593).",
        "Each conviction in Exhibit A is for possession of cannabis up to 500 grams (Section 4) or "
        "manufacture or delivery of cannabis up to 30 grams (Section 5), a misdemeanor or Class 4 felony, "
        "for an offense before June 25, 2019, and none carries a penalty enhancement under Section 7 of the "
        "Cannabis Control Act (720 ILCS 550/7).",
        "In deciding this motion the Court shall consider: " + " ".join(
            f"({letter}) {factor}" for letter, factor in zip("abcde", FACTORS, strict=False)),
        "For each conviction Exhibit A shows the person's name, date of birth, Illinois State Police IR number, "
        "document control number (DCN), court case number, statute, class, disposition date, age now, age at "
        "the time of the offense and years since the conviction.",
    ))
    pdf.paragraph(
        "WHEREFORE, the People ask this Court to vacate the convictions listed in Exhibit A; to order the "
        "records of those arrests, charges and convictions expunged; to direct the Clerk of the Circuit Court, "
        "the Illinois State Police and each arresting agency to expunge their records of them; and to enter "
        "the proposed orders submitted with this motion, one for each court case.")
    pdf.signature_block(settings.office_name, settings.signature)

    pdf.start_table(EXHIBIT_COLUMNS, EXHIBIT_TITLE, orientation="L")
    lines = 0
    for lines, result in enumerate(convictions, start=1):
        pdf.row(exhibit_line(lines, result))
    if not lines:
        pdf.set_font("Times", "I", 11)
        pdf.cell(0, 8, "No convictions were found eligible for this motion.")
    pdf.end_table()
    return pdf.to_bytes()
