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

SF_UNIX_CONNECT_PROG("fmod_ret/security_unix_stream_connect", sf_security_unix_stream_connect,
		     SF_HOOK_SECURITY_UNIX_STREAM_CONNECT)
SF_SOCKET_CONNECT_PROG("fmod_ret/security_socket_connect", sf_security_socket_connect,
		       SF_HOOK_SECURITY_SOCKET_CONNECT)
/* TCP Fast Open's implicit connect. */
SF_SOCKET_SENDMSG_PROG("fmod_ret/security_socket_sendmsg", sf_security_socket_sendmsg,
		       SF_HOOK_SECURITY_SOCKET_SENDMSG)
/* A connected socket handed over (SCM_RIGHTS, pidfd_getfd). */
SF_FILE_RECEIVE_PROG("fmod_ret/security_file_receive", sf_security_file_receive,
		     SF_HOOK_SECURITY_FILE_RECEIVE)
/* A protected socket renamed stays protected (unix_places.bpf.h). */
SF_CONN_REQUEST_PROG("fmod_ret/security_inet_conn_request", sf_security_inet_conn_request,
		     SF_HOOK_SECURITY_INET_CONN_REQUEST)
SF_SOCKET_LISTEN_PROG("fmod_ret/security_socket_listen", sf_security_socket_listen,
		      SF_HOOK_SECURITY_SOCKET_LISTEN)
SF_SECURITY_INODE_RENAME_PROG("fmod_ret/security_inode_rename", sf_security_inode_rename)

#endif /* SOCKFENCE_FMODRET_HOOKS_BPF_H */
