# The journal: each event is also an entry with structured fields and a
# MESSAGE_ID per type, so that `journalctl -u sockfence
# SOCKFENCE_VERDICT=deny` selects denials; the syslog line stays, once.
. /tests/lib.sh

bob=$(id -u bob)
chmod 0666 /var/run/docker.sock
run nonzero as bob 'docker ps'
chmod 0660 /var/run/docker.sock
# shellcheck disable=SC2016 # $bob is the shell's, the rest journalctl's
entries() { journalctl -u sockfence -o json --no-pager SOCKFENCE_VERDICT=deny "SOCKFENCE_UID=$bob"; }
if wait_for 10 sh -c "journalctl -u sockfence -o json --no-pager SOCKFENCE_VERDICT=deny SOCKFENCE_UID=$bob | grep -q SOCKFENCE_ENDPOINT"; then
	entry=$(entries | tail -n 1)
	echo "    $entry" | cut -c1-400
	for field in '"MESSAGE_ID":"6a6a7109444e40bc84c7ae6f9319f982"' '"SOCKFENCE_TYPE":"event"' \
		'"SOCKFENCE_ENDPOINT":"docker"' '"SOCKFENCE_TARGET":"/var/run/docker.sock"' \
		"\"SOCKFENCE_HOOK\":\"${HOOK}unix_stream_connect\"" '"SOCKFENCE_RULE":"default"' \
		'"SOCKFENCE_COMM":"docker"' '"SOCKFENCE_EXE":"' '"PRIORITY":"4"' \
		'"_SYSTEMD_UNIT":"sockfence.service"'; do
		case $entry in
		*"$field"*) pass "the entry has $field" ;;
		*) fail "the entry lacks $field" ;;
		esac
	done
else
	fail "journalctl SOCKFENCE_VERDICT=deny SOCKFENCE_UID=$bob selects nothing"
fi
# The syslog lines are still there, one per entry: a search for the
# key=value line finds each event once (the entries' MESSAGE is a sentence).
# The client may still be retrying, and the daemon writes the two sinks one
# after the other: counts taken together for up to 5 s, until they agree.
pid=$(echo "$entry" | sed -n 's/.*"SOCKFENCE_PID":"\([0-9]*\)".*/\1/p')
for _ in 1 2 3 4 5 6 7 8 9 10; do
	lines=$(sockfence_lines "verdict=deny .* pid=$pid " | wc -l)
	n=$(journalctl -u sockfence -o json --no-pager SOCKFENCE_VERDICT=deny "SOCKFENCE_PID=$pid" | wc -l)
	[ "$lines" -ge 1 ] && [ "$lines" -eq "$n" ] && break
	sleep 0.5
done
[ "$lines" -ge 1 ] && [ "$lines" -eq "$n" ] &&
	pass "pid $pid: $lines syslog lines, $n journal entries" ||
	fail "pid $pid: $lines syslog lines but $n journal entries"

# The unit's sandbox lets the daemon read the socket tables (sock_diag,
# netlink): it judged the connections that existed when it started.
log=$(journalctl -u sockfence -o cat --no-pager)
case $log in
*"cannot list the connections to protected endpoints"*)
	fail "the daemon could not list the existing connections: $(echo "$log" | grep 'cannot list' | tail -n 1)" ;;
*"connections to protected endpoints existed at start"* | *"existing connection "*)
	pass "the daemon judged the connections that existed at its start" ;;
*) fail "no word on the connections that existed at start" ;;
esac
finish
