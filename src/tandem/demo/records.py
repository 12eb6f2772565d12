"""Records of the demo project: documents with their versions, the decision log, weekly status
updates and comments. File contents are generated here (text, CSV and a small valid PDF)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from tandem.accounts.models import User
from tandem.planning.models import Task
from tandem.projects.models import Project
from tandem.records import actions as record_actions
from tandem.records.models import Document, StatusUpdate
from tandem.risks.models import Issue, Risk


def pdf_bytes(title: str, lines: list[str]) -> bytes:
    """A one-page PDF 1.4 with ``title`` and ``lines`` in Helvetica, with a correct xref table.
    Text is limited to Latin-1 printable characters; parentheses and backslashes are escaped."""

    def escape(text: str) -> str:
        return text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    stream_lines = ["BT /F1 16 Tf 72 760 Td (" + escape(title) + ") Tj /F1 11 Tf"]
    for line in lines:
        stream_lines.append("0 -18 Td (" + escape(line) + ") Tj")
    stream_lines.append("ET")
    stream = "\n".join(stream_lines).encode("latin-1")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length " + str(len(stream)).encode() + b" >>\nstream\n" + stream + b"\nendstream",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += (
        f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    )
    return bytes(out)


def _charter(version: int) -> bytes:
    lines = [
        "Sponsor: Sam Whitfield, VP Operations. Manager: Maria Keller.",
        "Scope: live traffic, driver shifts, delivery windows, driver app.",
        "Budget: 480,000 EUR. Duration: 17 weeks.",
        "Success: routes 12% shorter, 96% on time, 40 dispatchers trained.",
    ]
    if version > 1:
        lines.append("v2: pilot depots named (Leipzig, Lyon); steering committee added.")
    return pdf_bytes("Route planner 2.0 - project charter", lines)


def _requirements(version: int) -> bytes:
    sections = [
        "# Requirements: Route planner 2.0",
        "",
        "R1 Plan routes for up to 400 stops per depot in under 60 seconds.",
        "R2 Respect customer delivery windows and driver shift rules.",
        "R3 Re-plan on live traffic within 5 seconds.",
    ]
    if version >= 2:
        sections.append("R4 Drivers see the route offline on their phones.")
    if version >= 3:
        sections.append("R5 Night-shift dispatchers plan next-day routes in bulk.")
    return ("\n".join(sections) + "\n").encode()


def _sample_routes(version: int) -> bytes:
    rows = ["depot,route,stops,planned_minutes,actual_minutes,on_time_pct"]
    for n in range(1, 13 if version == 1 else 25):
        stops = 18 + (n * 7) % 23
        planned = 150 + stops * 3
        actual = planned + (n * 11) % 37 - 9
        rows.append(
            f"{'LEJ' if n % 2 else 'LYS'},R{n:03d},{stops},{planned},{actual},{85 + n % 11}"
        )
    return ("\n".join(rows) + "\n").encode()


def _architecture(version: int) -> bytes:
    text = (
        "Architecture overview\n\nServices: routing (OR-Tools), traffic ingestion, dispatch API, "
        "driver app sync.\nData: PostgreSQL, object storage for map tiles.\n"
    )
    if version > 1:
        text += "Change in v2: traffic ingestion decoupled through a queue.\n"
    return text.encode()


def _contract(version: int) -> bytes:
    return pdf_bytes(
        "Traffic data licence - draft contract",
        ["Licensor: RoadPulse GmbH", "Term: 24 months", f"Draft {version}"],
    )


def _training(version: int) -> bytes:
    return pdf_bytes(
        "Dispatcher training plan",
        ["8 modules, 40 dispatchers, 4 depots", "Train-the-trainer: 2 champions per depot"],
    )


# (title, category, visibility, author, file name, content, versions, description)
DOCUMENTS: list[tuple[str, str, str, str, str, Callable[[int], bytes], int, str]] = [
    ("Project charter", "plan", "stakeholders", "maria", "charter.pdf", _charter, 2, "Approved."),
    (
        "Requirements specification",
        "requirements",
        "team",
        "ux.dan",
        "requirements.md",
        _requirements,
        3,
        "",
    ),
    (
        "Sample routes from the pilot depots",
        "other",
        "team",
        "dev.anna",
        "sample-routes.csv",
        _sample_routes,
        2,
        "",
    ),
    (
        "Architecture overview",
        "design",
        "team",
        "dev.anna",
        "architecture.txt",
        _architecture,
        2,
        "",
    ),
    (
        "Traffic data licence contract (draft)",
        "contract",
        "team",
        "maria",
        "licence-draft.pdf",
        _contract,
        1,
        "",
    ),
    (
        "Dispatcher training plan",
        "plan",
        "stakeholders",
        "colin",
        "training-plan.pdf",
        _training,
        1,
        "",
    ),
]


def create_documents(
    project: Project, people: dict[str, User], stored: list[str]
) -> list[Document]:
    """Documents and their versions, each uploaded by its author; the names of the stored files
    go to ``stored`` so a failed load can remove them."""
    documents = []
    for title, category, visibility, author, file_name, content, versions, description in DOCUMENTS:
        user = people[author]
        document = record_actions.do_create_document(
            project,
            acting_user=user,
            title=title,
            category=category,
            visibility=visibility,
            description=description,
        )
        for number in range(1, versions + 1):
            upload = SimpleUploadedFile(file_name, content(number))
            version = record_actions.do_upload_version(
                document,
                acting_user=user,
                upload=upload,
                comment="First draft" if number == 1 else f"Revision {number}",
            )
            stored.append(str(version.file.name))
        documents.append(document)
    return documents


def create_decision_log(project: Project, people: dict[str, User]) -> None:
    """Decisions taken outside meetings; the first vendor choice is superseded by the second."""
    maria = people["maria"]
    start = project.start_date
    first = record_actions.do_create_decision(
        project,
        acting_user=maria,
        title="Traffic data from CityFlow",
        context="Two vendors cover all four depots.",
        decision="CityFlow: cheapest real-time feed.",
        alternatives="RoadPulse (12% more expensive, better SLA).",
        decided_by_id=maria.pk,
        decided_on=start + dt.timedelta(days=7),
        status="accepted",
    )
    record_actions.do_create_decision(
        project,
        acting_user=maria,
        title="Traffic data from RoadPulse instead of CityFlow",
        context="CityFlow could not commit to a 99.5% availability SLA.",
        decision="RoadPulse, with the 12% price difference paid from contingency.",
        decided_by_id=maria.pk,
        decided_on=start + dt.timedelta(days=14),
        status="accepted",
        supersedes_id=first.pk,
    )
    record_actions.do_create_decision(
        project,
        acting_user=people["colin"],
        title="Driver app as a progressive web app, not native",
        context="Mixed fleet phones; one code base for Android and iOS.",
        status="proposed",
    )


# (week index from the start, rag, audience, summary, achievements, next steps, blockers)
STATUS_WEEKS: list[tuple[int, str, str, str, str, str, str]] = [
    (
        2,
        "green",
        "team",
        "Discovery closed; design started.",
        "Requirements signed off on time.",
        "Architecture and wireframes.",
        "",
    ),
    (
        3,
        "amber",
        "stakeholders",
        "Design on track; traffic contract late.",
        "Architecture done; wireframes tested with dispatchers.",
        "Routing prototype benchmark.",
        "Vendor contract unsigned.",
    ),
    (
        4,
        "amber",
        "stakeholders",
        "Prototype needs a second benchmark round; go-live unchanged.",
        "API contract agreed; test device lab ready.",
        "Backend and apps start.",
        "Vendor contract escalated to the sponsor.",
    ),
    (
        5,
        "amber",
        "team",
        "Build started; two days of float used on the routing path.",
        "Dispatch API endpoints in progress.",
        "Feed ingestion on the sample feed.",
        "",
    ),
]


def create_status_updates(project: Project, people: dict[str, User]) -> list[StatusUpdate]:
    """Weekly status updates by the coordinator: the three latest finished weeks published
    (two of them for stakeholders), last week's still a draft."""
    colin = people["colin"]
    updates = []
    for week, rag, audience, summary, done, nxt, blockers in STATUS_WEEKS:
        monday = project.start_date + dt.timedelta(weeks=week)
        update = record_actions.do_create_status_update(
            project,
            acting_user=colin,
            period_start=monday,
            period_end=monday + dt.timedelta(days=4),
            rag=rag,
            audience=audience,
            summary=summary,
            achievements=done,
            next_steps=nxt,
            blockers=blockers,
        )
        if week < 5:
            update = record_actions.do_publish_status_update(
                update, acting_user=colin, version=update.version
            )
        updates.append(update)
    return updates


