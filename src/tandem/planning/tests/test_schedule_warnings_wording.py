"""What the schedule could not honour reaches the reader in their language: the engine reports
each warning by code and task ids, the plan words it with the task's name."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client

from tandem.planning.actions import do_update_task
from tandem.testing.factories_planning import make_link, make_task
from tandem.testing.pseudo_catalog import pseudo_language

pytestmark = pytest.mark.django_db

TEXTS = {
    "%(task)s finishes %(finish)s, after its deadline %(deadline)s; driven by %(driver)s": (
        "[%(task)s ƒîñîšĥêš %(finish)s > %(deadline)s; %(driver)s]"
    ),
    "its predecessor %(task)s (%(kind)s)": "[ƥŗêđêçêššøŗ %(task)s]",
}


def test_a_missed_deadline_is_told_in_the_readers_language(world, tmp_path):
    # given A (2 days) then B (3 days, Wed 7 - Fri 9 January) with a deadline on the 8th
    a = make_task(world.project, "A", estimate=2)
    b = make_task(world.project, "B", estimate=3)
    make_link(a, b)
    b.refresh_from_db()
    do_update_task(
        b, acting_user=world.manager, version=b.version, changes={"deadline": dt.date(2026, 1, 8)}
    )
    client = Client()
    client.force_login(world.member)
    # when
    with pseudo_language(tmp_path, TEXTS):
        translated = client.get(f"/tasks/{b.pk}/", headers={"accept-language": "xx"})
        english = client.get(f"/tasks/{b.pk}/", headers={"accept-language": "en"})
    # then
    assert (
        "[2 B ƒîñîšĥêš 2026-01-09 &gt; 2026-01-08; [ƥŗêđêçêššøŗ 1 A]]"
        in translated.content.decode()
    )
    assert "after its deadline" not in translated.content.decode()
    assert (
        "2 B finishes 2026-01-09, after its deadline 2026-01-08; driven by its predecessor 1 A"
        in (english.content.decode())
    )
