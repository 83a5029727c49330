# The listener's side: a connection request to a protected port that did
# not arrive on loopback (another host, or another network namespace over a
# veth pair: a container on a bridge) is refused where the kernel handles
# the SYN, whoever sent it, unless a from: remote rule lets its source in.
# The client sees no answer (the SYN is dropped); the event names the
# source and the interface. Unprotected ports and this host's own clients
# are untouched; IPv4 to a dual-stack listener, IPv6, and SYN cookies.
. /tests/lib.sh

load_modules veth
# No duplicate address detection: the addresses work at once.
echo 0 >/proc/sys/net/ipv6/conf/default/accept_dad
echo 0 >/proc/sys/net/ipv6/conf/all/accept_dad
unshare -n sleep 100000 &
NS=$!
LISTENERS="$LISTENERS $NS"
sleep 0.2
ip link add sf0 type veth peer sf1
# (busybox names the peer itself: whichever is not sf0.)
peer=$(ip -o link show | sed -n 's/^[0-9]*: \([a-z0-9]*\)@sf0:.*/\1/p')
[ -n "$peer" ] || fail "no veth pair: $(ip -o link show)"
ip link set "$peer" netns "$NS"
ip addr add 10.99.0.1/24 dev sf0
ip -6 addr add fd00:99::1/64 dev sf0
ip link set sf0 up
in_ns() { nsenter -t "$NS" -n "$@"; }
in_ns ip link set lo up
in_ns ip addr add 10.99.0.2/24 dev "$peer"
in_ns ip -6 addr add fd00:99::2/64 dev "$peer"
in_ns ip link set "$peer" up

listen tcp:[::]:2375 --dual-stack # IPv4 arrives as IPv4-mapped
docker_listener=${LISTENERS##* }
listen tcp:[::]:2377 --dual-stack
listen tcp:0.0.0.0:2376

cat >/tmp/policy.yaml <<'YAML'
existing-connections: close
endpoints:
  docker-tcp: { tcp: 2375 }
  api: { tcp: 2377 }
rules:
  - { action: allow, endpoint: [docker-tcp, api], uid: root, from: host }
  - { action: allow, endpoint: api, from: remote, source: [10.99.0.0/28, "fd00:99::2"] }
YAML
# Before sockfence: the other namespace reaches 2375 (the setup is sound).
remote() { # RESULT ADDR: connect from the other namespace, as root
	want=$1
	out=$(in_ns sfprobe connect "$2" --syn-retries 1 2>&1)
	case $out in
	*"result=$want") pass "from the other namespace: $2 -> $want" ;;
	*) fail "from the other namespace: $2: expected $want, got '$out'" ;;
	esac
}
remote ok tcp:10.99.0.1:2375
# Connections from there made before the start: judged by their source at
# start, the refused one closed (its client gets a reset).
remote_hold() { # NAME ADDR
	rm -f "/tmp/hold.$1" "/tmp/hold.$1.end"
	in_ns sfprobe hold "$2" --ready "/tmp/hold.$1" &
	LISTENERS="$LISTENERS $!"
	wait_for 10 test -s "/tmp/hold.$1" || fail "holder $1 did not connect to $2"
}
remote_hold early_docker tcp:10.99.0.1:2375
remote_hold early_api tcp:10.99.0.1:2377
start_sockfence --policy /tmp/policy.yaml || finish
if wait_for 10 grep -qx "closed ECONNRESET" /tmp/hold.early_docker.end; then
	pass "the remote connection from before the start was closed: its client got a reset"
else
	fail "remote connection to 2375 from before the start: $(cat /tmp/hold.early_docker.end 2>/dev/null || echo still open)"
fi
[ -e /tmp/hold.early_api.end ] && fail "the allowed remote connection to 2377 was closed"
grep -q "existing connection docker-tcp 10.99.0.1:2375 from 10.99.0.2:[0-9]*, another host or network namespace: deny (default): closed" "$SF_LOG" &&
	grep -q "existing connection api 10.99.0.1:2377 from 10.99.0.2:[0-9]*, another host or network namespace: allow (rule 2): the policy lets it through" "$SF_LOG" &&
	pass "both logged with their verdicts" || fail "existing remote lines: $(grep 'existing connection' "$SF_LOG")"

remote ETIMEDOUT tcp:10.99.0.1:2375
remote ETIMEDOUT tcp:[fd00:99::1]:2375
remote ok tcp:10.99.0.1:2376
remote ok tcp:10.99.0.1:2377
remote ok tcp:[fd00:99::1]:2377
# This host's own clients, to any of its addresses: judged at connect.
expect ok tcp:10.99.0.1:2375
expect ok tcp:127.0.0.1:2375
expect EPERM tcp:10.99.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID"

events() { grep "sockfence.*hook=${HOOK}inet_conn_request " /var/log/messages; }
wait_for 5 events || fail "no event for the refused connection requests"
case $(events) in
*"verdict=deny hook=${HOOK}inet_conn_request endpoint=docker-tcp target=10.99.0.1:2375 rule=default gen=1 origin=remote source=10.99.0.2:"*" iif=sf0 listener_pid=$docker_listener listener_comm=sfprobe"*)
	pass "the IPv4 event names the source, the interface and who listens" ;;
*) fail "IPv4 event: $(events)" ;;
esac
case $(events) in
*"target=[fd00:99::1]:2375 rule=default gen=1 origin=remote source=[fd00:99::2]:"*" iif=sf0"*)
	pass "the IPv6 event names the source" ;;
*) fail "IPv6 event: $(events)" ;;
esac
events | grep -q "target=[^ ]*:237[67] " && fail "an allowed request was reported: $(events)"

# SYN cookies for every request: the SYN is judged before a cookie is sent.
echo 2 >/proc/sys/net/ipv4/tcp_syncookies
remote ETIMEDOUT tcp:10.99.0.1:2375
remote ok tcp:10.99.0.1:2377
echo 1 >/proc/sys/net/ipv4/tcp_syncookies
finish
