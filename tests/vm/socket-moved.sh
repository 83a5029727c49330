# Protection follows the socket, not its path. A protected socket stays
# protected while it is bound, whatever happens to its path: renamed (as
# root in a container with the host's /run could), exchanged, replaced by
# a rename over it, unlinked, or its configured symlink pointed elsewhere.
# A socket bound at a protected path is refused from its first connect,
# also while no daemon runs and when it is renamed before the daemon sees
# it. Once closed, a kept socket is forgotten.
. /tests/lib.sh

u="--uid $TEST_UID --gid $TEST_UID"
last_listener() { echo "${LISTENERS##* }"; }
status_kept() { sockfence status | sed -n 's/^kept: *\([0-9]*\) .*/\1/p'; }

mkdir -p /run/real /srv
ln -s /run/real/api.sock /srv/api.sock
cat >/tmp/policy.yaml <<'YAML'
endpoints:
  docker: { unix: [/var/run/docker.sock, /run/docker.sock] }
  api: { unix: /srv/api.sock }
rules:
  - { action: allow, endpoint: [docker, api], uid: root, from: host }
YAML
listen unix:/run/docker.sock
docker_pid=$(last_listener)
listen unix:/run/real/api.sock
start_sockfence --policy /tmp/policy.yaml || finish
expect EPERM unix:/run/docker.sock $u

# Renamed: refused at once under the new name, and still after the daemon
# re-read its paths (every 2 s) and found none there.
mv /run/docker.sock /run/moved.sock
# (A command name of its own: the same caller on the same socket within a
# second is one aggregated event.)
expect EPERM unix:/run/moved.sock $u --comm after-rename
user_pid=$PROBE_PID
expect ok unix:/run/moved.sock
sleep 3
expect EPERM unix:/run/moved.sock $u
mkdir -p /run/elsewhere
mv /run/moved.sock /run/elsewhere/again.sock
expect EPERM unix:/run/elsewhere/again.sock $u
out=$(unshare -p -f sfprobe connect unix:/run/elsewhere/again.sock 2>&1)
case $out in
*"uid=0 "*"result=EPERM"*) pass "root in a new pid namespace, renamed socket -> EPERM" ;;
*) fail "root in a new pid namespace, renamed socket: $out" ;;
esac
wait_for 5 syslog_lines "$user_pid" || fail "no event for the renamed socket"
case $(syslog_lines "$user_pid") in
*"verdict=deny "*"endpoint=docker target=/var/run/docker.sock "*) pass "the event names the configured path" ;;
*) fail "event of the renamed socket: $(syslog_lines "$user_pid")" ;;
esac
wait_for 5 grep -q "socket inode [0-9]*, protected as /var/run/docker.sock, was renamed: it stays protected" \
	"$SF_LOG" && pass "the daemon logged the rename" || fail "no log of the rename"

# Exchanged with an unprotected socket in one step: both are protected now
# (one was, the other sits at the protected path).
listen unix:/run/docker.sock
listen unix:/run/other.sock
sfprobe exchange /run/docker.sock /run/other.sock || fail "exchange"
expect EPERM unix:/run/other.sock $u
expect EPERM unix:/run/docker.sock $u

# Replaced by a rename over it: the socket, still reachable by a hard link
# made before, stays protected.
ln /run/docker.sock /run/hard.sock
listen unix:/run/intruder.sock
mv /run/intruder.sock /run/docker.sock
expect EPERM unix:/run/hard.sock $u

# Unlinked while bound, reached by a hard link: still protected after the
# daemon's re-read.
rm -f /run/docker.sock /run/hard.sock /run/other.sock
listen unix:/run/docker.sock
ln /run/docker.sock /run/hard2.sock
rm /run/docker.sock
sleep 3
expect EPERM unix:/run/hard2.sock $u

# The configured path is a symlink: pointed elsewhere, the socket it led to
# stays protected (the daemon keeps it: no rename was seen).
# The connect waits for the generation that no longer finds the socket to
# be in force: then only the kept map (through the daemon's filter)
# protects it.
expect EPERM unix:/srv/api.sock $u
published() { grep -c "of the policy changed .*; generation [0-9]* active" "$SF_LOG"; }
before=$(published)
ln -sf /tmp/nothing.sock /srv/api.sock
wait_for 5 grep -q "/srv/api.sock no longer leads to socket inode [0-9]*, which is still bound: it stays protected as endpoint 'api'" \
	"$SF_LOG" && pass "the daemon logged why it keeps the socket" || fail "no log of the kept socket"
published_since() { [ "$(published)" -gt "$before" ]; }
wait_for 5 published_since || fail "no generation published without the socket"
expect EPERM unix:/run/real/api.sock $u

# Renamed before the daemon could see it: bound and moved in one go.
rm -f /run/docker.sock
sfprobe listen unix:/run/docker.sock --ready /tmp/raced.ready &
LISTENERS="$LISTENERS $!"
wait_for 10 mv /run/docker.sock /run/raced.sock || fail "the raced socket did not appear"
expect EPERM unix:/run/raced.sock $u

# No daemon: a socket bound at the protected path is refused at once, and
# after a rename.
kill -9 "$SF_PID"
wait "$SF_PID" 2>/dev/null
SF_PID=
listen unix:/run/docker.sock
expect EPERM unix:/run/docker.sock $u
out=$(unshare -p -f sfprobe connect unix:/run/docker.sock 2>&1)
case $out in
*"uid=0 "*"result=EPERM"*) pass "no daemon: root in a new pid namespace -> EPERM" ;;
*) fail "no daemon, root in a new pid namespace: $out" ;;
esac
mv /run/docker.sock /run/nodaemon.sock
expect EPERM unix:/run/nodaemon.sock $u
expect ok unix:/run/nodaemon.sock

# Closed sockets are forgotten: the daemon prunes them (every 2 s).
start_sockfence --policy /tmp/policy.yaml || finish
before=$(status_kept)
[ "${before:-0}" -ge 3 ] && pass "$before sockets kept" || fail "kept sockets: '$before'"
kill "$docker_pid"
wait "$docker_pid" 2>/dev/null
kept_below() { [ "$(status_kept)" -lt "$1" ]; }
wait_for 10 kept_below "$before" &&
	pass "the closed socket is no longer kept ($(status_kept) left)" ||
	fail "the closed socket is still kept: $(status_kept) of $before"
finish
