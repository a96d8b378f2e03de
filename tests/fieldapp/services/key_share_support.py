"""Shares for the tests of key shares."""

from shamir_mnemonic import Share

from fieldapp.services import key_shares
from fieldapp.workspace import Workspace


def another_split(ws: Workspace, threshold: int, count: int, *, than: str) -> list[str]:
    """Shares of a new split of ``ws``'s keys, told apart from the split of the share ``than``
    by their identifiers. SLIP-39 draws a split's identifier at random from 15 bits: two splits
    that drew the same one (1 in 32,768) are told apart only once combined, by the secret's
    digest, and refused then without naming the share of the other split."""
    taken = Share.from_mnemonic(than).identifier
    while True:
        shares = key_shares.make_key_shares(ws, threshold, count)
        if Share.from_mnemonic(shares[0]).identifier != taken:
            return shares
