#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-2.0-only
# The cgroup backend on this very host, no VM: sockfence attaches to a cgroup
# created for the run (never the host's root cgroup), a process moved into
# it is refused TCP 2375 and a protected unix socket, the same process
# outside is not judged, and the events reach syslog (a stand-in syslog
# daemon on a socket of our own) and the JSON file.
# Prints "cgroup-host: N passed, N failed". Needs root.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${BUILD:-build}
sf=$build/sockfence
probe=$build/static/sfprobe
tmp=$(mktemp -d /tmp/sockfence-host.XXXXXX)
chmod 0755 "$tmp"
passed=0 failed=0 pids=() mounted_bpffs=0 cgroup=

ok() { echo "ok: $*"; passed=$((passed + 1)); }
bad() { echo "FAIL: $*"; failed=$((failed + 1)); }

cleanup() {
	"$sf" unload --yes >/dev/null 2>&1
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null; done
	wait 2>/dev/null
	[[ -n $cgroup && -d $cgroup ]] && rmdir "$cgroup"
	[[ $mounted_bpffs == 1 ]] && umount /sys/fs/bpf
	rm -rf "$tmp"
}
trap cleanup EXIT

finish() {
	echo "cgroup-host: $passed passed, $failed failed"
	[[ $failed -eq 0 ]]
	exit
}

wait_for() { # SECONDS COMMAND...
	local i=0 limit=$(($1 * 10))
	shift
	while ! "$@" >/dev/null 2>&1; do
		i=$((i + 1))
		[[ $i -ge $limit ]] && return 1
		sleep 0.1
	done
}

# in_cgroup COMMAND...: runs COMMAND as a member of the test cgroup.
in_cgroup() { sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$cgroup" "$@"; }

# expect WANT WHERE ADDR [sfprobe options]: inside|outside the test cgroup.
expect() {
	local want=$1 where=$2 out
	shift 2
	if [[ $where == inside ]]; then
		out=$(in_cgroup "$probe" connect "$@" 2>&1)
	else
		out=$("$probe" connect "$@" 2>&1)
	fi
	probe_pid=$(sed -n 's/.*pid=\([0-9]*\) .*/\1/p' <<<"$out")
	case $out in
	*"result=$want"*) ok "$where: connect $* -> $want" ;;
	*) bad "$where: connect $*: expected $want, got '$out'" ;;
	esac
}

if "$sf" status >/dev/null 2>&1; then
	bad "sockfence already enforces on this host (/sys/fs/bpf/sockfence): not replacing it"
	finish
fi
if ! mountpoint -q /sys/fs/bpf; then
	mount -t bpf bpf /sys/fs/bpf || { bad "cannot mount bpffs at /sys/fs/bpf"; finish; }
	mounted_bpffs=1
fi
root=$(awk '$3 == "cgroup2" { print $2; exit }' /proc/mounts)
[[ -n $root ]] || { bad "no cgroup v2 hierarchy is mounted"; finish; }
cgroup=$root/sockfence-test-$$
mkdir "$cgroup" || { bad "cannot create the test cgroup $cgroup"; cgroup=; finish; }

"$probe" syslog "unix:$tmp/log.sock" --out "$tmp/syslog.txt" --ready "$tmp/syslog.ready" &
pids+=($!)
"$probe" listen "unix:$tmp/docker.sock" --ready "$tmp/unix.ready" &
pids+=($!)
"$probe" listen tcp:127.0.0.1:2375 --ready "$tmp/tcp.ready" &
pids+=($!)
for f in syslog unix tcp; do
	wait_for 10 test -e "$tmp/$f.ready" || { bad "the $f helper did not start"; finish; }
done
chmod 0666 "$tmp/docker.sock"

cat >"$tmp/policy.yaml" <<YAML
backend: cgroup
endpoints:
  docker: { unix: $tmp/docker.sock }
  docker-tcp: { tcp: 2375 }
rules:
  - { action: deny, endpoint: docker-tcp }
  - { action: allow, endpoint: docker, uid: root }
YAML

"$sf" run --policy "$tmp/policy.yaml" --cgroup "$cgroup" --syslog-socket "$tmp/log.sock" \
	--events-json "$tmp/events.json" --events-json-max-size 4K --events-json-keep 1 \
	--metrics-file "$tmp/sockfence.prom" >"$tmp/daemon.log" 2>&1 &
daemon=$!
pids+=($daemon)
if ! wait_for 60 grep -q '^sockfence: enforcing' "$tmp/daemon.log"; then
	bad "sockfence did not start enforcing:"
	sed 's/^/    /' "$tmp/daemon.log"
	finish
