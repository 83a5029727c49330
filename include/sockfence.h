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
#define SF_NAME_LEN 32	/* endpoint name, NUL included */
#define SF_PATH_LEN 108 /* a unix socket path, NUL included (sun_path) */

/* Policy limits; the parser refuses a policy that exceeds them. */
#define SF_MAX_ENDPOINTS	  64 /* named endpoints (a rule's endpoint set is a u64 mask) */
#define SF_MAX_PATHS_PER_ENDPOINT 16
#define SF_MAX_PORTS_PER_ENDPOINT 16
#define SF_MAX_TARGETS		  256  /* socket inodes + ports of one policy */
#define SF_MAX_RULES		  1024 /* rules of one policy */
#define SF_MAX_ABSTRACT		  64   /* abstract socket names of one policy (a power of 2) */
#define SF_MAX_SOURCES		  64   /* source address prefixes of one policy's remote rules */
#define SF_MAX_SOURCES_PER_RULE	  16
#define SF_ABSTRACT_PREFIX_LENS	  4  /* distinct lengths of abstract name prefixes */
#define SF_MAX_GROUPS		  64 /* supplementary groups read per caller */
#define SF_CGROUP_DEPTH		  16 /* cgroup ancestors compared with cgroup rules */
#define SF_CGROUP_NAMES		  8  /* lowest cgroup levels checked for a container runtime */
#define SF_CGROUP_NAME_LEN	  96 /* bytes of one cgroup directory name read */
#define SF_CONTAINER_ID_LEN	  64 /* hex digits of a container id */
#define SF_CONTAINER_PREFIX_MIN	  12 /* shortest container id prefix a rule may give */

#define SF_RINGBUF_BYTES (256 * 1024)

/* Bits of each inode filter (struct sf_ino_filter; a power of two). */
#define SF_INO_FILTER_BITS 2048

/* Protected sockets the "kept" map can hold at once (see struct sf_kept). */
#define SF_KEPT_ENTRIES 1024

/*
 * Version of the pinned maps' layout (every struct below that lives in a
 * map). A daemon reuses pinned maps only when it matches; bump it with any
 * change to those structs (sockfence_abi.h refuses to build otherwise).
 */
#define SF_MAP_LAYOUT_BASE 12

/* Bumped whenever struct sf_event changes layout (checked the same way). */
#define SF_EVENT_VERSION 5

/*
 * Every hook, one row each: X(ENUM, name, id, backend, needs). ENUM makes
 * SF_HOOK_<ENUM>; name is what events and link pins call it, and its BPF
 * program is sf_<name>; id is the value events carry (never reused);
 * backend is the enum sf_backend that attaches it; needs is the kernel
 * feature it requires beyond its backend (enum sf_hook_needs). The loader
 * attaches from this table (daemon/hooks.c), so adding a hook is one row
 * plus its program.
 */
#define SF_HOOK_TABLE(X)                                                                           \
	X(UNIX_STREAM_CONNECT, unix_stream_connect, 1, LSM, NOTHING)                               \
	X(SOCKET_CONNECT, socket_connect, 2, LSM, NOTHING)                                         \
	X(SOCKET_SENDMSG, socket_sendmsg, 6, LSM, NOTHING) /* TCP Fast Open */                     \
	X(CGROUP_CONNECT4, cgroup_connect4, 3, CGROUP, NOTHING)                                    \
	X(CGROUP_CONNECT6, cgroup_connect6, 4, CGROUP, NOTHING)                                    \
	X(CGROUP_CONNECT_UNIX, cgroup_connect_unix, 5, CGROUP, UNIX_CONNECT_HOOK)                  \
	X(SECURITY_UNIX_STREAM_CONNECT, security_unix_stream_connect, 7, FMODRET, NOTHING)         \
	X(SECURITY_SOCKET_CONNECT, security_socket_connect, 8, FMODRET, NOTHING)                   \
	X(SECURITY_SOCKET_SENDMSG, security_socket_sendmsg, 9, FMODRET, NOTHING) /* Fast Open */   \
	X(INODE_RENAME, inode_rename, 10, LSM, NOTHING)				 /* sf_kept */     \
	X(SECURITY_INODE_RENAME, security_inode_rename, 11, FMODRET, NOTHING)                      \
	X(FILE_RECEIVE, file_receive, 12, LSM, NOTHING) /* SCM_RIGHTS, pidfd_getfd */              \
	X(SECURITY_FILE_RECEIVE, security_file_receive, 13, FMODRET, NOTHING)                      \
	X(INET_CONN_REQUEST, inet_conn_request, 14, LSM, NOTHING) /* a SYN from elsewhere */       \
	X(SECURITY_INET_CONN_REQUEST, security_inet_conn_request, 15, FMODRET, NOTHING)            \
	X(SOCKET_LISTEN, socket_listen, 16, LSM, NOTHING) /* exposure */                           \
	X(SECURITY_SOCKET_LISTEN, security_socket_listen, 17, FMODRET, NOTHING)

