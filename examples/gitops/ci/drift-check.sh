#!/usr/bin/env bash
# The drift job (GitHub Actions, GitLab CI, or by hand from the project folder): compares what the
# cloud holds with the stack's state, changing neither.
#   exit 0   no drift
#   exit 7   drift: the diff above names every resource and property that changed (CLI 3.227+;
#            older CLIs exit 255 for it as for any other error)
#   other    the check itself failed (credentials, backend, network)
# Usage: ci/drift-check.sh <stack>
set -uo pipefail
stack="${1:?usage: ci/drift-check.sh <stack>}"

pulumi refresh --preview-only --expect-no-changes --diff --non-interactive --stack "$stack"
code=$?

case "$code" in
  0) verdict="No drift: the cloud matches stack $stack." ;;
  7) verdict="Drift: the cloud no longer matches stack $stack (the changes are listed above). Revert them with a pull request (the next up restores the code's values), or adopt them with 'pulumi refresh' and change the code to match." ;;
  *) verdict="The drift check of stack $stack failed (exit $code): see the errors above." ;;
esac
echo "$verdict" >&2
# GitHub Actions shows this on the run's page.
if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then echo "$verdict" >>"$GITHUB_STEP_SUMMARY"; fi
exit "$code"
