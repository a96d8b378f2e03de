"""The work of the "Verify files" dialog, run on a worker thread: read the roster, then check
every file, with one progress for the whole run and a cancel checked between files and chunks;
and before that, the search of a folder for its bundles and packs (a stick may hold a folder of
a million files: never on the window's thread).

``verify_files`` reports each file's bytes as it hashes them; here each file's share of the
bar is its size (``split_progress``), so the bar moves once across all the files, reported in
thousandths (``per_mille``).
"""

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from fieldapp.progress import CancelToken, ProgressCallback, split_progress
from fieldapp.services import verification
from fieldapp.services.verification import LoadedRoster, VerificationReport
from ui import workers
from ui.views.export_dialog import per_mille


@dataclass(frozen=True)
class Checked:
    """What a check found: the report, and the roster it was made against."""

    report: VerificationReport
    roster: LoadedRoster


def _size(path: Path) -> int:
    try:
        return max(path.stat().st_size, 1)
    except OSError:  # the check says it cannot be read; it still takes a share of the bar
        return 1


class _Run:
    """The paths handed to ``verify_files`` one at a time, so that the bytes it reports are
    counted in the file being checked."""

    def __init__(
        self, paths: Sequence[Path], progress: ProgressCallback, cancel: CancelToken
    ) -> None:
        self._paths = paths
        self._cancel = cancel
        self._parts = split_progress([_size(path) for path in paths], progress)
        self._current = 0

    def paths(self) -> Iterator[Path]:
        for index, path in enumerate(self._paths):
            self._cancel.raise_if_cancelled()
            self._current = index
            yield path

    def report(self, done: int, total: int) -> None:
        self._parts[self._current](done, total)

    def finish(self) -> None:
        if self._parts:
            self._parts[-1](1, 1)


def check_files(paths: Sequence[Path], roster_path: Path, coordinator: str | None) -> workers.Work:
    """The worker's function: ``Checked``, or ``Cancelled`` or the roster's refusal raised."""
    given = list(paths)

    def work(progress: ProgressCallback, cancel: CancelToken) -> Checked:
        roster = verification.load_roster(roster_path, coordinator=coordinator)
        run = _Run(given, per_mille(progress), cancel)
        report = verification.verify_files(run.paths(), roster, progress=run.report, cancel=cancel)
        run.finish()
        return Checked(report, roster)

    return work


@dataclass(frozen=True)
class FolderFiles:
    """What the search of a folder found: its bundles and packs, unless it holds more than one
    check takes (``too_many``: then none, rather than some checked as if they were all)."""

    paths: list[Path]
    too_many: bool = False


def list_folder(folder: Path) -> workers.Work:
    """The worker's function: ``FolderFiles``, ``Cancelled``, or ``OSError`` when ``folder``
    cannot be listed."""

    def work(_progress: ProgressCallback, cancel: CancelToken) -> FolderFiles:
        most = verification.MAX_FOLDER_FILES
        found = verification.container_files(folder, limit=most + 1, cancel=cancel)
        if len(found) > most:
            return FolderFiles([], too_many=True)
        return FolderFiles(found)

    return work


def save_report(path: Path, checked: Checked) -> workers.Work:
    """The worker's function: the report of ``checked`` written to ``path`` as JSON
    (``verification.save_report``, atomic), then ``path``; ``OSError`` or the core's error."""

    def work(_progress: ProgressCallback, _cancel: CancelToken) -> Path:
        verification.save_report(path, checked.report, checked.roster)
        return path

    return work
