#!/usr/bin/env bash
# Checks the Prometheus side of grafana/ with promtool: the scrape configuration, the alert rules
# and their unit tests (grafana/prometheus/tests). Installs Debian's prometheus package (promtool,
# and the prometheus server LivePrometheusITCase runs) when promtool is missing.
#
#   scripts/check-monitoring.sh
#
# Exits non-zero, saying which check failed, on the first failure.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

fail() {
    echo "check-monitoring: FAILED: $*" >&2
    exit 1
}

if ! command -v promtool >/dev/null 2>&1; then
    echo "check-monitoring: promtool not found; installing Debian's prometheus package"
    command -v apt-get >/dev/null 2>&1 \
        || fail "promtool is missing and there is no apt-get: install Prometheus (promtool and prometheus) yourself"
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null 2>&1 || fail "promtool is missing: run as root or install sudo"
        sudo="sudo"
    fi
    $sudo apt-get update -qq || fail "apt-get update"
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends prometheus \
        || fail "apt-get install prometheus"
    command -v promtool >/dev/null 2>&1 || fail "prometheus installed but promtool is still not on the PATH"
fi
command -v prometheus >/dev/null 2>&1 \
    || echo "check-monitoring: warning: no prometheus server on the PATH; LivePrometheusITCase needs it" >&2

promtool --version | head -n 1

# prometheus.yml names alerts.yml relative to itself, so check it where it is: that also checks
# the rule file it loads.
promtool check config grafana/prometheus/prometheus.yml || fail "promtool check config grafana/prometheus/prometheus.yml"
promtool check rules grafana/prometheus/alerts.yml || fail "promtool check rules grafana/prometheus/alerts.yml"
promtool test rules grafana/prometheus/tests/alerts-test.yml || fail "promtool test rules grafana/prometheus/tests/alerts-test.yml"

echo "check-monitoring: OK"
