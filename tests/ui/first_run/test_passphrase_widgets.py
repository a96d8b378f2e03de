"""The strength meter and the new-passphrase form, alone."""

from ui.widgets.new_passphrase import NewPassphraseForm
from ui.widgets.passphrase_strength import PassphraseStrengthMeter


def test_the_meter_shows_the_score_and_the_advice(qtbot):
    meter = PassphraseStrengthMeter()
    qtbot.addWidget(meter)
    assert meter.bar.value() == 0
    assert meter.advice.text() == "Type a passphrase."

    with qtbot.waitSignal(meter.strength_changed) as changed:
        meter.update_for("river lantern copper mosaic")
    assert changed.args == [4]
    assert meter.bar.value() == 4
    assert meter.bar.format() == "Strong"
    assert meter.advice.text() == "Strong passphrase."

    meter.update_for("qwertyuiop12")
    assert meter.bar.value() == 0
    assert meter.advice.text() == "Avoid rows of keys such as qwerty; add unrelated words."


def test_the_meter_never_holds_the_passphrase(qtbot):
    meter = PassphraseStrengthMeter()
    qtbot.addWidget(meter)
    meter.update_for("river lantern copper mosaic")
    shown = [meter.bar.format(), meter.bar.text(), meter.advice.text(), meter.accessibleName()]
    assert not any("lantern" in text for text in shown)


def test_the_form_says_what_is_wrong_until_it_is_usable(qtbot):
    form = NewPassphraseForm("Passphrase")
    qtbot.addWidget(form)
    form.set_context(["Laptop 7"])

    assert form.problem() == "Too weak: Type a passphrase."
    form.passphrase.setText("laptop 7 laptop 7")
    assert form.problem().startswith("Too weak:")
    form.passphrase.setText("river lantern copper mosaic")
    assert form.problem() == "The two passphrases differ; type the same one twice."
    form.confirmation.setText("river lantern copper mosaic")
    assert form.problem() is None
    form.must_differ_from("river lantern copper mosaic")
    assert form.problem() == "This passphrase must differ from the workspace's own."
    form.clear()
    assert form.text() == ""
    assert form.confirmation.text() == ""
