# Benchmark: reload latency. With sockfence running, the 10, 100 and
# 1,000-rule policies are reloaded in turn, rounds interleaved; each figure
# is one request over the control socket until the daemon's "ok", i.e.
# request to active (parse, validate, compile, publish, answer). "-" is a
# request the daemon refuses at once: the bare round trip. Then a few
# rounds of the `sockfence reload FILE` command as a user runs it (exec
# included), and the daemon's memory with the 1,000-rule policy in force.
. /tests/lib.sh
. /tests/libbench.sh

ROUNDS=$(bench_param reload_rounds 15)
CLI_ROUNDS=5
echo "BENCH params reload_rounds=$ROUNDS cli_rounds=$CLI_ROUNDS"

for n in 10 100 1000; do
	sh /tests/gen-policy.sh $n >/tmp/p$n.yaml
done
listen unix:/var/run/docker.sock
start_sockfence || finish
settle
echo "BENCH rss state=default-policy kb=$(proc_status "$SF_PID" VmRSS)"
sfbench reload --rounds 1 /tmp/p10.yaml /tmp/p100.yaml /tmp/p1000.yaml >/dev/null # warm-up
sfbench reload --rounds "$ROUNDS" - /tmp/p10.yaml /tmp/p100.yaml /tmp/p1000.yaml >/tmp/rt.out
sed 's/^/BENCH reload how=socket /' /tmp/rt.out
sfbench reload --cli --rounds $CLI_ROUNDS /tmp/p10.yaml /tmp/p100.yaml /tmp/p1000.yaml >/tmp/cli.out
sed 's/^/BENCH reload how=cli /' /tmp/cli.out
settle
echo "BENCH rss state=1000-rule-policy kb=$(proc_status "$SF_PID" VmRSS) hwm_kb=$(proc_status "$SF_PID" VmHWM)"

bad=$(grep -v '^file=- ' /tmp/rt.out /tmp/cli.out | grep -cv ' ok=1$')
[ "$bad" -eq 0 ] && pass "every reload succeeded" || fail "$bad reloads failed"
expect_config on
finish
