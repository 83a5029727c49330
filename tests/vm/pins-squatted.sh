# The pin directory is root's alone. The BPF filesystem here is mounted
# without options (mode 1777, as `mount -t bpf bpf /sys/fs/bpf` leaves it),
# so a user can create /sys/fs/bpf/sockfence before the daemon does. The
# daemon moves that directory aside, pins in a new root 0700 one, enforces,
# and the user can neither remove nor replace the new pins.
. /tests/lib.sh

listen unix:/var/run/docker.sock
u="--uid $TEST_UID --gid $TEST_UID"
[ "$(stat -c %a /sys/fs/bpf)" = 1777 ] || fail "the BPF filesystem is not mode 1777 here"
sfprobe exec $u -- mkdir /sys/fs/bpf/sockfence /sys/fs/bpf/sockfence/links ||
	fail "the user could not create the pin directory first"
sfprobe exec $u -- ln -s /tmp /sys/fs/bpf/sockfence/maps

start_sockfence || finish
grep -q "/sys/fs/bpf/sockfence was a directory owned by uid $TEST_UID, mode 0755: .*Moved it to /sys/fs/bpf/sockfence-untrusted-uid$TEST_UID-" "$SF_LOG" &&
	pass "the daemon says it moved the user's directory aside" ||
	fail "no warning about the user's pin directory: $(grep -i 'pin\|untrusted' "$SF_LOG")"
aside=$(ls -d /sys/fs/bpf/sockfence-untrusted-uid$TEST_UID-* 2>/dev/null)
[ -n "$aside" ] && [ "$(stat -c %u "$aside")" = "$TEST_UID" ] || fail "no moved directory"
for d in /sys/fs/bpf/sockfence /sys/fs/bpf/sockfence/maps /sys/fs/bpf/sockfence/links; do
	got=$(stat -c '%F %u %a' "$d")
	[ "$got" = "directory 0 700" ] && pass "$d: $got" || fail "$d is '$got', not a root 0700 directory"
done
links=$(ls /sys/fs/bpf/sockfence/links | wc -l)
[ "$links" -eq "$KERNEL_LINKS" ] || fail "$links links pinned, not $KERNEL_LINKS"
expect EPERM unix:/var/run/docker.sock $u

# The user tries to take enforcement away again.
for attempt in "rm -rf /sys/fs/bpf/sockfence" "mv /sys/fs/bpf/sockfence /sys/fs/bpf/mine" \
	"rm /sys/fs/bpf/sockfence/links/*" "ln -s /tmp /sys/fs/bpf/sockfence/new"; do
	# shellcheck disable=SC2086 # the attempt is a command line
	if sfprobe exec $u -- sh -c "$attempt" 2>/dev/null; then
		fail "the user could: $attempt"
	else
		pass "the user cannot: $attempt"
	fi
done
[ "$(ls /sys/fs/bpf/sockfence/links | wc -l)" -eq "$KERNEL_LINKS" ] || fail "links were removed"
expect EPERM unix:/var/run/docker.sock $u

run_cli sockfence status --json
case $CLI_OUT in
*'"pin_dir_trusted":true'*) pass "status: the pin directory is trusted" ;;
*) fail "status does not call the new pin directory trusted" ;;
esac
rm -rf "$aside"
finish