fi
grep -q "^sockfence: backend: cgroup, attached to $cgroup (the cgroup backend was asked for)" \
	"$tmp/daemon.log" && ok "the log names the backend and its cgroup" ||
	bad "the log does not name the cgroup backend and $cgroup"

expect EPERM inside "unix:$tmp/docker.sock" --uid 65534 --gid 65534
user_pid=$probe_pid
expect EPERM inside unix:docker.sock --chdir "$tmp" --uid 65534 --gid 65534
expect ok inside "unix:$tmp/docker.sock"
expect EPERM inside tcp:127.0.0.1:2375
expect EPERM inside "tcp:[::ffff:127.0.0.1]:2375"
expect EPERM inside tcp:127.0.0.1:2375 --via fastopen
expect ok outside "unix:$tmp/docker.sock" --uid 65534 --gid 65534
expect ok outside tcp:127.0.0.1:2375

if wait_for 10 grep -q "hook=cgroup_connect_unix.* pid=$user_pid " "$tmp/syslog.txt"; then
	line=$(grep "hook=cgroup_connect_unix.* pid=$user_pid " "$tmp/syslog.txt")
	case $line in
	*"verdict=deny hook=cgroup_connect_unix endpoint=docker target=$tmp/docker.sock rule=default "*"uid=65534 "*)
		ok "syslog: ${line#*sockfence}" ;;
	*) bad "the syslog line lacks verdict, hook, endpoint, target, rule or uid: $line" ;;
	esac
else
	bad "no syslog line for the denied unix connect of pid $user_pid"
	sed 's/^/    /' "$tmp/syslog.txt" 2>/dev/null
fi
wait_for 10 grep -q 'verdict=deny hook=cgroup_connect4 endpoint=docker-tcp target=127.0.0.1:2375 rule=1 ' \
	"$tmp/syslog.txt" && ok "syslog: the TCP 2375 deny" || bad "no syslog line for the TCP 2375 deny"
wait_for 10 grep -q "\"hook\":\"cgroup_connect_unix\",\"endpoint\":\"docker\"" "$tmp/events.json" &&
	ok "JSON: the unix deny" || bad "no JSON event for the unix deny"

[[ $(stat -c %a "$tmp/events.json") == 640 ]] && ok "the JSON file is mode 0640" ||
	bad "the JSON file is mode $(stat -c %a "$tmp/events.json"), not 0640"

# logrotate moves the file and sends SIGUSR1: a new file, no reload.
mv "$tmp/events.json" "$tmp/events.json.moved"
kill -USR1 "$daemon"
wait_for 10 grep -q 'SIGUSR1 from pid' "$tmp/daemon.log" || bad "SIGUSR1 was not handled"
expect EPERM inside tcp:127.0.0.1:2375 --comm after-usr1
wait_for 10 grep -q '"comm":"after-usr1"' "$tmp/events.json" &&
	ok "after SIGUSR1 the events go to a new file" || bad "no event in the reopened JSON file"
grep -q 'generation 2' "$tmp/daemon.log" && bad "SIGUSR1 reloaded the policy"

# Past 4K the file is rotated: one old file kept, no record split or lost.
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
	in_cgroup "$probe" connect tcp:127.0.0.1:2375 --comm "rotate-$i" >/dev/null 2>&1
done
wait_for 10 grep -q '"comm":"rotate-12"' "$tmp/events.json" || bad "the last record is not in the file"
if [[ -f $tmp/events.json.1 && ! -e $tmp/events.json.2 ]] &&
	[[ $(stat -c %s "$tmp/events.json") -le 4096 && $(stat -c %s "$tmp/events.json.1") -le 4096 ]]; then
	ok "rotated at 4K, one old file kept"
else
	bad "no rotation at 4K: $(ls -l "$tmp"/events.json*)"
fi
n=$(cat "$tmp/events.json.1" "$tmp/events.json" | grep -c '"comm":"rotate-')
whole=$(cat "$tmp/events.json.1" "$tmp/events.json" | grep -vc '^{"version":1,.*}$')
[[ $n -eq 12 && $whole -eq 0 ]] && ok "all 12 records in the two files, each one whole line" ||
	bad "$n of 12 records in the two files, $whole lines not whole"

status=$("$sf" status 2>&1)
case $status in
*"backend:     cgroup, attached to $cgroup"*"degraded:    unix sockets are recognised by the file name"*"degraded:    only processes in cgroup $cgroup and below are judged"*)
	ok "status: backend, cgroup and both degradations" ;;
*) bad "status lacks the backend or a degradation:"; echo "$status" | sed 's/^/    /' ;;
esac

