"""VERIFY.txt: how an auditor checks a bundle or pack with stock tools, and the checksum list.

VERIFY.txt is an ordinary member, listed in the manifest like the others, so the signature
covers it through its SHA-256. Its text depends on the format alone (bundle or pack) and names
no key, device or sequence: a file inside the container is only a claim until the signature is
checked, so the auditor is sent to the roster they trust for the key, never to the bundle.
Because the signed hash covers it, readers do not compare it with the text they would write,
and later releases may word it better without a new format version.

The checksum list (SHA256SUMS) is not a member. The auditor derives it from the signed
manifest.json with one command, so there is no second list that could disagree with the signed
one; ``sha256sums_text`` gives the same bytes, for tests and for fieldapp's own report.
"""

from fieldapp.sync.manifest import (
    BUNDLE_FORMAT,
    MANIFEST_NAME,
    NAMESPACES,
    PACK_FORMAT,
    SIGNATURE_NAME,
    Manifest,
)

VERIFY_NAME = "VERIFY.txt"
SHA256SUMS_NAME = "SHA256SUMS"

# The commands of the text, kept apart so that tests run exactly these strings. They rely on
# manifest.json being canonical JSON: keys sorted, so each member reads
# {"name":"…","sha256":"…","size":…}, and member names never hold a quote or a backslash.
UNZIP_COMMAND = "unzip -q -d contents container.zip"
PYTHON_UNZIP_COMMAND = "python3 -m zipfile -e container.zip contents"
FIND_PRINCIPALS_COMMAND = f"ssh-keygen -Y find-principals -f ../allowed_signers -s {SIGNATURE_NAME}"
SUMS_COMMAND = (
    f'grep -o \'"name":"[^"]*","sha256":"[0-9a-f]*"\' {MANIFEST_NAME}'
    ' | sed \'s/^"name":"\\(.*\\)","sha256":"\\(.*\\)"$/\\2  \\1/\''
    f" > ../{SHA256SUMS_NAME}"
)
PYTHON_SUMS_COMMAND = (
    "python3 -c \"import json; [print(m['sha256'] + '  ' + m['name'])"
    f" for m in json.load(open('{MANIFEST_NAME}'))['members']]\" > ../{SHA256SUMS_NAME}"
)
CHECK_SUMS_COMMAND = f"sha256sum -c ../{SHA256SUMS_NAME}"
MACOS_CHECK_SUMS_COMMAND = f"shasum -a 256 -c ../{SHA256SUMS_NAME}"
# A name starts at column 67 of a checksum line: 64 hex digits and two spaces come first.
LIST_EXPECTED_COMMAND = (
    f"(echo {MANIFEST_NAME}; echo {SIGNATURE_NAME}; cut -c 67- ../{SHA256SUMS_NAME})"
    " | sort > ../expected"
)
LIST_FOUND_COMMAND = "find . -type f | sed 's|^\\./||' | sort > ../found"
COMPARE_LISTS_COMMAND = "diff ../expected ../found"
#: In the verify command, the auditor puts the name step 3 printed in place of this word.
PRINCIPAL_PLACEHOLDER = "SIGNER"
#: In the commands of step 4b, the auditor puts the time the created-at command printed here.
TIME_PLACEHOLDER = "TIME"
# A revoked device's line in allowed_signers carries valid-before, which ssh-keygen compares with
# the time now unless given -O verify-time: these print the manifest's created_at in the form
# that option reads, UTC marked by the Z (without it ssh-keygen takes the local time zone).
CREATED_AT_COMMAND = (
    'sed -n \'s/.*"created_at":"\\([0-9]*\\)-\\([0-9]*\\)-\\([0-9]*\\)'
    "T\\([0-9]*\\):\\([0-9]*\\):\\([0-9]*\\).*/\\1\\2\\3\\4\\5\\6Z/p'"
    f" {MANIFEST_NAME}"
)
PYTHON_CREATED_AT_COMMAND = (
    f"python3 -c \"import json; t = json.load(open('{MANIFEST_NAME}'))['created_at'];"
    " print(''.join(c for c in t[:19] if c.isdigit()) + 'Z')\""
)
VERIFY_TIME_OPTION = f"-O verify-time={TIME_PLACEHOLDER}"
FIND_PRINCIPALS_AT_COMMAND = f"{FIND_PRINCIPALS_COMMAND} {VERIFY_TIME_OPTION}"


def verify_command(namespace: str) -> str:
    return (
        f"ssh-keygen -Y verify -f ../allowed_signers -I {PRINCIPAL_PLACEHOLDER}"
        f" -n {namespace} -s {SIGNATURE_NAME} < {MANIFEST_NAME}"
    )


def verify_at_command(namespace: str) -> str:
    """Step 4b's command: step 4's, at the time the container says it was made."""
    return (
        f"ssh-keygen -Y verify -f ../allowed_signers -I {PRINCIPAL_PLACEHOLDER}"
        f" -n {namespace} -s {SIGNATURE_NAME} {VERIFY_TIME_OPTION} < {MANIFEST_NAME}"
    )


def sha256sums_text(manifest: Manifest) -> str:
    """The checksum list of a container's members, as ``sha256sum -c`` reads it."""
    return "".join(f"{member.sha256}  {member.name}\n" for member in manifest.members)


