"""The People's bulk motion to vacate and expunge (20 ILCS 2630/5.2(i)(3)), as one PDF: the motion,
its notice of motion, the certificate of service on the State Police and every arresting agency
in the exhibit, and Exhibit A, one line per conviction the rules decided `motion`, showing the
factors the court weighs. A county with no such conviction gets no motion.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from ..evaluation.results import Result
from ..law.decisions import Authority
from ..settings import OfficeSettings
from .courts import Court
from .layout import (
    BODY,
    Column,
    Document,
    agency_shown,
    court_class,
    court_date,
    full_name,
    line_height,
    shown,
)
from .plain_words import REVIEWED_LEGEND, numbered_line

TITLE = ("MOTION TO VACATE AND EXPUNGE CANNABIS CONVICTIONS", "(20 ILCS 2630/5.2(i))")
IN_RE = ("IN RE: MOTION OF THE PEOPLE OF THE STATE OF ILLINOIS TO VACATE AND EXPUNGE CANNABIS CONVICTIONS "
         "UNDER 20 ILCS 2630/5.2(i)")
CLERK_NUMBER = "No. ______________________"  # the clerk assigns the case or miscellaneous number
NOTICE_TITLE = "NOTICE OF MOTION"
SERVICE_TITLE = "CERTIFICATE OF SERVICE"
STATE_POLICE = "Illinois State Police, Bureau of Identification"
EXHIBIT_TITLE = "EXHIBIT A \u2014 the convictions the People move to vacate and expunge"

EXHIBIT_COLUMNS = (
    Column("No.", 10.5),
    Column("Name", 24),
    Column("Date of\nbirth", 15),
    Column("IR number", 17),
    Column("Court case\nnumber", 20),
    Column("DCN", 17),
    Column("Arrest\ndate", 15),
    Column("Arresting\nagency", 20),
    Column("Statute", 19),
    Column("Description", 20),
    Column("Class", 10),
    Column("Disposition\ndate", 15),
    Column("Age\nnow", 9),
    Column("Age at\noffense", 11.5),
    Column("Years since\nconviction", 15.5),
)  # 238.5 mm: a landscape letter page less its margins

FACTORS = (
    "the reasons to retain the records provided by law enforcement;",
    "the person's age now;",
    "the person's age at the time of the offense;",
    "the time since the conviction; and",
    "the specific adverse consequences the person may face if the motion is denied.",
)


def motion_title(part: int = 1, parts: int = 1) -> tuple[str, ...]:
    """The motion's title; one volume of several says which ("VOLUME 2 OF 3")."""
    return TITLE if parts <= 1 else (*TITLE, volume_label(part, parts))


def volume_label(part: int, parts: int) -> str:
    return f"VOLUME {part} OF {parts}"


def exhibit_cells(number: int, result: Result) -> tuple[str, ...]:
    """One conviction's line in Exhibit A, column by column (EXHIBIT_COLUMNS)."""
    return (numbered_line(number, result), full_name(result.last_name, result.first_name, result.middle_name),
            court_date(result.date_of_birth), shown(result.ir_number), shown(result.court_case_number),
            shown(result.dcn), court_date(result.arrest_date),
            agency_shown(result.arresting_agency, result.arresting_agency_name), shown(result.statute),
            shown(result.offense_description), court_class(result.offense_class),
            court_date(result.disposition_date), shown(result.age_now), shown(result.age_at_offense),
            shown(result.years_since_conviction))


def plural(count: int, one: str, many: str) -> str:
    return f"{count:,} {one if count == 1 else many}"


def counts_sentence(convictions: int, people: int) -> str:
    """The motion's count, as its first paragraph states it (and verify_documents reads it)."""
    return f"the {plural(convictions, 'cannabis conviction', 'cannabis convictions')} of " \
           f"{plural(people, 'person', 'people')} listed in Exhibit A"


def orders_sentence(orders: int) -> str:
    return f"{plural(orders, 'proposed order', 'proposed orders')}, one for each person in each court case"


