"""Meetings of the demo project: the kickoff, a weekly coordination series around today, and
the steering committee with the sponsor."""

from __future__ import annotations

import datetime as dt
import zoneinfo
from typing import Any

from django.utils import timezone

from tandem.accounts.models import User
from tandem.meetings import actions as meeting_actions
from tandem.meetings.models import Meeting
from tandem.planning import actions as planning
from tandem.planning.models import Task
from tandem.projects.models import Project

BERLIN = zoneinfo.ZoneInfo("Europe/Berlin")
TEAM = ["maria", "dev.anna", "dev.ben", "qa.chloe", "ux.dan"]
VIDEO = "https://meet.northwind.example/route-planner"


def _at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), BERLIN)


def _participants(
    people: dict[str, User], names: list[str], optional: tuple[str, ...] = ()
) -> list[dict[str, Any]]:
    return [{"user_id": people[n].pk, "required": n not in optional} for n in names]


def _answer_invitations(meeting: Meeting, declined: tuple[int, ...] = ()) -> None:
    """Each invited person answers their own invitation."""
    for participant in meeting.participants.select_related("user"):
        if participant.response != "needs_action":
            continue
        answer = "declined" if participant.user_id in declined else "accepted"
        meeting_actions.do_update_participant(
            participant,
            acting_user=participant.user,
            version=participant.version,
            changes={"response": answer},
        )


def _mark_held(meeting: Meeting, organizer: User, absent: tuple[int, ...] = ()) -> Meeting:
    for participant in meeting.participants.all():
        meeting_actions.do_update_participant(
            participant,
            acting_user=organizer,
            version=participant.version,
            changes={"attended": participant.user_id not in absent},
        )
    meeting.refresh_from_db()
    return meeting_actions.do_update_meeting(
        meeting, acting_user=organizer, version=meeting.version, changes={"status": "held"}
    )


KICKOFF_MINUTES = """Kickoff of Route planner 2.0, held at the Hamburg office and online.

1. Goals: Sam opened with the business case: routes 12% shorter, 96% of deliveries on time,
   every dispatcher trained before the peak season.
2. Plan: Maria walked through the seventeen-week plan and the seven milestones. Discovery runs
   two weeks; the requirements sign-off is the first gate.
3. Ways of working: weekly coordination on Tuesdays, 14:00 Berlin time; Dan joins when his
   evening allows (22:00 in Tokyo); decisions go to the decision log the same day.
4. Risks: the traffic data contract is the first worry; Maria owns it.
"""


def create_kickoff(
    project: Project, people: dict[str, User], tasks: dict[str, Task]
) -> tuple[Meeting, list[Task]]:
    """The kickoff on the first morning: agenda, minutes, decisions, action items, two of which
    become tasks in Discovery (estimated and linked by the coordinator)."""
    colin = people["colin"]
    start = project.start_date
    kickoff = meeting_actions.do_create_meeting(
        project,
        acting_user=colin,
        title="Project kickoff",
        purpose="Agree goals, plan, roles and ways of working.",
        starts_at=_at(start, 10),
        ends_at=_at(start, 11, 30),
        time_zone="Europe/Berlin",
        location="Hamburg office, room Elbe",
        video_url=VIDEO,
        participants=_participants(people, TEAM),
        agenda=[
            {
                "title": "Business case and goals",
                "presenter": people["sam"],
                "duration_minutes": 20,
            },
            {"title": "Plan and milestones", "presenter": people["maria"], "duration_minutes": 30},
            {"title": "Ways of working", "presenter": colin, "duration_minutes": 20},
            {"title": "First risks", "presenter": people["maria"], "duration_minutes": 20},
        ],
    )
    _answer_invitations(kickoff)
    kickoff = _mark_held(kickoff, colin)
    meeting_actions.do_record_minutes(kickoff, acting_user=colin, text=KICKOFF_MINUTES)
    for title, text, who in (
        ("Weekly coordination on Tuesdays at 14:00 Berlin time", "45 minutes, online.", "colin"),
        ("Pilot depots: Leipzig and Lyon", "Both have night shifts and mixed fleets.", "maria"),
        ("Build route optimisation on OR-Tools", "Open source, proven at our scale.", "dev.anna"),
    ):
        meeting_actions.do_record_meeting_decision(
            kickoff, acting_user=colin, title=title, text=text, decided_by=people[who]
        )
    converted = _kickoff_action_items(kickoff, project, people, tasks)
    return kickoff, converted


