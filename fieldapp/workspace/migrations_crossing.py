"""Migrations 2 to 15: what crossing the air gap keeps, on a device and on the archive.

What a device exported (with the indexes that keep planning an export from growing with all the
device ever held) and which packs it applied; what the archive imported, from whom, and what it
needs to repair the crossing (gaps, lost packs and bundles, reinstatements, records waiting for
their testimony); the packs it sends (receipts, revocations, vocabularies, withdrawals received
at the office) and the one-clock rule for those withdrawals. ``migrations`` runs them in order.
Never edit one: workspaces ran them; add the next migration.
"""

# Version 2: crossing the air gap. A device remembers what it exported (in which bundle) and
# which packs it applied; an archive keeps its identities, the enrolled devices, the bundles it
# imported and where each record came from.
V2 = """
ALTER TABLE testimonies ADD COLUMN exported_in INTEGER;
ALTER TABLE consents ADD COLUMN exported_in INTEGER;
ALTER TABLE withdrawals ADD COLUMN exported_in INTEGER;
ALTER TABLE attachments ADD COLUMN exported_in INTEGER;
ALTER TABLE identities ADD COLUMN exported_in INTEGER;
CREATE TABLE bundles_sent (
    sequence INTEGER PRIMARY KEY,
    bundle_id TEXT NOT NULL UNIQUE,
    manifest_digest TEXT NOT NULL,
    state TEXT NOT NULL,
    partial_path TEXT NOT NULL,
    final_path TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE packs_applied (
    pack_id TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    sequence INTEGER NOT NULL UNIQUE,
    manifest_digest TEXT NOT NULL,
    applied_at TEXT NOT NULL
) STRICT;
CREATE TABLE archive_keys (
    recipient TEXT PRIMARY KEY,
    identity TEXT NOT NULL,
    created_at TEXT NOT NULL
) STRICT;
CREATE TABLE devices (
    fingerprint TEXT PRIMARY KEY,
    public_key TEXT NOT NULL,
    age_recipient TEXT NOT NULL,
    label TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    revoked_at TEXT,
    last_good_sequence INTEGER,
    packs_sent INTEGER NOT NULL DEFAULT 0,
    last_pack_digest TEXT
) STRICT;
CREATE TABLE bundles_received (
    device TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    bundle_id TEXT NOT NULL UNIQUE,
    manifest_digest TEXT NOT NULL,
    created_at TEXT NOT NULL,
    imported_at TEXT NOT NULL,
    identities_blob TEXT,
    PRIMARY KEY (device, sequence)
) STRICT;
CREATE TABLE record_sources (
    id TEXT NOT NULL,
    version INTEGER NOT NULL,
    device TEXT NOT NULL,
    bundle_sequence INTEGER NOT NULL,
    PRIMARY KEY (id, version)
) STRICT;
"""

# Version 3: the archive keeps each bundle's custody head, so that the next bundle's custody
# events must continue the same chain (a device's log cannot be cut or rewritten between two
# bundles without the archive noticing).
V3 = """
ALTER TABLE bundles_received ADD COLUMN custody_head TEXT;
"""

# Version 4: indexes for export's selection, which otherwise reads every testimony at every
# export (quadratic over a device's life: 11 ms per bundle at first, 212 ms after 10,000).
V4 = """
CREATE INDEX testimonies_by_pseudonym ON testimonies (pseudonym);
CREATE INDEX testimonies_waiting ON testimonies (status) WHERE exported_in IS NULL;
CREATE INDEX consents_waiting ON consents (testimony_id) WHERE exported_in IS NULL;
CREATE INDEX withdrawals_waiting ON withdrawals (testimony_id) WHERE exported_in IS NULL;
CREATE INDEX attachments_waiting ON attachments (testimony_id) WHERE exported_in IS NULL;
CREATE INDEX identities_waiting ON identities (pseudonym) WHERE exported_in IS NULL;
"""

