# Sourced by the example scripts: the account they use. Without one in the
# environment (KALTURA_KS, KALTURA_SECRET, or KALTURA_APP_TOKEN_ID with
# KALTURA_APP_TOKEN), that of a kaltura-devserver started with its defaults:
#   build/tools/devserver/kaltura-devserver --port 8080 &
: "${KALTURA_SERVICE_URL:=http://127.0.0.1:8080}"
: "${KALTURA_PARTNER_ID:=100}"
if [ -z "${KALTURA_KS:-}${KALTURA_SECRET:-}${KALTURA_APP_TOKEN_ID:-}" ]; then
  KALTURA_SECRET=devserver-admin-secret
  export KALTURA_SECRET
fi
export KALTURA_SERVICE_URL KALTURA_PARTNER_ID
