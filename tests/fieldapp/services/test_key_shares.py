"""k-of-n SLIP-39 shares of a workspace's master key, and restoring its keys from them: real
workspaces, real shares (shamir-mnemonic), nothing mocked."""

import itertools
import shutil
from pathlib import Path

import pytest
import shamir_mnemonic
from hypothesis import given, settings
from hypothesis import strategies as st
from shamir_mnemonic.wordlist import WORDLIST

from fieldapp.errors import (
    KeySharesError,
    SameShareTwiceError,
    ShareCountError,
    ShareNotValidError,
    SharesOfAnotherWorkspaceError,
    SharesOfDifferentSplitsError,
    TooFewSharesError,
    TooManySharesError,
    ValidationFailedError,
    WorkspaceExistsError,
    WrongPassphraseError,
)
from fieldapp.services import key_shares, records, setup_checks
from fieldapp.workspace import Role, Workspace
from tests.fieldapp.services.key_share_support import another_split
from tests.fieldapp.workspace.support import (
    PARAMS,
    PASSPHRASE,
    CreatedWorkspace,
    create_workspace,
    file_snapshot,
    new_testimony,
)

NEW_PASSPHRASE = "seven trustees keep the papers 칠"


@pytest.fixture
def sealed(created: CreatedWorkspace) -> CreatedWorkspace:
    """The workspace, holding one sealed testimony."""
    testimony, consent = new_testimony()
    records.create_testimony(created.workspace, testimony, [consent])
    records.seal_testimony(created.workspace, testimony.id)
    return created


def _copy_without_keys(created: CreatedWorkspace, folder: Path) -> Path:
    """What a trustee restores into: the workspace's files, its keys.json gone."""
    created.workspace.lock()
    copy = folder / "copy"
    shutil.copytree(created.root, copy)
    (copy / "keys.json").unlink()
    (copy / "unlock-attempts.json").unlink(missing_ok=True)
    return copy


def _restore(lines: list[str], copy: Path) -> str:
    return key_shares.restore_keys_from_shares(lines, copy, NEW_PASSPHRASE, params=PARAMS)


def _other_word(word: str) -> str:
    return WORDLIST[(WORDLIST.index(word) + 1) % len(WORDLIST)]


def _replace_word(share: str, index: int, word: str) -> str:
    words = share.split()
    words[index] = word
    return " ".join(words)


# -- making them -----------------------------------------------------------------------------


def test_shares_are_33_words_and_any_k_of_n_give_back_the_master_key(ws: Workspace) -> None:
    shares = key_shares.make_key_shares(ws, 3, 5)
    assert len(shares) == 5
    assert len(set(shares)) == 5
    assert all(len(share.split()) == key_shares.SHARE_WORDS for share in shares)
    for chosen in itertools.combinations(shares, 3):
        assert key_shares.recover_master_key(list(chosen)) == ws.master_key
    for chosen in itertools.permutations(shares[:3]):
        assert key_shares.recover_master_key(list(chosen)) == ws.master_key
    # More than needed also restores.
    assert key_shares.recover_master_key(shares) == ws.master_key


def test_two_runs_make_different_splits(ws: Workspace) -> None:
    first = key_shares.make_key_shares(ws, 2, 3)
    second = key_shares.make_key_shares(ws, 2, 3)
    assert not set(first) & set(second)
    assert key_shares.recover_master_key(second[1:]) == ws.master_key


@pytest.mark.parametrize(("threshold", "count"), [(2, 2), (16, 16), (2, 16), (15, 16)])
def test_the_bounds_that_are_allowed(ws: Workspace, threshold: int, count: int) -> None:
    shares = key_shares.make_key_shares(ws, threshold, count)
    assert len(shares) == count
    assert key_shares.recover_master_key(shares[-threshold:]) == ws.master_key


@pytest.mark.parametrize(
    ("threshold", "count"),
    [(1, 1), (1, 5), (0, 3), (-1, 3), (3, 2), (2, 17), (17, 17), (17, 16), (2, 0)],
)
def test_the_bounds_that_are_refused(ws: Workspace, threshold: int, count: int) -> None:
    with pytest.raises(ShareCountError) as refused:
        key_shares.check_share_counts(threshold, count)
    assert f"{threshold} of {count} shares cannot be made" in str(refused.value)
    with pytest.raises(ShareCountError):
        key_shares.make_key_shares(ws, threshold, count)


# -- restoring ----------------------------------------------------------------------------------


def test_any_k_restore_a_copy_that_opens_with_the_new_passphrase_and_holds_the_same_records(
    sealed: CreatedWorkspace, tmp_path: Path
) -> None:
    ws = sealed.workspace
    shares = key_shares.make_key_shares(ws, 3, 5)
    [summary] = records.list_testimonies(ws)
    record = records.get_record(ws, summary.id)
    workspace_id, public_key = ws.workspace_id, ws.public_key
    copy = _copy_without_keys(sealed, tmp_path)

    code = _restore([shares[4], shares[0], shares[2]], copy)

    assert code != sealed.recovery_code
    with pytest.raises(WrongPassphraseError):
        Workspace.unlock(copy, PASSPHRASE)
    for opener in (
        lambda: Workspace.unlock(copy, NEW_PASSPHRASE),
        lambda: Workspace.unlock_with_recovery_code(copy, code),
    ):
        with opener() as restored:
            assert restored.workspace_id == workspace_id
            assert restored.public_key == public_key
            assert records.get_record(restored, summary.id) == record


