"""Posting claims (comments.claims): a comment POST stores its comment without the posting lock
unless another post by the same author on the same article was stored since its facts were
read (the claim's transaction is not visible in the facts' snapshot)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("comments", "0018_unwritten_comment_indexes"),
    ]

    operations = [
        migrations.CreateModel(
            name="PostingClaim",
            fields=[
                ("key", models.BigIntegerField(primary_key=True, serialize=False)),
                ("transaction_id", models.BigIntegerField()),
                ("claimed_at", models.DateTimeField()),
            ],
        ),
    ]
