# Host root with the docker CLI over the unix socket: ps and run work;
# sockfence started before dockerd, as its unit says.
. /tests/lib.sh

sf=$(systemctl show -p ActiveEnterTimestampMonotonic --value sockfence.service)
dk=$(systemctl show -p ActiveEnterTimestampMonotonic --value docker.service)
[ "${sf:-0}" -gt 0 ] && [ "$sf" -lt "$dk" ] && pass "sockfence.service was active before docker.service" ||
	fail "sockfence.service active at $sf, docker.service at $dk"
cycles=$(journalctl -b -q --no-pager | grep -c 'ordering cycle')
[ "$cycles" -eq 0 ] && pass "no ordering cycle at boot" ||
	fail "systemd broke $cycles ordering cycles at boot: $(journalctl -b -q --no-pager | grep 'ordering cycle')"
run 0 sockfence status
contains "backend:     $BACKEND" "status: the $BACKEND backend"
run 0 docker ps
image
run 0 docker run --rm --network none $IMAGE sh -c 'echo hello from a container'
contains "hello from a container" "docker run printed the container's output"
finish
