<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en" sourcelanguage="en">
<context>
    <name>ApplyPackDialog</name>
    <message numerus="yes">
        <source>%n testimony(ies) are archived and can be removed from this laptop.</source>
        <translation>
            <numerusform>%n testimony is archived and can be removed from this laptop.</numerusform>
            <numerusform>%n testimonies are archived and can be removed from this laptop.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ErrorCounts</name>
    <message numerus="yes">
        <source>Too many wrong passphrases; wait %n second(s) before trying again.</source>
        <translation>
            <numerusform>Too many wrong passphrases; wait %n second before trying again.</numerusform>
            <numerusform>Too many wrong passphrases; wait %n seconds before trying again.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Too few shares were given: %n are needed to restore the keys; nothing was written.</source>
        <translation>
            <numerusform>Too few shares were given: %n is needed to restore the keys; nothing was written.</numerusform>
            <numerusform>Too few shares were given: %n are needed to restore the keys; nothing was written.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ExportDialog</name>
    <message numerus="yes">
        <source>%n testimony(ies) held back because consent does not allow archiving.</source>
        <translation>
            <numerusform>%n testimony held back because consent does not allow archiving.</numerusform>
            <numerusform>%n testimonies held back because consent does not allow archiving.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies) did not fit and wait for the next export.</source>
        <translation>
            <numerusform>%n testimony did not fit and waits for the next export.</numerusform>
            <numerusform>%n testimonies did not fit and wait for the next export.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony(ies) are too large for any bundle and cannot be exported.</source>
        <translation>
            <numerusform>%n testimony is too large for any bundle and cannot be exported.</numerusform>
            <numerusform>%n testimonies are too large for any bundle and cannot be exported.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony version(s), new or amended</source>
        <translation>
            <numerusform>%n testimony version, new or amended</numerusform>
            <numerusform>%n testimony versions, new or amended</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consent record(s)</source>
        <translation>
            <numerusform>%n consent record</numerusform>
            <numerusform>%n consent records</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consent withdrawal(s)</source>
        <translation>
            <numerusform>%n consent withdrawal</numerusform>
            <numerusform>%n consent withdrawals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n attachment</numerusform>
            <numerusform>%n attachments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n witness identity(ies), for the custodian only</source>
        <translation>
            <numerusform>%n witness identity, for the custodian only</numerusform>
            <numerusform>%n witness identities, for the custodian only</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>It holds no new records, only this laptop&apos;s custody log: %n event(s).</source>
        <translation>
            <numerusform>It holds no new records, only this laptop&apos;s custody log: %n event.</numerusform>
            <numerusform>It holds no new records, only this laptop&apos;s custody log: %n events.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ImportReportText</name>
    <message numerus="yes">
        <source>%n testimony(ies)</source>
        <translation>
            <numerusform>%n testimony</numerusform>
            <numerusform>%n testimonies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n amendment(s)</source>
        <translation>
            <numerusform>%n amendment</numerusform>
            <numerusform>%n amendments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n consent version(s)</source>
        <translation>
            <numerusform>%n consent version</numerusform>
            <numerusform>%n consent versions</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n attachment(s)</source>
        <translation>
            <numerusform>%n attachment</numerusform>
            <numerusform>%n attachments</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal(s) ({scopes})</source>
        <translation>
            <numerusform>%n withdrawal ({scopes})</numerusform>
            <numerusform>%n withdrawals ({scopes})</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) wait for their testimony</source>
        <translation>
            <numerusform>%n record waits for its testimony</numerusform>
            <numerusform>%n records wait for their testimony</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n waiting record(s) discarded (sent by other devices, or naming another witness)</source>
        <translation>
            <numerusform>%n waiting record discarded (sent by another device, or naming another witness)</numerusform>
            <numerusform>%n waiting records discarded (sent by other devices, or naming another witness)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n custody event(s)</source>
        <translation>
            <numerusform>%n custody event</numerusform>
            <numerusform>%n custody events</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n imported</source>
        <translation>
            <numerusform>%n imported</numerusform>
            <numerusform>%n imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n already imported</source>
        <translation>
            <numerusform>%n already imported</numerusform>
            <numerusform>%n already imported</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n refused</source>
        <translation>
            <numerusform>%n refused</numerusform>
            <numerusform>%n refused</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n stopped</source>
        <translation>
            <numerusform>%n stopped</numerusform>
            <numerusform>%n stopped</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n not tried</source>
        <translation>
            <numerusform>%n not tried</numerusform>
            <numerusform>%n not tried</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message numerus="yes">
        <source>Archive “{label}” — %n device(s) enrolled</source>
        <translation>
            <numerusform>Archive “{label}” — %n device enrolled</numerusform>
            <numerusform>Archive “{label}” — %n devices enrolled</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{status}, %n of them revoked</source>
        <translation>
            <numerusform>{status}, %n of them revoked</numerusform>
            <numerusform>{status}, %n of them revoked</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>NarrativeSection</name>
    <message numerus="yes">
        <source>%n suggestion(s).</source>
        <translation>
            <numerusform>%n suggestion.</numerusform>
            <numerusform>%n suggestions.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>PackResultText</name>
    <message numerus="yes">
        <source>The archive confirmed %n more testimony version(s) as received.</source>
        <translation>
            <numerusform>The archive confirmed %n more testimony version as received.</numerusform>
            <numerusform>The archive confirmed %n more testimony versions as received.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n record(s) differ from what the archive holds; they stay on this laptop as they are. Tell the coordinator.</source>
        <translation>
            <numerusform>%n record differs from what the archive holds; it stays on this laptop as it is. Tell the coordinator.</numerusform>
            <numerusform>%n records differ from what the archive holds; they stay on this laptop as they are. Tell the coordinator.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n testimony version(s) went in a bundle this receipt does not name; they stay on this laptop until a receipt names that bundle.</source>
        <translation>
            <numerusform>%n testimony version went in a bundle this receipt does not name; it stays on this laptop until a receipt names that bundle.</numerusform>
            <numerusform>%n testimony versions went in a bundle this receipt does not name; they stay on this laptop until a receipt names that bundle.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n withdrawal(s) of consent received at the office: the uses withdrawn are no longer allowed on this laptop.</source>
        <translation>
            <numerusform>%n withdrawal of consent received at the office: the uses withdrawn are no longer allowed on this laptop.</numerusform>
            <numerusform>%n withdrawals of consent received at the office: the uses withdrawn are no longer allowed on this laptop.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Remove archived content from this laptop (%n testimony(ies))</source>
        <translation>
            <numerusform>Remove archived content from this laptop (%n testimony)</numerusform>
            <numerusform>Remove archived content from this laptop (%n testimonies)</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Removed the content of %n testimony(ies)</source>
        <translation>
            <numerusform>Removed the content of %n testimony</numerusform>
            <numerusform>Removed the content of %n testimonies</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> and %n attachment(s) from this laptop.</source>
        <translation>
            <numerusform> and %n attachment from this laptop.</numerusform>
            <numerusform> and %n attachments from this laptop.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ReceiptDialog</name>
    <message numerus="yes">
        <source>%n receipt pack(s) written.</source>
        <translation>
            <numerusform>%n receipt pack written.</numerusform>
            <numerusform>%n receipt packs written.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>ResendDialog</name>
    <message numerus="yes">
        <source>%n testimony version(s) stay here: consent no longer allows it.</source>
        <translation>
            <numerusform>%n testimony version stays here: consent no longer allows it.</numerusform>
            <numerusform>%n testimony versions stay here: consent no longer allows it.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>%n opening(s) it carried are logged again and go with the next export.</source>
        <translation>
            <numerusform>%n opening it carried is logged again and goes with the next export.</numerusform>
            <numerusform>%n openings it carried are logged again and go with the next export.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>UnlockView</name>
    <message numerus="yes">
        <source>Try again in %n s</source>
        <translation>
            <numerusform>Try again in %n s</numerusform>
            <numerusform>Try again in %n s</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VerifyReportText</name>
    <message numerus="yes">
        <source>{refused} of %n file(s) refused.</source>
        <translation>
            <numerusform>{refused} of %n file refused.</numerusform>
            <numerusform>{refused} of %n files refused.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) verified; the chains are unbroken, but for bundles the coordinator accepted as lost.</source>
        <translation>
            <numerusform>The %n file is verified; the chains are unbroken, but for bundles the coordinator accepted as lost.</numerusform>
            <numerusform>All %n files verified; the chains are unbroken, but for bundles the coordinator accepted as lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) verified; the chains are unbroken.</source>
        <translation>
            <numerusform>The %n file is verified; the chains are unbroken.</numerusform>
            <numerusform>All %n files verified; the chains are unbroken.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) match this roster; the chains are unbroken, but for bundles the coordinator accepted as lost.</source>
        <translation>
            <numerusform>The %n file matches this roster; the chains are unbroken, but for bundles the coordinator accepted as lost.</numerusform>
            <numerusform>All %n files match this roster; the chains are unbroken, but for bundles the coordinator accepted as lost.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>All %n file(s) match this roster; the chains are unbroken.</source>
        <translation>
            <numerusform>The %n file matches this roster; the chains are unbroken.</numerusform>
            <numerusform>All %n files match this roster; the chains are unbroken.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Roster: an allowed_signers file with %n key(s), not signed: trust it only if it reached you through a channel you trust.</source>
        <translation>
            <numerusform>Roster: an allowed_signers file with %n key, not signed: trust it only if it reached you through a channel you trust.</numerusform>
            <numerusform>Roster: an allowed_signers file with %n keys, not signed: trust it only if it reached you through a channel you trust.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Roster: signed by the coordinator key {fingerprint}, the one you entered, as expected. It lists %n device(s).</source>
        <translation>
            <numerusform>Roster: signed by the coordinator key {fingerprint}, the one you entered, as expected. It lists %n device.</numerusform>
            <numerusform>Roster: signed by the coordinator key {fingerprint}, the one you entered, as expected. It lists %n devices.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>Roster: signed by the coordinator key {fingerprint}. It lists %n device(s). Anyone can sign a roster with a key of their own: compare this fingerprint with the one the coordinator gave you (or enter it above and verify again). Read aloud, it is:</source>
        <translation>
            <numerusform>Roster: signed by the coordinator key {fingerprint}. It lists %n device. Anyone can sign a roster with a key of their own: compare this fingerprint with the one the coordinator gave you (or enter it above and verify again). Read aloud, it is:</numerusform>
            <numerusform>Roster: signed by the coordinator key {fingerprint}. It lists %n devices. Anyone can sign a roster with a key of their own: compare this fingerprint with the one the coordinator gave you (or enter it above and verify again). Read aloud, it is:</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>VocabularyPackDialog</name>
    <message numerus="yes">
        <source>%n vocabulary pack(s) written.</source>
        <translation>
            <numerusform>%n vocabulary pack written.</numerusform>
            <numerusform>%n vocabulary packs written.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{vocabulary}: version {old} → {new}, %n new code(s).</source>
        <translation>
            <numerusform>{vocabulary}: version {old} → {new}, %n new code.</numerusform>
            <numerusform>{vocabulary}: version {old} → {new}, %n new codes.</numerusform>
        </translation>
    </message>
</context>
<context>
    <name>WithdrawalPackDialog</name>
    <message numerus="yes">
        <source>%n withdrawal pack(s) written.</source>
        <translation>
            <numerusform>%n withdrawal pack written.</numerusform>
            <numerusform>%n withdrawal packs written.</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source>{laptop}: {name}, %n withdrawal(s)</source>
        <translation>
            <numerusform>{laptop}: {name}, %n withdrawal</numerusform>
            <numerusform>{laptop}: {name}, %n withdrawals</numerusform>
        </translation>
    </message>
    <message numerus="yes">
        <source> for %n testimony(ies).</source>
        <translation>
            <numerusform> for %n testimony.</numerusform>
            <numerusform> for %n testimonies.</numerusform>
        </translation>
    </message>
</context>
</TS>
