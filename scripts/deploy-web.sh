#!/usr/bin/env bash
# Uploads the web app to a deployed stack (after `sam deploy`): builds web/ (node web/build.mjs), writes its
# config.json from the stack's outputs (the API on the same origin through CloudFront, sign-in with the Cognito hosted
# UI), syncs the files to the WebBucket and invalidates CloudFront's copy. Prints the address to open.
#
#   scripts/deploy-web.sh STACK_NAME [REGION]
set -euo pipefail

if [[ $# -lt 1 || $# -gt 2 ]]; then
  sed -n '2,6p' "$0" >&2
  exit 2
fi
stack=$1
region=${2:-${AWS_REGION:-${AWS_DEFAULT_REGION:-}}}
for tool in aws node jq; do
  command -v "$tool" >/dev/null || { echo "deploy-web: $tool is needed" >&2; exit 2; }
done
cd "$(dirname "$0")/.."

outputs=$(aws cloudformation describe-stacks --stack-name "$stack" ${region:+--region "$region"} --query 'Stacks[0].Outputs' --output json)
output() {
  local value
  value=$(jq -r --arg key "$1" '.[] | select(.OutputKey == $key) | .OutputValue' <<<"$outputs")
  [[ -n $value && $value != null ]] || { echo "deploy-web: the stack has no output $1 (deploy the current template.yaml first)" >&2; exit 1; }
  printf '%s' "$value"
}
web_url=$(output WebUrl)
bucket=$(output WebBucketName)
distribution=$(output WebDistributionId)
auth_domain=$(output AuthDomain)
client_id=$(output UserPoolClientId)

out=artifacts/web
node web/build.mjs "$out"
# The API is on the web app's own origin (CloudFront's API behaviours), so apiUrl stays empty.
jq -n --arg domain "$auth_domain" --arg clientId "$client_id" --arg redirectUri "$web_url" \
  '{apiUrl: "", auth: {mode: "cognito", domain: $domain, clientId: $clientId, redirectUri: $redirectUri, scopes: "openid email"}}' \
  >"$out/config.json"

# index.html and config.json are read anew on every load; the modules are revalidated (no-cache keeps them current).
aws s3 sync "$out" "s3://$bucket" --delete --cache-control "no-cache" ${region:+--region "$region"}
aws cloudfront create-invalidation --distribution-id "$distribution" --paths '/*' --query 'Invalidation.Id' --output text >/dev/null
echo "web app: $web_url  (sign in with a user of the stack's user pool)"
