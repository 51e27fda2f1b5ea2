#!/usr/bin/env bash
# GitLab CI, deploy job: downloads the plan the `preview` job saved for the merge request this
# commit merged, so that `pulumi up --plan` applies exactly what was reviewed. Needs a project
# access token with read_api (PULUMI_PLAN_READER_TOKEN): the job token cannot list a merge
# request's pipelines.
# Usage: ci/gitlab-reviewed-plan.sh <stack> <output file>
set -euo pipefail
stack="${1:?usage: ci/gitlab-reviewed-plan.sh <stack> <output file>}"
out="${2:?usage: ci/gitlab-reviewed-plan.sh <stack> <output file>}"
: "${PULUMI_PLAN_READER_TOKEN:?set a project access token with read_api as the CI/CD variable PULUMI_PLAN_READER_TOKEN}"
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID"
get() { curl -sSf --header "PRIVATE-TOKEN: $PULUMI_PLAN_READER_TOKEN" "$@"; }
json() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=(new Function("d","return "+process.argv[1]))(JSON.parse(s));if(v==null)process.exit(1);console.log(v)})' "$1"; }

mr="$(get "$api/repository/commits/$CI_COMMIT_SHA/merge_requests" | json 'd.find(m => m.state === "merged")?.iid')" \
  || { echo "$CI_COMMIT_SHA merged no merge request: nothing was reviewed, nothing is applied" >&2; exit 1; }
pipeline="$(get "$api/merge_requests/$mr/pipelines" | json 'd.find(p => p.status === "success")?.id')" \
  || { echo "merge request !$mr has no successful pipeline" >&2; exit 1; }
job="$(get "$api/pipelines/$pipeline/jobs?scope[]=success" | json 'd.find(j => j.name === "preview")?.id')" \
  || { echo "pipeline $pipeline of !$mr has no successful preview job" >&2; exit 1; }
get -o "$out" "$api/jobs/$job/artifacts/plans/$stack.plan.json"
echo "plan of stack $stack from merge request !$mr (pipeline $pipeline, job $job)"
