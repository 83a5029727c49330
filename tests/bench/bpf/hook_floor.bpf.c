// SPDX-License-Identifier: GPL-2.0-only
/*
 * The floor under sockfence's cost: BPF LSM programs on the same hooks that
 * do nothing at all. What a connect pays for these is the price of any BPF
 * LSM program there (the trampoline around the hook); what sockfence adds
 * on top is its own work. Benchmarks only (tests/bench/vm/bench-floor.sh).
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

SEC("lsm/unix_stream_connect")
int BPF_PROG(floor_unix_stream_connect, struct sock *sock, struct sock *other, struct sock *newsk,
	     int ret)
{
	return ret;
}

SEC("lsm/socket_connect")
int BPF_PROG(floor_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen,
	     int ret)
{
	return ret;
}

SEC("lsm/socket_sendmsg")
int BPF_PROG(floor_socket_sendmsg, struct socket *sock, struct msghdr *msg, int size, int ret)
{
	return ret;
}
