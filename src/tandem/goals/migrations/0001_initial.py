"""Goals and key results move here from ``planning`` without touching the database.

Their tables stay where they are (``Meta.db_table``), and so do the many-to-many tables, whose
names Django derives from the model's table; this migration only tells Django's model state that
the models now belong to ``goals`` (the companion ``planning`` migration 0006 forgets them
there). On a database that already holds them, their content types are relabelled in place, so
their ids, and the permissions that point at them, carry over.
"""

from decimal import Decimal

import django.core.validators
import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

MOVED = ("goal", "keyresult")


def _relabel(apps, from_label: str, to_label: str) -> None:
    content_type = apps.get_model("contenttypes", "ContentType")
    for model in MOVED:
        if not content_type.objects.filter(app_label=to_label, model=model).exists():
            content_type.objects.filter(app_label=from_label, model=model).update(
                app_label=to_label
            )


def relabel_content_types(apps, schema_editor) -> None:
    _relabel(apps, "planning", "goals")


def restore_content_types(apps, schema_editor) -> None:
    _relabel(apps, "goals", "planning")


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("planning", "0005_lag_units"),
        ("projects", "0003_text_length_limits"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name="Goal",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=200)),
                        (
                            "description",
                            models.TextField(
                                blank=True,
                                validators=[django.core.validators.MaxLengthValidator(20000)],
                            ),
                        ),
                        ("due_date", models.DateField(blank=True, null=True)),
                        (
                            "owner",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.SET_NULL,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "project",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="goals",
                                to="projects.project",
                            ),
                        ),
                        (
                            "tasks",
                            models.ManyToManyField(
                                blank=True, related_name="goals", to="planning.task"
                            ),
                        ),
                    ],
                    options={"db_table": "planning_goal", "ordering": ["id"]},
                ),
                migrations.CreateModel(
                    name="KeyResult",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True,
                                primary_key=True,
                                serialize=False,
                                verbose_name="ID",
                            ),
                        ),
                        ("version", models.PositiveIntegerField(default=1)),
                        ("created_at", models.DateTimeField(auto_now_add=True)),
                        ("updated_at", models.DateTimeField(auto_now=True)),
                        ("name", models.CharField(max_length=200)),
                        ("metric", models.CharField(max_length=200)),
                        ("unit", models.CharField(blank=True, max_length=30)),
                        (
                            "baseline",
                            models.DecimalField(
                                decimal_places=4, default=Decimal("0"), max_digits=16
                            ),
                        ),
                        ("target", models.DecimalField(decimal_places=4, max_digits=16)),
                        (
                            "current",
                            models.DecimalField(
                                decimal_places=4, default=Decimal("0"), max_digits=16
                            ),
                        ),
                        (
                            "goal",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.CASCADE,
                                related_name="key_results",
                                to="goals.goal",
                            ),
                        ),
                        (
                            "tasks",
                            models.ManyToManyField(
                                blank=True, related_name="key_results", to="planning.task"
                            ),
                        ),
                    ],
                    options={
                        "db_table": "planning_keyresult",
                        "ordering": ["id"],
                        "constraints": [
                            models.CheckConstraint(
                                condition=models.Q(("target", models.F("baseline")), _negated=True),
                                name="key_result_target_differs",
                                violation_error_message=(
                                    "The target must differ from the baseline."
                                ),
                            )
                        ],
                    },
                ),
            ],
        ),
        migrations.RunPython(relabel_content_types, restore_content_types, elidable=False),
    ]
