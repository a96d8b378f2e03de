"""The words of consent: each scope's name and the plain explanation read to the witness.

English here, Korean through Qt's translation (context ``consent``). The explanations are meant
to be read aloud as they are, so they speak to the witness ("your account") in short sentences.
"""

from PySide6.QtCore import QCoreApplication

from fieldapp.domain import AnonymityWish, ConsentScope, ExplainedTopic, WithdrawalChannel
from fieldapp.domain.consent_remains import OFFICE_RECEIVER, REMOVED_HERE
from ui.reason_texts import shown


def scope_title(scope: ConsentScope, *, to_witness: bool = False) -> str:
    """A use's name; ``to_witness``: as read to the witness on the consent form, where
    recontact is "contacting you again" (everywhere else it is the witness who is contacted)."""
    if scope is ConsentScope.RECONTACT and not to_witness:
        return QCoreApplication.translate("consent", "Contacting the witness again")
    titles = {
        ConsentScope.ARCHIVE: QCoreApplication.translate("consent", "Keep in the archive"),
        ConsentScope.UN_REPORTING: QCoreApplication.translate(
            "consent", "Reporting to the United Nations"
        ),
        ConsentScope.ACCOUNTABILITY: QCoreApplication.translate(
            "consent", "Courts and accountability"
        ),
        ConsentScope.PUBLIC_MEDIA: QCoreApplication.translate(
            "consent", "Publications and the press"
        ),
        ConsentScope.RESEARCH: QCoreApplication.translate("consent", "Research"),
        ConsentScope.RECONTACT: QCoreApplication.translate("consent", "Contacting you again"),
    }
    return titles[scope]


def scope_explanation(scope: ConsentScope) -> str:
    explanations = {
        ConsentScope.ARCHIVE: QCoreApplication.translate(
            "consent",
            "Your account will be kept, encrypted and locked, in our organisation's archive so "
            "that it is not lost. Only a few named staff can read it.",
        ),
        ConsentScope.UN_REPORTING: QCoreApplication.translate(
            "consent",
            "We may pass your account, without your name, to the United Nations, for example "
            "to the Special Rapporteur on North Korea or in reports to the Human Rights "
            "Council, so that they know what happened.",
        ),
        ConsentScope.ACCOUNTABILITY: QCoreApplication.translate(
            "consent",
            "Your account may be given to courts or other bodies that try to hold those "
            "responsible to account, such as the International Criminal Court. They might ask "
            "to speak with you.",
        ),
        ConsentScope.PUBLIC_MEDIA: QCoreApplication.translate(
            "consent",
            "Parts of your account may appear in public reports, in the press or in campaigns, "
            "without your name and without details that would let anyone recognise you.",
        ),
        ConsentScope.RESEARCH: QCoreApplication.translate(
            "consent",
            "Researchers from our organisation or its partners may study your account, without "
            "your name, to understand what happened across many testimonies.",
        ),
        ConsentScope.RECONTACT: QCoreApplication.translate(
            "consent",
            "We may contact you again later, to ask a question or to tell you how your account "
            "was used. We will only use the contact you give us.",
        ),
    }
    return explanations[scope]


def topic_text(topic: ExplainedTopic) -> str:
    texts = {
        ExplainedTopic.PURPOSE: QCoreApplication.translate(
            "consent", "The purpose of the interview"
        ),
        ExplainedTopic.USES: QCoreApplication.translate(
            "consent", "Each use above, and who would see the account"
        ),
        ExplainedTopic.RISKS: QCoreApplication.translate(
            "consent", "The risks to the witness and their family"
        ),
        ExplainedTopic.VOLUNTARY: QCoreApplication.translate(
            "consent", "That taking part is voluntary and no help depends on it"
        ),
        ExplainedTopic.RIGHT_TO_WITHDRAW: QCoreApplication.translate(
            "consent", "The right to withdraw consent at any time"
        ),
        ExplainedTopic.HOW_TO_WITHDRAW: QCoreApplication.translate(
            "consent", "How to withdraw consent"
        ),
        ExplainedTopic.ANONYMITY: QCoreApplication.translate(
            "consent", "How the witness's anonymity is protected"
        ),
        ExplainedTopic.STORAGE_AND_SECURITY: QCoreApplication.translate(
            "consent", "How the account is stored and secured"
        ),
    }
    return texts[topic]


def anonymity_text(wish: AnonymityWish) -> str:
    texts = {
        AnonymityWish.ANONYMOUS: QCoreApplication.translate(
            "consent", "Anonymous: never named or recognisable"
        ),
        AnonymityWish.NAMED_CONFIDENTIALLY: QCoreApplication.translate(
            "consent", "Named only to bodies bound to confidence"
        ),
        AnonymityWish.NAMED_PUBLICLY: QCoreApplication.translate(
            "consent", "May be named publicly"
        ),
    }
    return texts[wish]


def channel_text(channel: WithdrawalChannel) -> str:
    texts = {
        WithdrawalChannel.IN_PERSON: QCoreApplication.translate("consent", "In person"),
        WithdrawalChannel.PHONE: QCoreApplication.translate("consent", "By phone"),
        WithdrawalChannel.MESSAGE: QCoreApplication.translate("consent", "By message"),
        WithdrawalChannel.LETTER: QCoreApplication.translate("consent", "By letter"),
        WithdrawalChannel.THROUGH_THIRD_PARTY: QCoreApplication.translate(
            "consent", "Through someone else"
        ),
    }
    return texts[channel]


def person_text(name: str) -> str:
    """Who took a consent or received a withdrawal, as shown: a name a purge removed from this
    laptop, or the office a withdrawal pack names, is said in the reader's language."""
    if name == REMOVED_HERE:
        return QCoreApplication.translate("ConsentSection", "(removed from this laptop)")
    if name == OFFICE_RECEIVER:
        return QCoreApplication.translate("ConsentSection", "the organisation's office")
    return shown(name)
