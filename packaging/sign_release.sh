#!/usr/bin/env bash
# Sign a build's SHA256SUMS with the team's release key (an SSH key, as `ssh-keygen -Y sign`
# takes it: a key file, or the public half of one held by ssh-agent or a hardware token).
#   bash packaging/sign_release.sh KEY [DIST]     # DIST defaults to dist/fieldapp
# Writes DIST/SHA256SUMS.sig. A laptop that holds the release key's allowed-signers line checks
# a new build with stock OpenSSH, without trusting the stick it came on (docs/packaging.md):
#   ssh-keygen -Y verify -f release_signers -I fieldapp-release -n fieldapp-release@v1 \
#     -s SHA256SUMS.sig < SHA256SUMS
set -euo pipefail

# The namespace binds the signature to this use: a signature the same key made on a bundle,
# a commit or a file of another program cannot pass for a release's, nor one of a release for
# theirs (SSHSIG signs the namespace with the message).
NAMESPACE=fieldapp-release@v1

[ $# -ge 1 ] && [ $# -le 2 ] || {
  echo "usage: bash packaging/sign_release.sh KEY [DIST]" >&2
  exit 2
}
key=$1
dist=${2:-dist/fieldapp}
sums="$dist/SHA256SUMS"
info="$dist/BUILD-INFO"
refuse() {
  echo "sign_release: $*" >&2
  exit 1
}
# The signature vouches for the folder as built from a named commit with nothing uncommitted:
# each of those is checked here, as BUILD-INFO says it and as a laptop checks the folder.
[ -f "$sums" ] || refuse "$sums does not exist: build first (bash packaging/build.sh)"
[ -f "$info" ] || refuse "$dist has no BUILD-INFO, so nothing says what it was built from: build it with packaging/build.sh"
if grep -q '^uncommitted changes: yes$' "$info"; then
  refuse "$dist is a trial build with uncommitted changes: it is never signed"
fi
# One line of each: a second one could say otherwise.
one() { [ "$(grep -c "^$1" "$info")" = 1 ]; }
{ one 'commit:' && grep -Eq '^commit: [0-9a-f]{40}$' "$info"; } \
  || refuse "$info names no commit (built outside a git checkout?): only a build of a commit is signed"
{ one 'uncommitted changes:' && grep -qx 'uncommitted changes: no' "$info"; } \
  || refuse "$info does not say the build had no uncommitted changes: only a build of a clean checkout is signed"
# A name holding a newline (or a backslash, which sha256sum escapes) splits or changes its line
# in what find prints and what SHA256SUMS lists: the comparison below could pair it with the
# names of other files, and sign a folder holding a file no sum covers.
[ -z "$(cd "$dist" && find . \( -name $'*\n*' -o -name '*\\*' \) -print -quit)" ] \
  || refuse "$dist holds a name with a newline or a backslash, which SHA256SUMS cannot list plainly: build again"
# Every line a sum and a plain name: 'sha256sum -c' skips a line it cannot read (a 63-digit
# sum), while 'cut -c67-' still reads a name from it, a file named and checked by nothing.
# --strict below refuses such a line too; this also refuses an escaped or binary-mode line.
if LC_ALL=C grep -Eqv '^[0-9a-f]{64}  \./' "$sums"; then
  refuse "$sums has a line that is not a checksum and a name as the build writes them: build again"
fi
# The laptop's checks (docs/packaging.md), as written there.
(cd "$dist" && sha256sum --quiet --strict -c SHA256SUMS >/dev/null 2>&1) \
  || refuse "a file in $dist is not the one SHA256SUMS lists (changed since the build?): build again"
(
  cd "$dist"
  diff <(find . ! -type d ! -path ./SHA256SUMS ! -path ./SHA256SUMS.sig | LC_ALL=C sort) <(cut -c67- SHA256SUMS | LC_ALL=C sort) >/dev/null
) || refuse "$dist holds a file SHA256SUMS does not list (added since the build?): build again"
rm -f "$sums.sig"
# -Y sign writes FILE.sig beside the file it reads.
ssh-keygen -q -Y sign -f "$key" -n "$NAMESPACE" "$sums"
echo "signed: $sums.sig (namespace $NAMESPACE, key $(ssh-keygen -l -f "$key" | cut -d' ' -f2))"