/* What a hook needs beyond its backend's own kernel support. */
enum sf_hook_needs {
	SF_HOOK_NEEDS_NOTHING = 0,
	SF_HOOK_NEEDS_UNIX_CONNECT_HOOK = 1, /* BPF_CGROUP_UNIX_CONNECT (Linux 6.7+) */
};

#define SF_HOOK_ENUM_(ENUM, name, id, backend, needs) SF_HOOK_##ENUM = id,
enum sf_hook { SF_HOOK_TABLE(SF_HOOK_ENUM_) };
#undef SF_HOOK_ENUM_

/* How many rows the table has. */
#define SF_HOOK_ONE_(ENUM, name, id, backend, needs) +1
enum { SF_HOOK_COUNT = 0 SF_HOOK_TABLE(SF_HOOK_ONE_) };
#undef SF_HOOK_ONE_

/* Which kernel mechanism enforces: see daemon/backend.h. */
enum sf_backend {
	SF_BACKEND_NONE = 0,
	SF_BACKEND_LSM = 1,	/* BPF LSM hooks: unix sockets by inode */
	SF_BACKEND_CGROUP = 2,	/* cgroup sock_addr hooks: unix sockets by file name */
	SF_BACKEND_FMODRET = 3, /* fmod_ret on security_*: the lsm hooks, BPF LSM off */
};

enum sf_action {
	SF_ACTION_ALLOW = 0,
	SF_ACTION_DENY = 1,
};

enum sf_mode {
	SF_MODE_ENFORCE = 0,
	SF_MODE_AUDIT = 1, /* report what would be denied, deny nothing */
};

enum sf_origin {
	SF_ORIGIN_ANY = 0,
	SF_ORIGIN_HOST = 1,
	SF_ORIGIN_CONTAINER = 2,
	SF_ORIGIN_REMOTE = 3, /* a connection request that did not arrive on loopback */
};

/* What a listen on a protected port beyond loopback gets (sf_policy.exposure). */
enum sf_exposure {
	SF_EXPOSURE_AUDIT = 0, /* reported, let through */
	SF_EXPOSURE_DENY = 1,  /* refused with EPERM, reported */
};

/* What happened to a connect. */
enum sf_verdict {
	SF_VERDICT_ALLOW = 0,
	SF_VERDICT_DENY = 1,
	SF_VERDICT_AUDIT_DENY = 2, /* a deny in audit mode: let through, reported */
};

/* Which optional fields of a rule take part in matching. */
enum sf_match {
	SF_MATCH_UID = 1 << 0,	     /* real and effective uid both equal uid */
	SF_MATCH_GID = 1 << 1,	     /* gid is the real, effective or a supplementary group */
	SF_MATCH_EXE = 1 << 2,	     /* the executable is the inode exe_dev/exe_ino */
	SF_MATCH_CONTAINER = 1 << 3, /* the container id starts with container[] */
	SF_MATCH_CGROUP = 1 << 4,    /* cgroup_id is the caller's cgroup or an ancestor */
	SF_MATCH_SOURCE = 1 << 5,    /* remote: the source is in one of the rule's prefixes */
};

