# boots: lsm=lockdown,capability,landlock
# BPF LSM off, the cgroup backend asked for (auto takes fmod_ret here; the
# cgroup backend is for kernels that refuse tracing programs): attached to
# the root of the cgroup v2 hierarchy, it says what is degraded and
# enforces the shipped default policy. Linux 6.7 added the cgroup hook for
# unix connects: before it, a policy with unix endpoints is refused unless
# it says allow-degraded: true, and then only TCP is enforced.
. /tests/lib.sh
SF_EXPECT_BACKEND=cgroup

cgroup=$(cgroup2_root)
load_modules smc || finish
listen unix:/var/run/docker.sock
listen tcp:127.0.0.1:2375

release=$(uname -r)
major=${release%%.*}
minor=${release#*.}
minor=${minor%%.*}
if [ "$major" -gt 6 ] || { [ "$major" -eq 6 ] && [ "$minor" -ge 7 ]; }; then
	start_sockfence --backend cgroup || finish
	grep -q "^sockfence: backend: cgroup, attached to $cgroup (the cgroup backend was asked for" \
		"$SF_LOG" && pass "the cgroup backend at $cgroup, and why" ||
		fail "the log does not name the cgroup backend, its cgroup and the reason"
	grep -q "degraded: unix sockets are recognised by the file name" "$SF_LOG" &&
		pass "the log states the degraded unix matching" ||
		fail "the log does not state what is degraded"

	expect EPERM unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
	user_pid=$PROBE_PID
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID"
	expect EPERM tcp:127.0.0.1:2375
	expect EPERM "tcp:[::ffff:127.0.0.1]:2375"
	expect EPERM tcp:127.0.0.1:2375 --via fastopen
	# AF_SMC's inner TCP socket is connected in the kernel, where the
	# cgroup hook runs too, with the caller's cgroup (side-door-smc.sh).
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID" --kind smc
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID" --kind smc --via fastopen
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID" --kind mptcp
	expect ok unix:/var/run/docker.sock
	# Aliases that keep the file name are judged alike.
	(cd /var/run && expect EPERM unix:docker.sock --uid "$TEST_UID" --gid "$TEST_UID")
	expect EPERM unix:/proc/self/root/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
	# The documented limit: the same socket under another file name is not.
	ln /var/run/docker.sock /var/run/renamed.sock
	expect ok unix:/var/run/renamed.sock --uid "$TEST_UID" --gid "$TEST_UID"
	rm -f /var/run/renamed.sock

	if wait_for 10 syslog_lines "$user_pid"; then
		line=$(syslog_lines "$user_pid")
		case $line in
		*"verdict=deny hook=cgroup_connect_unix endpoint=docker target=/var/run/docker.sock rule=default "*"uid=$TEST_UID "*)
			pass "syslog: $line" ;;
		*) fail "syslog line lacks hook, endpoint, target or uid: $line" ;;
		esac
	else
		fail "no syslog line for the denied unix connect"
	fi

	lsm=$(cat /sys/kernel/security/lsm)
	run_cli sockfence status
	case $CLI_OUT in
	*"backend:     cgroup, attached to $cgroup"*"degraded:    unix sockets are recognised by the file name"*"boot with 'lsm=$lsm,bpf'"*)
		pass "status: backend, degradation and how to enable BPF LSM" ;;
	*) fail "status lacks the backend, the degradation or the lsm= hint" ;;
	esac
	stop_sockfence
else
	run_cli sockfence run --backend cgroup
	[ "$CLI_RC" -ne 0 ] && pass "refused to start on $release" ||
		fail "started although unix endpoints cannot be enforced on $release"
	case $CLI_OUT in
	*"cannot enforce this policy: unix sockets are NOT protected: this kernel ($release) has no cgroup hook for unix connects"*"allow-degraded: true"*)
		pass "says what cannot be enforced and how to accept it" ;;
	*) fail "the refusal does not say what or how to accept it" ;;
	esac

	cat >/tmp/degraded.yaml <<-'YAML'
	allow-degraded: true
	endpoints:
	  docker: { unix: /var/run/docker.sock }
	  docker-tcp: { tcp: 2375 }
	rules:
	  - { action: deny, endpoint: docker-tcp }
	  - { action: allow, endpoint: docker, uid: root }
	YAML
	start_sockfence --backend cgroup --policy /tmp/degraded.yaml || finish
	grep -q "degraded enforcement accepted (allow-degraded: true): unix sockets are NOT protected" \
		"$SF_LOG" && pass "warns at start that unix sockets are not protected" ||
		fail "no warning about the accepted degradation"
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID"
	expect EPERM tcp:127.0.0.1:2375 --uid "$TEST_UID" --gid "$TEST_UID" --kind smc
	expect ok unix:/var/run/docker.sock --uid "$TEST_UID" --gid "$TEST_UID"
	run_cli sockfence status
	case $CLI_OUT in
	*"degraded:    unix sockets are NOT protected"*) pass "status: unix sockets not protected" ;;
	*) fail "status does not say unix sockets are not protected" ;;
	esac
	stop_sockfence
fi
finish
