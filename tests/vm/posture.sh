# sockfence status --posture: listeners on protected ports (loopback only
# or exposed, with their owner), the protected socket files' owner, group
# and mode against root:docker 0660, bind mounts of a protected socket in
# other mount namespaces (a container's, with its id), connections to it,
# and dockerd's configured hosts ("hosts" in daemon.json). Exit 4 while
# anything needs fixing, 0 once nothing does.
. /tests/lib.sh

cat >/tmp/policy.yaml <<'YAML'
endpoints:
  docker: { unix: /var/run/docker.sock }
  docker-tcp: { tcp: [2375, 2377] }
rules:
  - { action: allow, endpoint: [docker, docker-tcp], uid: root, from: host }
YAML
listen unix:/var/run/docker.sock
listen tcp:0.0.0.0:2375
exposed=${LISTENERS##* }
listen tcp:127.0.0.1:2377
chmod 0666 /var/run/docker.sock
mkdir -p /etc/docker
echo '{ "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2375"] }' >/etc/docker/daemon.json
start_sockfence --policy /tmp/policy.yaml || finish
# A "container" (a runtime's cgroup, its own mount namespace) with the socket bind-mounted.
: >/tmp/inside.sock
in_cgroup "system.slice/docker-$CONTAINER_A.scope" unshare -m sh -c \
	'mount --bind /var/run/docker.sock /tmp/inside.sock && echo $$ >/tmp/mounted && exec sleep 1000' &
LISTENERS="$LISTENERS $!"
wait_for 10 test -s /tmp/mounted || fail "the bind mount was not made"

run_cli sockfence status --posture --json
[ "$CLI_RC" = 4 ] && pass "exit 4 with findings" || fail "exit $CLI_RC with findings"
item() { echo "$CLI_OUT" | sed 's/},{/}\n{/g' | grep -q -e "$1"; }
item "\"kind\":\"listener\",\"finding\":true,\"endpoint\":\"docker-tcp\",\"what\":\"0.0.0.0:2375\",\"detail\":\"exposed: reachable from other hosts\",\"pid\":$exposed,\"comm\":\"sfprobe\"" &&
	pass "exposed listener with its owner" || fail "exposed listener item"
item '"kind":"listener","finding":false,"endpoint":"docker-tcp","what":"127.0.0.1:2377","detail":"loopback only"' &&
	pass "loopback listener: no finding" || fail "loopback listener item"
item '"kind":"socket-file","finding":true,"endpoint":"docker","what":"/var/run/docker.sock","detail":"owner root:root mode 0666 (expected root:docker 0660 at most)"' &&
	pass "socket file mode 0666 is a finding" || fail "socket file item"
item "\"kind\":\"mount\",\"finding\":true,\"endpoint\":\"docker\",\"what\":\"/tmp/inside.sock\",\"detail\":\"bind mount of /var/run/docker.sock into a container: it controls the host\".*\"container\":true,\"container_id\":\"$CONTAINER_A\"" &&
	pass "the container's bind mount, with its id" || fail "mount item"
item '"kind":"dockerd-host","finding":true,"what":"tcp://0.0.0.0:2375","detail":"\\"hosts\\" in /etc/docker/daemon.json, TCP without TLS client verification' &&
	pass "daemon.json tcp host without tlsverify" || fail "dockerd-host item"
item '"kind":"dockerd-host","finding":false,"what":"unix:///var/run/docker.sock"' &&
	pass "the unix host: no finding" || fail "unix dockerd-host item"
run_cli sockfence status --posture
case $CLI_OUT in
"posture: 4 findings"*"FINDING listener     docker-tcp 0.0.0.0:2375 : exposed"*) pass "text form" ;;
*) fail "text form" ;;
esac

# Fixed: nothing to report, exit 0.
kill "$exposed"
kill "$(cat /tmp/mounted)" # its mount namespace goes with it
chmod 0660 /var/run/docker.sock
echo '{ "hosts": ["unix:///var/run/docker.sock", "tcp://0.0.0.0:2376"], "tlsverify": true }' >/etc/docker/daemon.json
sleep 0.5
run_cli sockfence status --posture --json
[ "$CLI_RC" = 0 ] && pass "exit 0 once fixed" || fail "exit $CLI_RC once fixed"
finish
