"""The consent rules an import asks of the database one record at a time give the verdict
``effective_consent`` gives on the same records held together (``import_rules``)."""

from uuid import uuid4

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fieldapp.domain import effective_consent, new_pseudonym
from fieldapp.errors import BundleRejectedError, ValidationFailedError
from fieldapp.services.import_rules import REJECTED_CONSENT_RULES, check_in_force
from fieldapp.workspace import Workspace

from ..domain.factories import make_consent, make_withdrawal

WITNESSES = (new_pseudonym(), new_pseudonym())

_consents = st.lists(
    st.tuples(st.integers(1, 4), st.booleans()), max_size=4, unique_by=lambda c: c[0]
)
_withdrawals = st.lists(st.tuples(st.integers(1, 5), st.booleans()), max_size=3)


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(consents=_consents, withdrawals=_withdrawals)
def test_the_stored_records_are_judged_as_effective_consent_judges_them(
    ws: Workspace, consents: list[tuple[int, bool]], withdrawals: list[tuple[int, bool]]
) -> None:
    testimony_id = uuid4()
    records = [
        make_consent(testimony_id=testimony_id, version=version, pseudonym=WITNESSES[other])
        for version, other in consents
    ]
    taken_back = [
        make_withdrawal(
            testimony_id=testimony_id, applies_to_version=version, pseudonym=WITNESSES[other]
        )
        for version, other in withdrawals
    ]
    try:
        effective_consent(records, taken_back)
        expected = None
    except ValidationFailedError:
        expected = REJECTED_CONSENT_RULES
    ws.connection.execute("BEGIN")
    try:
        for record in records:
            ws.repository.add_consent(record)
        for withdrawal in taken_back:
            ws.repository.add_withdrawal(withdrawal)
        try:
            check_in_force(ws, testimony_id)
            found = None
        except BundleRejectedError as refusal:
            found = refusal.reason
    finally:
        ws.connection.execute("ROLLBACK")
    assert found == expected