/* The match bits that ask who the caller is: never true of a remote source. */
#define SF_MATCH_IDENTITY                                                                          \
	(SF_MATCH_UID | SF_MATCH_GID | SF_MATCH_EXE | SF_MATCH_CONTAINER | SF_MATCH_CGROUP)

/* Per-CPU counters, indexes into the "counters" array map. */
enum sf_counter {
	SF_CNT_EVENTS_EMITTED = 0,
	SF_CNT_EVENTS_DROPPED = 1,    /* ring buffer full: event lost, verdict kept */
	SF_CNT_NO_POLICY = 2,	      /* a hook could not hold a policy slot: refused */
	SF_CNT_EVENTS_AGGREGATED = 3, /* identical to one emitted within SF_AGG_WINDOW_NS */
	SF_CNT_KEPT_BY_RENAME = 4,    /* protected sockets a rename moved: kept (sf_kept) */
	SF_CNT_KEPT_FULL = 5,	      /* renames refused: the kept map had no room */
	SF_CNT_EVENTS_SHED = 6,	      /* over its identity's share (SF_SHARE_PER_S): counted only */
	SF_CNT_MAX,
};

struct sf_rule {
	__u32 index; /* position in the policy file's rule list, from 0 */
	__u32 match; /* enum sf_match bits */
	__u32 uid;
	__u32 gid;
	__u64 endpoints; /* bit i: endpoint i */
	__u64 exe_dev;	 /* SF_MATCH_EXE, kernel dev_t encoding */
	__u64 exe_ino;
	__u64 cgroup_id;		     /* SF_MATCH_CGROUP */
	__u8 action;			     /* enum sf_action */
	__u8 mode;			     /* enum sf_mode: the rule's own, or the policy's */
	__u8 origin;			     /* enum sf_origin */
	__u8 container_len;		     /* SF_MATCH_CONTAINER: hex digits in container[] */
	char container[SF_CONTAINER_ID_LEN]; /* lower-case hex, not NUL-terminated */
	__u16 source_first; /* SF_MATCH_SOURCE: its prefixes in sf_policy.sources */
	__u8 source_count;
	__u8 pad;
};

/*
 * A source address prefix of a remote rule: IPv4 as IPv4-mapped IPv6, so
 * that one comparison serves both families.
 */
struct sf_source {
	__u8 addr[16];	  /* network order */
	__u32 prefix_len; /* bits of addr that must match, 0..128 */
	__u32 pad;
};

/*
 * A protected unix socket: the socket file's inode. dev uses the kernel's
 * internal dev_t encoding (major << 20 | minor), not stat(2)'s.
 */
struct sf_unix_target {
	__u64 dev;
	__u64 ino;
	__u32 endpoint_id;
	__u32 pad;
	char path[SF_PATH_LEN]; /* the configured path that resolved here */
};

/*
 * A protected unix socket as the cgroup backend sees it: the file name (last
 * path component) of a configured path, as a 64-bit FNV-1a hash. Its
 * connect hook sees only the path a client passed, not the socket's inode.
 */
struct sf_unix_name {
	__u64 hash; /* sf_name_hash() of the file name */
	__u32 endpoint_id;
	__u32 pad;
	char path[SF_PATH_LEN]; /* the configured path it came from */
};

/*
 * A directory that holds a configured unix path (dev, ino of the directory
 * the path's parent resolves to), for matching a listener by where it was
 * bound: see sf_unix_dentry.
 */
struct sf_unix_dir {
	__u64 dev;
	__u64 ino;
};

/*
 * A configured unix path as a place: its directory (index into
 * unix_dirs) and file name (sf_name_hash()). A listening socket's bound
 * dentry is matched against these at connect, so a socket newly bound at a
 * protected path is judged from its first connect, before the daemon has
 * seen its inode, and also while no daemon runs.
 */
struct sf_unix_dentry {
	__u64 dir;
	__u64 name_hash;
	__u32 endpoint_id;
	__u32 pad;
	char path[SF_PATH_LEN]; /* the configured path */
};

/*
 * A protected abstract unix socket name (Linux's "@name": no file), in the
 * host's network namespace (sf_policy.host_netns), exact or as a prefix.
 */
#define SF_ABSTRACT_PREFIX (1ULL << 32) /* in key: the name is a prefix */

