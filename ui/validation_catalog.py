"""The catalog of ``ui/validation_texts.py``: every template, phrase, model name and field name
the core builds a ValidationFailedError's sentence from, marked for ``lupdate`` (a context only
as a literal, so each entry spells it) so that ``fieldapp_ko.ts`` holds it.

``tests/ui/test_validation_texts.py`` fails when the core has one this catalog lacks, or one
without a Korean translation. ``SUBJECTS`` and ``FIELDS`` were generated from the models with
the script in that test's docstring.
"""

from PySide6.QtCore import QT_TRANSLATE_NOOP

#: Joins a field to the field it is in: ``narrative`` and ``redactions[1]``.
FIELD_IN_FIELD = QT_TRANSLATE_NOOP("validation", "{outer}.{inner}")

#: Every template the core raises a ValidationFailedError with (outside the command line, whose
#: own errors stay English), as the raise sites spell it, grouped by module.
TEMPLATES: tuple[str, ...] = (
    # fieldapp.errors
    QT_TRANSLATE_NOOP("validation", "The data is not valid."),
    QT_TRANSLATE_NOOP("validation", "({more} more problem.)"),
    QT_TRANSLATE_NOOP("validation", "({more} more problems.)"),
    # fieldapp.domain.base
    QT_TRANSLATE_NOOP("validation", "The {subject} is not valid."),
    QT_TRANSLATE_NOOP("validation", "The {subject} is not valid: the field {field} {phrase}."),
    QT_TRANSLATE_NOOP("validation", "The {subject} is not valid: it {phrase}."),
    QT_TRANSLATE_NOOP("validation", "The {subject} is not valid: a field appears twice."),
    # fieldapp.domain.canonical
    QT_TRANSLATE_NOOP(
        "validation", "The {subject} is not in canonical form; it may have been altered."
    ),
    # fieldapp.domain.consent
    QT_TRANSLATE_NOOP(
        "validation",
        "The consent versions are incomplete or repeated; a version may be missing.",
    ),
    QT_TRANSLATE_NOOP("validation", "A withdrawal refers to a consent version that is missing."),
    QT_TRANSLATE_NOOP(
        "validation", "The consent records belong to more than one testimony or witness."
    ),
    QT_TRANSLATE_NOOP("validation", "A consent withdrawal was given without the consent."),
    # fieldapp.domain.lifecycle
    QT_TRANSLATE_NOOP(
        "validation", "The field {field} is set by the program and cannot be changed."
    ),
    # fieldapp.domain.vocabulary
    QT_TRANSLATE_NOOP("validation", "The vocabulary {vocabulary} is missing."),
    QT_TRANSLATE_NOOP("validation", "The vocabulary {vocabulary} is not one this program uses."),
    QT_TRANSLATE_NOOP(
        "validation",
        "The vocabulary {vocabulary} version {version} is not newer than the one in use.",
    ),
    QT_TRANSLATE_NOOP(
        "validation",
        "The vocabulary {vocabulary} version {version} drops codes that records may use.",
    ),
    QT_TRANSLATE_NOOP("validation", "The code is not in the vocabulary {vocabulary}."),
    QT_TRANSLATE_NOOP("validation", "The vocabulary {vocabulary} lacks codes the program needs."),
    QT_TRANSLATE_NOOP("validation", "An act type has no COI category."),
    QT_TRANSLATE_NOOP(
        "validation",
        "The vocabulary {vocabulary} gives COI categories, which only act types have.",
    ),
    QT_TRANSLATE_NOOP("validation", "An act type names an unknown COI category."),
    QT_TRANSLATE_NOOP("validation", "An act type names a COI category twice."),
    # fieldapp.services.archive
    QT_TRANSLATE_NOOP(
        "validation",
        "An archive needs a custodian: give --custodian-recipient, or --custodian-out FILE.",
    ),
    QT_TRANSLATE_NOOP("validation", "The custodian file needs a passphrase."),
    QT_TRANSLATE_NOOP(
        "validation",
        "The custodian recipients must be post-quantum (age1pq1…), like the archive's keys (age"
        " forbids mixing the two kinds in one file).",
    ),
    QT_TRANSLATE_NOOP(
        "validation",
        "The custodian recipients must be classic (age1…), like the archive's keys (age forbids"
        " mixing the two kinds in one file).",
    ),
    QT_TRANSLATE_NOOP("validation", "A custodian recipient is given twice."),
    QT_TRANSLATE_NOOP(
        "validation", "A custodian recipient is not an age recipient (age1… or age1pq1…)."
    ),
    # fieldapp.services.backup
    QT_TRANSLATE_NOOP("validation", "The file is not a fieldapp key backup."),
    QT_TRANSLATE_NOOP(
        "validation",
        "A key backup cannot go into the workspace's own folder: the emergency wipe would leave"
        " it there. Write it to a USB drive.",
    ),
    # fieldapp.services.documents
    QT_TRANSLATE_NOOP("validation", "The document is too large."),
    QT_TRANSLATE_NOOP("validation", "The document must be a JSON object."),
    QT_TRANSLATE_NOOP("validation", "A new testimony gets its own {keys}; remove them."),
    QT_TRANSLATE_NOOP("validation", "The document is not valid: a field appears twice."),
    QT_TRANSLATE_NOOP("validation", "The withdrawals must be a list."),
    QT_TRANSLATE_NOOP("validation", "The consents must be a list."),
    QT_TRANSLATE_NOOP("validation", "The identity must be a JSON object."),
    QT_TRANSLATE_NOOP("validation", "The changes must be a JSON object."),
    QT_TRANSLATE_NOOP("validation", "The document is not valid JSON."),
    QT_TRANSLATE_NOOP("validation", "Each withdrawal must be a JSON object."),
    QT_TRANSLATE_NOOP("validation", "Each consent must be a JSON object."),
    # fieldapp.services.enrolment
    QT_TRANSLATE_NOOP("validation", "The last good sequence is 0 or more."),
    QT_TRANSLATE_NOOP(
        "validation",
        "This laptop's label {phrase}: an enrolment request cannot carry it; nothing was written.",
    ),
    QT_TRANSLATE_NOOP("validation", "The reason is 1 to {most} characters."),
    QT_TRANSLATE_NOOP("validation", "The reason must be one plain line."),
    # fieldapp.services.pack_resend
    QT_TRANSLATE_NOOP(
        "validation", "This device was sent packs 1 to {sent}; there is no pack {first}."
    ),
    # fieldapp.services.passphrase_strength
    QT_TRANSLATE_NOOP("validation", "The passphrase is too weak. {advice}"),
    # fieldapp.services.records
    QT_TRANSLATE_NOOP("validation", "A new testimony starts at version 1."),
    QT_TRANSLATE_NOOP("validation", "The identity belongs to another pseudonym."),
    QT_TRANSLATE_NOOP("validation", "A testimony with this id already exists."),
    QT_TRANSLATE_NOOP("validation", "A consent record belongs to another testimony or witness."),
    QT_TRANSLATE_NOOP(
        "validation", "The consent's evidence must be a file attached to this testimony."
    ),
    QT_TRANSLATE_NOOP(
        "validation",
        "The withdrawal names consent version {named}, but the consent in force is version"
        " {latest}; nothing was recorded. Withdraw from the consent in force.",
    ),
    QT_TRANSLATE_NOOP("validation", "The next consent version is {expected}."),
    # fieldapp.services.setup
    QT_TRANSLATE_NOOP("validation", "Set-up makes a field device or an archive only."),
    QT_TRANSLATE_NOOP("validation", "An archive needs a custodian file and its passphrase."),
    QT_TRANSLATE_NOOP("validation", "Only an archive has a custodian."),
    QT_TRANSLATE_NOOP(
        "validation",
        "The passphrase must not hold line ends, tabs or other control characters.",
    ),
    QT_TRANSLATE_NOOP("validation", "The passphrase is at most {most} bytes of UTF-8 text."),
    QT_TRANSLATE_NOOP(
        "validation",
        "The custodian's passphrase must differ from the archive's; nothing was made.",
    ),
    QT_TRANSLATE_NOOP(
        "validation",
        "The custodian file must be kept apart from the archive, not inside its folder.",
    ),
    QT_TRANSLATE_NOOP("validation", "The label is at most {most} characters."),
    QT_TRANSLATE_NOOP("validation", "The custodian's passphrase is too weak; nothing was made."),
    QT_TRANSLATE_NOOP("validation", "The label {phrase}; choose another."),
    # fieldapp.services.standing
    QT_TRANSLATE_NOOP(
        "validation",
        "No bundle is numbered above {most}: the gap must end before it; nothing was changed.",
    ),
    QT_TRANSLATE_NOOP(
        "validation",
        "No bundle is numbered above {most}: the gap must end at or before it; nothing was"
        " changed.",
    ),
    # fieldapp.workspace.repository
    QT_TRANSLATE_NOOP(
        "validation", "The testimony is not in canonical form; it may have been altered."
    ),
    # fieldapp.workspace.testimony_queries
    QT_TRANSLATE_NOOP("validation", "A date and time must say its time zone."),
    # fieldapp.workspace.workspace
    QT_TRANSLATE_NOOP(
        "validation",
        "The passphrase holds characters that are not text (is the terminal set to another"
        " encoding?); it was not tried.",
    ),
    QT_TRANSLATE_NOOP("validation", "The passphrase cannot be used: it must not be empty."),
)

