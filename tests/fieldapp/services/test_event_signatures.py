"""Custody events' signatures checked a batch at a time, half on another thread: each result is
the one checking the event on this thread gives, in the order the events were given."""

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import sshsig
from fieldapp.domain import CustodyKind, canonical_bytes
from fieldapp.services.event_signatures import BATCH, EventSignatures
from fieldapp.sync.payload import SignedEvent
from fieldapp.workspace.custody import CUSTODY_NAMESPACE

from ..domain.factories import make_custody_event

Key = ed25519.Ed25519PrivateKey


@pytest.fixture(scope="module")
def device() -> tuple[Key, ed25519.Ed25519PublicKey]:
    private = Key.generate()
    return private, private.public_key()


def _signed(private: Key, seq: int, *, namespace: str = CUSTODY_NAMESPACE) -> SignedEvent:
    event = make_custody_event(kind=CustodyKind.SEAL, payload_hash=f"{seq:064x}")
    body = canonical_bytes(event)
    return SignedEvent(event, sshsig.sign(body, private, namespace), body)


def test_results_come_in_the_order_given_across_both_halves_and_batches(
    device: tuple[Key, object],
) -> None:
    private, key = device
    other_private = Key.generate()
    events = [_signed(private, seq) for seq in range(1, 2 * 7 + 2)]
    bad = {0: _signed(other_private, 4), 6: _signed(private, 1, namespace="other@v1")}
    for index, replacement in bad.items():
        events[index] = replacement
    altered = 12
    events[altered] = dataclasses.replace(events[altered], body=events[altered].body + b" ")
    with EventSignatures(key) as signatures:
        first = signatures.check(events[:7])  # the first half (3) on the thread, 4 here
        second = signatures.check(events[7:])
        assert len(signatures) == len(events)
        results = [signatures.valid(index) for index in range(len(events))]
    assert (first + second) == bytes(results)
    assert [i for i, ok in enumerate(results) if not ok] == sorted([*bad, altered])


def test_an_event_is_valid_only_by_the_given_key(device: tuple[Key, object]) -> None:
    private, _ = device
    with EventSignatures(Key.generate().public_key()) as signatures:
        assert signatures.check([_signed(private, 1)]) == b"\x00"
    with EventSignatures(None) as signatures:
        assert signatures.check([_signed(private, 1), _signed(private, 2)]) == b"\x00\x00"


def test_a_closed_checker_takes_no_more_work(device: tuple[Key, object]) -> None:
    private, key = device
    signatures = EventSignatures(key)
    assert signatures.check([_signed(private, seq) for seq in range(1, BATCH + 1)]) == (
        b"\x01" * BATCH
    )
    signatures.close()  # an import refused: nothing hangs
    with pytest.raises(RuntimeError):
        signatures.check([_signed(private, BATCH + 1)])
