"""Two writers with the same version: exactly one wins, the other gets 412 and changes nothing."""

import threading

import pytest
from django.db import connection, connections

from tandem.core.errors import PreconditionFailed, ValidationFailed
from tandem.core.models import AuditEvent
from tandem.planning.actions import do_add_dependency, do_update_task
from tandem.planning.models import Dependency, Task
from tandem.testing.factories_planning import make_task


def test_second_update_with_same_version_is_refused(world):
    task = make_task(world.project, "T")
    first = Task.objects.get(pk=task.pk)
    second = Task.objects.get(pk=task.pk)
    do_update_task(first, acting_user=world.manager, version=1, changes={"name": "First"})
    with pytest.raises(PreconditionFailed, match="you sent version 1, current is 2"):
        do_update_task(second, acting_user=world.coordinator, version=1, changes={"name": "Second"})
    task.refresh_from_db()
    assert (task.name, task.version) == ("First", 2)
    assert AuditEvent.objects.filter(action="task.updated").count() == 1


def _race(work, count=2):
    """Run ``work(i)`` in ``count`` threads that start together; return results or exceptions."""
    barrier = threading.Barrier(count)
    results: list = [None] * count

    def run(i):
        try:
            barrier.wait(timeout=10)
            results[i] = work(i)
        except Exception as exc:  # noqa: BLE001 - the test inspects what each thread raised
            results[i] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    return results


postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="needs real concurrent transactions (PostgreSQL)"
)


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_threads_updating_same_version_exactly_one_wins(world):
    task = make_task(world.project, "T")
    users = [world.manager, world.coordinator]

    def work(i):
        fresh = Task.objects.get(pk=task.pk)
        return do_update_task(
            fresh, acting_user=users[i], version=1, changes={"name": f"Writer {i}"}
        )

    results = _race(work)
    wins = [r for r in results if isinstance(r, Task)]
    losses = [r for r in results if isinstance(r, PreconditionFailed)]
    assert (len(wins), len(losses)) == (1, 1), results
    task.refresh_from_db()
    assert (task.name, task.version) == (wins[0].name, 2)
    assert AuditEvent.objects.filter(action="task.updated").count() == 1


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_threads_closing_a_cycle_from_both_ends_exactly_one_wins(world):
    a = make_task(world.project, "A")
    b = make_task(world.project, "B")
    pairs = [(a, b), (b, a)]

    def work(i):
        pred, succ = pairs[i]
        return do_add_dependency(
            acting_user=world.manager,
            predecessor=Task.objects.get(pk=pred.pk),
            successor=Task.objects.get(pk=succ.pk),
        )

    results = _race(work)
    wins = [r for r in results if isinstance(r, Dependency)]
    refused = [r for r in results if isinstance(r, ValidationFailed)]
    assert (len(wins), len(refused)) == (1, 1), results
    assert "cycle" in refused[0].message
    assert Dependency.objects.count() == 1
