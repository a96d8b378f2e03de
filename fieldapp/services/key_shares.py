"""k-of-n shares of a workspace's master key (SLIP-39), and restoring the keys from them.

For an organisation that wants no one person able to open, or to lose, the archive: the master
key is split into N shares (word lists written on paper, one for each trustee), any K of which
restore the keys when the passphrase, the recovery code and the age backup are all gone.

SLIP-39 through ``shamir-mnemonic`` (the reference implementation, by the standard's author)
rather than a home-made Shamir split: the words carry a checksum each (a mistyped word is found
and its share named), the shares of one split carry a common identifier (mixed splits are
found), the secret carries a digest (a wrong combination is found), and independent tools
(Trezor's, ``shamir`` of python-shamir-mnemonic) can recombine the shares in decades' time.

What is shared is the 32-byte master key alone, as in ``keys backup``: every other key is derived
from it or kept in the database. The workspace id, which ``keys.json`` names, is no part of
any derivation; it is stored in the database (``meta``), so restoring reads it from the copy
once the master key has opened it.

Shares are key material: this module returns them and never writes, logs or prints them.
Errors name a share by its position in what was given, never by its words.

Making shares writes no custody event, as ``keys backup`` writes none: no kind fits (``ACCESS``
names a record, ``EXPORT`` a bundle), and a new kind would change the log auditors read.
"""

from collections.abc import Callable, Sequence
from pathlib import Path

import shamir_mnemonic
from shamir_mnemonic import MnemonicError, Share

from crypto import keywrap
from fieldapp.errors import (
    SameShareTwiceError,
    ShareCountError,
    ShareNotValidError,
    SharesOfAnotherWorkspaceError,
    SharesOfDifferentSplitsError,
    TooFewSharesError,
    TooManySharesError,
    WorkspaceDamagedError,
)
from fieldapp.services.backup import check_restore_folder, write_restored_keys
from fieldapp.workspace import Repository, Workspace, WorkspaceLayout
from fieldapp.workspace.database import open_database
from fieldapp.workspace.master_key import MASTER_KEY_BYTES, database_key
from fieldapp.workspace.workspace import META_WORKSPACE_ID

#: Fewer would make every share a copy of the keys: one lost paper would open the archive.
MIN_THRESHOLD = 2
#: SLIP-39's own limit (a member's index is four bits).
MAX_SHARES = 16
#: The words of a share of a 32-byte secret: 7 of metadata and checksum, 26 of value.
SHARE_WORDS = 33
#: A line is refused unread beyond this: a share's 33 words are at most 8 letters each.
MAX_SHARE_LINE_CHARS = 1024
#: SLIP-39's default (PBKDF2 at 10,000 x 2^1 iterations, a fraction of a second). The
#: threshold, not this cost, is what protects the key: a guesser holding fewer than K shares
#: has nothing to test guesses against.
ITERATION_EXPONENT = 1
#: No SLIP-39 passphrase: a second secret beside the papers would be one more thing to
#: forget, and its loss would make every share worthless; the threshold is the protection.
SLIP39_PASSPHRASE = b""


def check_share_counts(threshold: int, count: int) -> None:
    """Refuse a split that is no k-of-n sharing (said before any passphrase is asked for)."""
    if not MIN_THRESHOLD <= threshold <= count <= MAX_SHARES:
        raise ShareCountError(
            f"{threshold} of {count} shares cannot be made: shares are made {MIN_THRESHOLD} to"
            f" {MAX_SHARES} at a time, with {MIN_THRESHOLD} or more of them needed to restore"
            " the keys and no more than were made (1 needed would make each share a copy of"
            " the keys)."
        )


def make_key_shares(ws: Workspace, threshold: int, count: int) -> list[str]:
    """``count`` shares of ``ws``'s master key, ``threshold`` of which restore it: each a line
    of 33 words. Written nowhere; the caller shows them and lets go of them."""
    check_share_counts(threshold, count)
    [shares] = shamir_mnemonic.generate_mnemonics(
        1,  # one group: SLIP-39's groups of groups are more than trustees need
        [(threshold, count)],
        ws.master_key,
        passphrase=SLIP39_PASSPHRASE,
        extendable=True,
        iteration_exponent=ITERATION_EXPONENT,
    )
    return list(shares)


def _parse(line: str, position: int) -> Share:
    if len(line) > MAX_SHARE_LINE_CHARS:
        raise ShareNotValidError(position)
    try:
        share = Share.from_mnemonic(line)
    except (MnemonicError, ValueError):
        # The library's message quotes the share's first words: never shown.
        raise ShareNotValidError(position) from None
    # A valid SLIP-39 share of something else (a wallet's 20-word seed, a split in groups) is
    # not a share of a workspace's keys.
    ours = (
        len(share.value) == MASTER_KEY_BYTES
        and share.group_count == 1
        and share.group_threshold == 1
        and share.member_threshold >= MIN_THRESHOLD
    )
    if not ours:
        raise ShareNotValidError(position)
    return share


