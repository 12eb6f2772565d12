"""The work breakdown of the demo project "Route planner 2.0", as data.

Seven phases, about fifty work items and seven milestones over seventeen weeks. Durations are in
working days of the project calendar; a three-tuple is a three-point estimate (optimistic, most
likely, pessimistic). Dates are offsets in calendar days from the project start (a Monday), so the
plan moves with the day the demo is loaded.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Estimate = float | tuple[float, float, float] | None


@dataclass(frozen=True)
class TaskSpec:
    """One leaf of the breakdown. ``days`` None makes a milestone; ``people`` pairs a username
    with allocation units (percent of their time)."""

    key: str
    name: str
    days: Estimate
    team: str | None = None
    people: tuple[tuple[str, int], ...] = ()
    resources: tuple[tuple[str, int], ...] = ()
    priority: int = 500
    description: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class PhaseSpec:
    name: str
    team: str | None
    tasks: tuple[TaskSpec, ...]


# Offsets (calendar days from the start) for constraints and deadlines.
CONTRACT_NOT_BEFORE = 16  # vendor promised the signed contract for the third week's Wednesday
CUTOVER_NOT_BEFORE = 13 * 7  # the depots' stock-take ends on the fourteenth Monday
# Deadlines keep about a week and a half of float, so that public holidays falling in the
# window (the plan moves with the load date) do not push the plan past them.
GO_NO_GO_DEADLINE = 14 * 7 + 4  # steering committee's Friday in the fifteenth week
GO_LIVE_DEADLINE = 15 * 7 + 4  # Friday of the sixteenth week

PHASES: tuple[PhaseSpec, ...] = (
    PhaseSpec(
        "Discovery",
        None,
        (
            TaskSpec("kickoff", "Project kickoff", None, priority=900),
            TaskSpec("charter", "Project charter and plan", 3, None, (("maria", 60),)),
            TaskSpec(
                "interviews",
                "Dispatcher interviews at three depots",
                5,
                "Experience",
                (("colin", 50), ("ux.dan", 50)),
                description="Shadow the morning dispatch at Hamburg, Leipzig and Lyon.",
            ),
            TaskSpec(
                "audit", "Audit of the current route planner", 4, "Platform", (("dev.anna", 80),)
            ),
            TaskSpec(
                "vendor",
                "Traffic data vendor selection",
                5,
                None,
                (("maria", 30),),
                priority=700,
            ),
            TaskSpec(
                "reqs",
                "Requirements specification",
                (5, 6, 9),
                "Experience",
                (("ux.dan", 60), ("colin", 40)),
                priority=800,
            ),
            TaskSpec("req_ok", "Requirements signed off", None, priority=900),
        ),
    ),
    PhaseSpec(
        "Design",
        "Platform",
        (
            TaskSpec(
                "arch", "Solution architecture", 5, "Platform", (("dev.anna", 100),), priority=800
            ),
            TaskSpec(
                "proto",
                "Routing algorithm prototype",
                (6, 8, 13),
                "Platform",
                (("dev.anna", 100),),
                priority=800,
                description="Benchmark OR-Tools routing against last quarter's 1,200 routes.",
            ),
            TaskSpec("wire", "Dispatcher UX wireframes", 6, "Experience", (("ux.dan", 100),)),
            TaskSpec("mobile_ux", "Driver app UX", 5, "Experience", (("ux.dan", 50),)),
            TaskSpec(
                "usability",
                "Usability test of the prototypes",
                3,
                "Experience",
                (("ux.dan", 50), ("qa.chloe", 50)),
            ),
            TaskSpec("api", "API contract", 3, "Platform", (("dev.anna", 40), ("dev.ben", 100))),
            TaskSpec("design_ok", "Design approved", None, priority=900),
        ),
    ),
    PhaseSpec(
        "Backend services",
        "Platform",
        (
            TaskSpec(
                "opt",
                "Route optimisation service",
                (9, 11, 16),
                "Platform",
                (("dev.anna", 100),),
                priority=900,
            ),
            TaskSpec("shifts", "Driver shift and break rules", 8, "Platform", (("dev.anna", 30),)),
            TaskSpec("windows", "Customer delivery windows", 6, "Platform", (("dev.anna", 40),)),
            TaskSpec(
                "reroute",
                "Live traffic re-routing",
                8,
                "Platform",
                (("dev.anna", 100),),
                priority=800,
            ),
            TaskSpec("endpoints", "Dispatch API endpoints", 7, "Platform", (("dev.ben", 100),)),
            TaskSpec("auth", "Sign-in and dispatcher roles", 4, "Platform", (("dev.ben", 50),)),
            TaskSpec("perf", "Performance tuning", 5, "Platform", (("dev.anna", 50),)),
            TaskSpec("backend_ok", "Backend feature complete", None, priority=900),
        ),
    ),
    PhaseSpec(
        "Dispatcher web app and driver app",
        "Experience",
        (
            TaskSpec("shell", "Dispatcher web app shell", 5, "Platform", (("dev.ben", 100),)),
            TaskSpec("map", "Route map view", 8, "Platform", (("dev.ben", 100),), priority=700),
            TaskSpec("dnd", "Drag-and-drop stop editing", 6, "Platform", (("dev.ben", 100),)),
            TaskSpec(
                "app_list",
                "Driver app: route and stops",
                7,
                "Experience",
                (("dev.ben", 50), ("ux.dan", 50)),
                resources=(("Test device lab", 50),),
            ),
            TaskSpec(
                "offline",
                "Driver app: offline mode",
                (5, 6, 10),
                "Platform",
                (("dev.ben", 50),),
                resources=(("Test device lab", 50),),
            ),
            TaskSpec("a11y", "Accessibility review", 3, "Experience", (("ux.dan", 100),)),
            TaskSpec("apps_ok", "Apps feature complete", None, priority=900),
        ),
    ),
    PhaseSpec(
        "Data integration",
        "Platform",
        (
            TaskSpec("contract", "Traffic data contract signed", 2, None, (("maria", 20),)),
            TaskSpec(
                "feed",
                "Traffic feed ingestion",
                6,
                "Platform",
                (("dev.anna", 50),),
                resources=(("Map and traffic data licence", 100),),
            ),
            TaskSpec(
                "erp", "Customer order import from the ERP", 6, "Platform", (("dev.ben", 40),)
            ),
            TaskSpec("telematics", "Fleet telematics connector", 5, "Platform", (("dev.ben", 50),)),
            TaskSpec(
                "history", "Historical route data migration", 5, "Platform", (("dev.anna", 50),)
            ),
            TaskSpec("dq", "Data quality checks", 3, "Quality", (("qa.chloe", 100),)),
        ),
    ),
    PhaseSpec(
        "Testing and pilot",
        "Quality",
        (
            TaskSpec("tplan", "Test plan", 3, "Quality", (("qa.chloe", 100),)),
            TaskSpec(
                "lab",
                "Test device lab set-up",
                2,
                "Quality",
                (("qa.chloe", 50),),
                resources=(("Test device lab", 100),),
            ),
            TaskSpec(
                "sit",
                "System integration testing",
                9,
                "Quality",
                (("qa.chloe", 100),),
                resources=(("Test device lab", 100),),
                priority=800,
            ),
            TaskSpec(
                "load",
                "Load and performance testing",
                5,
                "Quality",
                (("qa.chloe", 50), ("dev.anna", 50)),
            ),
            TaskSpec("sec", "Security review", 4, "Platform", (("dev.anna", 50),)),
            TaskSpec(
                "pilot",
                "Pilot at two depots",
                8,
                "Quality",
                (("colin", 50), ("qa.chloe", 50)),
                priority=800,
            ),
            TaskSpec(
                "uat",
                "User acceptance testing",
                6,
                "Quality",
                (("qa.chloe", 100), ("colin", 50)),
            ),
            TaskSpec("gonogo", "Go/no-go decision", None, priority=1000),
        ),
    ),
    PhaseSpec(
        "Rollout and training",
        None,
        (
            TaskSpec(
                "materials", "Training materials", 6, "Experience", (("ux.dan", 50), ("colin", 50))
            ),
            TaskSpec("ttt", "Train-the-trainer sessions", 2, None, (("colin", 100),)),
            TaskSpec("training", "Dispatcher training (40 people)", 6, None, (("colin", 100),)),
            TaskSpec("cutplan", "Cutover plan", 3, None, (("maria", 50),)),
            TaskSpec(
                "cutover",
                "Production cutover",
                2,
                "Platform",
                (("dev.anna", 100), ("dev.ben", 100)),
                priority=1000,
            ),
            TaskSpec("live", "Route planner 2.0 live", None, priority=1000),
            TaskSpec("hypercare", "Hypercare", 8, "Platform", (("dev.anna", 50), ("qa.chloe", 50))),
            TaskSpec("closure", "Project closure report", 3, None, (("maria", 50),)),
        ),
    ),
)

# (predecessor, successor, type, lag in working days); FS unless stated.
LINKS: tuple[tuple[str, str, str, float], ...] = (
    ("kickoff", "charter", "FS", 0),
    ("kickoff", "interviews", "FS", 0),
    ("kickoff", "audit", "FS", 0),
    ("charter", "vendor", "FS", 0),
    ("interviews", "reqs", "FS", 0),
    ("audit", "reqs", "SS", 2),
    ("reqs", "req_ok", "FS", 0),
    ("req_ok", "arch", "FS", 0),
    ("arch", "proto", "FS", 0),
    ("req_ok", "wire", "FS", 0),
    ("wire", "mobile_ux", "SS", 2),
    ("wire", "usability", "FS", 0),
    ("mobile_ux", "usability", "FS", 0),
    ("arch", "api", "FS", 0),
    ("proto", "design_ok", "FS", 0),
    ("usability", "design_ok", "FS", 0),
    ("api", "design_ok", "FS", 0),
    ("proto", "opt", "FS", 0),
    ("design_ok", "shifts", "FS", 0),
    ("opt", "windows", "SS", 5),
    ("opt", "reroute", "FS", 0),
    ("feed", "reroute", "FS", 0),
    ("api", "endpoints", "FS", 0),
    ("endpoints", "auth", "FS", 0),
    ("reroute", "perf", "FF", 2),
    ("perf", "backend_ok", "FS", 0),
    ("windows", "backend_ok", "FS", 0),
    ("auth", "backend_ok", "FS", 0),
    ("shifts", "backend_ok", "FS", 0),
    ("design_ok", "shell", "FS", 0),
    ("shell", "map", "FS", 0),
    ("map", "dnd", "FS", 0),
    ("design_ok", "app_list", "FS", 0),
    ("app_list", "offline", "FS", 0),
    ("dnd", "a11y", "FS", 0),
    ("dnd", "apps_ok", "FS", 0),
    ("offline", "apps_ok", "FS", 0),
    ("a11y", "apps_ok", "FS", 0),
    ("vendor", "contract", "FS", 0),
    ("contract", "feed", "FS", 0),
    ("api", "erp", "FS", 0),
    ("erp", "history", "FS", 0),
    ("endpoints", "telematics", "FS", 0),
    ("history", "dq", "FS", 0),
    ("feed", "dq", "FS", 0),
    ("req_ok", "tplan", "FS", 0),
    ("tplan", "lab", "FS", 0),
    ("backend_ok", "sit", "FS", 0),
    ("apps_ok", "sit", "FS", 0),
    ("dq", "sit", "FS", 0),
    ("telematics", "sit", "FS", 0),
    ("lab", "sit", "FS", 0),
    ("sit", "load", "SS", 3),
    ("backend_ok", "sec", "FS", 0),
    ("sit", "pilot", "FS", 0),
    ("pilot", "uat", "SS", 5),
    ("uat", "gonogo", "FS", 0),
    ("pilot", "gonogo", "FS", 0),
    ("load", "gonogo", "FS", 0),
    ("sec", "gonogo", "FS", 0),
    ("uat", "materials", "FS", -3),
    ("materials", "ttt", "FS", 0),
    ("ttt", "training", "FS", 0),
    ("pilot", "cutplan", "SS", 0),
    ("gonogo", "cutover", "FS", 0),
    ("cutplan", "cutover", "FS", 0),
    ("cutover", "live", "FS", 0),
    ("live", "hypercare", "FS", 0),
    ("hypercare", "closure", "FF", 0),
)
