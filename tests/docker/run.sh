#!/bin/sh
# SPDX-License-Identifier: GPL-2.0-only
# The guest side of `make test-docker`, run by sf-e2e.service after
# docker.service: every /tests/NN-*.sh in order, its output indented,
# framed by SF-BEGIN and SF-RESULT lines for the host; then power off.
echo "SF-KERNEL $(uname -r)"
for f in /tests/[0-9]*.sh; do
	t=$(basename "$f" .sh)
	echo "SF-BEGIN $t"
	t0=$(cut -d. -f1 /proc/uptime)
	timeout -s KILL 240 sh "$f" >/tmp/out.$t 2>&1
	rc=$?
	sed 's/^/  | /' /tmp/out.$t
	took="$(($(cut -d. -f1 /proc/uptime) - t0))s"
	[ $rc -eq 0 ] && echo "SF-RESULT $t pass $took" || echo "SF-RESULT $t fail $took"
done
echo "SF-DONE"
systemctl poweroff --no-block
