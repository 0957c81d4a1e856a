"""What the import commands show a person at the terminal: a progress bar over the file."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, DownloadColumn, Progress, TextColumn, TimeRemainingColumn


class _CountingFile:
    """A binary file that reports how far it has been read."""

    def __init__(self, handle, advance):
        self.handle = handle
        self.advance = advance

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.advance(len(data))
        return data


@contextmanager
def progress_over(path: Path, label: str, stream):
    """Open the export for reading, with a progress bar by bytes read when on a terminal."""
    console = Console(file=stream)
    columns = (TextColumn(label), BarColumn(), DownloadColumn(), TimeRemainingColumn())
    with (
        path.open("rb") as handle,
        Progress(
            *columns, console=console, disable=not console.is_terminal, transient=True
        ) as progress,
    ):
        task = progress.add_task(label, total=path.stat().st_size)
        yield _CountingFile(handle, lambda n: progress.advance(task, n))
