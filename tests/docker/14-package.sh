# The Debian package, last (it removes sockfence): installed by dpkg with
# the unit enabled and running; an upgrade (the same package repacked with
# a higher version, scripts/docker-vm.sh) leaves no moment unenforced (bob
# hammers the socket throughout); `dpkg -r` unloads
# the enforcement and keeps the policy; `dpkg -P` removes the policy too.
. /tests/lib.sh

version=$(dpkg-query -W -f '${Version}' sockfence)
[ -n "$version" ] && pass "sockfence $version is installed from the package" || fail "no package"
[ "$(systemctl is-enabled sockfence)" = enabled ] && systemctl is-active -q sockfence &&
	pass "the unit is enabled and active" || fail "the unit is $(systemctl is-enabled sockfence), $(systemctl is-active sockfence)"

bob=$(id -u bob)
chmod 0666 /var/run/docker.sock
pid=$(systemctl show -p MainPID --value sockfence)
adopted() { journalctl -q -o cat -u sockfence --no-pager | grep -c "adopted pinned enforcement"; }
adopted0=$(adopted)
rm -f /tmp/stop
$PROBE hammer unix:/var/run/docker.sock --uid "$bob" --gid "$bob" --until /tmp/stop >/tmp/hammer.out &
hammer=$!
sleep 1
run 0 dpkg -i /tests/sockfence-upgrade.deb
wait_for 30 sh -c "systemctl is-active -q sockfence &&
	[ \"\$(systemctl show -p MainPID --value sockfence)\" != $pid ]" ||
	fail "the upgrade did not restart sockfence"
sleep 1
touch /tmp/stop
wait $hammer
result=$(cat /tmp/hammer.out)
case $result in
"attempts=0 "*) fail "bob made no attempt" ;;
*" ok=0 "*" other=0") pass "no connect got through during the upgrade ($result)" ;;
*) fail "connects got through during the upgrade: $result" ;;
esac
[ "$(dpkg-query -W -f '${Version}' sockfence)" = "$version+upgrade" ] &&
	pass "upgraded to $version+upgrade" || fail "the version is $(dpkg-query -W -f '${Version}' sockfence)"
[ "$(adopted)" -gt "$adopted0" ] && pass "the new daemon adopted the pins" ||
	fail "no adoption after the upgrade"

run 0 dpkg -r sockfence
[ ! -e /sys/fs/bpf/sockfence ] && pass "remove unloaded the enforcement" ||
	fail "/sys/fs/bpf/sockfence remains after remove"
out=$($PROBE connect unix:/var/run/docker.sock --uid "$bob" --gid "$bob" 2>&1)
case $out in
*result=ok) pass "bob connects once sockfence is removed" ;;
*) fail "after remove bob got: $out" ;;
esac
[ -f /etc/sockfence/policy.yaml ] && pass "remove keeps the policy (a conffile)" ||
	fail "remove took the policy"
run 0 dpkg -P sockfence
[ ! -e /etc/sockfence/policy.yaml ] && pass "purge removes the policy" ||
	fail "the policy remains after purge"
chmod 0660 /var/run/docker.sock
finish
