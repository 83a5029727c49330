# Only root on the host controls sockfence: the control socket's file mode
# stops other users; the daemon's own check stops them even when the mode
# would not, and stops root in a container (its pid namespace, its cgroup)
# even when the policy lets it reach the socket. While the daemon starts,
# the socket takes no client before the policy that protects it is attached.
. /tests/lib.sh

# This policy lets any root, and uid TEST_UID, reach the control socket:
# the daemon must judge.
cat >/tmp/p.yaml <<POLICY
default: deny
endpoints:
  docker: { unix: /var/run/docker.sock }
  sockfence: { unix: /run/sockfence/control.sock }
rules:
  - { action: allow, endpoint: [docker, sockfence], uid: 0 }
  - { action: allow, endpoint: sockfence, uid: $TEST_UID }
POLICY

# Connects while the daemon starts: one served before the links are pinned
# would have been judged by nothing but the daemon.
cgroup2_root >/dev/null
mkdir -p "/sys/fs/cgroup/system.slice/docker-$CONTAINER_A.scope"
rm -f /tmp/stop-probing
(
	while [ ! -e /tmp/stop-probing ]; do
		case $(sfprobe connect unix:/run/sockfence/control.sock 2>&1) in
		*result=ok)
			n=$(ls /sys/fs/bpf/sockfence/links 2>/dev/null | wc -l)
			[ "$n" -eq "$KERNEL_LINKS" ] && echo served-enforced || echo served-early ;;
		*) echo refused ;;
		esac
	done >/tmp/probing.out
) &
PROBING=$!
start_sockfence --policy /tmp/p.yaml
touch /tmp/stop-probing
wait $PROBING
[ "$SF_PID" ] || finish
early=$(grep -c served-early /tmp/probing.out) refused=$(grep -c refused /tmp/probing.out)
[ "$refused" -gt 0 ] || fail "no connect was tried while the daemon started"
[ "$early" -eq 0 ] && pass "no client served before enforcement ($refused refused while starting)" ||
	fail "$early clients were served before the links were pinned"

ls -ld /run/sockfence /run/sockfence/control.sock | sed 's/^/    /'
case $(stat -c %a /run/sockfence/control.sock) in
600) pass "control socket mode 0600" ;;
*) fail "control socket mode is $(stat -c %a /run/sockfence/control.sock)" ;;
esac

run_cli sfprobe exec --uid "$TEST_UID" --gid "$TEST_UID" -- sockfence reload
[ "$CLI_RC" -eq 2 ] || fail "non-root reload exited $CLI_RC, not 2"
case $CLI_OUT in
*"Permission denied (run as root)"*) pass "the file mode refuses uid $TEST_UID" ;;
*) fail "no permission error for uid $TEST_UID" ;;
esac

chmod 755 /run/sockfence
chmod 666 /run/sockfence/control.sock
run_cli sfprobe exec --uid "$TEST_UID" --gid "$TEST_UID" -- sockfence reload
[ "$CLI_RC" -eq 1 ] || fail "non-root reload past the file mode exited $CLI_RC, not 1"
case $CLI_OUT in
*"only root may control sockfence (you are uid $TEST_UID)"*) pass "SO_PEERCRED refuses uid $TEST_UID" ;;
*) fail "the daemon did not refuse uid $TEST_UID" ;;
esac
grep -q "control socket: refused pid .* uid $TEST_UID" "$SF_LOG" || fail "the refusal is not logged"

# Root, but in a container: the policy lets it connect, the daemon refuses.
run_cli in_cgroup "system.slice/docker-$CONTAINER_A.scope" sockfence reload
[ "$CLI_RC" -eq 1 ] || fail "reload from a container cgroup exited $CLI_RC, not 1"
case $CLI_OUT in
*"not a container (a container cgroup, container $CONTAINER_A)"*) pass "root in a container cgroup is refused" ;;
*) fail "root in a container cgroup was not refused" ;;
esac
run_cli unshare -p -f sockfence reload
[ "$CLI_RC" -eq 1 ] || fail "reload from another pid namespace exited $CLI_RC, not 1"
case $CLI_OUT in
*"not a container (another pid namespace)"*) pass "root in another pid namespace is refused" ;;
*) fail "root in another pid namespace was not refused" ;;
esac
grep -q "generation 2" "$SF_LOG" && fail "a refused client reloaded the policy"

run_cli sockfence reload
[ "$CLI_RC" -eq 0 ] || fail "root reload exited $CLI_RC"

# A user checks the shipped policy while the daemon runs: the control
# socket's directory is root's alone, which is a warning, not an error.
chmod 700 /run/sockfence
run_cli sfprobe exec --uid "$TEST_UID" --gid "$TEST_UID" -- sockfence check
[ "$CLI_RC" -eq 0 ] && pass "a user's check of the shipped policy exits 0" ||
	fail "a user's check of the shipped policy exited $CLI_RC"
case $CLI_OUT in
*"warning: cannot check /run/sockfence/control.sock as this user (Permission denied)"*)
	pass "it warns that it cannot check the control socket as this user" ;;
*) fail "no warning about the control socket" ;;
esac
finish
