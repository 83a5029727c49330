/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lsm backend: BPF LSM programs on the LSM hooks, where bpf is in the
 * kernel's active LSM list. Each starts from the verdict of the LSM
 * programs before it (ret) and runs the shared check (socket_checks.bpf.h).
 */
#ifndef SOCKFENCE_LSM_HOOKS_BPF_H
#define SOCKFENCE_LSM_HOOKS_BPF_H

#include "socket_checks.bpf.h"

SEC("lsm/unix_stream_connect")
int BPF_PROG(sf_unix_stream_connect, struct sock *sock, struct sock *other, struct sock *newsk,
	     int ret)
{
	if (ret)
		return ret;
	return sf_check_unix_connect(SF_HOOK_UNIX_STREAM_CONNECT, other);
}

SEC("lsm/socket_connect")
int BPF_PROG(sf_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	if (ret)
		return ret;
	return sf_check_inet_stream(SF_HOOK_SOCKET_CONNECT, sock, address, addrlen);
}

/* TCP Fast Open's implicit connect. */
SEC("lsm/socket_sendmsg")
int BPF_PROG(sf_socket_sendmsg, struct socket *sock, struct msghdr *msg, int size, int ret)
{
	if (ret)
		return ret;
	return sf_check_fastopen(SF_HOOK_SOCKET_SENDMSG, sock, msg);
}

#endif /* SOCKFENCE_LSM_HOOKS_BPF_H */
