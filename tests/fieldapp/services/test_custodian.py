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
    canonical,
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
    ids = [manifest_of(bundle_of(d).read_bytes()).bundle_id for d in (site.a, site.b)]
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        f"{i}{suffix}" for i in ids for suffix in (".age", ".manifest.json", ".manifest.sig")
    )
    for device in (site.a, site.b):
        manifest = manifest_of(bundle_of(device).read_bytes())
        found = custodian.read_identities_file(kept_file(site, device), key)
        assert (found.bundle_id, found.device, found.sequence) == (
            manifest.bundle_id,
            device.fingerprint,
            1,
        )
        assert not found.from_bundle
        assert found.signed_by == device.fingerprint
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


# --- the signed manifest kept beside each file ----------------------------------------------------


def beside(kept: Path) -> tuple[Path, Path]:
    stem = kept.name.removesuffix(".age")
    return kept.with_name(f"{stem}.manifest.json"), kept.with_name(f"{stem}.manifest.sig")


def copy_kept(
    site: Site, device: Device, folder: Path, *, manifest_of_: Device | None = None
) -> Path:
    """The device's kept file copied into ``folder`` under its own name, with the manifest of
    ``manifest_of_`` (default: its own) beside it."""
    kept = kept_file(site, device)
    folder.mkdir(exist_ok=True)
    copy = folder / kept.name
    copy.write_bytes(kept.read_bytes())
    for source, target in zip(
        beside(kept_file(site, manifest_of_ or device)), beside(copy), strict=True
    ):
        target.write_bytes(source.read_bytes())
    return copy


def encrypted_to_custodian(key: CustodianKey, plaintext: bytes) -> bytes:
    out = io.BytesIO()
    writer = age.EncryptingWriter(out, [age.recipient_of(key.identities[0])])
    writer.write(plaintext)
    writer.close()
    return out.getvalue()


def test_the_manifest_kept_is_the_bundles_own_and_a_genuine_kept_file_is_signed(
    site: Site, key: CustodianKey
) -> None:
    for device in (site.a, site.b):
        members = dict(read_members(bundle_of(device).read_bytes()))
        manifest_json, manifest_sig = beside(kept_file(site, device))
        assert manifest_json.read_bytes() == members["manifest.json"]
        assert manifest_sig.read_bytes() == members["manifest.sig"]
        assert (mode(manifest_json), mode(manifest_sig)) == (0o600, 0o600)
        found = custodian.read_identities_file(kept_file(site, device), key)
        assert found.verified
        assert found.signed_by == device.fingerprint


def test_a_forged_kept_file_is_not_verified_alone_and_refused_beside_the_real_manifest(
    site: Site, key: CustodianKey
) -> None:
    genuine = custodian.read_identities_file(kept_file(site, site.a), key)
    header = b'fieldapp-identities/1 {"bundle_id":"%s","device":"%s","sequence":%d}' % (
        str(genuine.bundle_id).encode(),
        genuine.device.encode(),
        genuine.sequence,
    )
    planted = genuine.identities[0].model_copy(update={"names": ("Someone never interviewed",)})
    forged = encrypted_to_custodian(key, header + b"\nidentity " + canonical(planted) + b"\n")
    folder = site.tmp / "stick"
    copy = copy_kept(site, site.a, folder)
    copy.write_bytes(forged)
    with pytest.raises(IdentitiesFileDamagedError, match="not the one its signed manifest lists"):
        custodian.read_identities_file(copy, key)
    for path in beside(copy):
        path.unlink()
    alone = custodian.read_identities_file(copy, key)
    assert (alone.verified, alone.signed_by) == (False, None)
    assert alone.identities == (planted,)


def test_a_kept_file_beside_another_bundles_manifest_is_refused(
    site: Site, key: CustodianKey
) -> None:
    copy = copy_kept(site, site.a, site.tmp / "stick", manifest_of_=site.b)
    with pytest.raises(IdentitiesFileDamagedError, match="not the one its signed manifest lists"):
        custodian.read_identities_file(copy, key)


def test_a_signed_manifest_listing_other_identities_is_refused(
    site: Site, key: CustodianKey
) -> None:
    """The device's own signature over a manifest whose identities.age entry is another file
    (another size and SHA-256): the kept file is not the one signed."""
    data = bundle_of(site.a).read_bytes()
    other = dict(read_members(bundle_of(site.b).read_bytes()))["identities.age"]
    members = [(n, other if n == "identities.age" else b) for n, b in read_members(data)[2:]]
    signed = dict(read_members(resign(data, site.a.key, members=members)))
    copy = copy_kept(site, site.a, site.tmp / "stick")
    manifest_json, manifest_sig = beside(copy)
    manifest_json.write_bytes(signed["manifest.json"])
    manifest_sig.write_bytes(signed["manifest.sig"])
    with pytest.raises(IdentitiesFileDamagedError, match="not the one its signed manifest lists"):
        custodian.read_identities_file(copy, key)


