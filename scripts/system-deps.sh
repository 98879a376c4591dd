#!/usr/bin/env bash
# Installs the Debian packages Promesa's build and tests use, when they are missing:
# gettext (translations), Chromium (browser tests), Dovecot (a real IMAP server for the
# e-mail tests) and npm (accessibility checker for the browser tests).
set -euo pipefail

needed=()
command -v msgfmt >/dev/null 2>&1 || needed+=(gettext)
if [ "${PROMESA_RUNTIME_ONLY:-0}" != "1" ]; then
  command -v chromium >/dev/null 2>&1 || needed+=(chromium)
  [ -x /usr/sbin/dovecot ] || needed+=(dovecot-core dovecot-imapd)
  command -v npm >/dev/null 2>&1 || needed+=(npm)
fi

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Promesa needs these Debian packages: ${needed[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${needed[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${needed[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${needed[@]}"
# The Dovecot package starts a system daemon; the tests run their own private instance.
if [ -x /usr/sbin/dovecot ] && command -v systemctl >/dev/null 2>&1; then
  systemctl disable --now dovecot >/dev/null 2>&1 || true
fi
