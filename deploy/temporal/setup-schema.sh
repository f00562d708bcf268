#!/bin/sh
# Creates Temporal's two PostgreSQL databases when missing and brings their
# schemas to the version of the schema tool, from the schema files the tool
# carries (postgresql/v12/temporal and postgresql/v12/visibility). Safe to run
# on every start: an existing database is kept, a set-up schema is only
# upgraded. Run by `npm run cluster` (scripts/cluster.ts, with the tool built
# into tools/bin) and by docker-compose.yml's temporal-schema service (in the
# temporalio/admin-tools image), with the same variables as the server's
# deploy/temporal/config/cluster.yaml:
#   TEMPORAL_DB_HOST, TEMPORAL_DB_PORT, TEMPORAL_DB_USER, TEMPORAL_DB_PASSWORD,
#   TEMPORAL_DB_NAME (temporal), TEMPORAL_VISIBILITY_DB_NAME (temporal_visibility)
#   TEMPORAL_SQL_TOOL: the tool (default: temporal-sql-tool on PATH)
set -eu

tool=${TEMPORAL_SQL_TOOL:-temporal-sql-tool}
# The tool reads its connection from these.
export SQL_PLUGIN=postgres12
export SQL_HOST="${TEMPORAL_DB_HOST:-127.0.0.1}"
export SQL_PORT="${TEMPORAL_DB_PORT:-5432}"
export SQL_USER="${TEMPORAL_DB_USER:-temporal}"
export SQL_PASSWORD="${TEMPORAL_DB_PASSWORD:-temporal}"

# database, schema name
setup() {
  echo "setup-schema: $1 ($2)"
  "$tool" --db "$1" create-database
  "$tool" --db "$1" setup-schema -v 0.0
  "$tool" --db "$1" update-schema --schema-name "$2"
}

setup "${TEMPORAL_DB_NAME:-temporal}" postgresql/v12/temporal
setup "${TEMPORAL_VISIBILITY_DB_NAME:-temporal_visibility}" postgresql/v12/visibility
