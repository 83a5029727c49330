# Started where neither securityfs nor the BPF filesystem is mounted (an
# init that mounts neither), sockfence mounts both, the BPF filesystem with
# mode 0700, and takes the backend this boot allows: never a weaker one
# because it could not read the LSM list.
. /tests/lib.sh

umount /sys/kernel/security || fail "cannot unmount securityfs"
umount /sys/fs/bpf || fail "cannot unmount the BPF filesystem"
listen unix:/var/run/docker.sock
start_sockfence || finish
grep -q "mounted securityfs at /sys/kernel/security" "$SF_LOG" &&
	pass "mounted securityfs to read the LSM list" || fail "securityfs was not mounted"
grep -q "mounted a BPF filesystem at /sys/fs/bpf (mode 0700)" "$SF_LOG" &&
	pass "mounted the BPF filesystem" || fail "the BPF filesystem was not mounted"
# bpffs always sets the sticky bit on its root: 0700 reads as 1700.
[ "$(stat -c %a /sys/fs/bpf)" = 1700 ] && pass "/sys/fs/bpf is root's only (1700)" ||
	fail "/sys/fs/bpf has mode $(stat -c %a /sys/fs/bpf)"
expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
finish
