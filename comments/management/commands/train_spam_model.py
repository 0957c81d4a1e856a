"""Train the spam model on the moderators' decisions (run daily from cron)."""

from django.core.management.base import BaseCommand

from comments.moderation.site_settings import current_policy
from comments.moderation.spam_training import NotEnoughDecisions, spam_model_train


class Command(BaseCommand):
    help = (
        "Train a new spam model version on approved vs spam moderator decisions, measure it on "
        "the newest decisions (held out by time) and make it the one that scores comments. "
        "Does nothing until SPAM_MODEL_MIN_EACH decisions of each kind exist."
    )

    def handle(self, *args, **options):
        try:
            row = spam_model_train(hold_above=current_policy().spam_hold_above or 0.5)
        except NotEnoughDecisions as exc:
            self.stdout.write(f"Not trained: {exc} The spam score stays off.")
            return
        held = row.metrics["at_hold_threshold"]
        self.stdout.write(
            f"Trained spam model {row.version} on {row.trained_on['ham']} approved and "
            f"{row.trained_on['spam']} spam comments. On the {held['examples']} newest "
            f"(held out): precision {held['precision']}, recall {held['recall']} "
            f"above {held['threshold']}."
        )
