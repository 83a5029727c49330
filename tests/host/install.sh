#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# make install / uninstall into a staging DESTDIR, and the systemd unit
# checked by systemd-analyze. Prints "install: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
passed=0 failed=0
check() { # DESCRIPTION COMMAND...
	local what=$1
	shift
	if "$@" >/dev/null 2>&1; then
		passed=$((passed + 1))
	else
		echo "FAIL: $what"
		failed=$((failed + 1))
	fi
}

make -s install BUILD="$build" DESTDIR="$stage" PREFIX=/usr >/dev/null
for f in usr/sbin/sockfence usr/lib/systemd/system/sockfence.service \
	usr/share/man/man8/sockfence.8 usr/share/man/man5/sockfence.yaml.5 \
	usr/share/bash-completion/completions/sockfence etc/sockfence/policy.yaml; do
	check "installs $f" test -e "$stage/$f"
done
check "the unit runs the installed binary" \
	grep -qx 'ExecStart=/usr/sbin/sockfence run' "$stage/usr/lib/systemd/system/sockfence.service"

echo "# local edit" >>"$stage/etc/sockfence/policy.yaml"
make -s install BUILD="$build" DESTDIR="$stage" PREFIX=/usr >/dev/null
check "a second install keeps an edited policy" grep -q '^# local edit' "$stage/etc/sockfence/policy.yaml"
make -s uninstall BUILD="$build" DESTDIR="$stage" PREFIX=/usr >/dev/null
check "uninstall removes the binary" test ! -e "$stage/usr/sbin/sockfence"
check "uninstall removes the unit" test ! -e "$stage/usr/lib/systemd/system/sockfence.service"
check "uninstall keeps an edited policy" test -e "$stage/etc/sockfence/policy.yaml"

# systemd-analyze verify needs the ExecStart binary to exist (and the man
# pages installed, hence --man=no): point the
# unit at the one just built.
sed "s|@SBINDIR@|$(cd "$build" && pwd)|g" etc/sockfence.service.in >"$stage/sockfence.service"
if out=$(systemd-analyze verify --man=no "$stage/sockfence.service" 2>&1) && [[ -z $out ]]; then
	passed=$((passed + 1))
else
	echo "FAIL: systemd-analyze verify sockfence.service:"
	echo "$out" | sed 's/^/    /'
	failed=$((failed + 1))
fi
echo "install: $passed passed, $failed failed"
[[ $failed -eq 0 ]]
