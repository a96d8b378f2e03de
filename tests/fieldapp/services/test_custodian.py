"""The custodian's check: identities files opened with the custodian file, in memory only.

A real archive and two real devices (``make_site``) whose first bundles carry named witnesses;
what the custodian sees is compared with what each device stored and sent.
"""

import io
import os
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from crypto import age
from fieldapp.domain import WitnessIdentity, parse_canonical
from fieldapp.errors import (
    IdentitiesFileDamagedError,
    IdentitiesForAnotherCustodianError,
    NotACustodianFileError,
    NotAnIdentitiesFileError,
    WrongCustodianPassphraseError,
)
from fieldapp.services import archive, custodian
from fieldapp.services.custodian import CustodianKey, IdentitiesFile
from fieldapp.workspace import Workspace
from tests.fieldapp.workspace.support import PASSPHRASE

from .import_support import (
    CUSTODIAN_FOLDER,
    CUSTODIAN_PASSPHRASE,
    WORK_FACTOR,
    Device,
    Site,
    make_site,
    manifest_of,
    read_members,
    resign,
    write_members,
)


@pytest.fixture
def site(tmp_path: Path) -> Iterator[Site]:
    """Both devices' first bundles imported, under the usual umask (files 0644 unless asked)."""
    old = os.umask(0o022)
    try:
        made = make_site(tmp_path, count=3)
        made.archive.import_(*(d.bundles[0].path for d in (made.a, made.b) if d.bundles[0].path))
    finally:
        os.umask(old)
    yield made
    made.close()


@pytest.fixture
def key(site: Site) -> CustodianKey:
    return custodian.open_custodian_file(site.archive.custodian_file, CUSTODIAN_PASSPHRASE)


def sent_identities(device: Device) -> list[WitnessIdentity]:
    """The identity versions the device stored and marked as sent, by pseudonym."""
    rows = device.ws.connection.execute(
        "SELECT body FROM identities WHERE exported_in IS NOT NULL"
    ).fetchall()
    return sorted((parse_canonical(WitnessIdentity, bytes(b)) for (b,) in rows), key=_by_pseudonym)


def _by_pseudonym(identity: WitnessIdentity) -> str:
    return identity.pseudonym


def kept_file(site: Site, device: Device) -> Path:
    path = device.bundles[0].path
    assert path is not None
    return site.archive.root / CUSTODIAN_FOLDER / f"{manifest_of(path.read_bytes()).bundle_id}.age"


def bundle_of(device: Device) -> Path:
    path = device.bundles[0].path
    assert path is not None
    return path


