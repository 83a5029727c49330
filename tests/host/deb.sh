#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The Debian package: `make deb` builds it with dpkg-buildpackage; lintian
# finds no error; it holds the binary, the unit (enabled and started by
# dh_installsystemd), the policy and the logrotate snippet as conffiles,
# the man pages and the completion; removing it unloads the enforcement.
# Prints "deb: N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
passed=0 failed=0
ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }
finish() {
	echo "deb: $passed passed, $failed failed"
	[[ $failed -eq 0 ]]
	exit
}

if ! out=$(make -s BUILD="$build" deb 2>&1); then
	bad "make deb failed:"
	echo "$out" | sed 's/^/    /'
	finish
fi
deb=$(echo "$out" | sed -n 's/^deb: //p')
[[ -f $deb && $deb == */sockfence_*_amd64.deb ]] && ok "make deb: ${deb##*/}" || { bad "no .deb"; finish; }

lint=$(lintian --fail-on error "$deb" 2>&1)
rc=$?
lint=$(grep -v 'root privileges' <<<"$lint")
if [[ $rc -eq 0 ]]; then
	ok "lintian: no error${lint:+; $(wc -l <<<"$lint") warnings: $(tr '\n' ' ' <<<"$lint")}"
else
	bad "lintian: $lint"
fi
contents=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
for f in ./usr/sbin/sockfence ./lib/systemd/system/sockfence.service ./etc/sockfence/policy.yaml \
	./etc/logrotate.d/sockfence ./usr/share/man/man8/sockfence.8.gz \
	./usr/share/man/man5/sockfence.yaml.5.gz ./usr/share/bash-completion/completions/sockfence \
	./usr/share/doc/sockfence/copyright; do
	grep -qx "$f" <<<"$contents" && ok "holds $f" || bad "lacks $f"
done
conffiles=$(dpkg-deb -I "$deb" conffiles)
for f in /etc/sockfence/policy.yaml /etc/logrotate.d/sockfence; do
	grep -qx "$f" <<<"$conffiles" && ok "conffile $f" || bad "$f is not a conffile"
done
dpkg-deb -I "$deb" postinst | grep -q "deb-systemd-helper enable 'sockfence.service'" &&
	ok "postinst enables the unit" || bad "postinst does not enable the unit"
dpkg-deb -I "$deb" prerm | grep -q '^	sockfence unload --yes' &&
	ok "prerm unloads the enforcement on remove" || bad "prerm does not unload"
tmp=$(mktemp -d)
dpkg-deb -x "$deb" "$tmp"
grep -q '^ExecStart=/usr/sbin/sockfence run$' "$tmp/lib/systemd/system/sockfence.service" &&
	ok "the unit runs /usr/sbin/sockfence" || bad "the unit's ExecStart is not /usr/sbin/sockfence run"
cmp -s "$tmp/etc/sockfence/policy.yaml" etc/sockfence/policy.yaml &&
	ok "the shipped policy is etc/sockfence/policy.yaml" || bad "the packaged policy differs"
"$tmp/usr/sbin/sockfence" check "$tmp/etc/sockfence/policy.yaml" >/dev/null 2>&1 &&
	ok "the packaged binary checks the packaged policy" || bad "the packaged binary does not run"
version=$(dpkg-deb -f "$deb" Version)
case $("$tmp/usr/sbin/sockfence" version) in
"sockfence $version" | "sockfence $version+"*) ok "package version $version is the binary's" ;;
*) bad "package version $version, binary says '$("$tmp/usr/sbin/sockfence" version)'" ;;
esac
rm -rf "$tmp"
finish
