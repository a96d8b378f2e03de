"""`testimony show` logs what a person is shown: a strictly confidential testimony, and a
witness's identity (``--identity``), each as a signed ``access`` custody event."""

import secrets
from pathlib import Path
from uuid import UUID

from fieldapp.domain import ConfidentialityLevel, CustodyKind
from fieldapp.services import access
from tests.fieldapp.services.import_support import Site, custody_events
from tests.fieldapp.services.test_access import recorded

from .conftest import CliWorkspace, Runner
from .support import new_document, on_site, write_json


def new_with_identity(workspace: CliWorkspace, tmp_path: Path, **testimony: object) -> UUID:
    """A testimony made by `testimony new`, with its witness's identity."""
    document = new_document(identity=True, **testimony)
    path = write_json(tmp_path / f"new-{secrets.token_hex(4)}.json", document)
    result = workspace("testimony", "new", "--json", path)
    assert result.code == 0, result.err
    return UUID(result.out.strip())


def accesses(workspace: CliWorkspace) -> list[tuple[UUID | None, int | None, str]]:
    """The workspace's access events: what each names."""
    with workspace.open() as ws:
        return [
            (e.record_id, e.record_version, e.payload_hash)
            for e in custody_events(ws)
            if e.kind is CustodyKind.ACCESS
        ]


def test_show_logs_a_strictly_confidential_testimony(
    workspace: CliWorkspace, tmp_path: Path
) -> None:
    level = ConfidentialityLevel.STRICTLY_CONFIDENTIAL
    testimony_id = new_with_identity(workspace, tmp_path, confidentiality=level)
    assert accesses(workspace) == []  # recording it is not opening it
    result = workspace("testimony", "show", str(testimony_id))
    assert result.code == 0, result.err
    [(record_id, version, _)] = accesses(workspace)
    assert (record_id, version) == (testimony_id, 1)


def test_show_with_the_identity_logs_the_identity(workspace: CliWorkspace, tmp_path: Path) -> None:
    level = ConfidentialityLevel.CONFIDENTIAL
    testimony_id = new_with_identity(workspace, tmp_path, confidentiality=level)
    assert workspace("testimony", "show", str(testimony_id)).code == 0
    assert accesses(workspace) == []  # confidential: opening it is not logged
    result = workspace("--json", "testimony", "show", str(testimony_id), "--identity")
    assert result.code == 0, result.err
    assert result.json()["identity"]["names"]
    assert accesses(workspace) == [
        (testimony_id, None, access.identity_access_digest(testimony_id))
    ]


def test_the_archive_shows_which_opening_was_of_an_identity(site: Site, cli: Runner) -> None:
    testimony_id = recorded(site.a.ws, ConfidentialityLevel.STRICTLY_CONFIDENTIAL)
    access.open_identity(site.a.ws, testimony_id)
    site.archive.import_(site.a.bundles[0].path)  # type: ignore[arg-type]
    [report] = site.archive.import_(site.a.export())
    assert report.outcome == "imported", report.reason
    result = on_site(cli, site.archive.root, "testimony", "show", str(testimony_id))
    assert result.code == 0, result.err
    lines = [line for line in result.out.splitlines() if ": access" in line]
    assert len(lines) == 2, result.out  # the laptop's opening of the identity, the archive's own
    assert lines[0].lstrip().startswith("device ")
    assert "access (the witness's identity)," in lines[0]
    assert lines[1].lstrip().startswith("archive ")
    assert "access version 1," in lines[1]