def _split_of(share: Share) -> tuple[int, bool, int, int]:
    return (share.identifier, share.extendable, share.iteration_exponent, share.member_threshold)


def _consistent_shares(lines: Sequence[str]) -> list[Share]:
    """The shares given, each checked on its own and then against share 1, in the order a
    person can act on: a mistyped word first, then a paper of another split, then a paper
    given twice."""
    if len(lines) > MAX_SHARES:
        raise TooManySharesError()
    shares = [_parse(line, position) for position, line in enumerate(lines, 1)]
    if not shares:
        raise TooFewSharesError(MIN_THRESHOLD, 0)
    first = shares[0]
    seen: dict[int, int] = {}
    for position, share in enumerate(shares, 1):
        if _split_of(share) != _split_of(first):
            raise SharesOfDifferentSplitsError(position)
        if share.index in seen:
            raise SameShareTwiceError(seen[share.index], position)
        seen[share.index] = position
    return shares


def _checked_shares(lines: Sequence[str]) -> list[Share]:
    """The shares given, consistent (``_consistent_shares``), and only then enough."""
    shares = _consistent_shares(lines)
    if len(shares) < shares[0].member_threshold:
        raise TooFewSharesError(shares[0].member_threshold, len(shares))
    return shares


def check_shares_so_far(lines: Sequence[str]) -> int:
    """How many shares restore the keys, once the shares typed so far (one a line) pass every
    check that needs no further share: each a valid share of a workspace's keys, all of one
    split, none twice. For checking each share as it is typed, so that a mistyped word is
    named by its share's position at once; ``check_shares`` then checks that they are enough
    and open the copy. Fast (checksums only: the key is not combined)."""
    return int(_consistent_shares(lines)[0].member_threshold)


def recover_master_key(lines: Sequence[str]) -> bytes:
    """The master key the shares (one a line) restore; only ``KeySharesError``s otherwise."""
    shares = _checked_shares(lines)
    # Any K of them determine the secret; more add nothing SLIP-39 would check.
    needed = shares[: shares[0].member_threshold]
    try:
        master = shamir_mnemonic.combine_mnemonics(
            [share.mnemonic() for share in needed], passphrase=SLIP39_PASSPHRASE
        )
    except (MnemonicError, ValueError):
        # Shares that pass every check above and still fail the secret's digest: papers of two
        # splits whose random identifiers happen to agree.
        raise SharesOfDifferentSplitsError() from None
    if len(master) != MASTER_KEY_BYTES:
        raise ShareNotValidError()
    return master


def _workspace_id(layout: WorkspaceLayout, master: bytes) -> str:
    """The id stored in the copy's database, which only the right master key opens."""
    try:
        connection = open_database(layout.database, database_key(master))
    except WorkspaceDamagedError:
        raise SharesOfAnotherWorkspaceError() from None
    try:
        workspace_id = Repository(connection).meta(META_WORKSPACE_ID)
    except WorkspaceDamagedError:
        raise SharesOfAnotherWorkspaceError() from None
    finally:
        connection.close()
    if not workspace_id:
        raise SharesOfAnotherWorkspaceError()
    return workspace_id


def check_shares(lines: Sequence[str], root: Path) -> None:
    """Refuse shares that do not restore the keys of the copy at ``root``, writing nothing (so
    that a person types the new passphrase only for shares that will be used)."""
    check_restore_folder(root)
    workspace_id = _workspace_id(WorkspaceLayout(root), recover_master_key(lines))
    check_restore_folder(root, workspace_id)  # a wipe of this very workspace: refused


def restore_keys_from_shares(
    lines: Sequence[str],
    root: Path,
    new_passphrase: str,
    *,
    params: keywrap.Argon2Params | None = None,
    check_new_passphrase: Callable[[str, str], None] | None = None,
) -> str:
    """Write a new keys.json for the copy at ``root`` from ``threshold`` or more shares, as
    ``backup.restore_keys`` does from a backup; return the new recovery code."""
    check_restore_folder(root)  # a mistyped folder is named before any key work
    master = recover_master_key(lines)
    layout = WorkspaceLayout(root)
    workspace_id = _workspace_id(layout, master)
    return write_restored_keys(
        root,
        master,
        workspace_id,
        new_passphrase,
        params=params,
        check_new_passphrase=check_new_passphrase,
    )