def test_a_kept_file_whose_signed_manifest_describes_another_inner_header_is_refused(
    site: Site, key: CustodianKey
) -> None:
    """Signed by device A, listing exactly this file, whose inner header names device B."""
    data = bundle_of(site.a).read_bytes()
    manifest = manifest_of(data)
    header = b'fieldapp-identities/1 {"bundle_id":"%s","device":"%s","sequence":1}' % (
        str(manifest.bundle_id).encode(),
        site.b.fingerprint.encode(),
    )
    member = encrypted_to_custodian(key, header + b"\n")
    members = [(n, member if n == "identities.age" else b) for n, b in read_members(data)[2:]]
    signed = dict(read_members(resign(data, site.a.key, members=members)))
    copy = copy_kept(site, site.a, site.tmp / "stick")
    copy.write_bytes(member)
    manifest_json, manifest_sig = beside(copy)
    manifest_json.write_bytes(signed["manifest.json"])
    manifest_sig.write_bytes(signed["manifest.sig"])
    with pytest.raises(IdentitiesFileDamagedError, match="inner header is not the bundle"):
        custodian.read_identities_file(copy, key)


@pytest.mark.parametrize("damage", ["signature", "manifest", "no-signature", "no-manifest"])
def test_a_damaged_or_half_manifest_beside_a_kept_file_is_refused(
    site: Site, key: CustodianKey, damage: str
) -> None:
    copy = copy_kept(site, site.a, site.tmp / "stick")
    manifest_json, manifest_sig = beside(copy)
    if damage == "signature":
        # Another device's signature: a good signature, over another manifest.
        manifest_sig.write_bytes(beside(kept_file(site, site.b))[1].read_bytes())
    elif damage == "manifest":
        manifest_json.write_bytes(
            manifest_json.read_bytes().replace(b'"sequence":1', b'"sequence":2')
        )
    else:
        (manifest_sig if damage == "no-signature" else manifest_json).unlink()
    with pytest.raises(IdentitiesFileDamagedError):
        custodian.read_identities_file(copy, key)


def test_files_kept_before_manifests_were_kept_are_shown_not_verified(
    site: Site, key: CustodianKey
) -> None:
    for path in beside(kept_file(site, site.a)):
        path.unlink()
    found = custodian.read_identities_file(kept_file(site, site.a), key)
    assert (found.verified, found.signed_by) == (False, None)
    assert sorted(found.identities, key=_by_pseudonym) == sent_identities(site.a)
    # The bundle given whole is signed whatever is kept beside anything.
    assert custodian.read_identities_file(bundle_of(site.a), key).signed_by == site.a.fingerprint


def test_a_manifest_a_crash_left_staged_is_finished_and_verifies(
    site: Site, key: CustodianKey
) -> None:
    kept = kept_file(site, site.a)
    for path in (kept, *beside(kept)):
        path.rename(path.with_name(f".tmp-0123456789abcdef-{path.name}"))
    site.archive.ws.lock()
    site.archive.ws = Workspace.unlock(site.archive.root, PASSPHRASE)
    assert all(mode(path) == 0o600 for path in (kept, *beside(kept)))
    assert custodian.read_identities_file(kept, key).signed_by == site.a.fingerprint


# --- limits -------------------------------------------------------------------------------------


def test_a_kept_file_larger_than_the_cap_is_refused_before_it_is_read(
    site: Site, key: CustodianKey
) -> None:
    path = site.tmp / "large.age"
    with path.open("wb") as handle:
        handle.write(kept_file(site, site.a).read_bytes())
        handle.truncate(custodian.MAX_IDENTITIES_FILE_BYTES + 1)
    with pytest.raises(NotAnIdentitiesFileError, match="larger than any identities file"):
        custodian.read_identities_file(path, key)


def test_more_identities_than_the_cap_are_refused(
    site: Site, key: CustodianKey, monkeypatch: pytest.MonkeyPatch
) -> None:
    found = custodian.read_identities_file(kept_file(site, site.a), key)
    monkeypatch.setattr(custodian, "MAX_IDENTITIES", len(found.identities) - 1)
    with pytest.raises(IdentitiesFileDamagedError, match="more identities than any bundle"):
        custodian.read_identities_file(kept_file(site, site.a), key)


@pytest.mark.parametrize("what", ["fifo", "folder"])
def test_what_is_not_a_regular_file_is_refused_without_waiting(
    site: Site, key: CustodianKey, tmp_path: Path, what: str
) -> None:
    path = tmp_path / "odd.age"
    if what == "fifo":
        os.mkfifo(path)
    else:
        path.mkdir()
    with pytest.raises(NotAnIdentitiesFileError):
        custodian.read_identities_file(path, key)
    with pytest.raises(NotACustodianFileError):
        custodian.open_custodian_file(path, CUSTODIAN_PASSPHRASE)


def test_an_armored_custodian_file_without_its_final_newline_is_the_same_file(
    site: Site, tmp_path: Path
) -> None:
    # Armor may be surrounded by whitespace, or by none: the age reference's own vector
    # armor_no_eol expects success, so the stock `age` CLI opens this file too.
    data = site.archive.custodian_file.read_bytes()
    assert data.startswith(b"-----BEGIN AGE ENCRYPTED FILE-----")
    cut = tmp_path / "cut.age"
    cut.write_bytes(data.removesuffix(b"\n"))
    assert custodian.open_custodian_file(cut, CUSTODIAN_PASSPHRASE).identities
