# One task, allowed once, then someone else: every later connect is judged
# for who the task is at that moment. The hooks keep a task's allowed
# judgements (judge.bpf.h's memo) and answer from them only for the very
# facts and generation they were made with, so each thing a rule can ask
# about is changed here in the same task, between two connects: uid,
# primary gid, supplementary groups, cgroup (a container's), the
# executable (exec keeps the task), and the policy (a reload).
. /tests/lib.sh

sock=unix:/var/run/docker.sock
container=$(cgroup2_root)/system.slice/docker-$CONTAINER_A.scope
mkdir -p "$container"

# sequence WANT... -- STEP...: runs the steps in one task; its connects must
# give WANT, in order.
sequence() {
	want=""
	while [ "$1" != "--" ]; do
		want="$want $1"
		shift
	done
	shift
	out=$(sfprobe sequence "$sock" "$@" 2>&1)
	got=$(echo "$out" | sed -n 's/.* result=\([A-Za-z0-9]*\)$/\1/p' | tr '\n' ' ')
	if [ "$got" = "${want# } " ]; then
		pass "one task: $* ->$want"
	else
		fail "one task: $*: expected$want, got '$got' ($out)"
	fi
}

docker_policy /tmp/p.yaml deny \
	"{ action: deny, endpoint: docker, from: container }" \
	"{ action: allow, endpoint: docker, uid: root }" \
	"{ action: allow, endpoint: docker, group: 4242 }"
listen unix:/var/run/docker.sock
start_sockfence --policy /tmp/p.yaml || finish

# The uid, both ways: root is allowed, 1001 is not, root again is.
sequence ok ok EPERM ok -- connect connect uid=1001 connect uid=0 connect
# The same uid with and without the allowed group, as a supplementary
# group and as the primary one.
sequence ok EPERM -- groups=4242 uid=1001 connect uid=0 groups= uid=1001 connect
sequence ok EPERM -- gid=4242 uid=1001 connect uid=0 gid=0 uid=1001 connect
sequence EPERM ok -- uid=1001 connect uid=0 groups=7,4242 uid=1001 connect
# Into a container's cgroup and out again.
sequence ok EPERM ok -- connect "cgroup=$container" connect "cgroup=$(cgroup2_root)" connect

# A reload while the task waits: its next connect is judged by the new
# policy, which refuses root.
rm -f /tmp/first /tmp/reloaded
sfprobe sequence "$sock" connect touch=/tmp/first wait=/tmp/reloaded connect >/tmp/seq.out 2>&1 &
seq_pid=$!
wait_for 30 test -e /tmp/first || fail "the task did not connect"
docker_policy /tmp/no-root.yaml allow "{ action: deny, endpoint: docker, uid: root }"
run_cli sockfence reload /tmp/no-root.yaml
[ "$CLI_RC" -eq 0 ] || fail "reload exited $CLI_RC"
touch /tmp/reloaded
wait $seq_pid
case $(sed -n 's/.* result=\([A-Za-z0-9]*\)$/\1/p' /tmp/seq.out | tr '\n' ' ') in
"ok EPERM ") pass "one task: allowed before a reload, refused after it" ;;
*) fail "one task across a reload: expected ok then EPERM, got '$(cat /tmp/seq.out)'" ;;
esac

# The executable: an exe rule allows one binary; the task execs another
# (a copy: another inode) and is refused, then execs the allowed one again.
mkdir -p /usr/local/bin
cp /bin/sfprobe /usr/local/bin/dockerclient
cp /bin/sfprobe /tmp/other-client
docker_policy /tmp/exe.yaml deny \
	"{ action: allow, endpoint: docker, exe: /usr/local/bin/dockerclient }"
run_cli sockfence reload /tmp/exe.yaml
[ "$CLI_RC" -eq 0 ] || fail "reload exited $CLI_RC"
out=$(/usr/local/bin/dockerclient sequence "$sock" connect connect exec=/tmp/other-client connect \
	exec=/usr/local/bin/dockerclient connect 2>&1)
case $(echo "$out" | sed -n 's/.* result=\([A-Za-z0-9]*\)$/\1/p' | tr '\n' ' ') in
"ok ok EPERM ok ") pass "one task across execs: the allowed binary, a copy refused, the allowed again" ;;
*) fail "one task across execs: expected ok ok EPERM ok, got '$out'" ;;
esac
finish
