"""Goals and key results now belong to the ``goals`` app (its migration 0001 took them over in
Django's model state). Only the state forgets them here: their tables and rows stay, used by the
``goals`` models under the same names."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("goals", "0001_initial"),
        ("planning", "0005_lag_units"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.DeleteModel(name="KeyResult"),
                migrations.DeleteModel(name="Goal"),
            ],
        ),
    ]
