/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The checks both trampoline backends run: BPF LSM programs on the LSM
 * hooks (lsm_hooks.bpf.h) and fmod_ret programs on the kernel's security_*
 * functions (fmodret_hooks.bpf.h) get the same arguments, so they share
 * these bodies and differ only in how they are attached and which hook id
 * their events carry. Each returns 0 (let the kernel go on deciding) or
 * -EPERM.
 *
 * Reads go straight through the BTF-typed arguments (the verifier turns
 * them into fault-safe loads) instead of bpf_probe_read_kernel() calls:
 * every connect on the host passes here, most of them to unprotected
 * sockets, so the path to "not protected" is kept to plain loads.
 */
#ifndef SOCKFENCE_SOCKET_CHECKS_BPF_H
#define SOCKFENCE_SOCKET_CHECKS_BPF_H

#include "unix_places.bpf.h"
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>

/*
 * other is the listening socket. Its bound path's inode is what every alias
 * (bind mount, symlink, hard link, /proc/PID/root, relative path, chroot)
 * resolves to, and the dentry it was bound at does not change with them,
 * so matching on those judges all of them alike (unix_places.bpf.h).
 */
static __always_inline int sf_judge_unix(__u8 hook, const struct sf_policy *policy, __u64 state,
					 const struct sf_protection *why, __u64 dev, __u64 ino)
{
	struct sf_target target = { .family = AF_UNIX, .dev = dev, .ino = ino };

	return sf_judge(hook, policy, state, why->endpoint_id, why->path, &target);
}

/*
 * The slow paths are functions of their own (BPF subprograms): the hook's
 * body then keeps only the loads and tests most connects end at, and
 * saves no more registers than those need.
 */
static __noinline int sf_check_unix_file(__u8 hook, const struct sf_policy *policy, __u64 state,
					 struct inode *inode, struct dentry *dentry)
{
	struct sf_socket_file file;
	struct sf_protection why;

	sf_socket_file_read(inode, dentry, &file);
	sf_socket_file_name(dentry, &file);
	if (!sf_unix_protected(policy, &file, &why))
		return 0;
	return sf_judge_unix(hook, policy, state, &why, file.dev, file.ino);
}

static __noinline int sf_check_unix_abstract(__u8 hook, const struct sf_policy *policy, __u64 state,
					     struct unix_sock *listener)
{
	struct sf_protection why;

	if (!sf_abstract_protected(policy, &listener->sk, listener, &why))
		return 0;
	return sf_judge_unix(hook, policy, state, &why, 0, 0);
}

/*
 * A connect to a socket file the generation in force protects by its
 * inode, which the calling task was allowed before (judge.bpf.h's memo):
 * true, with nothing held and no rule walked. A socket protected by its
 * place or kept, and whatever the memo cannot answer, is judged. A
 * subprogram: inline, its frame on sf_check_unix_held()'s would take the
 * judgement's chain past Linux 6.1's 512 bytes of stack.
 */
static __noinline bool sf_check_unix_again(struct inode *inode)
{
	const struct sf_policy *p;
	struct sf_peek peek;
	int found;

	if (!inode || !sf_peek_fast(&peek))
		return false;
	p = sf_peeked_policy(&peek);
	if (!p)
		return false;
	/* No filter first: the hook's found this inode's bit set (or its name's length's). */
	found = sf_find(p, SF_TABLE_UNIX, inode->i_sb->s_dev, inode->i_ino, 0);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return false;
	return sf_allowed_again(&peek, p, p->unix_targets[found].endpoint_id);
}

/*
 * Everything after the peek, held: a subprogram, so that the hook's own
 * body is the peek alone and the JIT saves no registers for the rest.
 */
static __noinline int sf_check_unix_held(__u8 hook, struct unix_sock *listener)
{
	struct dentry *dentry = listener->path.dentry;
	struct inode *inode = dentry ? dentry->d_inode : NULL;
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	int ret;

	if (sf_check_unix_again(inode))
		return 0;
	policy = sf_active_policy(&hold);
	if (!policy)
		return -EPERM;
	if (!inode) /* an abstract name (autobound ones too): no file */
		ret = sf_check_unix_abstract(hook, policy, hold.state, listener);
	else
		ret = sf_check_unix_file(hook, policy, hold.state, inode, dentry);
	sf_policy_release(&hold);
	return ret;
}

