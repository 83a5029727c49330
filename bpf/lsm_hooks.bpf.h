/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The lsm backend: BPF LSM programs on the LSM hooks, where bpf is in the
 * kernel's active LSM list. Each starts from the verdict of the LSM
 * programs before it (ret) and runs the shared check (socket_checks.bpf.h).
 */
#ifndef SOCKFENCE_LSM_HOOKS_BPF_H
#define SOCKFENCE_LSM_HOOKS_BPF_H

#include "socket_checks.bpf.h"

SF_UNIX_CONNECT_PROG("lsm/unix_stream_connect", sf_unix_stream_connect, SF_HOOK_UNIX_STREAM_CONNECT)
SF_SOCKET_CONNECT_PROG("lsm/socket_connect", sf_socket_connect, SF_HOOK_SOCKET_CONNECT)
/* TCP Fast Open's implicit connect. */
SF_SOCKET_SENDMSG_PROG("lsm/socket_sendmsg", sf_socket_sendmsg, SF_HOOK_SOCKET_SENDMSG)
/* A connected socket handed over (SCM_RIGHTS, pidfd_getfd). */
SF_FILE_RECEIVE_PROG("lsm/file_receive", sf_file_receive, SF_HOOK_FILE_RECEIVE)
/* The listener's side: a connection request from elsewhere. */
SF_CONN_REQUEST_PROG("lsm/inet_conn_request", sf_inet_conn_request, SF_HOOK_INET_CONN_REQUEST)
/* Exposure: a protected port listened on beyond loopback. */
SF_SOCKET_LISTEN_PROG("lsm/socket_listen", sf_socket_listen, SF_HOOK_SOCKET_LISTEN)
/* A protected socket renamed stays protected (unix_places.bpf.h). */
SF_INODE_RENAME_PROG("lsm/inode_rename", sf_inode_rename)

#endif /* SOCKFENCE_LSM_HOOKS_BPF_H */