# Version 5: the archive keeps what it needs to repair the crossing. A copy of every pack it
# sends (ciphertext to the device; a lost pack is re-sent byte for byte, so that its digest, and
# the chain of later packs naming it, stay the same); the gaps a coordinator accepted in a
# device's bundles; the reinstatements of revoked devices; and the device custody events each
# bundle carried, as received, so that a record's custody can be shown and re-verified; and
# each bundle's ``previous``, so that a lost bundle found later can be checked against both
# of its neighbours.
V5 = """
CREATE TABLE pack_copies (
    device TEXT NOT NULL,
    sequence INTEGER NOT NULL,
    pack_id TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    manifest_digest TEXT NOT NULL,
    body BLOB NOT NULL,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (device, sequence)
) STRICT;
CREATE TABLE accepted_gaps (
    device TEXT NOT NULL,
    first_sequence INTEGER NOT NULL,
    through_sequence INTEGER NOT NULL,
    accepted_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    PRIMARY KEY (device, first_sequence)
) STRICT;
CREATE TABLE reinstatements (
    device TEXT NOT NULL,
    revoked_at TEXT NOT NULL,
    last_good_sequence INTEGER NOT NULL,
    reinstated_at TEXT NOT NULL,
    reason TEXT NOT NULL,
    pack_sequence INTEGER NOT NULL,
    resumed_at INTEGER,
    PRIMARY KEY (device, reinstated_at)
) STRICT;
CREATE TABLE device_custody (
    device TEXT NOT NULL,
    seq INTEGER NOT NULL,
    bundle_sequence INTEGER NOT NULL,
    kind TEXT NOT NULL,
    record_id TEXT,
    body BLOB NOT NULL,
    signature TEXT NOT NULL,
    PRIMARY KEY (device, seq)
) STRICT;
CREATE INDEX device_custody_by_record ON device_custody (record_id) WHERE record_id IS NOT NULL;
ALTER TABLE bundles_received ADD COLUMN previous TEXT;
"""

# Version 6: export planning that does not grow with all the device ever held. The bundles an
# export left half done (state 'committed') are indexed, so that each export finds them without
# reading every bundle ever sent. Identities withheld because their witness asked for anonymity
# are marked, so that export does not read them, and their witness's consents, again at every
# bundle (they wait for ever). Export marks them (``export_selection.withhold_anonymous``); the
# triggers clear the mark of every witness whose anonymity could have changed — a consent or a
# testimony of theirs added, changed or removed — so that export decides afresh, and a witness
# who now allows naming is sent. A mark left wrongly only delays an identity; a missing one
# only costs a read: neither sends a name.
V6 = """
ALTER TABLE identities ADD COLUMN withheld INTEGER NOT NULL DEFAULT 0;
CREATE INDEX bundles_sent_committed ON bundles_sent (sequence) WHERE state = 'committed';
DROP INDEX identities_waiting;
CREATE INDEX identities_waiting ON identities (pseudonym)
    WHERE exported_in IS NULL AND withheld = 0;
CREATE TRIGGER identities_reconsider_on_consent_insert AFTER INSERT ON consents BEGIN
    UPDATE identities SET withheld = 0 WHERE withheld = 1
        AND pseudonym IN (SELECT pseudonym FROM testimonies WHERE id = NEW.testimony_id);
END;
CREATE TRIGGER identities_reconsider_on_consent_update AFTER UPDATE OF testimony_id, body
ON consents WHEN OLD.testimony_id IS NOT NEW.testimony_id OR OLD.body IS NOT NEW.body BEGIN
    UPDATE identities SET withheld = 0 WHERE withheld = 1
        AND pseudonym IN (SELECT pseudonym FROM testimonies
                          WHERE id IN (OLD.testimony_id, NEW.testimony_id));
END;
CREATE TRIGGER identities_reconsider_on_consent_delete AFTER DELETE ON consents BEGIN
    UPDATE identities SET withheld = 0 WHERE withheld = 1
        AND pseudonym IN (SELECT pseudonym FROM testimonies WHERE id = OLD.testimony_id);
END;
CREATE TRIGGER identities_reconsider_on_testimony_insert AFTER INSERT ON testimonies BEGIN
    UPDATE identities SET withheld = 0 WHERE withheld = 1
        AND pseudonym IN (SELECT pseudonym FROM testimonies WHERE id = NEW.id);
END;
CREATE TRIGGER identities_reconsider_on_testimony_update AFTER UPDATE OF id, pseudonym
ON testimonies WHEN OLD.id IS NOT NEW.id OR OLD.pseudonym IS NOT NEW.pseudonym BEGIN
    UPDATE identities SET withheld = 0 WHERE withheld = 1
        AND pseudonym IN (OLD.pseudonym, NEW.pseudonym);
END;
CREATE TRIGGER identities_reconsider_on_testimony_delete AFTER DELETE ON testimonies BEGIN
    UPDATE identities SET withheld = 0 WHERE withheld = 1 AND pseudonym = OLD.pseudonym;
END;
"""

