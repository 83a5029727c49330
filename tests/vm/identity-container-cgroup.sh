# A process in a container runtime's cgroup is container-originated even in
# the host's pid namespace (docker run --pid=host), under the systemd and
# the cgroupfs drivers; its event names the container.
. /tests/lib.sh

cgroup2_root >/dev/null
mkdir -p "/sys/fs/cgroup/system.slice/docker-$CONTAINER_A.scope" "/sys/fs/cgroup/docker/$CONTAINER_B"
listen unix:/var/run/docker.sock
start_sockfence || finish

expect ok unix:/var/run/docker.sock
check_container() { # CGROUP ID
	out=$(in_cgroup "$1" sfprobe connect unix:/var/run/docker.sock 2>&1)
	pid=$(echo "$out" | sed -n 's/^pid=\([0-9]*\) .*/\1/p')
	case $out in
	*"uid=0 "*"result=EPERM"*) pass "root in $1, host pid namespace -> EPERM" ;;
	*) fail "root in $1: expected EPERM, got '$out'" ;;
	esac
	if ! wait_for 5 syslog_lines "$pid"; then
		fail "no event for pid $pid"
		return
	fi
	case $(syslog_lines "$pid") in
	*"rule=1 "*"pidns_level=0 "*"container_by=cgroup container=$2"*) pass "event names container ${2%"${2#????????????}"}" ;;
	*) fail "event lacks the container: $(syslog_lines "$pid")" ;;
	esac
	# Again: this time the hook knows the cgroup (its cached origin).
	out=$(in_cgroup "$1" sfprobe connect unix:/var/run/docker.sock 2>&1)
	case $out in
	*"result=EPERM"*) pass "root in $1 again -> EPERM" ;;
	*) fail "root in $1 again: expected EPERM, got '$out'" ;;
	esac
}
check_container "system.slice/docker-$CONTAINER_A.scope" "$CONTAINER_A"
check_container "docker/$CONTAINER_B" "$CONTAINER_B"
# A cgroup that only looks similar is the host's.
out=$(in_cgroup "system.slice/docker.service" sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in
*"result=ok"*) pass "root in system.slice/docker.service is the host" ;;
*) fail "root in docker.service was refused: $out" ;;
esac
out=$(in_cgroup "system.slice/docker.service" sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in
*"result=ok"*) pass "root in system.slice/docker.service again -> ok" ;;
*) fail "root in docker.service was refused the second time: $out" ;;
esac
finish