static __always_inline int sf_check_unix_connect(__u8 hook, struct sock *other)
{
	struct unix_sock *listener = bpf_skc_to_unix_sock(other);
	struct dentry *dentry;
	struct inode *inode;

	if (!listener)
		return 0; /* cannot happen: the hook is for unix sockets */
	dentry = listener->path.dentry;
	/* NULL for an abstract name: the verifier's fault-safe load then gives NULL. */
	inode = dentry->d_inode;
	if (inode && sf_unix_surely_unprotected(inode->i_ino, dentry->d_name.len))
		return 0;
	return sf_check_unix_held(hook, listener);
}

/* The port leads both sockaddr_in and sockaddr_in6, in network order. */
static __always_inline __u16 sf_address_port(const struct sockaddr *address)
{
	return (__u16)(((__u8)address->sa_data[0] << 8) | (__u8)address->sa_data[1]);
}

/* A connect to a protected port: who may reach it (the address is read only now). */
static __noinline int sf_check_inet_connect(__u8 hook, const struct sf_policy *policy, __u64 state,
					    struct sockaddr *address)
{
	__u16 family = address->sa_family, port = sf_address_port(address);
	struct sf_target target = { .family = family, .port = port };
	int found;

	found = sf_find(policy, SF_TABLE_TCP, 0, 0, port);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	/* Straight into the target: this frame is one of a deep call chain. */
	if (family == AF_INET)
		bpf_probe_read_kernel(target.addr, 4, &((struct sockaddr_in *)address)->sin_addr);
	else
		bpf_probe_read_kernel(target.addr, 16,
				      &((struct sockaddr_in6 *)address)->sin6_addr);
	return sf_judge(hook, policy, state, policy->tcp_targets[found].endpoint_id, NULL, &target);
}

/* As sf_check_unix_again(), for a protected port. */
static __noinline bool sf_check_inet_again(struct sockaddr *address)
{
	__u32 port = sf_address_port(address);
	const struct sf_policy *p;
	struct sf_peek peek;
	int found;

	if (!sf_peek_fast(&peek))
		return false;
	p = sf_peeked_policy(&peek);
	if (!p)
		return false;
	barrier_var(port); /* as sf_port_surely_unprotected(): 6.1 needs the 16-bit mask */
	found = sf_find_port(p, port);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return false;
	return sf_allowed_again(&peek, p, p->tcp_targets[found].endpoint_id);
}

/*
 * After the peek, held (a subprogram, as sf_check_unix_held()). It reads
 * the family and the port again rather than take them: fewer values live
 * in the hook's body, which then needs no saved registers.
 */
static __noinline int sf_check_inet_held(__u8 hook, struct sockaddr *address)
{
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	__u32 port;
	int ret = 0;

	if (sf_check_inet_again(address))
		return 0;
	policy = sf_active_policy(&hold);
	if (!policy)
		return -EPERM;
	port = sf_address_port(address);
	barrier_var(port); /* as sf_port_surely_unprotected() */
	if (sf_port_protected(policy, port))
		ret = sf_check_inet_connect(hook, policy, hold.state, address);
	sf_policy_release(&hold);
	return ret;
}

/*
 * Every stream socket that reaches TCP, told by the address it connects
 * to: both inet families (MPTCP and IPPROTO_SMC sockets are
 * AF_INET/AF_INET6 too), and AF_SMC, which connects an inner TCP socket
 * with kernel_connect(), a path that calls no security hook: its outer
 * socket's connect, whose address the inner one gets, is the only place to
 * judge it. An AF_INET6 socket reaching an IPv4-mapped address carries the
 * same port, so it is caught here too. A stream socket of any other family
 * given an inet address is judged as well; its own connect refuses such an
 * address (EINVAL, EAFNOSUPPORT), so nothing is lost by judging it first.
 * The address family first: a unix socket's connect ends at that one load.
 */
static __always_inline int sf_check_inet_stream(__u8 hook, struct socket *sock,
						struct sockaddr *address, int addrlen)
{
	__u16 family;