# The metrics file, as node_exporter's textfile collector reads it, checked
# by the real promtool, and what it says.
metric() { # NAME{LABELS}: its value
	awk -v m="$1" '$1 == m { print $2 }' "$tmp/sockfence.prom"
}
wait_for 10 test -s "$tmp/sockfence.prom" || bad "no metrics file"
sleep 2.5 # rewritten after the denials above
if lint=$(promtool check metrics <"$tmp/sockfence.prom" 2>&1); then
	ok "promtool check metrics: no problem"
else
	bad "promtool check metrics: $lint"
fi
sha=$(sha256sum "$tmp/policy.yaml" | cut -d' ' -f1)
[[ $(metric sockfence_up) == 1 ]] && ok "sockfence_up 1" || bad "sockfence_up is '$(metric sockfence_up)'"
[[ $(metric "sockfence_policy_info{source=\"$tmp/policy.yaml\",sha256=\"$sha\"}") == 1 ]] &&
	ok "the policy info names the file and its sha256" || bad "no policy info for $sha"
[[ $(metric 'sockfence_backend_info{backend="cgroup"}') == 1 ]] && ok "backend cgroup" ||
	bad "no backend_info for cgroup"
denied=$(metric 'sockfence_decisions_total{rule="1",endpoints="docker-tcp",verdict="deny"}')
[[ ${denied:-0} -ge 3 ]] && ok "rule 1 (deny docker-tcp) counted $denied decisions" ||
	bad "rule 1 counted '${denied}' decisions, not at least 3"
# A reload numbers the rules anew: their counts start again from 0.
"$sf" reload "$tmp/policy.yaml" >/dev/null 2>&1 || bad "reload failed"
expect EPERM inside tcp:127.0.0.1:2375
rule1='sockfence_decisions_total{rule="1",endpoints="docker-tcp",verdict="deny"}'
wait_for 10 sh -c "[ \"\$(awk -v m='$rule1' '\$1 == m { print \$2 }' '$tmp/sockfence.prom')\" = 1 ]" &&
	ok "after a reload, rule 1 counts the one denial since" ||
	bad "after a reload, rule 1 counts '$(metric "$rule1")', not 1"
[[ $(metric 'sockfence_events_total{outcome="emitted"}') -gt 0 ]] && ok "events emitted counted" ||
	bad "no emitted events in the metrics"
[[ $(metric 'sockfence_map_capacity{map="agg"}') == 2048 ]] && ok "map capacity" ||
	bad "no agg map capacity"
grep -qE 'pid=|container=|\{[^}]*(pid|container)="' "$tmp/sockfence.prom" &&
	bad "a metric has a pid or container label"
if lint=$(promtool check rules etc/prometheus/sockfence.rules.yml 2>&1); then
	ok "promtool check rules: the shipped alert rules"
else
	bad "promtool check rules: $lint"
fi

"$sf" unload --yes >/dev/null 2>&1 && ok "unload" || bad "unload failed"
wait "$daemon"
[[ $(metric sockfence_up) == 0 ]] && ok "sockfence_up 0 once the daemon stopped" ||
	bad "sockfence_up is '$(metric sockfence_up)' after the stop"
expect ok inside tcp:127.0.0.1:2375

# A JSON file that cannot be opened is a side matter: the daemon enforces
# anyway, and says so in its log and in status.
"$sf" run --policy "$tmp/policy.yaml" --cgroup "$cgroup" --syslog-socket "$tmp/log.sock" \
	--events-json "$tmp/missing/events.json" >"$tmp/daemon2.log" 2>&1 & # a new log: the old one says "enforcing"
daemon=$!
pids+=($daemon)
if wait_for 60 grep -q '^sockfence: enforcing' "$tmp/daemon2.log"; then
	ok "enforcing with a JSON file that cannot be opened"
else
	bad "a JSON file that cannot be opened kept sockfence from enforcing:"
	sed 's/^/    /' "$tmp/daemon2.log"
fi
grep -q "cannot open $tmp/missing/events.json: No such file or directory: events are not written" \
	"$tmp/daemon2.log" && ok "the log says the JSON file cannot be opened" ||
	bad "the log does not say the JSON file cannot be opened"
expect EPERM inside tcp:127.0.0.1:2375
status=$("$sf" status 2>&1)
case $status in
*"daemon:      running"*"problem:     events-json: cannot open $tmp/missing/events.json: No such file or directory (events lost: 1)"*)
	ok "status names the failing JSON file" ;;
*) bad "status does not name the failing JSON file:"; echo "$status" | sed 's/^/    /' ;;
esac
"$sf" unload --yes >/dev/null 2>&1 || bad "unload failed"
finish
