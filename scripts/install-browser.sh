#!/bin/sh
# Headless Chromium and its driver for the browser tests (tests/test_browser.py), from Debian apt.
# Does nothing when they are already there; needs root (or sudo) otherwise.
set -eu
if [ -x /usr/bin/chromium ] && [ -x /usr/bin/chromedriver ]; then
    exit 0
fi
SUDO=""
if [ "$(id -u)" != "0" ]; then SUDO="sudo"; fi
$SUDO apt-get update -q
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends chromium chromium-driver
