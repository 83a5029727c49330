# Exposure: a listen on a protected port at an address other hosts can
# reach (0.0.0.0, ::, a non-loopback address: `dockerd -H
# tcp://0.0.0.0:2375`) is reported with who listens (type=exposure);
# with `exposure: deny` it is refused with EPERM. Loopback listeners and
# unprotected ports are untouched.
. /tests/lib.sh

cat >/tmp/policy.yaml <<'YAML'
endpoints:
  docker-tcp: { tcp: 2375 }
rules:
  - { action: allow, endpoint: docker-tcp, uid: root, from: host }
YAML
start_sockfence --policy /tmp/policy.yaml || finish

# listen_result ADDR: how a listen on ADDR ends ("ok" while it serves).
listen_result() {
	# Both go first: a test that saw the last listen's output would wait forever.
	rm -f /tmp/listening /tmp/listen.out
	sfprobe listen "$1" --ready /tmp/listening >/tmp/listen.out 2>&1 &
	pid=$!
	# (A refused listen prints why and exits; kill -0 would still find the zombie.)
	if ! wait_for 30 sh -c 'test -e /tmp/listening || test -s /tmp/listen.out'; then
		kill $pid
		wait $pid 2>/dev/null
		echo "no answer within 30 s"
	elif [ -e /tmp/listening ]; then
		kill $pid
		wait $pid 2>/dev/null
		echo ok
	else
		wait $pid 2>/dev/null
		sed -n 's/.*: \([A-Za-z ]*\)$/\1/p' /tmp/listen.out
	fi
}
exposures() { grep "sockfence.* type=exposure" /var/log/messages; }
for addr in tcp:127.0.0.1:2375 "tcp:[::1]:2375" tcp:0.0.0.0:2376; do
	[ "$(listen_result "$addr")" = ok ] && pass "listen $addr" || fail "listen $addr: $(cat /tmp/listen.out)"
done
[ -z "$(exposures)" ] || fail "loopback or unprotected listeners reported: $(exposures)"

# Audit (the default): it listens, and says so.
[ "$(listen_result tcp:0.0.0.0:2375)" = ok ] && pass "audit: 0.0.0.0:2375 listens" || fail "audit: listen 0.0.0.0:2375 refused"
[ "$(listen_result "tcp:[::]:2375")" = ok ] && pass "audit: [::]:2375 listens" || fail "audit: listen [::]:2375 refused"
# Each listen is its own event; syslog may write the second one later.
wait_for 5 sh -c "grep -q 'sockfence.* target=\[::\]:2375 .*type=exposure' /var/log/messages" ||
	fail "no exposure event for [::]:2375"
case $(exposures) in
*"verdict=audit-deny hook=${HOOK}socket_listen endpoint=docker-tcp target=0.0.0.0:2375 rule=default gen=1 pid="*" uid=0 "*"comm=sfprobe "*"type=exposure"*)
	pass "exposure reported with who listens" ;;
*) fail "exposure event: $(exposures)" ;;
esac
case $(exposures) in
*"target=[::]:2375 "*"type=exposure"*) pass "the IPv6 wildcard too" ;;
*) fail "no exposure event for [::]:2375: $(exposures)" ;;
esac

# Deny: refused, reported as a deny.
sed -i '1i exposure: deny' /tmp/policy.yaml
run_cli sockfence reload
[ "$(listen_result tcp:0.0.0.0:2375)" = "Operation not permitted" ] &&
	pass "deny: listen 0.0.0.0:2375 refused with EPERM" || fail "deny: listen 0.0.0.0:2375: $(cat /tmp/listen.out)"
[ "$(listen_result tcp:127.0.0.1:2375)" = ok ] && pass "deny: loopback still listens" || fail "deny: loopback refused"
wait_for 5 sh -c "grep -q 'verdict=deny hook=${HOOK}socket_listen endpoint=docker-tcp target=0.0.0.0:2375 .*type=exposure' /var/log/messages" &&
	pass "the refused listen is reported" || fail "no deny event: $(exposures)"
finish
