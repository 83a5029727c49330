# With no policy file, the built-in default applies: root and the docker
# group on the host reach docker.sock; other users, containers and every
# TCP 2375 caller are refused; the control socket is root's on the host.
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence || finish
grep -q "from built-in default policy" "$SF_LOG" || fail "does not say it uses the built-in default"

docker_group="--uid 1001 --gid 1001 --groups 999"
expect ok unix:/var/run/docker.sock
expect ok unix:/var/run/docker.sock $docker_group
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
expect EPERM tcp:127.0.0.1:2375
expect EPERM tcp:127.0.0.1:2375 $docker_group
expect ok unix:/run/sockfence/control.sock
# File modes keep others out of the control socket first (EACCES); with
# them opened up, the policy still does (EPERM).
expect EACCES unix:/run/sockfence/control.sock $docker_group
chmod 755 /run/sockfence
chmod 666 /run/sockfence/control.sock
expect EPERM unix:/run/sockfence/control.sock $docker_group
for who in "" "$docker_group"; do
	out=$(unshare -p -f sfprobe connect unix:/var/run/docker.sock $who 2>&1)
	case $out in
	*"result=EPERM"*) pass "in a pid namespace ${who:-as root} -> EPERM" ;;
	*) fail "in a pid namespace ${who:-as root}: expected EPERM, got '$out'" ;;
	esac
done
out=$(unshare -p -f sfprobe connect unix:/run/sockfence/control.sock 2>&1)
case $out in
*"result=EPERM"*) pass "root in a pid namespace cannot reach the control socket" ;;
*) fail "root in a pid namespace reached the control socket: '$out'" ;;
esac
# The deny of a container names the first rule.
wait_for 5 grep -q 'verdict=deny .*endpoint=docker .*rule=1 gen=1 .*pidns_level=1' \
	/var/log/messages || fail "no event naming rule 1 for the container's connect"
finish
