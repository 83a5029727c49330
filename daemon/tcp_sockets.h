/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * The TCP connections of this network namespace as inet_diag reports them
 * (IPv4 and IPv6 sockets; an IPv4 address as IPv4-mapped IPv6), and
 * closing one from outside (SOCK_DESTROY).
 */
#ifndef SOCKFENCE_TCP_SOCKETS_H
#define SOCKFENCE_TCP_SOCKETS_H

#include <linux/inet_diag.h>
#include <linux/types.h>
#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>

struct tcp_socket {
	__u8 family; /* of the socket: AF_INET or AF_INET6 */
	__u8 state;  /* TCP_ESTABLISHED, ... */
	struct in6_addr src, dst;
	__u16 sport, dport;	    /* host byte order */
	__u32 ino;		    /* the socket's inode number; 0: no process holds it */
	__u32 uid;		    /* its owner (the creator) */
	struct inet_diag_sockid id; /* as the kernel reported it: what a destroy names */
};

struct tcp_sockets {
	struct tcp_socket *items;
	size_t n;
	size_t cap;
};

/*
 * Reads every TCP socket that is connected or on its way (not listening,
 * not in TIME_WAIT). Returns 0 or a negative errno (out left empty).
 */
int tcp_sockets_read(struct tcp_sockets *out);

/* Reads every listening TCP socket. Returns 0 or a negative errno. */
int tcp_sockets_read_listeners(struct tcp_sockets *out);

/*
 * The socket at the other end of s when both ends are on this host (its
 * source is s's destination and the other way round), or NULL.
 */
const struct tcp_socket *tcp_sockets_peer(const struct tcp_sockets *t, const struct tcp_socket *s);

/*
 * Closes the connection as the kernel does for an abort (the peer gets a
 * reset, the owner ECONNABORTED). Returns 0 or a negative errno:
 * -EOPNOTSUPP when the kernel was built without CONFIG_INET_DIAG_DESTROY,
 * -ENOENT when the socket is gone.
 */
int tcp_socket_destroy(const struct tcp_socket *s);

/* "127.0.0.1:2375" or "[::1]:2375" (an IPv4-mapped address as IPv4). */
void tcp_endpoint_text(const struct in6_addr *addr, __u16 port, char *out, size_t len);

void tcp_sockets_free(struct tcp_sockets *t);

#endif /* SOCKFENCE_TCP_SOCKETS_H */