def _kickoff_action_items(
    kickoff: Meeting, project: Project, people: dict[str, User], tasks: dict[str, Task]
) -> list[Task]:
    colin = people["colin"]
    start = project.start_date
    specs = [
        ("Collect a week of real dispatch logs from each pilot depot", "qa.chloe", 8, 2),
        ("Set up the shared benchmark data set of last quarter's routes", "dev.anna", 9, 3),
        ("Send the kickoff deck and minutes to all depot managers", "colin", 2, None),
        ("Invite two champion dispatchers per depot", "colin", 9, None),
    ]
    converted = []
    for description, owner, due, days in specs:
        item = meeting_actions.do_add_action_item(
            kickoff,
            acting_user=colin,
            description=description,
            owner=people[owner],
            due_date=start + dt.timedelta(days=due),
        )
        if days is None:
            meeting_actions.do_update_action_item(
                item, acting_user=people[owner], version=item.version, changes={"status": "done"}
            )
            continue
        task = meeting_actions.do_convert_action_item_to_task(item, acting_user=colin)
        task = planning.do_update_task(
            task,
            acting_user=colin,
            version=task.version,
            changes={"parent": tasks["phase:Discovery"], "estimate": days},
        )
        planning.do_add_dependency(acting_user=colin, predecessor=tasks["kickoff"], successor=task)
        converted.append(task)
    planning.do_add_dependency(
        acting_user=colin, predecessor=converted[1], successor=tasks["proto"]
    )
    return converted


WEEKLY_AGENDA = [
    ("Progress since last week", "colin", 15),
    ("Risks and issues", "maria", 15),
    ("Next week and help needed", "colin", 15),
]


def create_weekly_series(project: Project, people: dict[str, User]) -> list[Meeting]:
    """A series of six Tuesday coordination meetings from three weeks ago to two weeks ahead;
    those already over are held, with minutes and attendance, the rest have answered
    invitations."""
    colin = people["colin"]
    now = timezone.now()
    today = timezone.localdate()
    first = today - dt.timedelta(days=today.weekday()) + dt.timedelta(weeks=-3, days=1)
    series = meeting_actions.do_create_meeting_series(
        project,
        acting_user=colin,
        occurrences=6,
        interval_weeks=1,
        title="Weekly coordination",
        purpose="Progress, risks and issues, and next week's work.",
        starts_at=_at(first, 14),
        ends_at=_at(first, 14, 45),
        time_zone="Europe/Berlin",
        video_url=VIDEO,
        participants=_participants(people, TEAM, optional=("ux.dan",)),
        agenda=[
            {"title": title, "presenter": people[who], "duration_minutes": minutes}
            for title, who, minutes in WEEKLY_AGENDA
        ],
    )
    meetings = []
    for index, meeting in enumerate(series):
        dan = (people["ux.dan"].pk,) if index % 2 else ()
        _answer_invitations(meeting, declined=dan)
        if meeting.ends_at < now:
            meeting = _mark_held(meeting, colin, absent=dan)
            meeting_actions.do_record_minutes(
                meeting, acting_user=colin, text=_weekly_minutes(index)
            )
        meetings.append(meeting)
    return meetings


def _weekly_minutes(index: int) -> str:
    notes = [
        "Requirements signed off. Architecture started. Vendor contract: no answer yet.",
        "Prototype benchmark shows 7% shorter routes; second round planned. Vendor escalated.",
        "Backend and apps started. Test device lab ready. Vendor escalated to the sponsor.",
        "Routing service on track; feed ingestion built against the sample feed.",
    ]
    return f"Weekly coordination.\n\n{notes[index % len(notes)]}\n\nActions are in the plan."


def create_steering(project: Project, people: dict[str, User]) -> list[Meeting]:
    """The steering committee: the sponsor presents and decides (as agenda presenter and
    decision maker; invitations go to the project's workers)."""
    maria, sam = people["maria"], people["sam"]
    now = timezone.now()
    meetings = []
    for week, title in ((4, "Steering committee 1"), (9, "Steering committee 2")):
        day = project.start_date + dt.timedelta(weeks=week, days=3)
        meeting = meeting_actions.do_create_meeting(
            project,
            acting_user=maria,
            title=title,
            purpose="Progress against plan and budget; decisions that need the sponsor.",
            starts_at=_at(day, 16),
            ends_at=_at(day, 17),
            time_zone="Europe/Berlin",
            video_url=VIDEO,
            participants=_participants(people, ["colin"]),
            agenda=[
                {"title": "Status, schedule and budget", "presenter": maria},
                {"title": "Traffic data contract", "presenter": sam, "duration_minutes": 20},
                {"title": "Decisions", "presenter": sam, "duration_minutes": 15},
            ],
        )
        _answer_invitations(meeting)
        if meeting.ends_at < now:
            meeting = _mark_held(meeting, maria)
            meeting_actions.do_record_minutes(
                meeting,
                acting_user=maria,
                text="Sam approved moving 8,000 EUR from contingency to the traffic licence "
                "and will call the vendor's VP. The go-live stays before the peak season.",
            )
            meeting_actions.do_record_meeting_decision(
                meeting,
                acting_user=maria,
                title="Fund the traffic licence upgrade from contingency (8,000 EUR)",
                text="Needed to get the vendor's real-time tier.",
                decided_by=sam,
            )
        meetings.append(meeting)
    return meetings