# Version 7: consents and withdrawals that wait for their testimony. After the coordinator
# accepted a gap in a device's bundles, a later bundle may carry a consent version or a
# withdrawal for a testimony only the lost bundle carried. A withdrawal must never be blocked,
# so the archive keeps such a record here, as received (its canonical bytes), with the device
# and bundle that brought it, and moves it into ``consents`` or ``withdrawals`` in the same
# transaction that imports its testimony (``services.importing``). ``record_key`` is a
# consent's "<testimony id>/<version>" and a withdrawal's id.
V7 = """
CREATE TABLE waiting_records (
    kind TEXT NOT NULL CHECK (kind IN ('consent', 'withdrawal')),
    record_key TEXT NOT NULL,
    testimony_id TEXT NOT NULL,
    device TEXT NOT NULL,
    bundle_sequence INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (kind, record_key)
) STRICT;
CREATE INDEX waiting_records_by_testimony ON waiting_records (testimony_id);
"""

# Version 8: a waiting record belongs to the device that sent it. Keyed by (kind, record_key)
# alone, one device's records waiting first for a testimony id kept every other device's out,
# so an enrolled device that knew the id could block the owner's withdrawal. Now several
# devices' records may wait for one testimony; when it arrives, only its own device's are
# applied and the others are discarded. SQLite cannot change a primary key in place: the table
# is rebuilt, keeping every row and its rowid (the order received, which ``take_waiting`` uses).
V8 = """
CREATE TABLE waiting_records_v8 (
    kind TEXT NOT NULL CHECK (kind IN ('consent', 'withdrawal')),
    record_key TEXT NOT NULL,
    testimony_id TEXT NOT NULL,
    device TEXT NOT NULL,
    bundle_sequence INTEGER NOT NULL,
    body BLOB NOT NULL,
    PRIMARY KEY (kind, device, record_key)
) STRICT;
INSERT INTO waiting_records_v8 (rowid, kind, record_key, testimony_id, device, bundle_sequence,
    body)
    SELECT rowid, kind, record_key, testimony_id, device, bundle_sequence, body
    FROM waiting_records;
DROP TABLE waiting_records;
ALTER TABLE waiting_records_v8 RENAME TO waiting_records;
CREATE INDEX waiting_records_by_testimony ON waiting_records (testimony_id);
"""

# Version 9: how many of a device's bundles its last receipt listed. A receipt lists every
# bundle received from the device (and their records); one that would list no more than the
# last is not written again: each pack takes the device's next number and must be applied in
# order, so a coordinator's daily `receipt` would otherwise queue a pack a day on every device.
V9 = """
ALTER TABLE devices ADD COLUMN receipt_bundles INTEGER NOT NULL DEFAULT 0;
"""

# Version 10: the SHA-256 of the last revocation payload sent to each device (every revocation
# and reinstatement in force, as it was told). `pack revocation` writes no pack that would tell
# a device nothing new: each pack takes the device's next number and is applied in order.
V10 = """
ALTER TABLE devices ADD COLUMN revocations_sent TEXT;
"""

