"""The baseline pages (rename, delete, choose the compared one, variance) and the plan settings
page (calendar, hours per day, compared baseline, a calendar of the project's own)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.test import Client

from tandem.planning.actions import do_save_baseline
from tandem.planning.models import Baseline, PlanSettings, Task
from tandem.resources.calendar_actions import do_add_calendar_exception, do_create_calendar
from tandem.resources.models import CalendarException, WorkCalendar, default_week
from tandem.testing.factories_planning import make_task

D = dt.date


def _client(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def baseline(world):
    make_task(world.project, "Design", estimate=3)
    return do_save_baseline(world.project, acting_user=world.manager, name="Approved")


def test_manager_renames_a_baseline(world, baseline):
    response = _client(world.manager).post(
        f"/baselines/{baseline.pk}/rename/",
        {f"b{baseline.pk}-version": "1", f"b{baseline.pk}-name": "Approved by the board"},
    )
    assert response.status_code == 302
    assert Baseline.objects.get(pk=baseline.pk).name == "Approved by the board"


def test_renaming_to_nothing_or_from_a_stale_page_changes_nothing(world, baseline):
    client = _client(world.manager)
    empty = client.post(
        f"/baselines/{baseline.pk}/rename/",
        {f"b{baseline.pk}-version": "1", f"b{baseline.pk}-name": ""},
    )
    assert empty.status_code == 422
    assert "This field is required." in empty.content.decode()
    stale = client.post(
        f"/baselines/{baseline.pk}/rename/",
        {f"b{baseline.pk}-version": "7", f"b{baseline.pk}-name": "Late"},
    )
    assert stale.status_code == 412
    assert "changed by someone else" in stale.content.decode()
    assert (Baseline.objects.get(pk=baseline.pk).name, baseline.version) == ("Approved", 1)


def test_manager_deletes_a_baseline(world, baseline):
    response = _client(world.manager).post(f"/baselines/{baseline.pk}/remove/", {"version": "1"})
    assert response.status_code == 302
    assert not Baseline.objects.filter(pk=baseline.pk).exists()


def test_manager_chooses_and_clears_the_compared_baseline(world, baseline):
    client = _client(world.manager)
    chosen = client.post(f"/baselines/{baseline.pk}/compare-against/", {"version": "1"})
    assert chosen.status_code == 302
    settings = PlanSettings.objects.get(project=world.project)
    assert (settings.compare_baseline_id, settings.version) == (baseline.pk, 1)
    page = client.get(f"/projects/{world.project.pk}/baselines/").content.decode()
    assert "Stop comparing" in page
    cleared = client.post(
        f"/baselines/{baseline.pk}/compare-against/", {"version": "1", "clear": "1"}
    )
    assert cleared.status_code == 302
    # a page still showing version 1 is refused: the settings are at version 2 now
    stale = client.post(f"/baselines/{baseline.pk}/compare-against/", {"version": "1"})
    assert stale.status_code == 412
    settings = PlanSettings.objects.get(project=world.project)
    assert (settings.compare_baseline_id, settings.version) == (None, 2)


def test_variance_page_shows_every_column_with_task_names(world, baseline):
    page = _client(world.manager).get(f"/baselines/{baseline.pk}/").content.decode()
    for header in ("Start", "Finish", "Duration (days)", "Work (h)", "Cost (EUR)"):
        assert f">{header}</th>" in page
    design = Task.objects.get(name="Design")
    assert f'<a href="/tasks/{design.pk}/">Design</a>' in page
    coordinator_page = _client(world.coordinator).get(f"/baselines/{baseline.pk}/")
    assert "Cost (EUR)" not in coordinator_page.content.decode()


def test_manager_chooses_the_project_calendar_and_hours(world):
    office = do_create_calendar(
        acting_user=world.admin, name="Office", working_hours=default_week()
    )
    response = _client(world.manager).post(
        f"/projects/{world.project.pk}/plan-settings/",
        {"version": "1", "calendar": str(office.pk), "hours_per_day": "7.5"},
    )
    assert response.status_code == 302
    settings = PlanSettings.objects.get(project=world.project)
    assert (settings.calendar_id, settings.hours_per_day) == (office.pk, Decimal("7.5"))


def test_coordinator_reads_the_settings_without_a_form(world):
    response = _client(world.coordinator).get(f"/projects/{world.project.pk}/plan-settings/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Standard: Monday to Friday, 09:00-17:00" in page
    assert 'id="plan-settings-form"' not in page


def test_own_calendar_copies_the_current_one_and_becomes_the_projects(world):
    office = do_create_calendar(
        acting_user=world.admin, name="Office", working_hours=default_week()
    )
    do_add_calendar_exception(
        office, acting_user=world.admin, start=D(2026, 12, 25), repeat="yearly", name="Christmas"
    )
    client = _client(world.manager)
    client.post(
        f"/projects/{world.project.pk}/plan-settings/",
        {"version": "1", "calendar": str(office.pk), "hours_per_day": "8"},
    )
    response = client.post(
        f"/projects/{world.project.pk}/plan-settings/own-calendar/", {"name": "Site hours"}
    )
    own = WorkCalendar.objects.get(name="Site hours")
    assert response.status_code == 302
    assert response["Location"] == f"/calendars/{own.pk}/"
    assert (own.project_id, own.working_hours["1"]) == (world.project.pk, [["09:00", "17:00"]])
    assert list(CalendarException.objects.filter(calendar=own).values_list("name", "repeat")) == [
        ("Christmas", "yearly")
    ]
    assert PlanSettings.objects.get(project=world.project).calendar_id == own.pk
    # the manager may change the project's own calendar, not the shared one
    assert client.post(f"/calendars/{own.pk}/", {"version": "1", "name": "Site",
                                                 "day_1": "07:00-15:00"}).status_code == 302  # fmt: skip
    assert client.post(f"/calendars/{office.pk}/", {"version": "1", "name": "Mine",
                                                    "day_1": "07:00-15:00"}).status_code == 403  # fmt: skip


pytestmark = pytest.mark.django_db
