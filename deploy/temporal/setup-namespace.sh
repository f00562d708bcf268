#!/bin/sh
# Registers the app's namespace and its custom search attributes on a running
# Temporal cluster (a real server creates neither; the dev server does it from
# its flags). Safe to run on every start: what exists is left as it is. Run by
# `npm run cluster` (scripts/cluster.ts, with the CLI built into tools/bin and
# the attributes of domain/search-attributes.ts) and by docker-compose.yml's
# temporal-setup service (in the temporalio/admin-tools image).
#   TEMPORAL_ADDRESS     the frontend, host:port (read by the CLI)
#   TEMPORAL_NAMESPACE   the namespace (read by the CLI)
#   TEMPORAL_NAMESPACE_RETENTION  how long closed workflows are kept (default 30d;
#                        the record itself lives in the app's PostgreSQL)
#   ZHUCUN_SEARCH_ATTRIBUTES  space-separated NAME=Type pairs
#   TEMPORAL_CLI         the CLI (default: temporal on PATH)
set -eu

cli=${TEMPORAL_CLI:-temporal}
namespace=${TEMPORAL_NAMESPACE:?TEMPORAL_NAMESPACE is required}
: "${ZHUCUN_SEARCH_ATTRIBUTES:?ZHUCUN_SEARCH_ATTRIBUTES is required (NAME=Type ...)}"

if "$cli" operator namespace describe --namespace "$namespace" >/dev/null 2>&1; then
  echo "namespace $namespace: exists"
else
  "$cli" operator namespace create --namespace "$namespace" \
    --retention "${TEMPORAL_NAMESPACE_RETENTION:-30d}"
fi

# A new namespace reaches every frontend's cache within seconds; until then
# the attributes are refused as for an unknown namespace: try again.
for pair in $ZHUCUN_SEARCH_ATTRIBUTES; do
  name=${pair%%=*}
  type=${pair#*=}
  tries=0
  until "$cli" operator search-attribute list --namespace "$namespace" 2>/dev/null | grep -qw "$name" \
    || "$cli" operator search-attribute create --namespace "$namespace" --name "$name" --type "$type"; do
    tries=$((tries + 1))
    if [ "$tries" -ge 60 ]; then
      echo "search attribute $name: not registered after 60 tries" >&2
      exit 1
    fi
    sleep 1
  done
  echo "search attribute $name ($type): registered"
done
