"""What an import did: counts by kind and outcome, and warnings by kind, for the terminal."""

from __future__ import annotations

from collections import Counter, defaultdict

OUTCOMES = ("created", "updated", "unchanged", "skipped", "failed")
EXAMPLES_SHOWN = 5


class Summary:
    def __init__(self) -> None:
        self.counts: Counter[tuple[str, str]] = Counter()
        self.warnings: dict[str, list[str]] = defaultdict(list)

    def count(self, kind: str, outcome: str, n: int = 1) -> None:
        self.counts[(kind, outcome)] += n

    def warn(self, kind: str, message: str) -> None:
        self.warnings[kind].append(message)

    def checkpoint(self) -> tuple:
        """The state to go back to if the item being imported is rolled back."""
        return Counter(self.counts), {k: list(v) for k, v in self.warnings.items()}

    def restore(self, state: tuple) -> None:
        counts, warnings = state
        self.counts = Counter(counts)
        self.warnings = defaultdict(list, {k: list(v) for k, v in warnings.items()})

    def get(self, kind: str, outcome: str) -> int:
        return self.counts[(kind, outcome)]

    def warning_count(self, kind: str) -> int:
        return len(self.warnings.get(kind, ()))

    def lines(self, *, dry_run: bool = False) -> list[str]:
        """The summary as plain lines (the command prints them)."""
        kinds = sorted({kind for kind, _ in self.counts})
        head = "Dry run: nothing was written. It would have:" if dry_run else "Import summary:"
        out = [head, f"  {'':<12}" + "".join(f"{o:>11}" for o in OUTCOMES)]
        for kind in kinds:
            out.append(f"  {kind:<12}" + "".join(f"{self.get(kind, o):>11}" for o in OUTCOMES))
        total = sum(len(v) for v in self.warnings.values())
        out.append(f"Warnings: {total}")
        for kind in sorted(self.warnings):
            messages = self.warnings[kind]
            out.append(f"  {kind}: {len(messages)}")
            out.extend(f"    - {m}" for m in messages[:EXAMPLES_SHOWN])
            if len(messages) > EXAMPLES_SHOWN:
                out.append(f"    … and {len(messages) - EXAMPLES_SHOWN} more")
        return out
