"""Posting claims (comments.claims): a comment POST stores its comment without the posting lock
unless another post by the same author on the same article claimed since its facts were read."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('comments', '0018_unwritten_comment_indexes'),
    ]

    operations = [
        migrations.CreateModel(
            name='PostingClaim',
            fields=[
                ('key', models.BigIntegerField(primary_key=True, serialize=False)),
                ('claimed_at', models.DateTimeField()),
            ],
        ),
    ]
