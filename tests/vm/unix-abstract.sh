# Abstract unix sockets (@name: no file) are protected by name, exact or
# by prefix, in the host's network namespace: a host-network container (same
# network namespace, its own pid namespace) is refused containerd-shim's
# socket (the CVE-2020-15257 class), while a socket of the same name in
# another network namespace is another socket and is not confused with it.
. /tests/lib.sh

u="--uid $TEST_UID --gid $TEST_UID"
shim=@/containerd-shim/moby/3f2a9c/shim.sock
cat >/tmp/policy.yaml <<'YAML'
endpoints:
  shim: { unix: ['@/containerd-shim/*'] }
  exact: { unix: ['@sf-exact'] }
rules:
  - { action: allow, endpoint: [shim, exact], uid: root, from: host }
YAML
listen "unix:$shim"
listen unix:@sf-exact
listen unix:@sf-exact-longer
listen unix:@/containerd-shim
start_sockfence --policy /tmp/policy.yaml || finish

expect ok "unix:$shim"
expect EPERM "unix:$shim" $u
user_pid=$PROBE_PID
out=$(unshare -p -f sfprobe connect "unix:$shim" 2>&1)
case $out in
*"uid=0 "*"result=EPERM"*) pass "host-network container root -> EPERM ($out)" ;;
*) fail "host-network container root: expected EPERM, got '$out'" ;;
esac
expect EPERM unix:@sf-exact $u
expect ok unix:@sf-exact-longer $u
expect ok unix:@/containerd-shim $u
expect_pass_eperm() {
	out=$(sfprobe pass "unix:$shim" $u 2>&1)
	case $out in
	*"result=EPERM") pass "a connection to $shim handed to the user -> refused" ;;
	*) fail "a connection to $shim handed to the user: $out" ;;
	esac
}
expect_pass_eperm

# Another network namespace has its own abstract names.
out=$(unshare -n sh -c '
	sfprobe listen "unix:$1" --ready /tmp/ns.ready &
	i=0; while [ ! -e /tmp/ns.ready ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	sfprobe connect "unix:$1" --uid "$2" --gid "$2"
	kill $!' sh "$shim" "$TEST_UID" 2>&1)
case $out in
*"result=ok"*) pass "the same name in another network namespace is not protected ($out)" ;;
*) fail "the same name in another network namespace: $out" ;;
esac

wait_for 5 syslog_lines "$user_pid" || fail "no event for the abstract socket"
case $(syslog_lines "$user_pid") in
*"verdict=deny hook=${HOOK}unix_stream_connect endpoint=shim target=\"@/containerd-shim/*\" "*"uid=$TEST_UID "*)
	pass "the event names the endpoint and the configured name" ;;
*) fail "event of the abstract socket: $(syslog_lines "$user_pid")" ;;
esac
finish
