# Benchmark: the cost of a connect()+close() with sockfence loaded against
# without it, the two configurations interleaved: off, on, off, ..., on, off.
# An "on" phase starts `sockfence run` with the built-in default policy (no
# policy file exists in the VM), and at its end stops it and unloads what
# it pinned; the host compares each "on" phase with the "off" phases before
# and after it.
#
# Both phases run the very same two sfbench processes, so each window has a
# twin measured the same way:
#  A: unix and tcp connects to unprotected listeners; a refused connect to
#     a closed local port (no listener: ECONNREFUSED; every connect hook
#     runs, no server round trip); root's allowed connect to the protected
#     docker.sock stand-in (default policy: allowed by rule 3).
#  B: root's connect to the stand-in after reloading a 10-rule and then a
#     100-rule policy (root allowed by the last rule, so every rule is
#     walked). With no daemon the reloads are skipped.
. /tests/lib.sh
. /tests/libbench.sh

TRIALS=$(bench_param trials 10)
# init kills a scenario after 240 s of guest time: start no trial after this.
BUDGET_MS=$(($(bench_param budget_s 170) * 1000))
MS=$(bench_param ms 250)
ROUNDS=2
WARM_MS=50
DOCKER=unix:/var/run/docker.sock

began=$(uptime_ms)
echo "BENCH params trials=$TRIALS rounds=$ROUNDS window_ms=$MS warm_ms=$WARM_MS"
sh /tests/gen-policy.sh 10 >/tmp/p10.yaml
sh /tests/gen-policy.sh 100 >/tmp/p100.yaml
listen unix:/tmp/plain.sock
listen tcp:127.0.0.1:8080
listen unix:/var/run/docker.sock

# windows PHASE TRIAL: both processes; every connect of a window must end
# as its case expects (refused: ECONNREFUSED, the others: ok).
windows() {
	{
		sfbench loop --ms "$MS" --rounds $ROUNDS --warm $WARM_MS \
			unix=unix:/tmp/plain.sock tcp=tcp:127.0.0.1:8080 \
			refused=tcp:127.0.0.1:9 protected-default=$DOCKER
		sfbench loop --ms "$MS" --rounds $ROUNDS --warm $WARM_MS \
			reload=/tmp/p10.yaml protected-10=$DOCKER \
			reload=/tmp/p100.yaml protected-100=$DOCKER
	} >/tmp/windows.out
	sed "s/^/BENCH connect phase=$1 trial=$2 /" /tmp/windows.out
	bad=$(awk '/^case=/ {
		split($0, f, /[ =]/); n = 0
		for (j = 1; j < length(f); j += 2) v[f[j]] = f[j + 1]
		want = v["case"] == "refused" ? "ECONNREFUSED" : "ok"
		if (v["ops"] == 0 || v[want] != v["ops"]) print
	} /^reload=/ && !/ ok=[1-]$/ { print }' /tmp/windows.out)
	[ -z "$bad" ] || fail "phase $1 trial $2: unexpected outcomes: $bad"
}

# The first minutes after boot are slower (kernel work still going on, page
# cache, translation): let them pass before the first "off" phase.
sleep 5
windows warm-up 0
expect_config off
windows off 0
timed_trial() { on_then_off "$1" timed; }
run_trials timed_trial
pass "$trials_done trials, every connect as expected"
finish
