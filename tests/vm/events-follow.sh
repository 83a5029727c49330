# Live subscribers: two `sockfence events --follow` (JSON and text) at once
# receive a deny made while they run; `sockfence events` without --follow
# prints the recent events and exits; only root may subscribe; when the
# daemon stops, followers are told and exit 0.
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence || finish

sockfence events --follow --json >/tmp/json.out 2>/tmp/json.err &
json_follower=$!
sockfence events --follow >/tmp/text.out 2>/tmp/text.err &
text_follower=$!
wait_for 30 grep -q '^sockfence: following events' /tmp/json.err ||
	fail "the JSON follower did not start: $(cat /tmp/json.err)"
wait_for 30 grep -q '^sockfence: following events' /tmp/text.err ||
	fail "the text follower did not start: $(cat /tmp/text.err)"

probe_default_policy

wait_for 10 grep -q "\"pid\":$TCP_PID," /tmp/json.out || fail "the JSON follower missed pid $TCP_PID"
wait_for 10 grep -q " pid=$TCP_PID " /tmp/text.out || fail "the text follower missed pid $TCP_PID"
sed 's/^/    json: /' /tmp/json.out
sed 's/^/    text: /' /tmp/text.out
record=$(grep "\"pid\":$UNIX_PID," /tmp/json.out)
case $record in
'{"version":1,"type":"event",'*'"verdict":"deny","hook":"'"$HOOK"'unix_stream_connect","endpoint":"docker",'*'"target":"/var/run/docker.sock",'*'"uid":1000,'*) pass "JSON follower got the unix deny" ;;
*) fail "JSON follower, unix deny: '$record'" ;;
esac
case $(grep "\"pid\":$TCP_PID," /tmp/json.out) in
*'"target":"127.0.0.1:2375","address":"127.0.0.1","port":2375,"rule":2,'*) pass "JSON follower got the tcp deny" ;;
*) fail "JSON follower, tcp deny: $(grep "\"pid\":$TCP_PID," /tmp/json.out)" ;;
esac
case $(grep " pid=$UNIX_PID " /tmp/text.out) in
20[0-9][0-9]-*T*Z" verdict=deny hook=${HOOK}unix_stream_connect endpoint=docker target=/var/run/docker.sock "*) pass "text follower got the unix deny" ;;
*) fail "text follower, unix deny: $(grep " pid=$UNIX_PID " /tmp/text.out)" ;;
esac
[ "$(wc -l </tmp/json.out)" -eq 2 ] || fail "the JSON follower got $(wc -l </tmp/json.out) lines, expected 2"
grep -q "\"pid\":$ROOT_PID," /tmp/json.out && fail "an allowed connect was streamed"

# Without --follow: the recent events, then exit 0.
run_cli sockfence events
[ "$CLI_RC" -eq 0 ] || fail "sockfence events exited $CLI_RC"
case $CLI_OUT in
*" pid=$UNIX_PID "*" pid=$TCP_PID "*"sockfence: 2 recent events"*) pass "sockfence events lists the recent events" ;;
*) fail "sockfence events did not list both recent events" ;;
esac

# Root only, like every control request.
run_cli sfprobe exec --uid "$TEST_UID" --gid "$TEST_UID" -- sockfence events --follow
[ "$CLI_RC" -eq 2 ] && pass "uid $TEST_UID cannot subscribe" || fail "uid $TEST_UID subscribed (rc $CLI_RC)"

# The daemon stops: followers are told and end with status 0.
stop_sockfence
wait $json_follower
rc_json=$?
wait $text_follower
rc_text=$?
[ $rc_json -eq 0 ] && [ $rc_text -eq 0 ] && pass "followers exit 0 when the daemon stops" ||
	fail "followers exited $rc_json and $rc_text"
grep -q 'the daemon stopped' /tmp/json.err || fail "the JSON follower was not told: $(cat /tmp/json.err)"
finish
