#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The body of `make run`: sockfence on this very host, in the foreground,
# with the policy in /etc/sockfence/policy.yaml or the built-in default. It
# picks the backend itself (BPF LSM when it works, else cgroup, and says
# why), then shows the events live until Ctrl-C. On the way out it stops the
# daemon and removes enforcement, unless KEEP=1 leaves it pinned.
set -euo pipefail
top=$(cd "$(dirname "$0")/.." && pwd)
sf=${BUILD:-$top/build}/sockfence

if [[ $(id -u) -ne 0 ]]; then
	echo "run: sockfence loads BPF programs and needs root: run 'make run' as root (e.g. sudo make run)" >&2
	exit 1
fi
# systemd mounts both at boot; a bare container or chroot may not have them.
if ! mountpoint -q /sys/fs/bpf; then
	echo "run: mounting the BPF filesystem at /sys/fs/bpf (enforcement is pinned there)"
	mount -t bpf bpf /sys/fs/bpf
fi
if [[ ! -e /sys/kernel/security/lsm ]]; then
	echo "run: mounting securityfs at /sys/kernel/security (to read the active LSM list)"
	mount -t securityfs securityfs /sys/kernel/security || true
fi

log=$(mktemp /tmp/sockfence-run.XXXXXX)
"$sf" run "$@" > >(tee "$log") 2>&1 &
daemon=$!
stop() {
	trap - INT TERM EXIT
	kill -TERM "$daemon" 2>/dev/null || true
	wait "$daemon" 2>/dev/null || true
	if [[ ${KEEP:-0} == 1 ]]; then
		echo "run: enforcement stays pinned; 'sudo $sf unload --yes' removes it"
	else
		"$sf" unload --yes || true
	fi
	rm -f "$log"
}
trap stop INT TERM EXIT
for _ in $(seq 600); do
	grep -q '^sockfence: enforcing' "$log" && break
	if ! kill -0 "$daemon" 2>/dev/null; then
		trap - INT TERM EXIT
		wait "$daemon" || true
		rm -f "$log"
		echo "run: sockfence did not start (its messages are above)" >&2
		exit 1
	fi
	sleep 0.1
done
echo "run: showing events live ('sockfence events --follow'); Ctrl-C stops"
"$sf" events --follow || true
