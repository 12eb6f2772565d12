"""The decorator that makes a function a background job (a Celery task) with its types kept.

Celery ships no type information, so ``@shared_task`` turns a typed function into ``Any``: calls
to the job, direct or through ``delay``, would go unchecked. ``@job(name)`` registers the same
Celery task and gives it the type ``Job[P, R]``, which keeps the function's parameters and result.
The name is the task's name in Celery and in ``CELERY_BEAT_SCHEDULE``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, ParamSpec, Protocol, TypeVar

from celery import shared_task

P = ParamSpec("P")
R = TypeVar("R")
R_co = TypeVar("R_co", covariant=True)


class Job(Protocol[P, R_co]):
    """A Celery task: called directly it runs now; ``delay`` queues it (or runs it eagerly
    without a broker); ``apply`` runs it now as Celery would (retries, result object)."""

    name: str

    def __call__(self, *args: P.args, **kwargs: P.kwargs) -> R_co: ...

    def delay(self, *args: P.args, **kwargs: P.kwargs) -> Any: ...

    def apply(
        self,
        args: tuple[Any, ...] | None = None,
        kwargs: dict[str, Any] | None = None,
        **options: Any,
    ) -> Any: ...


def job(name: str, **options: Any) -> Callable[[Callable[P, R]], Job[P, R]]:
    """Register the decorated function as the Celery task ``name``; ``options`` are Celery's
    (``acks_late``, ``autoretry_for``, ...)."""

    def register(func: Callable[P, R]) -> Job[P, R]:
        task: Job[P, R] = shared_task(name=name, **options)(func)
        return task

    return register
