#!/usr/bin/env bash
# GitHub Actions: writes the job's OIDC token (audience sts.aliyuncs.com unless given) to a file and
# points ALIBABA_CLOUD_OIDC_TOKEN_FILE at it, for the provider's credentials chain and for
# ci/state-credentials.cjs. Needs `permissions: id-token: write` (GitHub then sets the two
# ACTIONS_ID_TOKEN_REQUEST_* variables). The token never reaches the log.
# Usage: ci/github-oidc-token.sh <token file> [audience]
set -euo pipefail
file="${1:?usage: ci/github-oidc-token.sh <token file> [audience]}"
audience="${2:-sts.aliyuncs.com}"
: "${ACTIONS_ID_TOKEN_REQUEST_URL:?not set: give the job permissions: id-token: write}"
: "${ACTIONS_ID_TOKEN_REQUEST_TOKEN:?not set: give the job permissions: id-token: write}"

answer="$(curl -sSf -H "Authorization: bearer $ACTIONS_ID_TOKEN_REQUEST_TOKEN" "$ACTIONS_ID_TOKEN_REQUEST_URL&audience=$audience")"
umask 077
printf '%s' "$answer" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s).value;if(!v){console.error("no token in the answer");process.exit(1)}process.stdout.write(v)})' >"$file"
[ -n "${GITHUB_ENV:-}" ] && echo "ALIBABA_CLOUD_OIDC_TOKEN_FILE=$file" >>"$GITHUB_ENV"
echo "OIDC token (audience $audience) written to $file"