# Version 11: withdrawals of consent received at the organisation's office (a phone call, a
# letter) and recorded on the archive, each a canonical ``ConsentWithdrawal`` with a signed
# custody event of the archive. Kept apart from ``withdrawals``, which holds only what devices
# sent, so that the import's rules comparing a device's records with what it sent before stay
# as they are (``services.office_withdrawals``). Empty on a device.
V11 = """
CREATE TABLE office_withdrawals (
    id TEXT PRIMARY KEY,
    testimony_id TEXT NOT NULL,
    body BLOB NOT NULL
) STRICT;
CREATE INDEX office_withdrawals_by_testimony ON office_withdrawals (testimony_id);
"""

# Version 12: vocabularies sent by the archive. Each row is the newest version of one
# vocabulary this workspace holds beyond the bundled files (its canonical JSON), on a device as
# applied from a pack and on the archive as the coordinator issued it; the workspace puts them
# in force at unlock (``vocabulary_state``). ``devices.vocabularies_sent`` is the SHA-256 of the
# last vocabulary payload sent to each device, so that `pack vocabulary` writes a pack only to
# a device it tells something new (a device enrolled later, or every one after an update).
V12 = """
CREATE TABLE vocabularies (
    name TEXT PRIMARY KEY,
    version INTEGER NOT NULL,
    body BLOB NOT NULL
) STRICT;
ALTER TABLE devices ADD COLUMN vocabularies_sent TEXT;
"""

# Version 13: which withdrawals received at the office each device has been sent (in a
# withdrawal pack, ``services.withdrawal_packs``), so that `pack withdrawals` sends each device
# only those it was not told of yet; a lost pack goes again, unchanged, with `pack resend`.
# Empty on a device, whose own ``office_withdrawals`` (V11) hold what such packs told it.
V13 = """
CREATE TABLE office_withdrawals_sent (
    withdrawal_id TEXT NOT NULL,
    device TEXT NOT NULL,
    PRIMARY KEY (device, withdrawal_id)
) STRICT;
"""

# Version 14: when the laptop was told of each withdrawal received at the office, by its own
# clock: the time of its signed ``pack_apply`` event for the withdrawal pack that carried it
# (canonical UTC text; NULL until told, and for rows from before this version, whose pack is not
# known: such a withdrawal is never superseded). A consent version supersedes an office
# withdrawal only if taken after that time (``domain.consent.consent_at_archive``): both times
# come from the one laptop. On a device it is set as the pack is applied; on the archive when a
# bundle brings that event, matched by the pack's digest, now kept with each withdrawal sent.
V14 = """
ALTER TABLE office_withdrawals ADD COLUMN told_at TEXT;
ALTER TABLE office_withdrawals_sent ADD COLUMN pack_digest TEXT;
CREATE INDEX office_withdrawals_sent_by_pack ON office_withdrawals_sent (device, pack_digest);
"""

# Version 15: the one-clock rule by order, not by time. Each consent version has a signed
# ``consent`` custody event in its device's log; ``event_seq`` is that event's sequence number
# (set on the device as it records the version, on the archive when a bundle brings the event).
# ``told_seq`` is the sequence number of the laptop's ``pack_apply`` event beside ``told_at``. A
# version supersedes an office withdrawal only if its event comes after that one in the one log
# (``domain.consent.office_withdrawal_in_force``). NULL where not known: a consent recorded
# before this version has no event (it never supersedes a withdrawal told with a sequence). A
# withdrawal told before it would have kept the comparison of times; none was (schemas 14 and 15
# came in one release), so the rule reads ``told_seq`` alone and ``told_at`` is information.
V15 = """
ALTER TABLE consents ADD COLUMN event_seq INTEGER;
ALTER TABLE office_withdrawals ADD COLUMN told_seq INTEGER;
"""