	/* Plain loads until the port is known to be protected (see above). */
	if (addrlen < (int)sizeof(struct sockaddr_in))
		return 0; /* the kernel refuses it (EINVAL), or it is a disconnect */
	family = address->sa_family;
	if (family != AF_INET && family != AF_INET6)
		return 0; /* a unix socket's, a disconnect (AF_UNSPEC), or refused */
	if (sock->type != SOCK_STREAM)
		return 0;
	if (sf_port_surely_unprotected(sf_address_port(address)))
		return 0;
	return sf_check_inet_held(hook, address);
}

#define SF_TCP_ESTABLISHED 1
#define SF_TCP_SYN_SENT	   2

static __always_inline int sf_judge_received_inet(__u8 hook, const struct sf_policy *policy,
						  __u64 state, struct sock *sk,
						  struct sf_target *target)
{
	int found;

	found = sf_find_port(policy, target->port);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	if (target->family == AF_INET)
		__builtin_memcpy(target->addr, &sk->__sk_common.skc_daddr, 4);
	else
		__builtin_memcpy(target->addr, &sk->__sk_common.skc_v6_daddr, 16);
	return sf_judge(hook, policy, state, policy->tcp_targets[found].endpoint_id, NULL, target);
}

/*
 * A connected TCP client socket to a protected port: judged as its connect.
 * A subprogram, so that its target is not on the stack of the unix
 * socket's longer chain into the judge (Linux 6.1 counts 512 bytes).
 */
static __noinline int sf_check_received_inet(__u8 hook, struct sock *sk)
{
	struct sf_target target = {};
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	__u8 state = sk->__sk_common.skc_state;
	int ret;

	if (sk->sk_type != SOCK_STREAM || (state != SF_TCP_ESTABLISHED && state != SF_TCP_SYN_SENT))
		return 0;
	target.family = sk->__sk_common.skc_family;
	target.port = bpf_ntohs(sk->__sk_common.skc_dport);
	policy = sf_active_policy(&hold);
	if (!policy)
		return -EPERM;
	ret = sf_judge_received_inet(hook, policy, hold.state, sk, &target);
	sf_policy_release(&hold);
	return ret;
}

/* A connected unix socket whose peer is a protected listener's: judged as its connect. */
static __always_inline int sf_check_received_unix(__u8 hook, struct sock *sk)
{
	struct unix_sock *mine = bpf_skc_to_unix_sock(sk);

	if (!mine || !mine->peer)
		return 0; /* not connected (a listener serves, it does not reach) */
	/* The server's end of a connection carries its listener's path or name. */
	return sf_check_unix_connect(hook, mine->peer);
}

/*
 * A file descriptor arriving (SCM_RIGHTS, pidfd_getfd(), a seccomp
 * supervisor's addfd): a socket already connected to a protected endpoint
 * is refused to a receiver that would have been refused the connect. The
 * kernel then leaves the descriptor out (recvmsg() sets MSG_CTRUNC).
 */
static __always_inline int sf_check_file_receive(__u8 hook, struct file *file)
{
	/* NULL for anything but a socket (an O_PATH descriptor of a socket file too). */
	struct socket *sock = bpf_sock_from_file(file);
	struct sock *sk = sock ? sock->sk : NULL;
	__u16 family;

	if (!sk)
		return 0;
	family = sk->__sk_common.skc_family;
	if (family == AF_UNIX)
		return sf_check_received_unix(hook, sk);
	if (family == AF_INET || family == AF_INET6)
		return sf_check_received_inet(hook, sk);
	return 0;
}

/* Every network namespace's loopback device has this index (include/net/flow.h). */
#define SF_LOOPBACK_IFINDEX 1

/*
 * A connection request (a SYN, or the ACK that carries a SYN cookie) to a
 * listener on a protected port, in softirq: there is no caller to ask.
 * Arrived on loopback, it came from this network namespace, whose connect
 * was judged already. Anything else came from another host or another
 * network namespace (a container on a bridge, a veth, a crafted packet):
 * only rules that ask about the source decide it. Refused, the request is
 * dropped: the client sees no answer, as from a filtered port.
 */
static __always_inline int sf_judge_conn_request(__u8 hook, const struct sf_policy *policy,
						 const struct sock *sk, struct sk_buff *skb,
						 struct request_sock *req)
{
	struct sf_target target = {};
	struct sf_remote remote = {};
	const struct inet_request_sock *ireq = (const struct inet_request_sock *)req;
	int found;