struct sf_unix_abstract {
	__u64 key;  /* the name's length in bytes, | SF_ABSTRACT_PREFIX */
	__u64 hash; /* sf_text_hash() of those bytes */
	__u32 endpoint_id;
	__u32 pad;
	char name[SF_PATH_LEN]; /* as configured: "@name" or "@prefix*" */
};

/* A protected TCP port (host byte order), any address. */
struct sf_tcp_target {
	__u32 port;
	__u32 endpoint_id;
};

/*
 * One policy generation, compiled: everything a decision needs. It is a
 * slot of the "policy" map; a reload writes the slot no hook reads and
 * then makes it the active one (struct sf_policy_state), so a decision
 * can never see a half-written policy. Targets are sorted (unix by dev then ino, unix
 * names by hash, tcp by port, dirs by dev then ino, dentries by dir then
 * name hash) for a bounded binary search.
 */
/*
 * A set of inode numbers that may answer "maybe" for others: bit
 * (ino % SF_INO_FILTER_BITS). A clear bit is a certain "not in the set".
 */
struct sf_ino_filter {
	__u64 bits[SF_INO_FILTER_BITS / 64];
};

/* The two kept filters of struct sf_policy_state: who writes each (unix_places.bpf.h). */
#define SF_KEPT_FILTER_KERNEL 0
#define SF_KEPT_FILTER_DAEMON 1
#define SF_KEPT_FILTERS	      2

/*
 * Bits of a place-name-length filter: a length n sets bit n % 64, so a name
 * 64 or 128 bytes longer looks the same and goes to the search, which
 * decides (names of places are short; one word is one load at the hook).
 */
#define SF_NAME_LEN_BITS 64

/*
 * What an unprotected unix connect reads of a generation, beside its
 * state word (struct sf_policy_state): no pointer chase beyond the
 * listener's dentry and inode. Socket inodes by number alone (a socket
 * file is never a file system's root, so no device is needed to tell
 * them apart); places by the length of their file name.
 */
struct sf_fast_filter {
	struct sf_ino_filter unix_inodes;	      /* sf_inode_bit() of every unix target */
	__u64 place_name_lens[SF_NAME_LEN_BITS / 64]; /* bit n % 64: a place name n bytes long */
	__u64 tcp_ports[65536 / 64];		      /* bit p: port p is protected (exact) */
};

/*
 * The rules that may match, as bit r for rule r: the rule walk visits only
 * the rules set in every mask that applies to the caller (decide.h), so a
 * caller pays for the rules written about it, not for the whole list. Ids
 * share a bucket by hash (sf_id_bucket()): a bucket holds more rules than
 * the id's own, never fewer, and each candidate is still matched in full.
 */
#define SF_RULE_WORDS	  (SF_MAX_RULES / 64)
#define SF_ID_BUCKET_BITS 6
#define SF_ID_BUCKETS	  (1u << SF_ID_BUCKET_BITS)

struct sf_rule_mask {
	__u64 w[SF_RULE_WORDS];
};

struct sf_rule_index {
	struct sf_rule_mask endpoint[SF_MAX_ENDPOINTS]; /* rules that name endpoint e */
	struct sf_rule_mask host;			/* rules a caller on the host can match */
	struct sf_rule_mask container;			/* ... a caller in a container */
	struct sf_rule_mask remote;			/* rules a remote request can match */
	struct sf_rule_mask
		uid[SF_ID_BUCKETS];  /* rules without a uid, or whose uid is in bucket b */
	struct sf_rule_mask gid_any; /* rules without a gid */
	struct sf_rule_mask gid[SF_ID_BUCKETS]; /* rules whose gid is in bucket b */
};

