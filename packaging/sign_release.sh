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
[ -f "$sums" ] || {
  echo "sign_release: $sums does not exist: build first (bash packaging/build.sh)" >&2
  exit 1
}
if grep -q '^uncommitted changes: yes$' "$dist/BUILD-INFO" 2>/dev/null; then
  echo "sign_release: $dist is a trial build with uncommitted changes: it is never signed" >&2
  exit 1
fi
rm -f "$sums.sig"
# -Y sign writes FILE.sig beside the file it reads.
ssh-keygen -q -Y sign -f "$key" -n "$NAMESPACE" "$sums"
echo "signed: $sums.sig (namespace $NAMESPACE, key $(ssh-keygen -l -f "$key" | cut -d' ' -f2))"