	target.port = sk->__sk_common.skc_num;
	found = sf_find_port(policy, target.port);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	/*
	 * skb_iif, not skb->dev: a packet to one of this host's own non-loopback
	 * addresses also arrives on loopback, and by the time TCP sees it its
	 * dev is no longer the loopback device (seen on 6.12).
	 */
	remote.ifindex = BPF_CORE_READ(skb, skb_iif);
	if (remote.ifindex == SF_LOOPBACK_IFINDEX)
		return 0;
	/* The packet's family: a dual-stack listener's request for an IPv4 SYN is IPv4. */
	remote.family = BPF_CORE_READ(req, rsk_ops, family);
	remote.port = bpf_ntohs(BPF_CORE_READ(ireq, req.__req_common.skc_dport));
	target.family = remote.family;
	/* Who listens: the daemon finds the process that holds this inode. */
	target.ino = BPF_CORE_READ((struct sock *)sk, sk_socket, file, f_inode, i_ino);
	if (remote.family == AF_INET) {
		__be32 saddr = BPF_CORE_READ(ireq, req.__req_common.skc_daddr);
		__be32 daddr = BPF_CORE_READ(ireq, req.__req_common.skc_rcv_saddr);

		__builtin_memcpy(remote.addr, &saddr, 4);
		__builtin_memcpy(target.addr, &daddr, 4);
	} else {
		BPF_CORE_READ_INTO(&remote.addr, ireq, req.__req_common.skc_v6_daddr);
		BPF_CORE_READ_INTO(&target.addr, ireq, req.__req_common.skc_v6_rcv_saddr);
	}
	return sf_judge_remote_once(hook, policy, policy->tcp_targets[found].endpoint_id, &target,
				    &remote)
		       ? -EPERM
		       : 0;
}

static __always_inline int sf_check_conn_request(__u8 hook, const struct sock *sk,
						 struct sk_buff *skb, struct request_sock *req)
{
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	int ret;

	if (sf_port_surely_unprotected(sk->__sk_common.skc_num))
		return 0;
	policy = sf_active_policy(&hold);
	if (!policy)
		return -EPERM;
	ret = sf_judge_conn_request(hook, policy, sk, skb, req);
	sf_policy_release(&hold);
	return ret;
}

/* 127.0.0.0/8, ::1, or ::ffff:127.0.0.0/104: only this host can reach it. */
static __always_inline bool sf_loopback_address(__u16 family, const struct sock *sk)
{
	if (family == AF_INET)
		return (bpf_ntohl(sk->__sk_common.skc_rcv_saddr) >> 24) == 127;
	const __u32 *a = sk->__sk_common.skc_v6_rcv_saddr.in6_u.u6_addr32;

	if (a[0] || a[1])
		return false;
	if (a[2] == 0 && bpf_ntohl(a[3]) == 1)
		return true;
	return a[2] == bpf_htonl(0xffff) && (bpf_ntohl(a[3]) >> 24) == 127;
}

/*
 * listen() on a protected port at an address other hosts can reach
 * (0.0.0.0, ::, or any non-loopback address): the `dockerd -H
 * tcp://0.0.0.0:2375` exposure. Reported with who listens; refused
 * (EPERM) under exposure: deny.
 */
static __always_inline int sf_judge_listen(__u8 hook, const struct sf_policy *policy,
					   struct sock *sk, __u16 family)
{
	struct sf_target target = {};
	int found;

	target.port = sk->__sk_common.skc_num;
	found = sf_find_port(policy, target.port);
	if (found < 0 || found >= SF_MAX_TARGETS)
		return 0;
	if (sf_loopback_address(family, sk))
		return 0;
	target.family = family;
	if (family == AF_INET)
		__builtin_memcpy(target.addr, &sk->__sk_common.skc_rcv_saddr, 4);
	else
		__builtin_memcpy(target.addr, &sk->__sk_common.skc_v6_rcv_saddr, 16);
	return sf_report_exposure(hook, policy, policy->tcp_targets[found].endpoint_id, &target)
		       ? -EPERM
		       : 0;
}