/*
 * Policy publication without the kernel's grace period: generations live
 * in the two slots of the "policy" map, "policy_state" names the active
 * one, and "policy_readers" counts, per CPU and slot, the hooks that read
 * one now. A hook raises its slot's count, then reads the active slot
 * again: changed, it lowers the count and starts over. A reload writes
 * the inactive slot (none reads it), names it active, then waits until
 * the old slot's count is 0 on every CPU: from then on no hook judges
 * with the old generation (judge.bpf.h, loader.c).
 *
 * flips counts the namings, in Gray code: each one changes a single bit,
 * so a read that overlaps the write still sees the old or the new value
 * (as active, one bit, does), and a count never comes back. Hooks that
 * only ask "is the target protected?" look without raising a count and
 * take the answer when the whole state read the same before and after
 * (judge.bpf.h, sf_peek_policy()).
 *
 * The state also carries each slot's fast filters and the kept filters,
 * so that an unprotected unix connect ends at one map lookup. The kernel
 * writes into that value (its kept filter), so the daemon never replaces
 * it whole: it writes through a mapping of the map (BPF_F_MMAPABLE), the
 * slot's filters first and then the state word in one 8-byte store
 * (daemon/policy_state.c).
 */
#define SF_POLICY_SLOTS 2

struct sf_policy_state {
	__u32 active; /* slot of the generation in force */
	__u32 flips;  /* namings so far, Gray-coded (policy_slots_flips_next()) */
	struct sf_fast_filter fast[SF_POLICY_SLOTS]; /* each slot's, written with it */
	/*
	 * The inodes "kept" may hold (sf_inode_bit()), two filters with one
	 * writer each, interleaved so that one load tests both
	 * (sf_kept_word()): the kernel ORs its bits in atomically at a rename
	 * and never clears them; the daemon rebuilds its own from the map when
	 * it prunes, with atomic ORs and ANDs that leave the kernel's alone.
	 */
	__u64 kept[SF_KEPT_FILTERS * SF_INO_FILTER_BITS / 64];
};

struct sf_policy {
	__u32 generation;
	__u8 default_action; /* enum sf_action: when no rule matches */
	__u8 mode;	     /* enum sf_mode of the default action */
	__u8 exposure;	     /* enum sf_exposure: a protected port listened on beyond loopback */
	__u8 unread;	     /* enum sf_policy_unread: what no rule asks about */
	__u32 n_unix;
	__u32 n_tcp;
	__u32 n_rules;
	__u32 n_endpoints;
	__u32 n_unix_names;
	__u32 n_unix_dirs;
	__u32 n_unix_dentries;
	__u32 n_unix_abstract;
	__u32 host_netns;	       /* inode number of the host's network namespace */
	__u64 abstract_prefix_lens[2]; /* bit n: some abstract prefix is n bytes long */
	char endpoint_names[SF_MAX_ENDPOINTS][SF_NAME_LEN];
	__u64 endpoint_hash[SF_MAX_ENDPOINTS]; /* sf_text_hash() of each name, for sf_kept */
	struct sf_unix_target unix_targets[SF_MAX_TARGETS];
	struct sf_unix_name unix_names[SF_MAX_TARGETS];
	struct sf_unix_dir unix_dirs[SF_MAX_TARGETS];
	struct sf_unix_dentry unix_dentries[SF_MAX_TARGETS];
	struct sf_unix_abstract unix_abstract[SF_MAX_ABSTRACT];
	struct sf_tcp_target tcp_targets[SF_MAX_TARGETS];
	struct sf_rule rules[SF_MAX_RULES];
	__u32 n_sources;
	__u32 pad2;
	struct sf_source sources[SF_MAX_SOURCES];
	/*
	 * A "no" before any search in the held paths (decide.h): the inodes
	 * of unix_targets and the directories of unix_dirs (the peek's
	 * filters are in fast).
	 */
	struct sf_ino_filter unix_ino_filter;
	struct sf_ino_filter dir_ino_filter;
	struct sf_rule_index rule_index;
	struct sf_fast_filter fast; /* copied into policy_state's slot at publication */
};

/*
 * What the hooks need not read before the rule walk, since no rule of the
 * generation asks about it (read all the same for a report). A bit says
 * "skip": a generation that says nothing (0) has everything read.
 */
enum sf_policy_unread {
	SF_UNREAD_EXE = 1 << 0,	    /* no rule matches on the executable */
	SF_UNREAD_CGROUPS = 1 << 1, /* no rule matches on a cgroup: the leaf's id will do */
};