def render_motion(convictions: Iterable[Result], settings: OfficeSettings, court: Court, *, count: int, people: int,
                  orders: int, agencies: Sequence[str], created: datetime | None = None,
                  draft: bool = False, reviewed: int = 0, first_line: int = 1,
                  volume: tuple[int, int] = (1, 1)) -> bytes:
    """The motion as PDF bytes. `convictions` are the `motion` results, read once in the order given;
    `count`, `people` and `orders` are stated in its body, `agencies` (as printed in the exhibit)
    are served; `reviewed` of the convictions were put in the motion by the office's answers, and
    their lines are marked. A county filed in volumes (pipeline/volumes.py) titles each motion with
    its `volume` (part, parts), and its Exhibit A lines are numbered on from `first_line`."""
    if count < 1:
        raise ValueError("a motion needs at least one conviction")
    signature = settings.signature
    office = shown(settings.office_name)
    attorney = shown(signature.attorney) or "the State's Attorney"
    pdf = Document(footer_label=f"Motion to vacate and expunge, {court.county_name}", created=created, draft=draft)
    pdf.set_title("Motion to vacate and expunge cannabis convictions")
    pdf.new_page()
    pdf.caption(court.caption, (IN_RE,), (CLERK_NUMBER,), motion_title(*volume))
    pdf.paragraph(
        f"NOW COME the People of the State of Illinois, by {attorney}, {shown(signature.title)}, {office}, and "
        f"under {Authority.RELIEF} move this Court to vacate and expunge {counts_sentence(count, people)}. In "
        f"support the People state:")
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
            f"({letter}) {factor}" for letter, factor in zip("abcde", FACTORS, strict=True)),
        "For each conviction Exhibit A shows the person's name, date of birth, Illinois State Police IR number, "
        "court case number, document control number (DCN) of the arrest, arrest date, arresting agency, "
        "statute, description of the offense, class, disposition date, age now, age at the time of the "
        "offense and years since the conviction." + (f" {REVIEWED_LEGEND}" if reviewed else ""),
        f"Submitted with this motion are {orders_sentence(orders)}.",
    ))
    wherefore = ("WHEREFORE, the People ask this Court to vacate the convictions listed in Exhibit A; to order the "
                 "records of those arrests, charges and convictions expunged; to direct the Illinois State Police "
                 "and each arresting agency to expunge their records of them within 60 days of service of the "
                 f"order, and {court.clerk} to impound the court files and notify each person; and to enter the "
                 "proposed orders submitted with this motion.")
    dated = f"Dated: {_long_date(created)}"
    lead = "Respectfully submitted,"
    # The signature block never stands alone on a page: the prayer's last lines come with it.
    pdf.paragraph(wherefore, keep_with=pdf.paragraph_height(dated, first=0)
                  + pdf.signature_height(settings.office_name, signature, lead))
    pdf.paragraph(dated, first=0)
    pdf.signature_block(settings.office_name, signature, lead)

    _notice(pdf, settings, court, created)
    _service(pdf, settings, agencies)

    pdf.new_page(orientation="L")
    table = pdf.start_table(EXHIBIT_COLUMNS, size=6.5, title=EXHIBIT_TITLE)
    for number, result in enumerate(convictions, start=first_line):
        table.row(exhibit_cells(number, result))
    pdf.end_table()
    return pdf.to_bytes()


def _long_date(created: datetime | None) -> str:
    return f"{created:%B} {created.day}, {created.year}" if created else "____________________"


def _notice(pdf: Document, settings: OfficeSettings, court: Court, created: datetime | None) -> None:
    pdf.new_page()
    pdf.caption(court.caption, (IN_RE,), (CLERK_NUMBER,), (NOTICE_TITLE,))
    pdf.paragraph(f"To: the {STATE_POLICE}, and each arresting agency named in Exhibit A, as listed in the "
                  "certificate of service below.", first=0)
    pdf.paragraph(
        "PLEASE TAKE NOTICE that on ____________________, 20____, at ________ .m., or as soon thereafter as "
        f"counsel may be heard, the undersigned will appear before the Chief Judge of the Circuit Court of "
        f"{court.county_name}, or any judge sitting in that judge's stead, in courtroom ________ of the "
        f"courthouse at ______________________________, and will then present the People's Motion to Vacate and "
        f"Expunge Cannabis Convictions under {Authority.RELIEF}, a copy of which is served on you. Any law "
        "enforcement agency may give the Court its reasons to retain the records.")
    pdf.paragraph(f"Dated: {_long_date(created)}", first=0)
    pdf.signature_block(settings.office_name, settings.signature, "")


def _service(pdf: Document, settings: OfficeSettings, agencies: Sequence[str]) -> None:
    recipients = [STATE_POLICE, *agencies]
    text = ("The undersigned, an attorney, certifies under penalties as provided by law pursuant to Section 1-109 "
            "of the Code of Civil Procedure (735 ILCS 5/1-109) that on ____________________, 20____, a copy of "
            "this notice and of the motion with Exhibit A was served by ______________________ on each of the "
            "following:")
    pdf.ensure(pdf.paragraph_height(SERVICE_TITLE) + pdf.paragraph_height(text) + 30)
    pdf.cursor += 4
    pdf.heading(SERVICE_TITLE)
    pdf.paragraph(text)
    pdf.numbered(recipients)
    attorney = shown(settings.signature.attorney) or "(signing attorney: not set)"
    pdf.ensure(pdf.paragraph_height(attorney) * 3 + 4)
    pdf.cursor += 6
    x = pdf.l_margin + 88
    pdf.put("________________________________", pdf.cursor, BODY, x=x)
    pdf.cursor += line_height(BODY)
    pdf.put(attorney, pdf.cursor, BODY, x=x)
    pdf.cursor += line_height(BODY)
