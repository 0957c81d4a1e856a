from django.db import migrations

import comments.models


class Migration(migrations.Migration):
    dependencies = [("comments", "0006_thread_path")]

    operations = [
        migrations.AlterField(
            model_name="tribunecomment",
            name="thread_path",
            field=comments.models.ThreadPathField(editable=False, unique=True),
        ),
    ]