#define SF_RULE_DEFAULT 0xffffffffu /* sf_event.rule when no rule matched */

/* How a caller was found to run in a container (0: it was not). */
enum sf_container_by {
	SF_CONTAINER_PIDNS = 1 << 0,  /* a non-initial pid namespace */
	SF_CONTAINER_CGROUP = 1 << 1, /* a container runtime's cgroup */
};

/* Who is asking, as read in the kernel at the hook. */
struct sf_caller {
	__u32 pid;  /* thread id */
	__u32 tgid; /* process id */
	__u32 ppid; /* parent's process id */
	__u32 uid;
	__u32 euid;
	__u32 gid;
	__u32 egid;
	__u32 pidns_level; /* 0 = initial pid namespace */
	__u64 exe_dev;	   /* the executable's inode (kernel dev_t encoding); 0: none */
	__u64 exe_ino;
	__u64 cgroup_id;    /* cgroup v2 id of the caller's cgroup */
	__u32 container_by; /* enum sf_container_by bits */
	__u32 pad;
	char container_id[SF_CONTAINER_ID_LEN + 1]; /* "" when none was found */
	char comm[SF_COMM_LEN];
	__u8 pad2[7];
};

/* The caller's cgroup ancestry (only for matching, not reported). */
struct sf_cgroups {
	__u32 depth;	 /* ids held in id[], leaf first */
	__u32 truncated; /* 1: the ancestry is deeper than SF_CGROUP_DEPTH */
	__u64 id[SF_CGROUP_DEPTH];
	char name[SF_CGROUP_NAMES][SF_CGROUP_NAME_LEN]; /* leaf first */
};

/* The caller's supplementary groups (only for matching, not reported). */
struct sf_groups {
	__u32 count;	 /* groups held in gid[] */
	__u32 truncated; /* the caller has more than SF_MAX_GROUPS */
	__u32 gid[SF_MAX_GROUPS];
};

/* What is being reached. */
struct sf_target {
	__u16 family;  /* AF_UNIX, AF_INET or AF_INET6 */
	__u16 port;    /* host byte order; inet only */
	__u8 addr[16]; /* inet: 4 or 16 bytes, network order */
	__u64 dev;     /* unix: the socket file's inode */
	__u64 ino;     /* ... ; a remote request (sf_event.remote): the listener socket's inode */
};

/*
 * The other end of a connection request that did not arrive on loopback
 * (hook inet_conn_request): no caller on this host to name.
 */
struct sf_remote {
	__u16 family;  /* AF_INET or AF_INET6; 0: the event is about a local caller */
	__u16 port;    /* host byte order */
	__u32 ifindex; /* the interface it arrived on */
	__u8 addr[16]; /* 4 or 16 bytes, network order */
};

/* One decision worth reporting, sent through the "events" ring buffer. */
struct sf_event {
	__u16 version;
	__u8 hook;    /* enum sf_hook */
	__u8 verdict; /* enum sf_verdict */
	__u32 generation;
	__u32 endpoint_id;
	__u32 rule;  /* sf_rule.index of the matched rule, or SF_RULE_DEFAULT */
	__u64 ts_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	struct sf_caller caller;
	struct sf_target target;
	char endpoint[SF_NAME_LEN];
	char path[SF_PATH_LEN]; /* unix: configured path of the target */
	__u32 more;		/* identical attempts aggregated since the last event of this key */
	__u32 kind;		/* enum sf_event_kind */
	struct sf_remote remote; /* a remote source; caller is then empty */
};

/*
 * A protected socket whose path no longer leads to it, kept protected
 * while it is bound: the "kept" map, by the socket file's inode (dev, ino
 * as in sf_unix_target). Entries outlive policy generations and daemons;
 * the kernel adds one when a rename moves a protected socket away from its
 * path (the inode_rename hooks), the daemon when a path stops resolving to
 * a socket that is still bound, and the daemon removes the ones no socket
 * is bound to any more. A kept socket belongs to the endpoint of the same
 * name in the generation in force, if it has one.
 */
struct sf_kept_key {
	__u64 dev;
	__u64 ino;
};