def create_comments(
    people: dict[str, User],
    tasks: dict[str, Task],
    risks: dict[str, Risk],
    issues: dict[str, Issue],
    documents: list[Document],
) -> int:
    """A few conversations on tasks, risks, issues and a document."""
    comments: list[tuple[Any, str, str]] = [
        (
            tasks["proto"],
            "dev.anna",
            "Second benchmark round: 7% shorter so far, tuning the cost function.",
        ),
        (tasks["proto"], "maria", "Thanks. Re-estimated to 10 days most likely; baseline kept."),
        (
            tasks["opt"],
            "dev.ben",
            "The dispatch API needs the solver's partial results for the map.",
        ),
        (tasks["feed"], "dev.anna", "Building against RoadPulse's public sample feed meanwhile."),
        (risks["vendor"], "maria", "This has occurred: see the escalated issue."),
        (risks["target"], "qa.chloe", "I can run the benchmark nightly on the device lab server."),
        (issues["vendor"], "colin", "Escalated to Maria after two unanswered reminders."),
        (issues["vendor"], "maria", "Sam will call their VP on Thursday."),
        (
            issues["duplicates"],
            "dev.anna",
            "The ERP team confirms a bug in the export; fix next week.",
        ),
        (documents[1], "colin", "v3 adds the night-shift requirement from Dan's issue."),
    ]
    for target, author, body in comments:
        record_actions.do_add_comment(target, acting_user=people[author], body=body)
    return len(comments)
