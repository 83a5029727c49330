# Benchmark: the floor under sockfence's cost. Three configurations,
# interleaved: off (nothing attached), floor (empty programs on the hooks of
# the backend this boot gets, lsm or fmod_ret: what any such program there
# costs) and on (sockfence with the built-in default policy), in the order
# off, floor, off, on, off, ...
# Each phase measures unprotected unix and TCP connects and a refused
# connect to a closed port, in one sfbench process. At the end, each
# program's run time per run, with the empty programs and with sockfence.
. /tests/lib.sh
. /tests/libbench.sh

bench_start
listen unix:/tmp/plain.sock
listen tcp:127.0.0.1:8080
listen unix:/var/run/docker.sock

windows() { # PHASE TRIAL
	sfbench loop --ms "$MS" --rounds 2 --warm 50 \
		unix=unix:/tmp/plain.sock tcp=tcp:127.0.0.1:8080 refused=tcp:127.0.0.1:9 \
		>/tmp/windows.out
	sed "s/^/BENCH floor backend=$BACKEND phase=$1 seq=$seq trial=$2 /" /tmp/windows.out
	seq=$((seq + 1))
	if grep -q ' other=[1-9]' /tmp/windows.out; then
		fail "phase $1 trial $2: unexpected outcomes"
	fi
}

floor_on() {
	rm -f /tmp/floor.ready
	sfbench-floor /tmp/floor.ready "$BACKEND" &
	FLOOR_PID=$!
	wait_for 60 test -e /tmp/floor.ready || { fail "sfbench-floor did not attach"; return 1; }
}

floor_off() {
	kill -TERM "$FLOOR_PID"
	wait "$FLOOR_PID"
}

sleep 5
windows warm-up 0
windows off 0
floor_then_on() { # TRIAL: floor, off, on, off
	floor_on || return 1
	settle
	windows floor "$1"
	floor_off
	settle
	windows off "$1"
	on_then_off "$1"
}
run_trials floor_then_on

# Then what each program costs per run, from the kernel's run-time
# statistics (sfbench-cost): under icount a guest ns is a quarter
# instruction, so these are instruction counts, free of the windows' noise.
costs() { # CONFIG
	for step in unix=unix:/tmp/plain.sock tcp=tcp:127.0.0.1:8080 refused=tcp:127.0.0.1:9; do
		sfbench-cost sfbench loop --ms "$MS" "$step" >/tmp/cost.out ||
			fail "sfbench-cost $1 ${step%%=*}: exit $?"
		ops=$(sed -n 's/^case=.* ops=\([0-9]*\) .*/\1/p' /tmp/cost.out)
		sed -n "s/^cost /BENCH cost backend=$BACKEND config=$1 case=${step%%=*} ops=$ops /p" /tmp/cost.out
	done
}
floor_on && costs floor
floor_off
settle
start_sockfence && costs on
stop_enforcement
pass "$trials_done trials"
finish
