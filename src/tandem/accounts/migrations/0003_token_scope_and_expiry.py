import datetime

from django.conf import settings
from django.db import migrations, models


def expire_forever_tokens(apps, schema_editor):
    """Tokens made to live forever now end at the maximum lifetime after their creation."""
    token_model = apps.get_model("accounts", "PersonalAccessToken")
    days = int(getattr(settings, "TANDEM_TOKEN_MAX_DAYS", 365))
    for token in token_model.objects.filter(expires_at__isnull=True):
        token.expires_at = token.created_at + datetime.timedelta(days=days)
        token.save(update_fields=["expires_at"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_user_email_notifications"),
    ]

    operations = [
        migrations.AddField(
            model_name="personalaccesstoken",
            name="scope",
            field=models.CharField(
                choices=[("read", "Read only"), ("write", "Read and write")],
                default="write",
                max_length=5,
            ),
        ),
        migrations.RunPython(expire_forever_tokens, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="personalaccesstoken",
            name="expires_at",
            field=models.DateTimeField(),
        ),
    ]
