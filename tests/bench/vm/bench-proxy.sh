# Benchmark, for context: `docker ps`-style HTTP requests to the Docker API
# (a stand-in answering GET /v1.41/containers/json on the protected socket)
# direct to the socket with sockfence loaded, against the same requests
# through HAProxy configured as the usual Docker socket proxies are
# (haproxy.cfg: GET on a list of API paths allowed, the rest refused). One
# connection per request, as the docker CLI makes for `docker ps`. Phases
# alternate off (no sockfence) and on; each measures both ways in one
# sfbench process. Root is allowed by the default policy, and HAProxy runs
# as root, so every request must succeed.
. /tests/lib.sh
. /tests/libbench.sh

bench_start
rm -f /var/run/docker.sock
sfbench serve-http unix:/var/run/docker.sock --ready /tmp/api.ready &
LISTENERS="${LISTENERS:-} $!"
wait_for 10 test -e /tmp/api.ready || fail "the API stand-in did not start"
chmod 0666 /var/run/docker.sock # as dockerd's group socket: the file mode lets uid 1000 try
haproxy -f /tests/haproxy.cfg -db >/tmp/haproxy.log 2>&1 &
LISTENERS="$LISTENERS $!"
if ! wait_for 30 sfprobe connect tcp:127.0.0.1:2377; then
	fail "haproxy did not start"
	cat /tmp/haproxy.log
	finish
fi

windows() { # PHASE TRIAL
	sfbench loop --ms "$MS" --rounds 2 --warm 50 \
		direct=http+unix:/var/run/docker.sock proxy=http+tcp:127.0.0.1:2377 >/tmp/windows.out
	sed "s/^/BENCH proxy phase=$1 seq=$seq trial=$2 /" /tmp/windows.out
	seq=$((seq + 1))
	if grep -q ' other=[1-9]\| EPERM=[1-9]' /tmp/windows.out; then
		fail "phase $1 trial $2: a request failed"
	fi
}

sleep 5
windows warm-up 0
windows off 0
run_trials on_then_off
pass "$trials_done trials, every request answered"
finish
