# One denied connect -> exactly one syslog line on the configured facility
# and severity, whose every field is parsed and checked, and one JSON
# record. A hostile command name (newline, quote, fake key, byte 0xff)
# stays inside its value in both.
. /tests/lib.sh

listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375
start_sockfence --syslog-facility local3 --events-json /tmp/events.jsonl || finish

expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
pid=$PROBE_PID
wait_for 10 syslog_lines "$pid" || fail "no syslog line for pid $pid"
n=$(syslog_lines "$pid" | wc -l)
[ "$n" -eq 1 ] && pass "exactly one syslog line for pid $pid" || fail "pid $pid: $n syslog lines"
line=$(syslog_lines "$pid" | head -n 1)
echo "    $line"
case $line in
*" local3.warn sockfence["*"]: verdict="*) pass "facility local3, severity warning" ;;
*) fail "not on local3.warn: $line" ;;
esac

# Every key=value of the message, one per line (no value here has a space).
fields=$(echo "${line#*]: }" | tr ' ' '\n')
field() { echo "$fields" | sed -n "s/^$1=//p"; }
check_field() { # KEY EXPECTED
	got=$(field "$1")
	[ "$got" = "$2" ] && pass "$1=$got" || fail "$1: expected '$2', got '$got'"
}
# The socket's inode as the kernel encodes it: major:minor:inode.
dev=$(stat -c %d /var/run/docker.sock)
ino=$(stat -L -c %i /var/run/docker.sock)
inode="$(((dev >> 8) & 0xfff)):$(((dev & 0xff) | ((dev >> 12) & 0xfff00))):$ino"
check_field verdict deny
check_field hook "${HOOK}unix_stream_connect"
check_field endpoint docker
check_field target /var/run/docker.sock
check_field inode "$inode"
check_field rule default
check_field gen 1
check_field pid "$pid"
check_field tid "$pid"
check_field uid "$TEST_UID"
check_field euid "$TEST_UID"
check_field gid "$TEST_UID"
check_field egid "$TEST_UID"
check_field pidns_level 0
check_field comm sfprobe
[ -z "$(field more)" ] || fail "a single deny carries more=$(field more)"
for key in $(echo "$fields" | sed -n 's/=.*//p'); do
	[ "$(echo "$fields" | grep -c "^$key=")" -eq 1 ] || fail "key $key appears twice"
done

# The same event in the JSON file: one record, one line.
wait_for 5 grep -q "\"pid\":$pid," /tmp/events.jsonl || fail "no JSON record for pid $pid"
record=$(grep "\"pid\":$pid," /tmp/events.jsonl)
echo "    $record"
case $record in
'{"version":1,"type":"event","time":"'*'","verdict":"deny","hook":"'"$HOOK"'unix_stream_connect","endpoint":"docker","family":"unix","target":"/var/run/docker.sock","inode":"'"$inode"'","rule":null,"generation":1,'*'"uid":1000,'*'"comm":"sfprobe",'*'"more":0}')
	pass "JSON record has the same fields" ;;
*) fail "JSON record: $record" ;;
esac
# No rule names an executable, so the hook reads the parent and the
# executable only for the report: they are there all the same.
exe=$(command -v sfprobe)
edev=$(stat -L -c %d "$exe")
exe_inode="$(((edev >> 8) & 0xfff)):$(((edev & 0xff) | ((edev >> 12) & 0xfff00))):$(stat -L -c %i "$exe")"
ppid=$(echo "$record" | sed -n 's/.*"ppid":\([0-9]*\),.*/\1/p')
[ -n "$ppid" ] && [ "$ppid" -gt 0 ] && [ "$ppid" != "$pid" ] && pass "the record has the parent: ppid $ppid" ||
	fail "no parent in the record: ppid '${ppid}'"
case $record in
*'"exe_inode":"'"$exe_inode"'"'*) pass "the record has the executable: $exe_inode" ;;
*) fail "the record lacks exe_inode $exe_inode: $record" ;;
esac

# A command name made to forge a second line and a key (0xff is not UTF-8).
hostile=$(printf 'x\ny" uid=0\377')
expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID" --comm "$hostile"
pid=$PROBE_PID
wait_for 10 syslog_lines "$pid" || fail "no syslog line for the hostile comm (pid $pid)"
line=$(syslog_lines "$pid")
echo "    $line"
[ "$(syslog_lines "$pid" | wc -l)" -eq 1 ] || fail "the hostile comm split the line"
case $line in
*' comm="x\ny\" uid=0\xff" '*) pass "hostile comm escaped in syslog" ;;
*) fail "hostile comm not escaped as expected: $line" ;;
esac
grep -q '^y' /var/log/messages && fail "a line of syslog starts with the forged text"
# Without its quoted values the line has one uid key: the comm forged none.
unquoted=$(echo "${line#*]: }" | sed 's/"\([^"\\]\|\\.\)*"/Q/g')
[ "$(echo "$unquoted" | tr ' ' '\n' | grep -c '^uid=')" -eq 1 ] ||
	fail "the hostile comm added a uid key: $unquoted"
wait_for 5 grep -q "\"pid\":$pid," /tmp/events.jsonl || fail "no JSON record for pid $pid"
record=$(grep "\"pid\":$pid," /tmp/events.jsonl)
echo "    $record"
case $record in
*'"comm":"x\ny\" uid=0'*'","comm_hex":"780a7922207569643d30ff",'*) pass "hostile comm escaped in JSON, exact bytes in comm_hex" ;;
*) fail "hostile comm in JSON: $record" ;;
esac
[ "$(wc -l </tmp/events.jsonl)" -eq 2 ] || fail "expected 2 JSON lines, got $(wc -l </tmp/events.jsonl)"
grep -v '^{"version":1,.*}$' /tmp/events.jsonl && fail "a JSON line is not one whole object"

# logrotate moves the file away and sends SIGHUP: events go to a new file.
mv /tmp/events.jsonl /tmp/events.jsonl.1
kill -HUP "$SF_PID"
wait_for 30 grep -q 'SIGHUP from pid' "$SF_LOG" || fail "SIGHUP was not handled"
# Until the reload is done the next deny is identical to the first one
# (same generation) and may be aggregated into it instead of written.
wait_for 30 grep -q 'generation 2 active' "$SF_LOG" || fail "the SIGHUP reload did not finish"
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
wait_for 10 grep -q "\"pid\":$PROBE_PID," /tmp/events.jsonl &&
	pass "after SIGHUP the JSON file is reopened" || fail "no JSON record in the reopened file"
[ "$(wc -l </tmp/events.jsonl.1)" -eq 2 ] || fail "the rotated file changed after SIGHUP"
finish