def test_fewer_than_the_threshold_are_refused_saying_how_many(
    created: CreatedWorkspace, tmp_path: Path
) -> None:
    shares = key_shares.make_key_shares(created.workspace, 3, 5)
    copy = _copy_without_keys(created, tmp_path)
    before = file_snapshot(copy)
    with pytest.raises(TooFewSharesError) as refused:
        _restore(shares[1:3], copy)
    assert str(refused.value) == "3 shares are needed; 2 were given. Nothing was written."
    with pytest.raises(TooFewSharesError, match="3 shares are needed; 1 was given"):
        _restore(shares[:1], copy)
    with pytest.raises(TooFewSharesError):
        _restore([], copy)
    assert file_snapshot(copy) == before


def test_a_changed_word_anywhere_is_refused_naming_the_share_not_its_words(
    ws: Workspace,
) -> None:
    shares = key_shares.make_key_shares(ws, 3, 5)
    for index in range(key_shares.SHARE_WORDS):
        changed = _replace_word(shares[1], index, _other_word(shares[1].split()[index]))
        with pytest.raises(ShareNotValidError) as refused:
            key_shares.recover_master_key([shares[0], changed, shares[2]])
        assert refused.value.position == 2
        # A fixed sentence: not one of the share's words is echoed back.
        assert str(refused.value) == (
            "Share 2 is not a valid share of a workspace's keys (a word may be mistyped, missing"
            " or out of place); nothing was written."
        )


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda words: [*words[:5], "notaword", *words[6:]], id="unknown-word"),
        pytest.param(lambda words: words[:-1], id="missing-word"),
        pytest.param(lambda words: [*words, words[0]], id="extra-word"),
        pytest.param(lambda words: [words[1], words[0], *words[2:]], id="swapped"),
        pytest.param(lambda words: words[:20], id="cut-short"),
        pytest.param(lambda words: ["x" * 2000], id="too-long"),
    ],
)
def test_a_damaged_share_is_refused_by_its_position(ws: Workspace, damage) -> None:
    shares = key_shares.make_key_shares(ws, 2, 3)
    bad = " ".join(damage(shares[2].split()))
    with pytest.raises(ShareNotValidError) as refused:
        key_shares.recover_master_key([shares[0], shares[1], bad])
    assert refused.value.position == 3


def test_words_in_another_case_and_spacing_are_read(ws: Workspace) -> None:
    shares = key_shares.make_key_shares(ws, 2, 2)
    loose = "  " + "\t ".join(shares[0].upper().split()) + " "
    assert key_shares.recover_master_key([loose, shares[1]]) == ws.master_key


def test_a_valid_slip39_share_of_something_else_is_refused(ws: Workspace) -> None:
    # A wallet's 128-bit seed, and a split in two groups: valid SLIP-39, not a workspace's keys.
    [wallet] = shamir_mnemonic.generate_mnemonics(1, [(2, 3)], bytes(range(16)))
    grouped = shamir_mnemonic.generate_mnemonics(2, [(2, 2), (2, 2)], ws.master_key)
    for foreign in (wallet, [*grouped[0], *grouped[1]]):
        with pytest.raises(ShareNotValidError) as refused:
            key_shares.recover_master_key(foreign)
        assert refused.value.position == 1


def test_shares_of_two_splits_are_refused_naming_the_first_of_the_other(ws: Workspace) -> None:
    first = key_shares.make_key_shares(ws, 3, 5)
    second = another_split(ws, 3, 5, than=first[0])
    with pytest.raises(SharesOfDifferentSplitsError) as refused:
        key_shares.recover_master_key([first[0], first[1], second[2]])
    assert refused.value.position == 3
    assert str(refused.value).startswith("Share 3 is of another split of the keys than share 1")
    # A split with another threshold, too.
    other = key_shares.make_key_shares(ws, 2, 5)
    with pytest.raises(SharesOfDifferentSplitsError):
        key_shares.recover_master_key([first[0], other[1], first[2]])


def test_the_same_share_twice_is_refused(ws: Workspace) -> None:
    shares = key_shares.make_key_shares(ws, 3, 5)
    with pytest.raises(SameShareTwiceError) as refused:
        key_shares.recover_master_key([shares[0], shares[3], shares[0], shares[1]])
    assert str(refused.value) == "Shares 1 and 3 are the same share; nothing was written."
    # Typed again in other capitals, it is still the same share.
    with pytest.raises(SameShareTwiceError):
        key_shares.recover_master_key([shares[0], shares[1], shares[1].upper()])


