# The `make demo` walk-through, run inside the VM: allowed and denied
# connects with sockfence running, and the syslog lines they produced.
. /tests/lib.sh

say() { printf '\n### %s\n' "$*"; }

say "A stand-in for dockerd listens on /var/run/docker.sock (mode 0666) and TCP 2375"
listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
listen tcp:127.0.0.1:2376
mkdir -p /tmp/container
touch /tmp/container/docker.sock
mount --bind /var/run/docker.sock /tmp/container/docker.sock

say "Without sockfence, file modes let uid $TEST_UID in"
expect ok unix:/var/run/docker.sock --uid "$TEST_UID"
expect ok tcp:127.0.0.1:2375 --uid "$TEST_UID"

say "Starting: sockfence run (no policy file: the built-in default policy)"
start_sockfence || finish
sed 's/^/    /' "$SF_LOG"

say "Root on the host reaches the socket; plaintext TCP 2375 is closed to everyone"
expect ok unix:/var/run/docker.sock
expect EPERM tcp:127.0.0.1:2375

say "uid $TEST_UID is refused, whatever name it uses for the socket"
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID"
expect EPERM unix:/tmp/container/docker.sock --uid "$TEST_UID"
expect EPERM unix:/proc/self/root/run/docker.sock --uid "$TEST_UID"
expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID"
expect EPERM tcp:[::ffff:127.0.0.1]:2375 --uid "$TEST_UID"
expect ok tcp:127.0.0.1:2376 --uid "$TEST_UID"

say "Root in a new pid namespace (as in a container) is refused"
echo "    unshare -p -f sfprobe connect unix:/var/run/docker.sock"
echo "    $(unshare -p -f sfprobe connect unix:/var/run/docker.sock)"

say "What syslog received (/var/log/messages)"
sleep 1
grep 'sockfence' /var/log/messages | sed 's/^/    /'

say "Stopping the daemon (SIGTERM): enforcement stays pinned"
stop_sockfence
tail -n 2 "$SF_LOG" | sed 's/^/    /'
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID"
sockfence status | sed 's/^/    /'

say "Only 'sockfence unload' removes it"
sockfence unload --yes | sed 's/^/    /'
expect ok unix:/var/run/docker.sock --uid "$TEST_UID"
umount /tmp/container/docker.sock
finish
