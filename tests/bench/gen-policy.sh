#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# Usage: gen-policy.sh N [ROOT]
# Prints a benchmark policy of N rules (N >= 3) with the default policy's
# endpoints, their socket paths under ROOT (default: /): the default
# policy's two leading deny rules, N-3 rules that root on the host does not
# match (other uids and gids, on the docker endpoint so every field is
# compared), then the rule that allows root. A connect by root walks all N.
# POSIX sh: runs on the build host and in the VM's busybox.
set -eu

n=${1:?number of rules}
root=${2:-}
[ "$n" -ge 3 ] || { echo "gen-policy: N must be at least 3" >&2; exit 2; }

cat <<YAML
# Benchmark policy: $n rules, root allowed by the last one.
mode: enforce
default: deny
endpoints:
  docker: { unix: [$root/var/run/docker.sock] }
  containerd: { unix: $root/run/containerd/containerd.sock }
  sockfence: { unix: $root/run/sockfence/control.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: deny, endpoint: [docker, containerd, sockfence], from: container }
  - { action: deny, endpoint: docker-tcp }
YAML
i=3
while [ "$i" -lt "$n" ]; do
	if [ $((i % 2)) -eq 1 ]; then
		echo "  - { action: deny, endpoint: docker, from: host, uid: $((20000 + i)) }"
	else
		echo "  - { action: deny, endpoint: docker, from: host, gid: $((30000 + i)) }"
	fi
	i=$((i + 1))
done
echo "  - { action: allow, endpoint: [docker, containerd, sockfence], from: host, uid: 0 }"
