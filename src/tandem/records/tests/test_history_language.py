"""The history is told in the reader's language, model and field names included: they come from
the models' explicit, translatable verbose names."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pytest
from django.apps import apps
from django.contrib.contenttypes.fields import GenericForeignKey
from django.db import models
from django.test import Client
from django.test.utils import isolate_apps
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from tandem.accounts.actions import do_update_person
from tandem.core.models import AuditEvent
from tandem.planning import actions as planning_actions
from tandem.records.history_words import in_words
from tandem.testing.factories_planning import make_task
from tandem.testing.pseudo_catalog import pseudo_language

TEXTS = {
    "task": "[ŧåšķ]",
    "deadline": "[đêåđłîñê]",
    "percent complete": "[ƥêŗçêñŧ]",
    "%(actor)s changed %(kind)s": "[%(actor)s ĉĥåñĝêđ %(kind)s]",
}


def _change_the_task(world) -> None:
    world.manager.first_name, world.manager.last_name = "Maria", "Keller"
    world.manager.save()
    task = make_task(world.project, "Route map view", estimate=3)
    planning_actions.do_update_task(
        task,
        acting_user=world.manager,
        version=task.version,
        changes={"deadline": "2026-12-10", "percent_complete": 20},
    )


def _changed_entry(world):
    events = AuditEvent.objects.filter(project_id=world.project.pk).order_by("-created_at", "-id")
    return next(e for e in in_words(events) if e.verb == "changed")


@pytest.mark.django_db
def test_a_changed_task_reads_in_the_language_of_the_reader(world, tmp_path: Path) -> None:
    _change_the_task(world)
    with pseudo_language(tmp_path, TEXTS):
        do_update_person(
            world.manager,
            acting_user=world.manager,
            version=world.manager.version,
            changes={"language": "xx"},
        )
        client = Client()
        client.force_login(world.manager)

        page = client.get(
            f"/projects/{world.project.pk}/history/", headers={"accept-language": "en"}
        ).content.decode()

    assert "[Maria Keller ĉĥåñĝêđ [ŧåšķ]]" in page
    # the date in the locale of the browser ("en": American order)
    assert "[đêåđłîñê]: Dec 10, 2026" in page
    assert "[ƥêŗçêñŧ]: 0 → 20" in page
    assert "changed task" not in page
    assert "deadline:" not in page


@pytest.mark.django_db
def test_the_names_are_translated_when_shown_not_when_recorded(world, tmp_path: Path) -> None:
    _change_the_task(world)
    with pseudo_language(tmp_path, TEXTS):
        with translation.override("xx"):
            pseudo = _changed_entry(world)
            pseudo_headline = pseudo.headline
        with translation.override("en"):
            english = _changed_entry(world)
            english_headline = english.headline

    assert pseudo_headline == "[Maria Keller ĉĥåñĝêđ [ŧåšķ]]"
    assert "[đêåđłîñê]: 10 Dec 2026" in pseudo.changes
    assert english_headline == "Maria Keller changed task"
    assert "deadline: 10 Dec 2026" in english.changes


# Every name a sentence can be made of --------------------------------------------------------


def _declared_by(model: type[models.Model], name: str) -> type:
    """The model class whose body declares the field (an abstract parent's fields are copied into
    each child): the farthest class up the inheritance that has it as its own."""
    for klass in reversed(model.__mro__):
        meta = getattr(klass, "_meta", None)
        if meta is None or not issubclass(klass, models.Model):
            continue
        own = [*meta.local_fields, *meta.local_many_to_many, *meta.private_fields]
        if any(f.name == name for f in own):
            return klass
    return model


def _is_tandem(klass: type) -> bool:
    return klass.__module__.startswith("tandem.")


def unnamed(model_classes: Iterable[type[models.Model]]) -> list[str]:
    """What has no explicit, translatable human name: a model without ``verbose_name`` and
    ``verbose_name_plural`` in its Meta, a field declared in Tandem without ``verbose_name``,
    a choice label that is not marked for translation."""
    missing = []
    for model in model_classes:
        if not _is_tandem(model):
            continue
        meta = model._meta
        label = model.__name__
        for option in ("verbose_name", "verbose_name_plural"):
            explicit = option in meta.original_attrs
            if not explicit or not isinstance(getattr(meta, option), Promise):
                missing.append(f"{label}: Meta.{option}")
        for field in [*meta.local_fields, *meta.local_many_to_many, *meta.private_fields]:
            if field.auto_created or isinstance(field, GenericForeignKey):
                continue
            if not _is_tandem(_declared_by(model, field.name)):
                continue  # Django's own (AbstractUser's), named and translated by Django
            given = field.deconstruct()[3].get("verbose_name")
            if not isinstance(given, Promise):
                missing.append(f"{label}.{field.name}: verbose_name")
            for value, choice in field.flatchoices:
                if not isinstance(choice, Promise):
                    missing.append(f"{label}.{field.name}: choice {value!r}")
    return missing


def test_every_model_and_field_of_tandem_has_a_translatable_name() -> None:
    tandem_models = [m for m in apps.get_models() if _is_tandem(m)]

    assert len(tandem_models) > 60
    assert unnamed(tandem_models) == []


@isolate_apps("tandem.records")
def test_the_name_check_finds_a_model_or_a_field_left_unnamed() -> None:
    class Sketch(models.Model):
        title = models.CharField(max_length=20)
        tone = models.CharField(max_length=5, choices=[("calm", "Calm")], verbose_name="tone")

        def __str__(self) -> str:
            return self.title

    class Named(models.Model):
        title = models.CharField(max_length=20, verbose_name=gettext_lazy("title"))

        class Meta:
            verbose_name = gettext_lazy("named")
            verbose_name_plural = gettext_lazy("named ones")

        def __str__(self) -> str:
            return self.title

    assert unnamed([Sketch, Named]) == [
        "Sketch: Meta.verbose_name",
        "Sketch: Meta.verbose_name_plural",
        "Sketch.title: verbose_name",
        "Sketch.tone: verbose_name",
        "Sketch.tone: choice 'calm'",
    ]
