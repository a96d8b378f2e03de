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
    <name>ResendDialog</name>
    <message numerus="yes">
        <source>%n testimony version(s) stay here: consent no longer allows it.</source>
        <translation>
            <numerusform>%n testimony version stays here: consent no longer allows it.</numerusform>
            <numerusform>%n testimony versions stay here: consent no longer allows it.</numerusform>
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
</TS>
