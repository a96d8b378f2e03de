"""Incident validation: COI category and act type agree, places are coarse, dates in order."""

from typing import Any

import pytest

from fieldapp.domain import (
    ApproxDate,
    CountPrecision,
    Incident,
    PublicPlace,
    VictimCount,
    default_coi_category,
    validate_model,
)
from fieldapp.errors import ValidationFailedError

from .factories import as_fields, make_incident


def _refused(**changes: Any) -> str:
    with pytest.raises(ValidationFailedError) as caught:
        validate_model(Incident, {**as_fields(make_incident()), **changes})
    return str(caught.value)


def test_the_category_must_fit_the_act_type() -> None:
    assert "COI category" in _refused(act_type="torture", coi_category="A")
    assert make_incident(act_type="forced_repatriation", coi_category="C")
    # Some acts belong to several categories: sexual violence in detention or in trafficking.
    assert make_incident(act_type="sexual_violence", coi_category="C")
    assert default_coi_category("sexual_violence") == "E"


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("act_type", "jaywalking"),
        ("coi_category", "G"),
        ("perpetrator_type", "aliens"),
        ("reliability", "certain"),
        ("source_connection", "rumour"),
        ("date_end", ApproxDate.year_of(2008)),
        ("extra", 1),
    ],
)
def test_unknown_codes_and_inconsistent_values_are_refused(field: str, value: object) -> None:
    _refused(**{field: value})


def test_a_period_may_end_in_the_month_it_started() -> None:
    assert make_incident(
        date_start=ApproxDate.exact(2009, 3, 20), date_end=ApproxDate.month_of(2009, 3)
    )
    assert "ends before" in _refused(
        date_start=ApproxDate.exact(2009, 3, 20), date_end=ApproxDate.exact(2009, 3, 19)
    )


def test_public_places_name_provinces_only_in_the_dprk() -> None:
    assert PublicPlace(country="CN")
    assert PublicPlace(country="KP", province="ryanggang")
    with pytest.raises(ValidationFailedError, match="outside the DPRK"):
        validate_model(PublicPlace, {"country": "CN", "province": "ryanggang"})
    with pytest.raises(ValidationFailedError, match="province"):
        validate_model(PublicPlace, {"country": "KP", "province": "Hoeryong"})
    with pytest.raises(ValidationFailedError, match="country"):
        validate_model(PublicPlace, {"country": "kp"})


def test_victim_counts_are_positive_and_bounded() -> None:
    count = VictimCount(value=30, precision=CountPrecision.AT_LEAST)
    assert make_incident(victims=count).victims == count
    for value in (0, -1, 10**7):
        with pytest.raises(ValidationFailedError):
            validate_model(VictimCount, {"value": value, "precision": "exact"})


def test_the_public_copy_drops_the_exact_place() -> None:
    incident = make_incident(place_exact="Village 3, Onsong county")
    public = incident.public_copy()
    assert public.place_exact is None
    assert public.place_public == incident.place_public
    assert "Onsong" not in public.model_dump_json()
