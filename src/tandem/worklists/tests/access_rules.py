"""Every route of My work, the board, saved views and bulk edit, with the exact status per
relation to the project."""

from tandem.planning.models import Task
from tandem.planning.task_filters import TaskFilter
from tandem.testing.factories_planning import make_task
from tandem.testing.roles import expect, project_page
from tandem.worklists.actions import do_save_view
from tandem.worklists.models import SavedView

WORKERS_SEE = project_page(stakeholder=403, member=200, coordinator=200, manager=200)
WORKERS_WRITE = project_page(stakeholder=403, member=302, coordinator=302, manager=302)
LEADS_WRITE = project_page(stakeholder=403, member=403, coordinator=302, manager=302)


def rules(world):
    p = world.project.pk
    task = make_task(world.project, "Bulk", estimate=1)
    view = do_save_view(
        world.project, acting_user=world.member, name="Late", flt=TaskFilter(overdue=True)
    )
    return [
        # My work: everybody signed in has one (stakeholders and strangers an empty one).
        {"method": "GET", "url": "/my-work/", "expect": expect(200, anonymous=302)},
        {"method": "GET", "url": f"/projects/{p}/board/?assignee=anna", "expect": WORKERS_SEE},
        {
            "method": "POST", "url": f"/projects/{p}/saved-views/", "model": SavedView,
            "body": {"name": "Critical", "critical": "1", "page": "project-board"},
            "expect": WORKERS_WRITE,
        },
        {
            # Only its owner sees (and deletes) a saved view.
            "method": "POST", "url": f"/saved-views/{view.pk}/delete/", "model": SavedView,
            "pk": view.pk, "body": {"version": "1", "page": "task-list"},
            "expect": expect(404, anonymous=302, member=302),
        },
        {
            "method": "POST", "url": f"/projects/{p}/plan/bulk-edit/", "model": Task,
            "pk": task.pk, "body": {"task": f"{task.pk}:{task.version}", "priority": "900"},
            "expect": LEADS_WRITE,
        },
    ]  # fmt: skip
