# boots: lsm=lockdown,capability,landlock
# With bpf missing from the active LSM list, `sockfence run --backend lsm`
# refuses to start, shows what the kernel has and the boot parameter that
# fixes it, and names the fmod_ret backend that needs no boot change.
. /tests/lib.sh

out=$(sockfence run --backend lsm 2>&1)
rc=$?
echo "$out" | sed 's/^/    /'
[ $rc -ne 0 ] || fail "sockfence run --backend lsm exited 0 without BPF LSM"
lsm=$(cat /sys/kernel/security/lsm)
case $out in
*"the lsm backend was asked for, but BPF LSM is not active"*"lists '$lsm'"*) pass "names the active list '$lsm'" ;;
*) fail "does not say BPF LSM is inactive or which LSMs are active" ;;
esac
case $out in
*"boot with 'lsm=$lsm,bpf'"*) pass "suggests lsm=$lsm,bpf" ;;
*) fail "does not suggest the lsm= boot parameter" ;;
esac
case $out in
*"kernel command line has 'lsm="*) pass "shows the current lsm= parameter" ;;
*) fail "does not show the current lsm= parameter" ;;
esac
case $out in
*"--backend fmod_ret"*) pass "names the fmod_ret backend" ;;
*) fail "does not name the fmod_ret backend" ;;
esac
finish
