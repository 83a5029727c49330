# sockfence learn: a service in its own unit (uid 1003 in
# system.slice/web.service), a docker-group user (uid 1001, group 999) and
# a container (root in its docker-<id>.scope) use the API while learn
# records for a few seconds, and uid 1004 holds a connection it made
# before (as dockerd holds its one to containerd). It proposes exactly the
# rules that allow those four (and root on the host to the control
# socket), applies nothing, and with the proposal enforced they still
# connect while another caller of each kind is refused: another user
# running the same program, another service, another container, root on
# the host. learn refuses to run where sockfence is loaded.
. /tests/lib.sh

cgroup2_root >/dev/null
listen unix:/var/run/docker.sock
rm -f /tmp/learn.stop
workload() { # the three callers, each connecting five times a second
	in_cgroup system.slice/web.service sfprobe hammer unix:/var/run/docker.sock \
		--uid 1003 --gid 1003 --until /tmp/learn.stop --pause 200 >/dev/null &
	sfprobe hammer unix:/var/run/docker.sock --uid 1001 --gid 1001 --groups 999 \
		--until /tmp/learn.stop --pause 200 >/dev/null &
	in_cgroup "system.slice/docker-$CONTAINER_A.scope" sfprobe hammer \
		unix:/var/run/docker.sock --until /tmp/learn.stop --pause 200 >/dev/null &
}
sfprobe hold unix:/var/run/docker.sock --uid 1004 --gid 1004 --ready /tmp/hold.ready &
HOLDER=$!
wait_for 10 test -e /tmp/hold.ready || fail "uid 1004 did not connect"
workload
sockfence learn --for 4s >/tmp/proposed.yaml 2>/tmp/learn.err
rc=$?
touch /tmp/learn.stop
wait_for 10 sh -c '! pgrep -f "sfprobe hammer" >/dev/null'
kill "$HOLDER"
sed 's/^/    learn: /' /tmp/learn.err
sed 's/^/    | /' /tmp/proposed.yaml
[ $rc -eq 0 ] && pass "learn --for 4s: exit 0" || fail "learn --for 4s: exit $rc"
[ ! -e /sys/fs/bpf/sockfence ] && pass "learn left nothing loaded" ||
	fail "learn left $(ls /sys/fs/bpf/sockfence) loaded"
expect ok unix:/var/run/docker.sock --uid 1002 --gid 1002

rules=$(grep -c '^  - { action: allow' /tmp/proposed.yaml)
[ "$rules" -eq 5 ] && pass "5 rules proposed" || fail "$rules rules proposed, not 5"
for want in \
	"endpoint: sockfence, from: host, user: root }" \
	"endpoint: docker, from: host, uid: 1003, cgroup: system.slice/web.service }" \
	"endpoint: docker, from: container, container: $CONTAINER_A }" \
	"endpoint: docker, from: host, uid: 1001, exe: /bin/sfprobe }" \
	"endpoint: docker, from: host, uid: 1004, exe: /bin/sfprobe }"; do
	grep -qF -- "- { action: allow, $want" /tmp/proposed.yaml && pass "proposed: $want" ||
		fail "not proposed: $want"
done
grep -q "uid 1004 running /bin/sfprobe (sfprobe): 1 connect (1 of them open already)" /tmp/proposed.yaml &&
	pass "the open connection is counted as such" || fail "no comment on uid 1004's open connection"
grep -q "controls this host" /tmp/proposed.yaml && pass "the container rule says it controls the host" ||
	fail "no warning on the container rule"
run_cli sockfence check /tmp/proposed.yaml
[ "$CLI_RC" -eq 0 ] && pass "the proposal is a valid policy" || fail "check: exit $CLI_RC"

start_sockfence --policy /tmp/proposed.yaml || finish
out=$(in_cgroup system.slice/web.service sfprobe connect unix:/var/run/docker.sock --uid 1003 --gid 1003 2>&1)
case $out in *result=ok) pass "the service -> ok" ;; *) fail "the service: $out" ;; esac
expect ok unix:/var/run/docker.sock --uid 1001 --gid 1001 --groups 999
expect ok unix:/var/run/docker.sock --uid 1004 --gid 1004
out=$(in_cgroup "system.slice/docker-$CONTAINER_A.scope" sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in *result=ok) pass "the container -> ok" ;; *) fail "the container: $out" ;; esac
# The fourth callers.
expect EPERM unix:/var/run/docker.sock --uid 1002 --gid 1002 --groups 999
out=$(in_cgroup system.slice/other.service sfprobe connect unix:/var/run/docker.sock --uid 1003 --gid 1003 2>&1)
case $out in *result=EPERM) pass "another service -> EPERM" ;; *) fail "another service: $out" ;; esac
out=$(in_cgroup "system.slice/docker-$CONTAINER_B.scope" sfprobe connect unix:/var/run/docker.sock 2>&1)
case $out in *result=EPERM) pass "another container -> EPERM" ;; *) fail "another container: $out" ;; esac
expect EPERM unix:/var/run/docker.sock
run_cli sockfence status
[ "$CLI_RC" -eq 0 ] && pass "root still reaches the control socket" || fail "status: exit $CLI_RC"

# --diff against the policy in force (the proposal itself): an empty log
# keeps root's rule and would drop the four learnt ones.
: >/tmp/empty.jsonl
run_cli sockfence learn --from-json /tmp/empty.jsonl --diff
case $CLI_OUT in
*"the policy in force: /tmp/proposed.yaml"*"  { action: allow, endpoint: sockfence, from: host, uid: 0 }"*"- { action: allow, endpoint: docker, from: host, uid: 1003, cgroup: system.slice/web.service }"*)
	pass "--diff compares with the policy in force" ;;
*) fail "--diff: $CLI_OUT" ;;
esac
[ "$CLI_RC" -eq 1 ] && pass "nothing recorded: exit 1" || fail "an empty log: exit $CLI_RC"
run_cli sockfence learn --for 1s
case $CLI_RC:$CLI_OUT in
2:*"already loaded"*) pass "learn refuses where sockfence is loaded" ;;
*) fail "learn where sockfence is loaded: exit $CLI_RC" ;;
esac
expect EPERM unix:/var/run/docker.sock --uid 1002 --gid 1002
stop_sockfence
sockfence unload --yes >/dev/null
finish
