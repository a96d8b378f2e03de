"""Custody events' signatures checked on another thread: each result is the one checking the
event on this thread gives, in the order the events were added."""

import dataclasses

import pytest
from cryptography.hazmat.primitives.asymmetric import ed25519

from crypto import sshsig
from fieldapp.domain import CustodyKind, canonical_bytes
from fieldapp.services import event_signatures
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


def test_results_come_in_the_order_added_across_batches(device: tuple[Key, object]) -> None:
    private, key = device
    other_private = Key.generate()
    events = [_signed(private, seq) for seq in range(1, BATCH * 2 + 6)]
    bad = {3: _signed(other_private, 4), BATCH: _signed(private, 1, namespace="other@v1")}
    for index, replacement in bad.items():
        events[index] = replacement
    altered = BATCH * 2 + 2
    events[altered] = dataclasses.replace(events[altered], body=events[altered].body + b" ")
    with EventSignatures(key) as signatures:
        for event in events:
            signatures.add(event)
        results = [signatures.valid(index) for index in range(len(events))]
    assert [i for i, ok in enumerate(results) if not ok] == sorted([*bad, altered])


def test_an_event_is_valid_only_by_the_given_key(device: tuple[Key, object]) -> None:
    private, _ = device
    with EventSignatures(Key.generate().public_key()) as signatures:
        signatures.add(_signed(private, 1))
        assert not signatures.valid(0)
    with EventSignatures(None) as signatures:
        signatures.add(_signed(private, 1))
        assert not signatures.valid(0)


def test_closing_early_drops_checks_not_started(device: tuple[Key, object]) -> None:
    private, key = device
    signatures = EventSignatures(key)
    for seq in range(1, BATCH * 4):
        signatures.add(_signed(private, seq))
    signatures.close()  # an import refused before the chain was checked: nothing hangs
    with pytest.raises(RuntimeError):
        signatures.add(_signed(private, BATCH * 4))  # a closed checker takes no more work


def test_batches_checked_here_while_the_thread_is_behind_keep_their_order(
    device: tuple[Key, object], monkeypatch: pytest.MonkeyPatch
) -> None:
    """With one batch at most handed to the thread, the caller checks the others itself; the
    results still come in the order added (and the checker keeps only them)."""
    monkeypatch.setattr(event_signatures, "IN_FLIGHT", 1)
    private, key = device
    other_private = Key.generate()
    count = BATCH * 6 + 3
    bad = {1, BATCH + 5, BATCH * 3, BATCH * 5 + 63, count - 1}
    events = [
        _signed(other_private if index in bad else private, index + 1) for index in range(count)
    ]
    with EventSignatures(key) as signatures:
        for event in events:
            signatures.add(event)
        assert len(signatures) == count
        results = [signatures.valid(index) for index in range(count)]
    assert {i for i, ok in enumerate(results) if not ok} == bad
