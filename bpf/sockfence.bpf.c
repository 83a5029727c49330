// SPDX-License-Identifier: GPL-2.0-only
/*
 * The hooks. Each one answers "is the target protected?" with a single map
 * lookup and returns 0 at once when it is not; only protected targets pay
 * for identity, decision and reporting.
 */
#include "vmlinux.h"
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include "sockfence.h"
#include "decide.h"
#include "events.bpf.h"
#include "identity.bpf.h"

#define EPERM	  1
#define AF_UNSPEC 0
#define AF_UNIX	  1
#define AF_INET	  2
#define AF_INET6  10

char LICENSE[] SEC("license") = "GPL";

/* Protected unix endpoints, keyed by the socket file's inode. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SF_MAX_UNIX_ENDPOINTS);
	__type(key, struct sf_unix_key);
	__type(value, struct sf_endpoint);
} unix_endpoints SEC(".maps");

/* Protected TCP ports (host byte order), any address. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, SF_MAX_TCP_PORTS);
	__type(key, __u16);
	__type(value, struct sf_endpoint);
} tcp_ports SEC(".maps");

static __always_inline int sf_judge(__u8 hook, const struct sf_endpoint *endpoint,
				    const struct sf_target *target)
{
	struct sf_caller caller = {};
	__u8 verdict;

	sf_read_caller(&caller);
	verdict = sf_decide(&caller);
	if (verdict == SF_VERDICT_ALLOW)
		return 0;
	sf_emit(hook, verdict, endpoint->id, &caller, target);
	return -EPERM;
}

/*
 * other is the listening socket. Its bound path's inode is what every alias
 * (bind mount, symlink, hard link, /proc/PID/root, relative path, chroot)
 * resolves to, so matching on it judges all of them alike.
 */
SEC("lsm/unix_stream_connect")
int BPF_PROG(sf_unix_stream_connect, struct sock *sock, struct sock *other, struct sock *newsk,
	     int ret)
{
	struct unix_sock *listener = (struct unix_sock *)other;
	struct sf_target target = { .family = AF_UNIX };
	const struct sf_endpoint *endpoint;
	struct inode *inode;

	if (ret)
		return ret;
	inode = BPF_CORE_READ(listener, path.dentry, d_inode);
	if (!inode)
		return 0; /* abstract or autobound: no file to protect */
	target.unix_key.dev = BPF_CORE_READ(inode, i_sb, s_dev);
	target.unix_key.ino = BPF_CORE_READ(inode, i_ino);
	endpoint = bpf_map_lookup_elem(&unix_endpoints, &target.unix_key);
	if (!endpoint)
		return 0;
	return sf_judge(SF_HOOK_UNIX_STREAM_CONNECT, endpoint, &target);
}

/*
 * Stream sockets of both inet families. An AF_INET6 socket reaching an
 * IPv4-mapped address carries the same port, so it is caught here too.
 */
SEC("lsm/socket_connect")
int BPF_PROG(sf_socket_connect, struct socket *sock, struct sockaddr *address, int addrlen, int ret)
{
	struct sf_target target = {};
	const struct sf_endpoint *endpoint;
	struct sockaddr_in6 sin6 = {};
	struct sockaddr_in sin = {};
	__u16 family, sa_family;

	if (ret)
		return ret;
	if (BPF_CORE_READ(sock, type) != SOCK_STREAM)
		return 0;
	family = BPF_CORE_READ(sock, sk, __sk_common.skc_family);
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (addrlen < (int)sizeof(sa_family))
		return 0; /* the kernel rejects it with EINVAL */
	bpf_probe_read_kernel(&sa_family, sizeof(sa_family), &address->sa_family);
	if (sa_family == AF_UNSPEC)
		return 0; /* disconnect, reaches no one */

	target.family = family;
	if (family == AF_INET) {
		bpf_probe_read_kernel(&sin, sizeof(sin), address);
		target.port = bpf_ntohs(sin.sin_port);
		__builtin_memcpy(target.addr, &sin.sin_addr, 4);
	} else {
		bpf_probe_read_kernel(&sin6, sizeof(sin6), address);
		target.port = bpf_ntohs(sin6.sin6_port);
		__builtin_memcpy(target.addr, &sin6.sin6_addr, 16);
	}
	endpoint = bpf_map_lookup_elem(&tcp_ports, &target.port);
	if (!endpoint)
		return 0;
	return sf_judge(SF_HOOK_SOCKET_CONNECT, endpoint, &target);
}