#: What is wrong with a field: pydantic's problems as ``fieldapp.domain.base`` names them, and
#: the phrases of the models' own validators (and of a laptop's label), by module.
PHRASES: tuple[str, ...] = (
    # fieldapp.domain.base
    QT_TRANSLATE_NOOP("validation phrases", "cannot be changed"),
    QT_TRANSLATE_NOOP("validation phrases", "contains characters that are not valid text"),
    QT_TRANSLATE_NOOP("validation phrases", "has too few items"),
    QT_TRANSLATE_NOOP("validation phrases", "has too many items"),
    QT_TRANSLATE_NOOP("validation phrases", "is empty or too short"),
    QT_TRANSLATE_NOOP("validation phrases", "is missing"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a field of this record"),
    QT_TRANSLATE_NOOP("validation phrases", "is not in the expected form"),
    QT_TRANSLATE_NOOP("validation phrases", "is not one of the allowed values"),
    QT_TRANSLATE_NOOP("validation phrases", "is not valid JSON"),
    QT_TRANSLATE_NOOP("validation phrases", "is too large"),
    QT_TRANSLATE_NOOP("validation phrases", "is too long"),
    QT_TRANSLATE_NOOP("validation phrases", "is too small"),
    QT_TRANSLATE_NOOP("validation phrases", "must include a time zone"),
    QT_TRANSLATE_NOOP("validation phrases", "has the wrong type"),
    QT_TRANSLATE_NOOP("validation phrases", "is not valid"),
    QT_TRANSLATE_NOOP("validation phrases", "holds a non-finite number"),
    # fieldapp.domain.attachment
    QT_TRANSLATE_NOOP("validation phrases", "has a media type that does not fit its kind"),
    # fieldapp.domain.custody
    QT_TRANSLATE_NOOP(
        "validation phrases", "must start its chain exactly when it is the first event"
    ),
    QT_TRANSLATE_NOOP("validation phrases", "must name the record it is about"),
    QT_TRANSLATE_NOOP("validation phrases", "must name the bundle it is about"),
    QT_TRANSLATE_NOOP("validation phrases", "gives a record version without a record"),
    # fieldapp.domain.dates
    QT_TRANSLATE_NOOP("validation phrases", "has a day although only the month is known"),
    QT_TRANSLATE_NOOP("validation phrases", "has a month or day although only the year is known"),
    # fieldapp.domain.fields
    QT_TRANSLATE_NOOP("validation phrases", "contains control characters"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a plausible time"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known act type"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known COI category"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known perpetrator type"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known date precision"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known reliability grade"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known source connection"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known recording mode"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known consent method"),
    QT_TRANSLATE_NOOP("validation phrases", "is not a known DPRK province"),
    # fieldapp.domain.incident
    QT_TRANSLATE_NOOP("validation phrases", "names a DPRK province for a place outside the DPRK"),
    QT_TRANSLATE_NOOP("validation phrases", "has a COI category that does not fit its act type"),
    QT_TRANSLATE_NOOP("validation phrases", "ends before it starts"),
    # fieldapp.domain.narrative
    QT_TRANSLATE_NOOP("validation phrases", "ends where it starts or before"),
    QT_TRANSLATE_NOOP(
        "validation phrases", "has a redaction span that runs past the end of the text"
    ),
    QT_TRANSLATE_NOOP("validation phrases", "has redaction spans that overlap"),
    # fieldapp.domain.pseudonym
    QT_TRANSLATE_NOOP(
        "validation phrases", "is not a pseudonym code in canonical form (like W-7KQ2-M9X7)"
    ),
    # fieldapp.domain.testimony
    QT_TRANSLATE_NOOP(
        "validation phrases",
        "must point at the version it amends exactly when it is not the first",
    ),
    QT_TRANSLATE_NOOP("validation phrases", "must amend the previous version of the same record"),
    QT_TRANSLATE_NOOP("validation phrases", "has two incidents with the same id"),
    # fieldapp.domain.vocabulary
    QT_TRANSLATE_NOOP("validation phrases", "has a code that appears twice"),
    # fieldapp.sync.enrolment (a laptop's label)
    QT_TRANSLATE_NOOP("validation phrases", "has spaces at its start or end"),
    QT_TRANSLATE_NOOP("validation phrases", "contains a line break"),
    QT_TRANSLATE_NOOP("validation phrases", "contains invisible formatting characters"),
    QT_TRANSLATE_NOOP(
        "validation phrases",
        "holds more than 12 digits, or more than 4 in a row (it could pass for a fingerprint)",
    ),
)

#: The models' names (``fieldapp.domain.base.human_name``), generated from every DomainModel.
SUBJECTS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("validation subjects", "accepted gap entry"),
    QT_TRANSLATE_NOOP("validation subjects", "approx date"),
    QT_TRANSLATE_NOOP("validation subjects", "attachment"),
    QT_TRANSLATE_NOOP("validation subjects", "consent record"),
    QT_TRANSLATE_NOOP("validation subjects", "consent withdrawal"),
    QT_TRANSLATE_NOOP("validation subjects", "contact point"),
    QT_TRANSLATE_NOOP("validation subjects", "coordinator key"),
    QT_TRANSLATE_NOOP("validation subjects", "custody event"),
    QT_TRANSLATE_NOOP("validation subjects", "device keys"),
    QT_TRANSLATE_NOOP("validation subjects", "enrolment payload"),
    QT_TRANSLATE_NOOP("validation subjects", "enrolment request"),
    QT_TRANSLATE_NOOP("validation subjects", "enrolment request body"),
    QT_TRANSLATE_NOOP("validation subjects", "family member"),
    QT_TRANSLATE_NOOP("validation subjects", "incident"),
    QT_TRANSLATE_NOOP("validation subjects", "known place"),
    QT_TRANSLATE_NOOP("validation subjects", "manifest"),
    QT_TRANSLATE_NOOP("validation subjects", "manifest member"),
    QT_TRANSLATE_NOOP("validation subjects", "minor consent"),
    QT_TRANSLATE_NOOP("validation subjects", "narrative"),
    QT_TRANSLATE_NOOP("validation subjects", "public place"),
    QT_TRANSLATE_NOOP("validation subjects", "receipt payload"),
    QT_TRANSLATE_NOOP("validation subjects", "received bundle"),
    QT_TRANSLATE_NOOP("validation subjects", "received record"),
    QT_TRANSLATE_NOOP("validation subjects", "record ref"),
    QT_TRANSLATE_NOOP("validation subjects", "redaction span"),
    QT_TRANSLATE_NOOP("validation subjects", "reinstated"),
    QT_TRANSLATE_NOOP("validation subjects", "reinstatement entry"),
    QT_TRANSLATE_NOOP("validation subjects", "revocation"),
    QT_TRANSLATE_NOOP("validation subjects", "revocation payload"),
    QT_TRANSLATE_NOOP("validation subjects", "revocation payload v2"),
    QT_TRANSLATE_NOOP("validation subjects", "roster"),
    QT_TRANSLATE_NOOP("validation subjects", "roster device"),
    QT_TRANSLATE_NOOP("validation subjects", "roster device v2"),
    QT_TRANSLATE_NOOP("validation subjects", "roster v2"),
    QT_TRANSLATE_NOOP("validation subjects", "scope decisions"),
    QT_TRANSLATE_NOOP("validation subjects", "testimony"),
    QT_TRANSLATE_NOOP("validation subjects", "victim count"),
    QT_TRANSLATE_NOOP("validation subjects", "vocabulary"),
    QT_TRANSLATE_NOOP("validation subjects", "vocabulary entry"),
    QT_TRANSLATE_NOOP("validation subjects", "vocabulary payload"),
    QT_TRANSLATE_NOOP("validation subjects", "withdrawal payload"),
    QT_TRANSLATE_NOOP("validation subjects", "witness identity"),
)

#: The models' fields, generated from every DomainModel.
FIELDS: tuple[str, ...] = (
    QT_TRANSLATE_NOOP("validation fields", "accepted_at"),
    QT_TRANSLATE_NOOP("validation fields", "accepted_gaps"),
    QT_TRANSLATE_NOOP("validation fields", "accountability"),
    QT_TRANSLATE_NOOP("validation fields", "act_type"),
    QT_TRANSLATE_NOOP("validation fields", "actor"),
    QT_TRANSLATE_NOOP("validation fields", "age_recipient"),
    QT_TRANSLATE_NOOP("validation fields", "age_years"),
    QT_TRANSLATE_NOOP("validation fields", "aliases"),
    QT_TRANSLATE_NOOP("validation fields", "amends"),
    QT_TRANSLATE_NOOP("validation fields", "anonymity"),
    QT_TRANSLATE_NOOP("validation fields", "applies_to_version"),
    QT_TRANSLATE_NOOP("validation fields", "archive"),
    QT_TRANSLATE_NOOP("validation fields", "archive_id"),
    QT_TRANSLATE_NOOP("validation fields", "archive_recipients"),
    QT_TRANSLATE_NOOP("validation fields", "birth_date"),
    QT_TRANSLATE_NOOP("validation fields", "bundle_id"),
    QT_TRANSLATE_NOOP("validation fields", "bundles"),
    QT_TRANSLATE_NOOP("validation fields", "captured_at"),
    QT_TRANSLATE_NOOP("validation fields", "claimed_at"),
    QT_TRANSLATE_NOOP("validation fields", "code"),
    QT_TRANSLATE_NOOP("validation fields", "coi_categories"),
    QT_TRANSLATE_NOOP("validation fields", "coi_category"),
    QT_TRANSLATE_NOOP("validation fields", "confidentiality"),
    QT_TRANSLATE_NOOP("validation fields", "contacts"),
    QT_TRANSLATE_NOOP("validation fields", "content_hash"),
    QT_TRANSLATE_NOOP("validation fields", "coordinator"),
    QT_TRANSLATE_NOOP("validation fields", "country"),
    QT_TRANSLATE_NOOP("validation fields", "created_at"),
    QT_TRANSLATE_NOOP("validation fields", "custodian_recipients"),
    QT_TRANSLATE_NOOP("validation fields", "custody_head"),
    QT_TRANSLATE_NOOP("validation fields", "date_end"),
    QT_TRANSLATE_NOOP("validation fields", "date_start"),
    QT_TRANSLATE_NOOP("validation fields", "deprecated"),
    QT_TRANSLATE_NOOP("validation fields", "description"),
    QT_TRANSLATE_NOOP("validation fields", "device"),
    QT_TRANSLATE_NOOP("validation fields", "devices"),
    QT_TRANSLATE_NOOP("validation fields", "end"),
    QT_TRANSLATE_NOOP("validation fields", "ended_at"),
    QT_TRANSLATE_NOOP("validation fields", "enrolled_at"),
    QT_TRANSLATE_NOOP("validation fields", "entries"),
    QT_TRANSLATE_NOOP("validation fields", "evidence_attachment_id"),
    QT_TRANSLATE_NOOP("validation fields", "explained"),
    QT_TRANSLATE_NOOP("validation fields", "explanation_notes"),
    QT_TRANSLATE_NOOP("validation fields", "family_at_risk"),
    QT_TRANSLATE_NOOP("validation fields", "fingerprint"),
    QT_TRANSLATE_NOOP("validation fields", "first"),
    QT_TRANSLATE_NOOP("validation fields", "format"),
    QT_TRANSLATE_NOOP("validation fields", "gender"),
    QT_TRANSLATE_NOOP("validation fields", "guardian_consented"),
    QT_TRANSLATE_NOOP("validation fields", "guardian_relationship"),
    QT_TRANSLATE_NOOP("validation fields", "how_received"),
    QT_TRANSLATE_NOOP("validation fields", "id"),
    QT_TRANSLATE_NOOP("validation fields", "incidents"),
    QT_TRANSLATE_NOOP("validation fields", "interpreter"),
    QT_TRANSLATE_NOOP("validation fields", "interview_place"),
    QT_TRANSLATE_NOOP("validation fields", "interviewer"),
    QT_TRANSLATE_NOOP("validation fields", "kind"),
    QT_TRANSLATE_NOOP("validation fields", "label"),
    QT_TRANSLATE_NOOP("validation fields", "label_ko"),
    QT_TRANSLATE_NOOP("validation fields", "language"),
    QT_TRANSLATE_NOOP("validation fields", "last_good_sequence"),
    QT_TRANSLATE_NOOP("validation fields", "left_country"),
    QT_TRANSLATE_NOOP("validation fields", "location"),
    QT_TRANSLATE_NOOP("validation fields", "manifest_digest"),
    QT_TRANSLATE_NOOP("validation fields", "media_type"),
    QT_TRANSLATE_NOOP("validation fields", "members"),
    QT_TRANSLATE_NOOP("validation fields", "method"),
    QT_TRANSLATE_NOOP("validation fields", "minor"),
    QT_TRANSLATE_NOOP("validation fields", "name"),
    QT_TRANSLATE_NOOP("validation fields", "names"),
    QT_TRANSLATE_NOOP("validation fields", "narrative"),
    QT_TRANSLATE_NOOP("validation fields", "note"),
    QT_TRANSLATE_NOOP("validation fields", "notes"),
    QT_TRANSLATE_NOOP("validation fields", "others_present"),
    QT_TRANSLATE_NOOP("validation fields", "payload_hash"),
    QT_TRANSLATE_NOOP("validation fields", "perpetrator_type"),
    QT_TRANSLATE_NOOP("validation fields", "perpetrator_unit"),
    QT_TRANSLATE_NOOP("validation fields", "place_exact"),
    QT_TRANSLATE_NOOP("validation fields", "place_public"),
    QT_TRANSLATE_NOOP("validation fields", "places"),
    QT_TRANSLATE_NOOP("validation fields", "precision"),
    QT_TRANSLATE_NOOP("validation fields", "prev_hash"),
    QT_TRANSLATE_NOOP("validation fields", "previous"),
    QT_TRANSLATE_NOOP("validation fields", "proof"),
    QT_TRANSLATE_NOOP("validation fields", "province"),
    QT_TRANSLATE_NOOP("validation fields", "pseudonym"),
    QT_TRANSLATE_NOOP("validation fields", "public_key"),
    QT_TRANSLATE_NOOP("validation fields", "public_media"),
    QT_TRANSLATE_NOOP("validation fields", "received_at"),
    QT_TRANSLATE_NOOP("validation fields", "received_by"),
    QT_TRANSLATE_NOOP("validation fields", "recipients"),
    QT_TRANSLATE_NOOP("validation fields", "recontact"),
    QT_TRANSLATE_NOOP("validation fields", "record_id"),
    QT_TRANSLATE_NOOP("validation fields", "record_version"),
    QT_TRANSLATE_NOOP("validation fields", "recorded_at"),
    QT_TRANSLATE_NOOP("validation fields", "recorded_by"),
    QT_TRANSLATE_NOOP("validation fields", "recording_mode"),
    QT_TRANSLATE_NOOP("validation fields", "records"),
    QT_TRANSLATE_NOOP("validation fields", "redactions"),
    QT_TRANSLATE_NOOP("validation fields", "reinstated"),
    QT_TRANSLATE_NOOP("validation fields", "reinstated_at"),
    QT_TRANSLATE_NOOP("validation fields", "reinstatements"),
    QT_TRANSLATE_NOOP("validation fields", "relationship"),
    QT_TRANSLATE_NOOP("validation fields", "reliability"),
    QT_TRANSLATE_NOOP("validation fields", "relinking_roles"),
    QT_TRANSLATE_NOOP("validation fields", "request"),
    QT_TRANSLATE_NOOP("validation fields", "research"),
    QT_TRANSLATE_NOOP("validation fields", "restrictions"),
    QT_TRANSLATE_NOOP("validation fields", "resumed_at"),
    QT_TRANSLATE_NOOP("validation fields", "revoked"),
    QT_TRANSLATE_NOOP("validation fields", "revoked_at"),
    QT_TRANSLATE_NOOP("validation fields", "risk_notes"),
    QT_TRANSLATE_NOOP("validation fields", "scopes"),
    QT_TRANSLATE_NOOP("validation fields", "seq"),
    QT_TRANSLATE_NOOP("validation fields", "sequence"),
    QT_TRANSLATE_NOOP("validation fields", "sha256"),
    QT_TRANSLATE_NOOP("validation fields", "signing_key"),
    QT_TRANSLATE_NOOP("validation fields", "size"),
    QT_TRANSLATE_NOOP("validation fields", "source_connection"),
    QT_TRANSLATE_NOOP("validation fields", "start"),
    QT_TRANSLATE_NOOP("validation fields", "started_at"),
    QT_TRANSLATE_NOOP("validation fields", "status"),
    QT_TRANSLATE_NOOP("validation fields", "summary"),
    QT_TRANSLATE_NOOP("validation fields", "tags"),
    QT_TRANSLATE_NOOP("validation fields", "taken_at"),
    QT_TRANSLATE_NOOP("validation fields", "taken_by"),
    QT_TRANSLATE_NOOP("validation fields", "testimony_id"),
    QT_TRANSLATE_NOOP("validation fields", "text"),
    QT_TRANSLATE_NOOP("validation fields", "through"),
    QT_TRANSLATE_NOOP("validation fields", "title"),
    QT_TRANSLATE_NOOP("validation fields", "un_reporting"),
    QT_TRANSLATE_NOOP("validation fields", "value"),
    QT_TRANSLATE_NOOP("validation fields", "version"),
    QT_TRANSLATE_NOOP("validation fields", "victims"),
    QT_TRANSLATE_NOOP("validation fields", "vocabularies"),
    QT_TRANSLATE_NOOP("validation fields", "vocabulary"),
    QT_TRANSLATE_NOOP("validation fields", "withdrawals"),
    QT_TRANSLATE_NOOP("validation fields", "witness_assented"),
)