def verify_text(format: str = BUNDLE_FORMAT) -> str:
    """The text of VERIFY.txt for a container of ``format``: plain ASCII, lines ending in LF."""
    if format == BUNDLE_FORMAT:
        noun, signer, suffix = "bundle", "the device that made it", ".fieldbundle"
        roster = (
            "the roster's allowed_signers file, which lists the keys of\n"
            "the enrolled devices (the archive makes it with:\n"
            "fieldapp roster export --allowed-signers FILE)"
        )
    elif format == PACK_FORMAT:
        noun, signer, suffix = "pack", "the coordinator who made it", ".fieldpack"
        roster = (
            "an allowed_signers file with the coordinator's key: the key\n"
            "whose fingerprint was confirmed at enrolment"
        )
    else:
        raise ValueError(f"the format is {BUNDLE_FORMAT!r} or {PACK_FORMAT!r}")
    namespace = NAMESPACES[format]
    # Only device keys are ever revoked, so only a bundle's text needs step 4b.
    no_name = _NO_NAME_BUNDLE if format == BUNDLE_FORMAT else _NO_NAME_PACK
    revoked = _revoked_step(namespace) if format == BUNDLE_FORMAT else ""
    return f"""\
HOW TO CHECK THIS FIELDAPP {noun.upper()} WITH STANDARD TOOLS

This {noun} is a ZIP file ({suffix}), signed by {signer}.
Its contents are encrypted with age (age-encryption.org); checking it needs no
secret key. The steps below use only unzip (or python3), ssh-keygen (OpenSSH 8.2
or later) and sha256sum (on macOS, shasum). With fieldapp,
"fieldapp verify FILE --roster ROSTER" does the same checks and more.

You need {roster}.
Take it from the archive through a channel you trust, never from the USB stick
that brought this {noun}: a signature shows only that a key in that file signed.

1. Make an empty folder. Copy into it this {noun}, named container.zip, and the
   allowed_signers file, named allowed_signers. Open a terminal in that folder.

2. Unpack the {noun} into a folder named contents, and go into it:

       {UNZIP_COMMAND}
   or, without unzip:
       {PYTHON_UNZIP_COMMAND}

       cd contents

3. Find who signed it:

       {FIND_PRINCIPALS_COMMAND}

   This prints the signer's name in the allowed_signers file. {no_name}

4. Verify the signature over {MANIFEST_NAME}, writing the name printed in step 3
   in place of {PRINCIPAL_PLACEHOLDER}:

       {verify_command(namespace)}

   It must print: Good "{namespace}" signature for ...
   Anything else means the {noun} was altered, or not signed by that key: stop.
{revoked}
5. {MANIFEST_NAME} lists every other file of the {noun} with its SHA-256. Make a
   checksum list from it, then check the files against it:

       {SUMS_COMMAND}
   or, with python3:
       {PYTHON_SUMS_COMMAND}

       {CHECK_SUMS_COMMAND}
   on macOS:
       {MACOS_CHECK_SUMS_COMMAND}

   Every line must end in OK.

6. Check that the {noun} holds no file beyond those:

       {LIST_EXPECTED_COMMAND}
       {LIST_FOUND_COMMAND}
       {COMPARE_LISTS_COMMAND}

   diff must print nothing.

If every step passed, every file of this {noun} is what its signer signed.
{MANIFEST_NAME} also gives the signer's key fingerprint (the one step 4 printed),
a "sequence" number that counts 1, 2, 3 ... for each signer without gaps, and
"previous": the SHA-256 of the same signer's previous {MANIFEST_NAME} (check it
with sha256sum on that file), so that a missing or replaced {noun} shows.
"""


_NO_NAME_PACK = """If it prints no
   name, no key in that file signed the pack: stop, it is not genuine."""

_NO_NAME_BUNDLE = """If it prints no
   name and says "key has expired", the key is in that file but its device was
   revoked since: go on with step 4b instead of step 4. If it prints no name and
   does not say so, no key in that file signed the bundle: stop, it is not
   genuine."""


def _revoked_step(namespace: str) -> str:
    """Step 4b: a revoked device's bundle, checked at the time it says it was made."""
    return f"""
4b. Only if step 3 said "key has expired". The roster revoked that device, so
   its line in allowed_signers ends at the revocation time (valid-before), and
   ssh-keygen compares that with the time now. Check the signature at the time
   the bundle says it was made instead. Print that time ("created_at" in
   {MANIFEST_NAME}, in UTC, as YYYYMMDDhhmmssZ):

       {CREATED_AT_COMMAND}
   or, with python3:
       {PYTHON_CREATED_AT_COMMAND}

   Then find the signer and verify the signature at that time, writing it in
   place of {TIME_PLACEHOLDER}, and the name printed in place of {PRINCIPAL_PLACEHOLDER}:

       {FIND_PRINCIPALS_AT_COMMAND}
       {verify_at_command(namespace)}

   They must print the signer's name, then: Good "{namespace}" signature for ...
   If they still say "key has expired", the bundle says it was made after its
   device was revoked: stop, it is not genuine.

   A good signature here shows only that the key was valid at the time the
   bundle gives. That time is the device's own clock, and whoever holds a
   revoked device can set its clock back. The roster decides: roster.json gives
   the device's "revoked_at" and "last_good_sequence", the last of its bundles
   the coordinator accepts. This bundle's "sequence" in {MANIFEST_NAME} must not
   be higher, and it must fit its device's chain (below): no other bundle of
   that device with the same sequence, the next one's "previous" its SHA-256.
   "fieldapp verify FILE --roster roster.json" checks all of that, whatever the
   device's clock said: the signature, each bundle's sequence against the
   roster's revocations and reinstatements, and each device's chain across the
   bundles you give it.
"""
