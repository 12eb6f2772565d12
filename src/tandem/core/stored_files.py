"""The stored files a deletion takes with it, found the way Django finds the rows it cascades to.

A project's deletion cascades to rows of many apps (documents and their versions among them);
the files those rows name live outside the database and have to be removed separately, after
the deletion commits. Collecting them through Django's deletion collector keeps this module
unaware of which apps keep files.
"""

from __future__ import annotations

from django.core.files.storage import default_storage
from django.db import models, router
from django.db.models.deletion import Collector


def _file_fields(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField)]


def stored_files_of(obj: models.Model) -> list[str]:
    """Names of the stored files of ``obj`` and of every row its deletion would cascade to."""
    collector = Collector(using=router.db_for_write(type(obj)), origin=obj)
    collector.collect([obj])
    names: list[str] = []
    for model, instances in collector.data.items():
        for attname in _file_fields(model):
            names.extend(str(getattr(i, attname)) for i in instances if getattr(i, attname))
    for queryset in collector.fast_deletes:
        for attname in _file_fields(queryset.model):
            names.extend(str(n) for n in queryset.values_list(attname, flat=True) if n)
    return sorted(set(names))


def discard(names: list[str]) -> None:
    """Remove stored files (run after the deleting transaction commits)."""
    for name in names:
        default_storage.delete(name)
