/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The fmod_ret backend: BPF_MODIFY_RETURN programs on the kernel's
 * security_* functions, which the kernel lets such programs attach to
 * whether or not bpf is in the active LSM list (Debian 12 and Ubuntu boot
 * without it). They run the same checks as the lsm backend.
 *
 * Their return is the function's result: a non-zero one skips its body,
 * and with it every LSM's own decision (AppArmor, SELinux, ...). So they
 * return non-zero only to deny (-EPERM) or to pass on a denial another
 * fmod_ret program before them made (ret); 0 lets the function run and the
 * kernel's LSMs decide as they would without sockfence.
 */
#ifndef SOCKFENCE_FMODRET_HOOKS_BPF_H
#define SOCKFENCE_FMODRET_HOOKS_BPF_H

#include "socket_checks.bpf.h"

SEC("fmod_ret/security_unix_stream_connect")
int BPF_PROG(sf_security_unix_stream_connect, struct sock *sock, struct sock *other,
	     struct sock *newsk, int ret)
{
	if (ret)
		return ret;
	return sf_check_unix_connect(SF_HOOK_SECURITY_UNIX_STREAM_CONNECT, other);
}

SEC("fmod_ret/security_socket_connect")
int BPF_PROG(sf_security_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen,
	     int ret)
{
	if (ret)
		return ret;
	return sf_check_inet_stream(SF_HOOK_SECURITY_SOCKET_CONNECT, sock, address, addrlen);
}

/* TCP Fast Open's implicit connect. */
SEC("fmod_ret/security_socket_sendmsg")
int BPF_PROG(sf_security_socket_sendmsg, struct socket *sock, struct msghdr *msg, int size, int ret)
{
	if (ret)
		return ret;
	return sf_check_fastopen(SF_HOOK_SECURITY_SOCKET_SENDMSG, sock, msg);
}

#endif /* SOCKFENCE_FMODRET_HOOKS_BPF_H */
