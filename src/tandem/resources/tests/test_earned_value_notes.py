"""The notes under an earned value report (what was left out of it) reach the reader in their
language, with counts that agree with their noun and numbers and amounts in their locale."""

import datetime as dt

import pytest
from django.test import Client

from tandem.core import l10n
from tandem.resources.earned_value import earned_value_report
from tandem.testing.factories_planning import make_task
from tandem.testing.factories_resources import make_cost_entry, make_time_entry
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

D = dt.date
STATUS = D(2026, 1, 9)

UNPLANNED = (
    "%(count)s task has no dates in the baseline and no budget: %(names)s",
    "%(count)s tasks have no dates in the baseline and no budget: %(names)s",
)
UNPRICED = (
    "%(hours)s hour logged by people without a cost rate is not in the actual cost.",
    "%(hours)s hours logged by people without a cost rate are not in the actual cost.",
)
OTHER_CURRENCY = "%(amount)s recorded in another currency is not in the actual cost."


@pytest.fixture
def left_out(world, plan):
    """Two tasks added after the baseline, 1.5 hours logged by the coordinator (no resource,
    so no rate) and 1,234.50 USD spent on a project kept in its own currency."""
    _, _, a, _ = plan
    make_task(world.project, "Late one")
    make_task(world.project, "Late two")
    make_time_entry(a, world.coordinator, hours="1.5", date=D(2026, 1, 5))
    make_cost_entry(world.project, world.manager, amount="1234.50", currency="USD", date=STATUS)
    return plan


def _notes(world, baseline):
    return earned_value_report(world.project, baseline, STATUS).notes


def test_the_notes_count_in_words_that_agree_with_the_number(world, left_out):
    baseline, *_ = left_out
    notes = _notes(world, baseline)
    assert notes == [
        "2 tasks have no dates in the baseline and no budget: Late one, Late two",
        "1.5 hours logged by people without a cost rate are not in the actual cost.",
        "US$1,234.50 recorded in another currency is not in the actual cost.",
    ]
    assert not any("(s)" in note for note in notes)


def test_one_task_left_out_reads_in_the_singular(world, plan):
    baseline, *_ = plan
    make_task(world.project, "Late one")
    assert _notes(world, baseline) == [
        "1 task has no dates in the baseline and no budget: Late one"
    ]


def test_a_german_reader_sees_german_numbers_and_amounts_in_the_notes(world, left_out):
    baseline, *_ = left_out
    with l10n.override("de-DE"):
        notes = _notes(world, baseline)
    assert "1,5 hours logged by people without a cost rate are not in the actual cost." in notes
    assert "1.234,50\xa0$ recorded in another currency is not in the actual cost." in notes


def test_the_notes_are_translated_for_the_reader(world, left_out, tmp_path):
    texts = {
        UNPLANNED: ("[%(count)s ţåšķ: %(names)s]", "[%(count)s ţåšķš: %(names)s]"),
        UNPRICED: ("[%(hours)s ĥøũŗ]", "[%(hours)s ĥøũŗš]"),
        OTHER_CURRENCY: "[%(amount)s éļšéŵĥéŗé]",
    }
    client = Client()
    client.force_login(world.member)
    with pseudo_language(tmp_path, texts):
        response = client.get(
            f"/api/projects/{world.project.pk}/earned-value?status_date={STATUS}",
            headers={"accept-language": "xx"},
        )
    assert response.status_code == 200, response.content
    assert response.json()["notes"] == [
        "[2 ţåšķš: Late one, Late two]",
        "[1.5 ĥøũŗš]",
        "[US$1,234.50 éļšéŵĥéŗé]",
    ]
