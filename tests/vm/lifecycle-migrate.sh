# An upgrade to a sockfence whose pinned-map layout differs: it does not
# reuse the old maps, loads fresh ones, continues the generation count,
# drains the old ring buffer, replaces the old links make-before-break,
# and unpins the maps the old layout had and the new one has not.
# A denied identity's connect loop sees no success throughout.
. /tests/lib.sh

listen unix:/var/run/docker.sock
start_sockfence || finish
hammer_start unix:/var/run/docker.sock
kill -9 "$SF_PID"
wait "$SF_PID" 2>/dev/null
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" # lands in the old ring buffer

sfprobe pin-map /sys/fs/bpf/sockfence/maps/gone_in_next || fail "cannot pin a map of an older layout"
rm -f "$SF_LOG"
: >"$SF_LOG"
sockfence-next-layout run >>"$SF_LOG" 2>&1 &
SF_PID=$!
wait_for 120 started_or_dead
grep -q '^sockfence: enforcing policy generation 2' "$SF_LOG" ||
	fail "the next-layout daemon did not enforce generation 2"
grep -q "map layout [0-9]*, this sockfence [0-9]*: migrating to fresh maps" "$SF_LOG" ||
	fail "the layout change was not noticed"
grep -q "migrated pinned enforcement (generation 1 was in force); [1-9][0-9]* events were waiting" \
	"$SF_LOG" || fail "the old ring buffer's events were not read"
sleep 1
hammer_stop "the migration"
layout=$(sockfence-next-layout status --json | sed -n 's/.*"map_layout":\([0-9]*\).*/\1/p')
run_cli sockfence status --json
case $CLI_OUT in
*"\"pinned_links\":$KERNEL_LINKS"*'"generation":2,"map_layout":'*) pass "only the new links and maps remain pinned" ;;
*) fail "status after migration: $CLI_OUT" ;;
esac
[ "$layout" = "$(grep -o 'this sockfence [0-9]*' "$SF_LOG" | grep -o '[0-9]*$')" ] ||
	fail "the pinned meta map does not carry the new layout $layout"
[ ! -e /sys/fs/bpf/sockfence/maps/gone_in_next ] && pass "the older layout's own map is unpinned" ||
	fail "the older layout's own map is still pinned"
[ -e /sys/fs/bpf/sockfence/maps/policy_state ] || fail "the new layout's maps are not pinned"
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID"
finish