def every_file(root: Path) -> dict[str, bytes]:
    return {str(p): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- what the custodian sees ---------------------------------------------------------------------


def test_the_kept_files_show_exactly_the_identities_each_device_sent(
    site: Site, key: CustodianKey
) -> None:
    folder = site.archive.root / CUSTODIAN_FOLDER
    assert len(list(folder.iterdir())) == 2
    for device in (site.a, site.b):
        manifest = manifest_of(bundle_of(device).read_bytes())
        found = custodian.read_identities_file(kept_file(site, device), key)
        assert (found.bundle_id, found.device, found.sequence) == (
            manifest.bundle_id,
            device.fingerprint,
            1,
        )
        assert not found.from_bundle
        sent = sent_identities(device)
        assert sent, "the device sent no identity"
        assert sorted(found.identities, key=_by_pseudonym) == sent


def test_a_bundle_given_whole_shows_the_identities_its_device_sent(
    site: Site, key: CustodianKey
) -> None:
    for device in (site.a, site.b):
        found = custodian.read_identities_file(bundle_of(device), key)
        assert found.from_bundle
        assert found.device == device.fingerprint
        assert found.bundle_id == manifest_of(bundle_of(device).read_bytes()).bundle_id
        assert sorted(found.identities, key=_by_pseudonym) == sent_identities(device)


def test_several_files_in_the_order_given_and_nothing_written(
    site: Site, key: CustodianKey
) -> None:
    before = every_file(site.tmp)
    paths = [kept_file(site, site.b), bundle_of(site.a), kept_file(site, site.a)]
    found = custodian.read_identities_files(paths, key)
    assert [f.path for f in found] == paths
    assert [f.device for f in found] == [site.b.fingerprint, site.a.fingerprint, site.a.fingerprint]
    # No plaintext, no temporary file: the disk is exactly as it was.
    assert every_file(site.tmp) == before


def test_a_bundle_without_identities_shows_none(site: Site, key: CustodianKey) -> None:
    data = bundle_of(site.a).read_bytes()
    members = [(n, b) for n, b in read_members(data)[2:] if n != "identities.age"]
    path = site.tmp / "anonymous.fieldbundle"
    path.write_bytes(resign(data, site.a.key, members=members))
    found = custodian.read_identities_file(path, key)
    assert found.from_bundle
    assert found.identities == ()


def test_a_classic_archive_custodian_opens_its_files(tmp_path: Path) -> None:
    made = make_site(tmp_path, classic=True, count=2)
    try:
        made.archive.import_(bundle_of(made.a))
        classic = custodian.open_custodian_file(made.archive.custodian_file, CUSTODIAN_PASSPHRASE)
        found = custodian.read_identities_file(kept_file(made, made.a), classic)
        assert sorted(found.identities, key=_by_pseudonym) == sent_identities(made.a)
    finally:
        made.close()


# --- the kept files are the archive owner's only ------------------------------------------------


def test_kept_identities_files_are_owner_only_under_a_permissive_umask(site: Site) -> None:
    folder = site.archive.root / CUSTODIAN_FOLDER
    assert mode(folder) == 0o700
    for device in (site.a, site.b):
        assert mode(kept_file(site, device)) == 0o600


def test_files_kept_world_readable_before_are_made_owner_only_at_unlock(site: Site) -> None:
    folder = site.archive.root / CUSTODIAN_FOLDER
    # As an archive imported before the fix left them.
    folder.chmod(0o755)
    for device in (site.a, site.b):
        kept_file(site, device).chmod(0o644)
    site.archive.ws.lock()
    site.archive.ws = Workspace.unlock(site.archive.root, PASSPHRASE)
    assert mode(folder) == 0o700
    for device in (site.a, site.b):
        assert mode(kept_file(site, device)) == 0o600


def test_an_identities_file_a_crash_left_staged_is_finished_owner_only(site: Site) -> None:
    kept = kept_file(site, site.a)
    data = kept.read_bytes()
    kept.unlink()
    staged = kept.with_name(f".tmp-0123456789abcdef-{kept.name}")
    staged.write_bytes(data)
    staged.chmod(0o644)
    site.archive.ws.lock()
    site.archive.ws = Workspace.unlock(site.archive.root, PASSPHRASE)
    assert kept.read_bytes() == data
    assert mode(kept) == 0o600


# --- refusals, each one sentence -----------------------------------------------------------------


def test_a_wrong_custodian_passphrase_is_refused(site: Site) -> None:
    with pytest.raises(WrongCustodianPassphraseError) as refused:
        custodian.open_custodian_file(site.archive.custodian_file, CUSTODIAN_PASSPHRASE + "x")
    assert str(refused.value) == "The custodian passphrase is wrong; nothing was shown."
    assert refused.value.path == str(site.archive.custodian_file)


@pytest.mark.parametrize("what", ["identities file", "text", "bundle"])
def test_a_custodian_file_that_is_not_one_is_refused(site: Site, what: str) -> None:
    path = {
        "identities file": kept_file(site, site.a),
        "text": site.tmp / "notes.txt",
        "bundle": bundle_of(site.a),
    }[what]
    if what == "text":
        path.write_text("AGE-SECRET-KEY-1 is not here\n")
    with pytest.raises(NotACustodianFileError):
        custodian.open_custodian_file(path, CUSTODIAN_PASSPHRASE)


def test_a_passphrase_file_holding_no_age_identity_is_not_a_custodian_file(
    site: Site,
) -> None:
    path = site.tmp / "secret.age"
    with path.open("wb") as handle:
        age.encrypt_passphrase(
            io.BytesIO(b"just a note\n"), handle, CUSTODIAN_PASSPHRASE, work_factor=WORK_FACTOR
        )
    with pytest.raises(NotACustodianFileError):
        custodian.open_custodian_file(path, CUSTODIAN_PASSPHRASE)


@pytest.mark.parametrize("what", ["text", "custodian file", "VERIFY.txt", "empty", "zip"])
def test_a_file_that_is_not_an_identities_file_is_refused(
    site: Site, key: CustodianKey, what: str
) -> None:
    members = dict(read_members(bundle_of(site.a).read_bytes()))
    contents = {
        "text": b"Kim Chol-su, born 1970\n",
        "VERIFY.txt": members["VERIFY.txt"],
        "empty": b"",
        "zip": write_members([("hello.txt", b"hello")]),
    }
    path = site.archive.custodian_file if what == "custodian file" else site.tmp / "file.age"
    if what != "custodian file":
        path.write_bytes(contents[what])
    with pytest.raises(NotAnIdentitiesFileError) as refused:
        custodian.read_identities_file(path, key)
    assert refused.value.path == str(path)


def test_a_pack_is_not_an_identities_file(site: Site, key: CustodianKey) -> None:
    [pack] = (site.tmp / "a").glob("*.fieldpack")
    with pytest.raises(NotAnIdentitiesFileError):
        custodian.read_identities_file(pack, key)


def test_another_custodians_file_is_refused(site: Site, tmp_path: Path) -> None:
    other_file = tmp_path / "other-custodian.age"
    archive.prepare_archive(
        custodian_out=other_file,
        custodian_passphrase=CUSTODIAN_PASSPHRASE,
        work_factor=WORK_FACTOR,
    )
    other = custodian.open_custodian_file(other_file, CUSTODIAN_PASSPHRASE)
    for path in (kept_file(site, site.a), bundle_of(site.a)):
        with pytest.raises(IdentitiesForAnotherCustodianError) as refused:
            custodian.read_identities_file(path, other)
        assert refused.value.path == str(path)


def test_the_archives_own_payload_is_not_the_custodians(site: Site, key: CustodianKey) -> None:
    path = site.tmp / "records.age"
    path.write_bytes(dict(read_members(bundle_of(site.a).read_bytes()))["records.age"])
    with pytest.raises(IdentitiesForAnotherCustodianError):
        custodian.read_identities_file(path, key)


def test_an_altered_kept_file_is_refused_at_every_position(site: Site, key: CustodianKey) -> None:
    data = kept_file(site, site.a).read_bytes()
    path = site.tmp / kept_file(site, site.a).name
    # Every 97th byte, the last ones too: header, MAC, nonce, payload chunks and tags. (An
    # altered stanza opens for no one: as a file of another custodian would.)
    refusals = (
        IdentitiesFileDamagedError,
        NotAnIdentitiesFileError,
        IdentitiesForAnotherCustodianError,
    )
    for position in sorted({*range(0, len(data), 97), len(data) - 1, len(data) - 17}):
        altered = bytearray(data)
        altered[position] ^= 0x01
        path.write_bytes(bytes(altered))
        with pytest.raises(refusals):
            custodian.read_identities_file(path, key)
    for length in (len(data) - 1, len(data) // 2):
        path.write_bytes(data[:length])
        with pytest.raises(refusals):
            custodian.read_identities_file(path, key)


def test_a_kept_file_under_another_bundles_name_is_refused(site: Site, key: CustodianKey) -> None:
    moved = site.tmp / kept_file(site, site.b).name
    moved.write_bytes(kept_file(site, site.a).read_bytes())
    with pytest.raises(IdentitiesFileDamagedError, match="names another bundle"):
        custodian.read_identities_file(moved, key)
    # Under a name that claims no bundle, it shows the bundle its inner header names.
    renamed = site.tmp / "copy-for-court.age"
    renamed.write_bytes(kept_file(site, site.a).read_bytes())
    found = custodian.read_identities_file(renamed, key)
    assert found.bundle_id == manifest_of(bundle_of(site.a).read_bytes()).bundle_id
    assert sorted(found.identities, key=_by_pseudonym) == sent_identities(site.a)


def test_a_bundle_carrying_another_bundles_identities_is_refused(
    site: Site, key: CustodianKey
) -> None:
    data = bundle_of(site.a).read_bytes()
    lifted = dict(read_members(bundle_of(site.b).read_bytes()))["identities.age"]
    members = [(n, lifted if n == "identities.age" else b) for n, b in read_members(data)[2:]]
    path = site.tmp / "lifted.fieldbundle"
    # Signed by device A: only the inner header shows the payload is device B's.
    path.write_bytes(resign(data, site.a.key, members=members))
    with pytest.raises(IdentitiesFileDamagedError):
        custodian.read_identities_file(path, key)


def test_a_bundle_altered_after_signing_is_refused(site: Site, key: CustodianKey) -> None:
    data = bundle_of(site.a).read_bytes()
    members = read_members(data)
    altered = [
        (n, (b[:-1] + bytes([b[-1] ^ 1])) if n == "identities.age" else b) for n, b in members
    ]
    path = site.tmp / "altered.fieldbundle"
    path.write_bytes(write_members(altered))
    with pytest.raises(IdentitiesFileDamagedError, match="This bundle cannot be trusted"):
        custodian.read_identities_file(path, key)
    # Its signature swapped for another device's: the key in it did not sign this manifest.
    other = dict(read_members(bundle_of(site.b).read_bytes()))["manifest.sig"]
    path.write_bytes(write_members([(n, other if n == "manifest.sig" else b) for n, b in members]))
    with pytest.raises(IdentitiesFileDamagedError, match="This bundle cannot be trusted"):
        custodian.read_identities_file(path, key)


def test_one_refused_file_stops_the_others(site: Site, key: CustodianKey) -> None:
    bad = site.tmp / "bad.age"
    bad.write_bytes(b"nothing")
    with pytest.raises(NotAnIdentitiesFileError) as refused:
        custodian.read_identities_files([kept_file(site, site.a), bad], key)
    assert refused.value.path == str(bad)


def test_identities_file_results_hold_the_records_only(site: Site, key: CustodianKey) -> None:
    found = custodian.read_identities_file(kept_file(site, site.a), key)
    assert isinstance(found, IdentitiesFile)
    assert all(isinstance(i, WitnessIdentity) for i in found.identities)
    assert "AGE-SECRET-KEY" not in repr(key)
