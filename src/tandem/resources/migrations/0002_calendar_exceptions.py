"""Calendar holidays become exceptions (date ranges, recurring series, working exceptions), which
also hold people's days off; calendars may belong to one project."""

import django.core.validators
import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


def single_days(apps, schema_editor):
    """Every former holiday is a one-day exception: it ends on the day it starts."""
    exception = apps.get_model("resources", "CalendarException")
    exception.objects.filter(end__isnull=True).update(end=models.F("start"))


class Migration(migrations.Migration):
    dependencies = [
        ("projects", "0003_text_length_limits"),
        ("resources", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="workcalendar",
            name="project",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="own_calendars",
                to="projects.project",
            ),
        ),
        migrations.RemoveConstraint(model_name="calendarholiday", name="holiday_unique_date"),
        migrations.RenameModel(old_name="CalendarHoliday", new_name="CalendarException"),
        migrations.RenameField(model_name="calendarexception", old_name="date", new_name="start"),
        migrations.AlterModelOptions(
            name="calendarexception", options={"ordering": ["start", "id"]}
        ),
        migrations.AlterField(
            model_name="calendarexception",
            name="calendar",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="exceptions",
                to="resources.workcalendar",
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="person",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.CASCADE,
                related_name="days_off",
                to=settings.AUTH_USER_MODEL,
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="end",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="working_times",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="repeat",
            field=models.CharField(
                blank=True,
                choices=[
                    ("", "Does not repeat"),
                    ("daily", "Daily"),
                    ("weekly", "Weekly"),
                    ("monthly", "Monthly"),
                    ("yearly", "Yearly"),
                ],
                default="",
                max_length=7,
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="interval",
            field=models.PositiveSmallIntegerField(
                default=1,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(999),
                ],
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="weekdays",
            field=models.JSONField(blank=True, default=list),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="day_of_month",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(31),
                ],
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="month",
            field=models.PositiveSmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(12),
                ],
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="week_of_month",
            field=models.SmallIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(-1),
                    django.core.validators.MaxValueValidator(4),
                ],
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="occurrences",
            field=models.PositiveIntegerField(
                blank=True,
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(999),
                ],
            ),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="version",
            field=models.PositiveIntegerField(default=1),
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="created_at",
            field=models.DateTimeField(auto_now_add=True, default=django.utils.timezone.now),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="calendarexception",
            name="updated_at",
            field=models.DateTimeField(auto_now=True),
        ),
        migrations.RunPython(single_days, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="calendarexception",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("calendar__isnull", False), ("person__isnull", True)),
                    models.Q(("calendar__isnull", True), ("person__isnull", False)),
                    _connector="OR",
                ),
                name="calendar_exception_calendar_or_person",
                violation_error_message="An exception belongs to a calendar or to a person.",
            ),
        ),
        migrations.AddConstraint(
            model_name="calendarexception",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("end__isnull", True), ("end__gte", models.F("start")), _connector="OR"
                ),
                name="calendar_exception_end_after_start",
                violation_error_message="The last day cannot be before the first.",
            ),
        ),
    ]