def test_more_than_sixteen_lines_are_refused(ws: Workspace) -> None:
    shares = key_shares.make_key_shares(ws, 2, 16)
    with pytest.raises(TooManySharesError):
        key_shares.recover_master_key([*shares, shares[0]])


def test_shares_of_another_workspace_are_refused_and_nothing_is_written(
    created: CreatedWorkspace, tmp_path: Path
) -> None:
    other = create_workspace(tmp_path / "other")
    foreign = key_shares.make_key_shares(other.workspace, 2, 3)
    other.workspace.lock()
    copy = _copy_without_keys(created, tmp_path)
    before = file_snapshot(copy)
    with pytest.raises(SharesOfAnotherWorkspaceError):
        key_shares.check_shares(foreign[:2], copy)
    with pytest.raises(SharesOfAnotherWorkspaceError):
        _restore(foreign[:2], copy)
    assert not (copy / "keys.json").exists()
    assert file_snapshot(copy) == before


def test_restore_over_existing_keys_is_refused(created: CreatedWorkspace) -> None:
    shares = key_shares.make_key_shares(created.workspace, 2, 2)
    created.workspace.lock()
    before = file_snapshot(created.root)
    with pytest.raises(WorkspaceExistsError):
        _restore(shares, created.root)
    assert file_snapshot(created.root) == before


def test_the_new_passphrase_is_weighed_against_the_label(tmp_path: Path) -> None:
    ws, _ = Workspace.create(
        tmp_path / "ws", PASSPHRASE, Role.ARCHIVE, label="Kestrel Notebook Harbour", params=PARAMS
    )
    created = CreatedWorkspace(ws, "")
    shares = key_shares.make_key_shares(ws, 2, 2)
    copy = _copy_without_keys(created, tmp_path)
    with pytest.raises(ValidationFailedError):
        key_shares.restore_keys_from_shares(
            shares,
            copy,
            "kestrel notebook harbour 7",
            params=PARAMS,
            check_new_passphrase=setup_checks.check_new_passphrase,
        )
    assert not (copy / "keys.json").exists()


# -- untrusted lines ----------------------------------------------------------------------------

_WORD_LINES = st.lists(st.sampled_from(WORDLIST), min_size=0, max_size=40).map(" ".join)
_ANY_LINES = st.one_of(_WORD_LINES, st.text(max_size=400))


@settings(max_examples=300, deadline=None)
@given(st.lists(_ANY_LINES, max_size=18))
def test_random_lines_never_crash(lines: list[str]) -> None:
    with pytest.raises(KeySharesError):
        key_shares.recover_master_key(lines)


def test_real_shares_mixed_with_anything_give_the_key_or_a_share_error(ws: Workspace) -> None:
    pool = [*key_shares.make_key_shares(ws, 2, 4), *key_shares.make_key_shares(ws, 3, 3)]
    latin = st.binary(max_size=200).map(lambda raw: raw.decode("latin-1"))
    line = st.one_of(st.sampled_from(pool), _ANY_LINES, latin)

    @settings(max_examples=200, deadline=None)
    @given(st.lists(line, max_size=8))
    def recover(lines: list[str]) -> None:
        try:
            master = key_shares.recover_master_key(lines)
        except KeySharesError:
            return
        assert master == ws.master_key

    recover()


# -- checking each share as it is typed -------------------------------------------------------


def test_shares_so_far_say_how_many_are_needed_and_accept_fewer(ws: Workspace) -> None:
    shares = key_shares.make_key_shares(ws, 3, 5)
    assert key_shares.check_shares_so_far(shares[:1]) == 3
    assert key_shares.check_shares_so_far(shares[:2]) == 3  # too few is not refused yet
    assert key_shares.check_shares_so_far(shares) == 3
    assert key_shares.check_shares_so_far(key_shares.make_key_shares(ws, 2, 2)[:1]) == 2
    with pytest.raises(TooFewSharesError):
        key_shares.check_shares_so_far([])


def test_shares_so_far_name_the_bad_share_by_its_position(ws: Workspace) -> None:
    shares = key_shares.make_key_shares(ws, 3, 5)
    other = another_split(ws, 3, 5, than=shares[0])
    mistyped = _replace_word(shares[1], 7, _other_word(shares[1].split()[7]))
    with pytest.raises(ShareNotValidError) as refused:
        key_shares.check_shares_so_far([shares[0], mistyped])
    assert refused.value.position == 2
    # The sentence alone, with no word of the share: compared whole, for the replaced word may
    # be an English word of the sentence itself ("valid" is one of SLIP-39's 1,024).
    assert str(refused.value) == str(ShareNotValidError(2))
    with pytest.raises(SharesOfDifferentSplitsError) as refused_split:
        key_shares.check_shares_so_far([shares[0], other[1]])
    assert refused_split.value.position == 2
    with pytest.raises(SameShareTwiceError):
        key_shares.check_shares_so_far([shares[0], shares[1], shares[0]])
    with pytest.raises(TooManySharesError):
        key_shares.check_shares_so_far([shares[0]] * (key_shares.MAX_SHARES + 1))
