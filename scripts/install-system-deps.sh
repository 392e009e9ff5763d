#!/bin/sh
# System packages the tests need, from Debian apt: headless Chromium and its driver (browser tests,
# tests/test_browser.py) and a Java runtime (pyspark, tests/test_spark.py). Does nothing when they
# are already there; needs root (or sudo) otherwise.
set -eu
missing=""
[ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ] || missing="$missing chromium chromium-driver"
command -v java >/dev/null 2>&1 || missing="$missing openjdk-17-jre-headless"
[ -z "$missing" ] && exit 0
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends $missing
