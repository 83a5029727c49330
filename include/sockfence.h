/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Everything the BPF programs and the user-space daemon share: map keys and
 * values, the event record, enums and limits. Nothing else lives here.
 */
#ifndef SOCKFENCE_H
#define SOCKFENCE_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

#define SF_COMM_LEN 16

/* Map sizes; the daemon refuses a configuration that exceeds them. */
#define SF_MAX_UNIX_ENDPOINTS 64
#define SF_MAX_TCP_PORTS      64
#define SF_RINGBUF_BYTES      (256 * 1024)

/* Bumped whenever struct sf_event changes layout. */
#define SF_EVENT_VERSION 1

enum sf_hook {
	SF_HOOK_UNIX_STREAM_CONNECT = 1,
	SF_HOOK_SOCKET_CONNECT = 2,
};

enum sf_verdict {
	SF_VERDICT_ALLOW = 0,
	SF_VERDICT_DENY = 1,
};

/* Per-CPU counters, indexes into the "counters" array map. */
enum sf_counter {
	SF_CNT_EVENTS_EMITTED = 0,
	SF_CNT_EVENTS_DROPPED = 1, /* ring buffer full: event lost, verdict kept */
	SF_CNT_MAX,
};

/*
 * Key of a protected unix endpoint: the socket file's inode. dev uses the
 * kernel's internal dev_t encoding (major << 20 | minor), not stat(2)'s.
 */
struct sf_unix_key {
	__u64 dev;
	__u64 ino;
};

/* Value of both endpoint maps: which configured endpoint was hit. */
struct sf_endpoint {
	__u32 id;
};

/* Who is asking, as read in the kernel at the hook. */
struct sf_caller {
	__u32 pid;  /* thread id */
	__u32 tgid; /* process id */
	__u32 uid;
	__u32 euid;
	__u32 gid;
	__u32 pidns_level; /* 0 = initial pid namespace */
	char comm[SF_COMM_LEN];
};

/* What is being reached. */
struct sf_target {
	__u16 family;		     /* AF_UNIX, AF_INET or AF_INET6 */
	__u16 port;		     /* host byte order; inet only */
	__u8 addr[16];		     /* inet: 4 or 16 bytes, network order */
	struct sf_unix_key unix_key; /* unix only */
};

/* One decision worth reporting, sent through the "events" ring buffer. */
struct sf_event {
	__u16 version;
	__u8 hook;    /* enum sf_hook */
	__u8 verdict; /* enum sf_verdict */
	__u32 endpoint_id;
	__u64 ts_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	struct sf_caller caller;
	struct sf_target target;
};

#endif /* SOCKFENCE_H */
