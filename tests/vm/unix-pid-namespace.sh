# Scenario 3: root inside a new pid namespace (as in a container) is refused.
. /tests/lib.sh

listen unix:/var/run/docker.sock
start_sockfence || finish
expect ok unix:/var/run/docker.sock
out=$(unshare -p -f sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in
*"uid=0 "*"result=EPERM"*) pass "root in a new pid namespace -> EPERM ($out)" ;;
*) fail "root in a new pid namespace: expected EPERM, got '$out'" ;;
esac
finish
