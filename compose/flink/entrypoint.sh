#!/usr/bin/env bash
# Starts a Flink process of the compose stack with the settings of config.yaml next to this script.
#
# The image's /docker-entrypoint.sh rewrites conf/config.yaml at every start, so a file mounted in
# its place would be written to (and a read-only one fails). Instead, the flat "key: value" lines of
# config.yaml go to the image's entrypoint as FLINK_PROPERTIES, which it merges into its own
# configuration, keeping the image's Java 17 options.
#
# TRIBUTARY_RESTORE_FROM, when set, names a savepoint or retained checkpoint the application
# starts from (execution.state-recovery.path); see compose/README.md, "Upgrade with a savepoint".
set -euo pipefail

settings="$(dirname "${BASH_SOURCE[0]}")/config.yaml"
if [[ ! -r "$settings" ]]; then
    echo "entrypoint.sh: cannot read $settings; compose.yaml mounts ./flink there" >&2
    exit 1
fi

properties="$(grep -Ev '^[[:space:]]*(#|$)' "$settings")"
if [[ -n "${TRIBUTARY_RESTORE_FROM:-}" ]]; then
    echo "entrypoint.sh: starting from ${TRIBUTARY_RESTORE_FROM}"
    properties+=$'\n'"execution.state-recovery.path: ${TRIBUTARY_RESTORE_FROM}"
fi
export FLINK_PROPERTIES="$properties"

exec /docker-entrypoint.sh "$@"