enum sf_kept_by {
	SF_KEPT_BY_RENAME = 1, /* the kernel, at a rename */
	SF_KEPT_BY_DAEMON = 2, /* the daemon, when the path stopped resolving to it */
};

struct sf_kept {
	__u64 endpoint_hash;	/* sf_text_hash() of the endpoint's name */
	__u64 since_ns;		/* CLOCK_MONOTONIC */
	__u32 by;		/* enum sf_kept_by */
	__u32 logged;		/* the daemon has reported it */
	char path[SF_PATH_LEN]; /* the configured path it was protected as */
};

/* rule_hits map: one per-CPU counter per rule index, the last for the default. */
#define SF_RULE_HITS (SF_MAX_RULES + 1)

/*
 * The daemon's record in the pinned "meta" map, for `status` without a
 * daemon and for the next daemon. layout and generation keep their offsets
 * in every layout, so a daemon of another version can still continue the
 * generation count.
 */
struct sf_meta {
	__u32 layout;	  /* SF_MAP_LAYOUT of the daemon that wrote it */
	__u32 generation; /* in force */
	__u64 loaded_at;  /* unix time that generation was published */
	__u64 daemon_started_at;
	__u32 daemon_pid;
	__u32 backend; /* enum sf_backend */
	char policy_source[256];
	char backend_reason[512]; /* why this backend was chosen */
	char cgroup_path[256];	  /* cgroup backend: where the programs are attached */
};

/* What an sf_event stands for. */
enum sf_event_kind {
	SF_EVENT_DECISION = 0, /* one decision, plus `more` identical ones before it */
	SF_EVENT_REPEATS = 1,  /* built by the daemon: only the `more` attempts that
				* followed the last event of a key, whose fields it copies */
	SF_EVENT_EXPOSURE = 2, /* a protected port listened on beyond loopback: target is
				* the address, caller who listens */
};

/*
 * Flood control: an event identical to one emitted less than
 * SF_AGG_WINDOW_NS ago (same sf_agg_key) is not sent; the "agg" LRU map
 * counts it and the next event of that key carries the count.
 */
#define SF_AGG_WINDOW_NS 1000000000ULL
#define SF_AGG_ENTRIES	 2048

/* Who did what to which target: an event without pid, tid and time. */
struct sf_agg_key {
	__u32 uid;
	__u32 euid;
	__u32 gid;
	__u32 egid;
	__u32 pidns_level;
	__u32 generation;
	__u32 endpoint_id;
	__u32 rule;
	__u64 exe_dev;
	__u64 exe_ino;
	__u64 cgroup_id;
	__u8 hook;
	__u8 verdict;
	__u8 pad[6];
	char comm[SF_COMM_LEN];
	struct sf_target target;
};

struct sf_agg_value {
	__u64 last_ns;	      /* ts_ns of the last event emitted for the key */
	__u64 suppressed;     /* attempts aggregated since then */
	struct sf_event last; /* that event, for the daemon to report a tail */
};

/*
 * Fair events: each identity (a uid in a cgroup; a source address for
 * requests from other hosts) may send SF_SHARE_PER_S events a second to
 * the ring buffer. Beyond that its events are counted (SF_CNT_EVENTS_SHED,
 * and its own count in the "shares" LRU map, which the daemon reports and
 * clears) but not sent: one identity that floods with ever new targets
 * cannot crowd another's denials out of the ring buffer, the daemon's CPU
 * budget or the syslog rate.
 */
#define SF_SHARE_PER_S	 20
#define SF_SHARE_ENTRIES 1024

struct sf_share_key {
	__u64 cgroup_id; /* the caller's cgroup; a remote source: its address, folded */
	__u32 uid;	 /* the caller's uid; a remote source: 0 */
	__u32 remote;	 /* 1: a source address, not a local caller */
};

struct sf_share_value {
	__u64 window_ns; /* when the current second of this identity began */
	__u32 sent;	 /* events sent in it */
	__u32 pad;
	__u64 shed; /* events counted only, since the daemon last reported them */
};

/* Layout checks of everything above that is pinned or sent. */
#include "sockfence_abi.h"

#endif /* SOCKFENCE_H */
