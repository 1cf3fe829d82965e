#!/usr/bin/env bash
# The one list of system packages leaflet's samples and tests need on Debian or Ubuntu, installed when missing:
#   chromium                 the browser that prints the leaflets
#   fonts-liberation         text fonts (Arial, Times and Courier metrics)
#   fonts-noto-core          fonts for the samples' other scripts: Arabic, Urdu's Nastaliq, Welsh and Polish letters
#   fonts-noto-cjk           Chinese, Japanese and Korean
#   fonts-noto-color-emoji   emoji
#   poppler-utils            pdftotext, pdfinfo and pdffonts, with which the tests read the PDFs back
#   default-jre-headless     Java, for the W3C HTML checker (vnu.jar) the web tests run
#   strace                   for the test that watches a build make no network connection
# Run as root (a container, CI) it calls apt-get itself; as another user, through sudo.
set -euo pipefail

# grep reads the whole list (no -q): with pipefail, fc-list killed by an early exit of grep would count as a miss.
has_font() { command -v fc-list >/dev/null 2>&1 && fc-list | grep -i "$1" >/dev/null; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
has_font 'Liberation Sans' || missing+=(fonts-liberation)
has_font 'Noto Naskh Arabic' || missing+=(fonts-noto-core)
has_font 'Noto Sans CJK' || missing+=(fonts-noto-cjk)
has_font 'Noto Color Emoji' || missing+=(fonts-noto-color-emoji)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v strace >/dev/null 2>&1 || missing+=(strace)

if [ "${#missing[@]}" -eq 0 ]; then
  echo "setup-debian: every system package leaflet needs is installed."
  exit 0
fi
echo "setup-debian: installing ${missing[*]}"
sudo=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 || { echo "setup-debian: run this as root, or install sudo: apt-get needs root." >&2; exit 1; }
  sudo=(sudo)
fi
"${sudo[@]}" apt-get update
DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y --no-install-recommends "${missing[@]}"
