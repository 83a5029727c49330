# boots: lsm=lockdown,capability,landlock
# BPF LSM off, as Debian 12 and Ubuntu boot: auto takes the fmod_ret backend
# (BPF_MODIFY_RETURN programs on the kernel's security_* functions), says
# why, and judges unix sockets by inode as the lsm backend does. It returns
# 0 where it allows, so the kernel's LSMs still decide: a Landlock domain
# still refuses what it refuses when sockfence lets the caller through.
. /tests/lib.sh

[ "$BACKEND" = fmod_ret ] || fail "this boot has BPF LSM on: $(cat /sys/kernel/security/lsm)"
cat >/tmp/p.yaml <<'YAML'
endpoints:
  docker: { unix: /var/run/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: allow, endpoint: [docker, docker-tcp], uid: 0 }
YAML
listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
listen unix:@sf-abstract
mkdir -p /tmp/alias
touch /tmp/alias/bound.sock
mount --bind /var/run/docker.sock /tmp/alias/bound.sock
ln -s /var/run/docker.sock /tmp/alias/symlink.sock
ln /var/run/docker.sock /var/run/hardlink.sock
start_sockfence --policy /tmp/p.yaml || finish
grep -q "^sockfence: backend: fmod_ret (auto: lsm skipped (BPF LSM is not active: " "$SF_LOG" &&
	pass "auto took fmod_ret and said why lsm was skipped" ||
	fail "the log does not say why: $(grep '^sockfence: backend:' "$SF_LOG")"
run_cli sockfence status
case $CLI_OUT in
*"backend:     fmod_ret (auto: lsm skipped"*"enforcing:   yes, $KERNEL_LINKS links pinned"*) pass "status names the backend and its $KERNEL_LINKS links" ;;
*) fail "status: $CLI_OUT" ;;
esac

# Unix sockets by inode: every name of the socket is judged alike.
u="--uid $TEST_UID --gid $TEST_UID"
expect EPERM unix:/var/run/docker.sock $u
user_pid=$PROBE_PID
expect EPERM unix:/tmp/alias/bound.sock $u
expect EPERM unix:/tmp/alias/symlink.sock $u
expect EPERM unix:/var/run/hardlink.sock $u
expect ok unix:/var/run/hardlink.sock
expect EPERM tcp:127.0.0.1:2375 $u
expect EPERM "tcp:[::ffff:127.0.0.1]:2375" $u
expect EPERM tcp:127.0.0.1:2375 $u --via fastopen
expect ok tcp:127.0.0.1:2375
if wait_for 10 syslog_lines "$user_pid"; then
	case $(syslog_lines "$user_pid") in
	*"verdict=deny hook=security_unix_stream_connect endpoint=docker target=/var/run/docker.sock inode="*)
		pass "syslog names the fmod_ret hook and the socket's inode" ;;
	*) fail "syslog line: $(syslog_lines "$user_pid")" ;;
	esac
else
	fail "no syslog line for pid $user_pid"
fi

# The other LSMs still decide where sockfence allows (it returned 0, so the
# security function ran them). Landlock mediates TCP connects from 6.7 and
# scopes abstract unix sockets from 6.12.
release=$(uname -r)
major=${release%%.*}
minor=${release#*.}
minor=${minor%%.*}
if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 12 ]; }; then
	expect EACCES tcp:127.0.0.1:2375 --landlock tcp # allowed by sockfence, refused by Landlock
	expect EPERM tcp:127.0.0.1:2375 $u --landlock tcp # sockfence refuses first
	expect ok unix:@sf-abstract
	expect EPERM unix:@sf-abstract --landlock abstract # Landlock's unix_stream_connect hook
else
	echo "    note: Landlock on $release mediates neither TCP connects (6.7) nor abstract"
	echo "    unix sockets (6.12); the same trampoline code is shown on 6.12"
fi
umount /tmp/alias/bound.sock
rm -f /var/run/hardlink.sock
finish
