# `sockfence check` validates without root and without the kernel: exit 0
# and the compiled table for a good policy, exit 1 and every error for a bad
# one, exit 2 for a file it cannot read.
. /tests/lib.sh

cat >/tmp/bad.yaml <<'YAML'
mode: enforcing
endpoints:
  docker: { unix: relative.sock }
rules:
  - { action: deny, endpoint: docker, user: nosuchuser }
YAML
as_user="sfprobe exec --uid $TEST_UID --gid $TEST_UID --"
run_cli $as_user sockfence check
[ "$CLI_RC" -eq 0 ] || fail "check of the built-in default exited $CLI_RC"
case $CLI_OUT in
*"built-in default policy: valid"*"RULE"*"deny"*"container"*) pass "prints the compiled table" ;;
*) fail "no compiled table" ;;
esac
run_cli $as_user sockfence check /tmp/bad.yaml
[ "$CLI_RC" -eq 1 ] || fail "check of a bad policy exited $CLI_RC, not 1"
n=$(echo "$CLI_OUT" | grep -c '^/tmp/bad.yaml:[0-9]*:[0-9]*: error: ')
[ "$n" -ge 3 ] && pass "reports $n errors in one run" || fail "expected 3 errors, got $n"
run_cli $as_user sockfence check /tmp/missing.yaml
[ "$CLI_RC" -eq 2 ] || fail "check of a missing file exited $CLI_RC, not 2"
finish
