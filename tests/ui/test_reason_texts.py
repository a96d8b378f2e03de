"""The core's refusal reasons in the app's language: every template the core refuses with is in
the catalog (``ui/reason_texts.py``) and has a finished Korean translation keeping its
placeholders; installed, Korean replaces the English reason, values are shown escaped, and
without a translator the English sentence is the core's own."""

import io
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator
from PySide6.QtWidgets import QApplication

from fieldapp import errors
from fieldapp.services import import_chain, packs
from fieldapp.services.import_report import ImportReport
from fieldapp.sync import container, manifest
from fieldapp.sync.bundle_reader import open_bundle_checking
from tests.fieldapp.test_reason_constants import placeholders, reason_templates
from ui import i18n
from ui.error_text import error_text
from ui.reason_texts import CATALOG, CONTEXT, translated_reason
from ui.views import import_report_text

KOREAN_TS = i18n.FOLDER / "fieldapp_ko.ts"
HANGUL = re.compile("[\uac00-\ud7a3]")
ENGLISH_WORD = re.compile("[A-Za-z]{3,}")
#: Left in Korean sentences on purpose: commands, file names and formats a person types or sees.
KEPT = re.compile(
    r"`[^`]*`|fieldapp device accept-gap[^)]*|fieldapp|fieldpack|allowed_signers|roster\.json"
    r"|SSH|ID|\{[a-z_]+\}"
)


@pytest.fixture
def korean(qapp: QApplication) -> Iterator[list[QTranslator]]:
    translators = i18n.install(qapp, "ko")
    yield translators
    i18n.remove(qapp, translators)


def _korean_reasons() -> dict[str, ET.Element]:
    root = ET.parse(KOREAN_TS).getroot()  # noqa: S314 - our own .ts file
    return {
        message.findtext("source", ""): message
        for context in root.iter("context")
        if context.findtext("name") == CONTEXT
        for message in context.findall("message")
    }


def _english_left(text: str) -> list[str]:
    return ENGLISH_WORD.findall(KEPT.sub("", text))


# --- the catalog follows the core ---------------------------------------------------------------


def test_every_reason_of_the_core_is_in_the_catalog():
    core = reason_templates()
    missing = sorted(core - set(CATALOG))
    assert not missing, "add to ui/reason_texts.py: " + "; ".join(missing)


def test_the_catalog_holds_no_reason_the_core_lost():
    assert len(set(CATALOG)) == len(CATALOG)
    stale = sorted(set(CATALOG) - reason_templates())
    assert not stale, f"remove from ui/reason_texts.py: {stale}"


def test_every_reason_has_a_finished_korean_translation_with_its_placeholders():
    korean = _korean_reasons()
    for template in reason_templates():
        assert template in korean, f"run packaging/translations.sh: {template!r}"
        translation = korean[template].find("translation")
        assert translation is not None, template
        assert translation.get("type") is None, template
        text = translation.text or ""
        assert HANGUL.search(text), template
        assert placeholders(text) == placeholders(template), (template, text)
        assert sorted(re.findall(r"\{\w*\}", text)) == sorted(re.findall(r"\{\w*\}", template))
        assert not _english_left(text), (template, text)


def test_a_template_english_left_alone_would_be_caught():
    assert _english_left("it comes from a revoked device") == ["comes", "from", "revoked", "device"]
    assert _english_left("`fieldapp import` {sequence} 번들 ID") == []


# --- installed, the reasons are Korean ----------------------------------------------------------


def test_every_reason_translates_and_fills_in_korean(korean):
    for template in reason_templates():
        values = {name: "7" for name in placeholders(template)}
        text = translated_reason(template, values)
        assert HANGUL.search(text), template
        assert not {"{", "}"} & set(text), text
        assert not values or "7" in text


def test_a_refused_bundle_reads_korean_through_error_text(korean):
    not_a_bundle = open_bundle_checking(io.BytesIO(b"not a bundle at all"), [])
    with pytest.raises(errors.BundleRejectedError) as refused, not_a_bundle:
        pass
    assert refused.value.reason_template == container.DAMAGED
    text = error_text(refused.value)
    assert HANGUL.search(text)
    assert refused.value.reason not in text
    assert not _english_left(text), text


def test_a_reason_showing_a_fingerprint_reads_korean_and_keeps_it(korean):
    fingerprint = "SHA256:" + "Ab3dE9xYz" * 4 + "Q12"
    refusal = errors.PackRejectedError(
        manifest.REJECTED_NOT_THE_COORDINATOR, args={"fingerprint": fingerprint}
    )
    text = error_text(refusal)
    assert text.startswith("팩이 거부되었습니다: ")
    assert fingerprint in text
    assert not _english_left(text.replace(fingerprint, "")), text


def test_a_refusal_without_a_reason_reads_korean(korean):
    assert HANGUL.search(error_text(errors.PackRejectedError()))
    assert HANGUL.search(error_text(errors.EnrolmentRequestRejectedError()))


def test_an_import_report_refusal_reads_korean(korean):
    refusal = errors.BundleRejectedError(
        import_chain.REJECTED_MISSING, args={"missing": 4}, missing=4
    )
    report = ImportReport("/media/STICK/bundle-0005.fieldbundle", sequence=5).refused(refusal)
    paragraph = import_report_text.paragraph(report)
    assert paragraph.startswith("bundle-0005.fieldbundle")
    assert "4" in paragraph
    assert refusal.reason not in paragraph
    assert not _english_left(paragraph.replace("bundle-0005.fieldbundle", "")), paragraph


# --- values are plain text; English is the core's own sentence ---------------------------------


def test_values_are_shown_escaped(qapp):
    forged = "SHA256:abc\u202eevil\nnext line"
    text = translated_reason(manifest.REJECTED_DEVICE_NOT_ENROLLED, {"fingerprint": forged})
    assert not {"\n", "\u202e"} & set(text)
    assert "SHA256:abc\\u202eevil\\nnext line" in text


def test_without_a_translator_the_sentence_is_the_cores(qapp):
    assert QCoreApplication.translate(CONTEXT, container.DAMAGED) == container.DAMAGED
    refusals = [
        errors.BundleRejectedError(import_chain.REJECTED_MISSING, args={"missing": 2}, missing=2),
        errors.PackRejectedError(packs.REJECTED_OLD_PACK, args={"sequence": 3, "applied": 4}),
        errors.EnrolmentRequestRejectedError(packs.REJECTED_A_BUNDLE),
        errors.PackRejectedError(),
        errors.EnrolmentRequestRejectedError(),
    ]
    for refusal in refusals:
        assert error_text(refusal) == refusal.message


def test_an_unknown_template_comes_back_in_english_filled(qapp):
    assert translated_reason("it is {what}.", {"what": "odd"}) == "it is odd."


def test_a_report_without_a_template_shows_its_reason_escaped(qapp):
    report = ImportReport("b.fieldbundle", reason="an old\nreason")
    assert import_report_text.refusal_reason(report) == "an old\\nreason"
