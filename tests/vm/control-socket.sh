# Only root controls sockfence: the control socket's file mode stops other
# users, and the daemon's SO_PEERCRED check stops them even when the mode
# would not.
. /tests/lib.sh

docker_policy /tmp/p.yaml deny \
	"{ action: allow, endpoint: docker, uid: 0 }"
start_sockfence --policy /tmp/p.yaml || finish
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

run_cli sockfence reload
[ "$CLI_RC" -eq 0 ] || fail "root reload exited $CLI_RC"
finish