static __always_inline int sf_check_listen(__u8 hook, struct socket *sock)
{
	const struct sf_policy *policy;
	struct sf_policy_hold hold;
	struct sock *sk;
	__u16 family;
	int ret;

	if (sock->type != SOCK_STREAM)
		return 0;
	sk = sock->sk;
	family = sk ? sk->__sk_common.skc_family : AF_UNSPEC;
	if (family != AF_INET && family != AF_INET6)
		return 0;
	if (sf_port_surely_unprotected(sk->__sk_common.skc_num))
		return 0;
	policy = sf_active_policy(&hold);
	if (!policy)
		return -EPERM;
	ret = sf_judge_listen(hook, policy, sk, family);
	sf_policy_release(&hold);
	return ret;
}

#define MSG_FASTOPEN 0x20000000

/*
 * TCP Fast Open: sendto(..., MSG_FASTOPEN, address) connects from inside
 * sendmsg and never passes security_socket_connect(), so without this check
 * it would reach a protected port unjudged. Every other send returns at the
 * first test.
 */
static __always_inline int sf_check_fastopen(__u8 hook, struct socket *sock, struct msghdr *msg)
{
	struct sockaddr_in6 copy = {};
	void *address;
	int len;

	if (!(msg->msg_flags & MSG_FASTOPEN))
		return 0;
	address = msg->msg_name; /* void *: no BTF type to load through */
	if (!address)
		return 0; /* fastopen_connect sockets connect() first: judged there */
	len = msg->msg_namelen;
	bpf_probe_read_kernel(&copy, sizeof(copy), address);
	return sf_check_inet_stream(hook, sock, (struct sockaddr *)&copy, len);
}

/*
 * One program per check, for either backend: SEC is where it attaches
 * ("lsm/HOOK" or "fmod_ret/security_HOOK"), name its program's name and
 * hook the id its events carry. Both kinds receive the verdict of the
 * program before them (ret) and pass a denial on untouched.
 */
#define SF_UNIX_CONNECT_PROG(sec, name, hook)                                                      \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct sock *sock, struct sock *other, struct sock *newsk, int ret)     \
	{                                                                                          \
		return ret ? ret : sf_check_unix_connect(hook, other);                             \
	}

#define SF_SOCKET_CONNECT_PROG(sec, name, hook)                                                    \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct socket *sock, struct sockaddr *address, int addrlen, int ret)    \
	{                                                                                          \
		return ret ? ret : sf_check_inet_stream(hook, sock, address, addrlen);             \
	}

#define SF_SOCKET_SENDMSG_PROG(sec, name, hook)                                                    \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct socket *sock, struct msghdr *msg, int size, int ret)             \
	{                                                                                          \
		return ret ? ret : sf_check_fastopen(hook, sock, msg);                             \
	}

#define SF_FILE_RECEIVE_PROG(sec, name, hook)                                                      \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct file *file, int ret)                                             \
	{                                                                                          \
		return ret ? ret : sf_check_file_receive(hook, file);                              \
	}

#define SF_CONN_REQUEST_PROG(sec, name, hook)                                                      \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, const struct sock *sk, struct sk_buff *skb, struct request_sock *req,   \
		     int ret)                                                                      \
	{                                                                                          \
		return ret ? ret : sf_check_conn_request(hook, sk, skb, req);                      \
	}

#define SF_SOCKET_LISTEN_PROG(sec, name, hook)                                                     \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct socket *sock, int backlog, int ret)                              \
	{                                                                                          \
		return ret ? ret : sf_check_listen(hook, sock);                                    \
	}

/* The LSM hook: RENAME_EXCHANGE calls it once for each direction. */
#define SF_INODE_RENAME_PROG(sec, name)                                                            \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct inode *old_dir, struct dentry *old_dentry,                       \
		     struct inode *new_dir, struct dentry *new_dentry, int ret)                    \
	{                                                                                          \
		return ret ? ret : sf_check_rename(old_dentry, new_dentry);                        \
	}

/* security_inode_rename() itself: one call, with the flags. */
#define SF_SECURITY_INODE_RENAME_PROG(sec, name)                                                   \
	SEC(sec)                                                                                   \
	int BPF_PROG(name, struct inode *old_dir, struct dentry *old_dentry,                       \
		     struct inode *new_dir, struct dentry *new_dentry, unsigned int flags,         \
		     int ret)                                                                      \
	{                                                                                          \
		return ret ? ret : sf_check_rename(old_dentry, new_dentry);                        \
	}

#endif /* SOCKFENCE_SOCKET_CHECKS_BPF_H */
