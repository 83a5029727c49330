# `systemctl kill -s KILL sockfence`: enforcement stays (it is pinned), and
# systemd restarts the daemon, which adopts the pins.
. /tests/lib.sh

pid=$(systemctl show -p MainPID --value sockfence)
run 0 systemctl kill -s KILL sockfence
chmod 0666 /var/run/docker.sock
run nonzero as bob 'docker ps'
contains "operation not permitted" "right after the kill: bob is still refused"
chmod 0660 /var/run/docker.sock
wait_for 30 sh -c "[ \"\$(systemctl show -p MainPID --value sockfence)\" != 0 ] &&
	[ \"\$(systemctl show -p MainPID --value sockfence)\" != $pid ] &&
	systemctl is-active -q sockfence" &&
	pass "systemd restarted sockfence (pid $pid -> $(systemctl show -p MainPID --value sockfence))" ||
	fail "sockfence was not restarted"
wait_for 10 sh -c 'journalctl -q -o cat -u sockfence --no-pager | grep -q "adopted pinned enforcement"' &&
	pass "the new daemon adopted the pins" || fail "no 'adopted pinned enforcement' in the journal"
finish
