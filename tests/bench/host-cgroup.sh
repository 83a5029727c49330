#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The cgroup backend's connect cost on this host (no VM), as bench-connect
# measures the lsm backend in the VM: sfbench in a cgroup made for the run,
# phases off (nothing attached) and on (`sockfence run --backend cgroup
# --cgroup` that cgroup) interleaved. Prints the same "BENCH connect ..."
# lines, real time only. Usage: host-cgroup.sh BUILD TRIALS MS. Needs root.
set -euo pipefail
build=${1:?build dir} trials=${2:-8} ms=${3:-250}
# The static binary: `make bench` builds it (and not the dynamic one).
sf=$build/static/sockfence
tmp=$(mktemp -d /tmp/sockfence-bench.XXXXXX)
pids=() cgroup= mounted=0

cleanup() {
	"$sf" unload --yes >/dev/null 2>&1 || true
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
	wait 2>/dev/null || true
	[[ -n $cgroup && -d $cgroup ]] && rmdir "$cgroup"
	[[ $mounted == 1 ]] && umount /sys/fs/bpf
	rm -rf "$tmp"
}
trap cleanup EXIT

if "$sf" status >/dev/null 2>&1; then
	echo "host-cgroup: sockfence already enforces on this host; not measuring" >&2
	exit 1
fi
mountpoint -q /sys/fs/bpf || { mount -t bpf bpf /sys/fs/bpf && mounted=1; }
root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
cgroup=$root/sockfence-bench-$$
mkdir "$cgroup"
for a in unix:$tmp/plain.sock tcp:127.0.0.1:18080 unix:$tmp/docker.sock; do
	ready=$tmp/ready.${#pids[@]}
	"$build/static/sfprobe" listen "$a" --ready "$ready" &
	pids+=($!)
	for _ in $(seq 50); do [[ -e $ready ]] && break; sleep 0.1; done
done
cat >"$tmp/policy.yaml" <<YAML
endpoints:
  docker: { unix: $tmp/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: deny, endpoint: docker, from: container }
  - { action: deny, endpoint: docker-tcp }
  - { action: allow, endpoint: docker, from: host, uid: root }
YAML

echo "BENCH kernel release=$(uname -r)"
echo "BENCH params trials=$trials rounds=2 window_ms=$ms warm_ms=50"
windows() { # PHASE TRIAL
	sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cgroup" \
		"$build/static/sfbench" loop --ms "$ms" --rounds 2 --warm 50 \
		unix="unix:$tmp/plain.sock" tcp=tcp:127.0.0.1:18080 refused=tcp:127.0.0.1:9 \
		protected-default="unix:$tmp/docker.sock" | sed "s/^/BENCH connect phase=$1 trial=$2 /"
}
windows off 0
for t in $(seq "$trials"); do
	"$sf" run --backend cgroup --cgroup "$cgroup" --policy "$tmp/policy.yaml" \
		>"$tmp/daemon.log" 2>&1 &
	daemon=$!
	for _ in $(seq 300); do grep -q '^sockfence: enforcing' "$tmp/daemon.log" && break; sleep 0.1; done
	if ! grep -q '^sockfence: enforcing' "$tmp/daemon.log"; then
		echo "host-cgroup: sockfence did not start enforcing (trial $t); its log:" >&2
		cat "$tmp/daemon.log" >&2
		exit 1
	fi
	windows on "$t"
	kill -TERM "$daemon"
	wait "$daemon" || true
	"$sf" unload --yes >/dev/null
	windows off "$t"
done
