"""Print what a moderation policy would have decided on the last N days of submissions."""

import json

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from comments.moderation.history import policy_from_record
from comments.moderation.replay import DEFAULT_DAYS, MAX_SUBMISSIONS, policy_replay, report_lines
from comments.moderation.site_settings import current_policy


class Command(BaseCommand):
    help = (
        "Replay a moderation policy over recent submissions and print how outcomes would change. "
        "Without --from-file, replays the policy in force (which must change nothing). "
        "Writes no decision and sends no mail."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--from-file",
            help="A JSON object of policy values (as stored in a decision's policy); "
            "values it leaves out are those in force.",
        )
        parser.add_argument("--days", type=int, default=DEFAULT_DAYS)
        parser.add_argument("--limit", type=int, default=MAX_SUBMISSIONS)

    def handle(self, *args, from_file=None, days=DEFAULT_DAYS, limit=MAX_SUBMISSIONS, **options):
        policy = current_policy()
        if from_file:
            policy = _merge(policy, _read(from_file))
        report = policy_replay(policy, days=days, limit=limit)
        base_url = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
        self.stdout.write("\n".join(report_lines(report, base_url)))


def _read(path: str) -> dict:
    try:
        with open(path, encoding="utf-8") as handle:
            values = json.load(handle)
    except (OSError, ValueError) as exc:
        raise CommandError(f"Cannot read the policy file {path}: {exc}") from exc
    if not isinstance(values, dict):
        raise CommandError("The policy file must hold a JSON object of policy values.")
    return values


def _merge(policy, values: dict):
    merged = {**policy.as_record(), **values}
    unknown = set(values) - set(policy.as_record())
    if unknown:
        raise CommandError(f"Unknown policy values: {', '.join(sorted(unknown))}")
    return policy_from_record(merged)
