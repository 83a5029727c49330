/* SPDX-License-Identifier: GPL-2.0-only */
/*
 * Compile-time checks of every struct that lives in a pinned map or crosses
 * the ring buffer, on both sides (the BPF object and the daemon include
 * this through sockfence.h). Pinned maps are reused by a later daemon only
 * when SF_MAP_LAYOUT matches, and libbpf compares only sizes, so a change
 * that kept the size (fields reordered, a type swapped) would be read
 * through the wrong offsets. Here any change fails the build until the
 * version it belongs to is bumped:
 *   - a pinned struct: bump SF_MAP_LAYOUT_BASE;
 *   - sf_event, sf_caller or sf_target: bump SF_EVENT_VERSION, and
 *     SF_MAP_LAYOUT_BASE too (the agg map keeps an sf_event);
 * then write the new numbers as a new block for the new version. Never
 * edit the numbers of a version that has shipped.
 */
#ifndef SOCKFENCE_ABI_H
#define SOCKFENCE_ABI_H

#define SF_ABI_SIZE(type, size)                                                                    \
	_Static_assert(sizeof(struct type) == (size),                                              \
		       "struct " #type " changed size: bump its version (sockfence_abi.h)")
#define SF_ABI_AT(type, field, offset)                                                             \
	_Static_assert(__builtin_offsetof(struct type, field) == (offset),                         \
		       "struct " #type "." #field " moved: bump its version (sockfence_abi.h)")

/* In every layout: a daemon of any version continues the generation count. */
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);

/* The counters map and the rule hits map, indexed by these (later ones per layout). */
_Static_assert(SF_CNT_EVENTS_EMITTED == 0 && SF_CNT_EVENTS_DROPPED == 1 && SF_CNT_NO_POLICY == 2 &&
		       SF_CNT_EVENTS_AGGREGATED == 3 && SF_CNT_KEPT_BY_RENAME == 4 &&
		       SF_CNT_KEPT_FULL == 5,
	       "the counters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_RULE_HITS == 1025, "rule_hits changed: bump SF_MAP_LAYOUT_BASE");

#if SF_EVENT_VERSION == 4
_Static_assert(SF_VERDICT_ALLOW == 0 && SF_VERDICT_DENY == 1 && SF_VERDICT_AUDIT_DENY == 2 &&
		       SF_EVENT_DECISION == 0 && SF_EVENT_REPEATS == 1 && SF_CONTAINER_PIDNS == 1 &&
		       SF_CONTAINER_CGROUP == 2,
	       "event values changed: bump SF_EVENT_VERSION (sockfence_abi.h)");

SF_ABI_SIZE(sf_caller, 152);
SF_ABI_AT(sf_caller, pid, 0);
SF_ABI_AT(sf_caller, tgid, 4);
SF_ABI_AT(sf_caller, ppid, 8);
SF_ABI_AT(sf_caller, uid, 12);
SF_ABI_AT(sf_caller, euid, 16);
SF_ABI_AT(sf_caller, gid, 20);
SF_ABI_AT(sf_caller, egid, 24);
SF_ABI_AT(sf_caller, pidns_level, 28);
SF_ABI_AT(sf_caller, exe_dev, 32);
SF_ABI_AT(sf_caller, exe_ino, 40);
SF_ABI_AT(sf_caller, cgroup_id, 48);
SF_ABI_AT(sf_caller, container_by, 56);
SF_ABI_AT(sf_caller, container_id, 64);
SF_ABI_AT(sf_caller, comm, 129);

SF_ABI_SIZE(sf_target, 40);
SF_ABI_AT(sf_target, family, 0);
SF_ABI_AT(sf_target, port, 2);
SF_ABI_AT(sf_target, addr, 4);
SF_ABI_AT(sf_target, dev, 24);
SF_ABI_AT(sf_target, ino, 32);

SF_ABI_SIZE(sf_event, 368);
SF_ABI_AT(sf_event, version, 0);
SF_ABI_AT(sf_event, hook, 2);
SF_ABI_AT(sf_event, verdict, 3);
SF_ABI_AT(sf_event, generation, 4);
SF_ABI_AT(sf_event, endpoint_id, 8);
SF_ABI_AT(sf_event, rule, 12);
SF_ABI_AT(sf_event, ts_ns, 16);
SF_ABI_AT(sf_event, caller, 24);
SF_ABI_AT(sf_event, target, 176);
SF_ABI_AT(sf_event, endpoint, 216);
SF_ABI_AT(sf_event, path, 248);
SF_ABI_AT(sf_event, more, 356);
SF_ABI_AT(sf_event, kind, 360);
#elif SF_EVENT_VERSION == 5
_Static_assert(SF_VERDICT_ALLOW == 0 && SF_VERDICT_DENY == 1 && SF_VERDICT_AUDIT_DENY == 2 &&
		       SF_EVENT_DECISION == 0 && SF_EVENT_REPEATS == 1 && SF_EVENT_EXPOSURE == 2 &&
		       SF_CONTAINER_PIDNS == 1 && SF_CONTAINER_CGROUP == 2,
	       "event values changed: bump SF_EVENT_VERSION (sockfence_abi.h)");

SF_ABI_SIZE(sf_caller, 152);
SF_ABI_AT(sf_caller, pid, 0);
SF_ABI_AT(sf_caller, tgid, 4);
SF_ABI_AT(sf_caller, ppid, 8);
SF_ABI_AT(sf_caller, uid, 12);
SF_ABI_AT(sf_caller, euid, 16);
SF_ABI_AT(sf_caller, gid, 20);
SF_ABI_AT(sf_caller, egid, 24);
SF_ABI_AT(sf_caller, pidns_level, 28);
SF_ABI_AT(sf_caller, exe_dev, 32);
SF_ABI_AT(sf_caller, exe_ino, 40);
SF_ABI_AT(sf_caller, cgroup_id, 48);
SF_ABI_AT(sf_caller, container_by, 56);
SF_ABI_AT(sf_caller, container_id, 64);
SF_ABI_AT(sf_caller, comm, 129);

SF_ABI_SIZE(sf_target, 40);
SF_ABI_AT(sf_target, family, 0);
SF_ABI_AT(sf_target, port, 2);
SF_ABI_AT(sf_target, addr, 4);
SF_ABI_AT(sf_target, dev, 24);
SF_ABI_AT(sf_target, ino, 32);

SF_ABI_SIZE(sf_event, 392);
SF_ABI_AT(sf_event, version, 0);
SF_ABI_AT(sf_event, hook, 2);
SF_ABI_AT(sf_event, verdict, 3);
SF_ABI_AT(sf_event, generation, 4);
SF_ABI_AT(sf_event, endpoint_id, 8);
SF_ABI_AT(sf_event, rule, 12);
SF_ABI_AT(sf_event, ts_ns, 16);
SF_ABI_AT(sf_event, caller, 24);
SF_ABI_AT(sf_event, target, 176);
SF_ABI_AT(sf_event, endpoint, 216);
SF_ABI_AT(sf_event, path, 248);
SF_ABI_AT(sf_event, more, 356);
SF_ABI_AT(sf_event, kind, 360);
SF_ABI_AT(sf_event, remote, 364);

SF_ABI_SIZE(sf_remote, 24);
SF_ABI_AT(sf_remote, family, 0);
SF_ABI_AT(sf_remote, port, 2);
SF_ABI_AT(sf_remote, ifindex, 4);
SF_ABI_AT(sf_remote, addr, 8);
#else
#error "no layout checks for this SF_EVENT_VERSION: add its block to sockfence_abi.h"
#endif

#if SF_MAP_LAYOUT_BASE == 4
_Static_assert(SF_CNT_MAX == 6, "the counters changed: bump SF_MAP_LAYOUT_BASE");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_policy, 194592);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, endpoint_names, 32);
SF_ABI_AT(sf_policy, unix_targets, 2080);
SF_ABI_AT(sf_policy, unix_names, 36896);
SF_ABI_AT(sf_policy, tcp_targets, 69664);
SF_ABI_AT(sf_policy, rules, 71712);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 384);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);
#elif SF_MAP_LAYOUT_BASE == 5
_Static_assert(SF_CNT_MAX == 6, "the counters changed: bump SF_MAP_LAYOUT_BASE");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_policy, 234024);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, endpoint_names, 40);
SF_ABI_AT(sf_policy, endpoint_hash, 2088);
SF_ABI_AT(sf_policy, unix_targets, 2600);
SF_ABI_AT(sf_policy, unix_names, 37416);
SF_ABI_AT(sf_policy, unix_dirs, 70184);
SF_ABI_AT(sf_policy, unix_dentries, 74280);
SF_ABI_AT(sf_policy, tcp_targets, 109096);
SF_ABI_AT(sf_policy, rules, 111144);

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 384);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);
#elif SF_MAP_LAYOUT_BASE == 6
_Static_assert(SF_CNT_MAX == 6, "the counters changed: bump SF_MAP_LAYOUT_BASE");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_policy, 242752);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 384);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);
#elif SF_MAP_LAYOUT_BASE == 7
_Static_assert(SF_CNT_MAX == 6, "the counters changed: bump SF_MAP_LAYOUT_BASE");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2 && SF_ORIGIN_REMOTE == 3,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16 && SF_MATCH_SOURCE == 32,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);
SF_ABI_AT(sf_rule, source_first, 116);
SF_ABI_AT(sf_rule, source_count, 118);

SF_ABI_SIZE(sf_source, 24);
SF_ABI_AT(sf_source, addr, 0);
SF_ABI_AT(sf_source, prefix_len, 16);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_policy, 244296);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, exposure, 6);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);
SF_ABI_AT(sf_policy, n_sources, 242752);
SF_ABI_AT(sf_policy, sources, 242760);

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 408);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);
#elif SF_MAP_LAYOUT_BASE == 8
_Static_assert(SF_CNT_EVENTS_SHED == 6 && SF_CNT_MAX == 7,
	       "the counters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2 && SF_ORIGIN_REMOTE == 3,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16 && SF_MATCH_SOURCE == 32,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);
SF_ABI_AT(sf_rule, source_first, 116);
SF_ABI_AT(sf_rule, source_count, 118);

SF_ABI_SIZE(sf_source, 24);
SF_ABI_AT(sf_source, addr, 0);
SF_ABI_AT(sf_source, prefix_len, 16);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_policy, 244296);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, exposure, 6);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);
SF_ABI_AT(sf_policy, n_sources, 242752);
SF_ABI_AT(sf_policy, sources, 242760);

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 408);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);

SF_ABI_SIZE(sf_share_key, 16);
SF_ABI_AT(sf_share_key, cgroup_id, 0);
SF_ABI_AT(sf_share_key, uid, 8);
SF_ABI_AT(sf_share_key, remote, 12);

SF_ABI_SIZE(sf_share_value, 24);
SF_ABI_AT(sf_share_value, window_ns, 0);
SF_ABI_AT(sf_share_value, sent, 8);
SF_ABI_AT(sf_share_value, shed, 16);
#elif SF_MAP_LAYOUT_BASE == 9
_Static_assert(SF_CNT_EVENTS_SHED == 6 && SF_CNT_MAX == 7,
	       "the counters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2 && SF_ORIGIN_REMOTE == 3,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16 && SF_MATCH_SOURCE == 32,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);
SF_ABI_AT(sf_rule, source_first, 116);
SF_ABI_AT(sf_rule, source_count, 118);

SF_ABI_SIZE(sf_source, 24);
SF_ABI_AT(sf_source, addr, 0);
SF_ABI_AT(sf_source, prefix_len, 16);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_ino_filter, 256);

SF_ABI_SIZE(sf_policy, 253000);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, exposure, 6);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);
SF_ABI_AT(sf_policy, n_sources, 242752);
SF_ABI_AT(sf_policy, sources, 242760);
SF_ABI_AT(sf_policy, unix_ino_filter, 244296);
SF_ABI_AT(sf_policy, dir_ino_filter, 244552);
SF_ABI_AT(sf_policy, tcp_ports, 244808);
_Static_assert(SF_INO_FILTER_BITS == 2048 && SF_KEPT_FILTER_KERNEL == 0 &&
		       SF_KEPT_FILTER_DAEMON == 1 && SF_KEPT_FILTERS == 2,
	       "the inode filters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 408);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);

SF_ABI_SIZE(sf_share_key, 16);
SF_ABI_AT(sf_share_key, cgroup_id, 0);
SF_ABI_AT(sf_share_key, uid, 8);
SF_ABI_AT(sf_share_key, remote, 12);

SF_ABI_SIZE(sf_share_value, 24);
SF_ABI_AT(sf_share_value, window_ns, 0);
SF_ABI_AT(sf_share_value, sent, 8);
SF_ABI_AT(sf_share_value, shed, 16);
#elif SF_MAP_LAYOUT_BASE == 10
_Static_assert(SF_CNT_EVENTS_SHED == 6 && SF_CNT_MAX == 7,
	       "the counters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2 && SF_ORIGIN_REMOTE == 3,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16 && SF_MATCH_SOURCE == 32,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);
SF_ABI_AT(sf_rule, source_first, 116);
SF_ABI_AT(sf_rule, source_count, 118);

SF_ABI_SIZE(sf_source, 24);
SF_ABI_AT(sf_source, addr, 0);
SF_ABI_AT(sf_source, prefix_len, 16);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_ino_filter, 256);

_Static_assert(SF_RULE_WORDS == 16 && SF_ID_BUCKETS == 64,
	       "the rule index changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_rule_mask, 128);
SF_ABI_SIZE(sf_rule_index, 25088);
SF_ABI_AT(sf_rule_index, endpoint, 0);
SF_ABI_AT(sf_rule_index, host, 8192);
SF_ABI_AT(sf_rule_index, container, 8320);
SF_ABI_AT(sf_rule_index, remote, 8448);
SF_ABI_AT(sf_rule_index, uid, 8576);
SF_ABI_AT(sf_rule_index, gid_any, 16768);
SF_ABI_AT(sf_rule_index, gid, 16896);

SF_ABI_SIZE(sf_policy, 278088);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, exposure, 6);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);
SF_ABI_AT(sf_policy, n_sources, 242752);
SF_ABI_AT(sf_policy, sources, 242760);
SF_ABI_AT(sf_policy, unix_ino_filter, 244296);
SF_ABI_AT(sf_policy, dir_ino_filter, 244552);
SF_ABI_AT(sf_policy, tcp_ports, 244808);
SF_ABI_AT(sf_policy, rule_index, 253000);
_Static_assert(SF_INO_FILTER_BITS == 2048 && SF_KEPT_FILTER_KERNEL == 0 &&
		       SF_KEPT_FILTER_DAEMON == 1 && SF_KEPT_FILTERS == 2,
	       "the inode filters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 408);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);

SF_ABI_SIZE(sf_share_key, 16);
SF_ABI_AT(sf_share_key, cgroup_id, 0);
SF_ABI_AT(sf_share_key, uid, 8);
SF_ABI_AT(sf_share_key, remote, 12);

SF_ABI_SIZE(sf_share_value, 24);
SF_ABI_AT(sf_share_value, window_ns, 0);
SF_ABI_AT(sf_share_value, sent, 8);
SF_ABI_AT(sf_share_value, shed, 16);
#elif SF_MAP_LAYOUT_BASE == 11
_Static_assert(SF_CNT_EVENTS_SHED == 6 && SF_CNT_MAX == 7,
	       "the counters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2 && SF_ORIGIN_REMOTE == 3,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16 && SF_MATCH_SOURCE == 32,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

_Static_assert(
	SF_UNREAD_EXE == 1 && SF_UNREAD_CGROUPS == 2,
	"what a generation leaves unread changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);
SF_ABI_AT(sf_rule, source_first, 116);
SF_ABI_AT(sf_rule, source_count, 118);

SF_ABI_SIZE(sf_source, 24);
SF_ABI_AT(sf_source, addr, 0);
SF_ABI_AT(sf_source, prefix_len, 16);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_ino_filter, 256);

_Static_assert(SF_RULE_WORDS == 16 && SF_ID_BUCKETS == 64,
	       "the rule index changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_rule_mask, 128);
SF_ABI_SIZE(sf_rule_index, 25088);
SF_ABI_AT(sf_rule_index, endpoint, 0);
SF_ABI_AT(sf_rule_index, host, 8192);
SF_ABI_AT(sf_rule_index, container, 8320);
SF_ABI_AT(sf_rule_index, remote, 8448);
SF_ABI_AT(sf_rule_index, uid, 8576);
SF_ABI_AT(sf_rule_index, gid_any, 16768);
SF_ABI_AT(sf_rule_index, gid, 16896);

SF_ABI_SIZE(sf_policy, 278376);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, exposure, 6);
SF_ABI_AT(sf_policy, unread, 7);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);
SF_ABI_AT(sf_policy, n_sources, 242752);
SF_ABI_AT(sf_policy, sources, 242760);
SF_ABI_AT(sf_policy, unix_ino_filter, 244296);
SF_ABI_AT(sf_policy, dir_ino_filter, 244552);
SF_ABI_AT(sf_policy, rule_index, 244808);
SF_ABI_AT(sf_policy, fast, 269896);
_Static_assert(SF_INO_FILTER_BITS == 2048 && SF_KEPT_FILTER_KERNEL == 0 &&
		       SF_KEPT_FILTER_DAEMON == 1 && SF_KEPT_FILTERS == 2 &&
		       SF_NAME_LEN_BITS == 256 && SF_POLICY_SLOTS == 2,
	       "the inode filters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_fast_filter, 8480);
SF_ABI_AT(sf_fast_filter, unix_inodes, 0);
SF_ABI_AT(sf_fast_filter, place_name_lens, 256);
SF_ABI_AT(sf_fast_filter, tcp_ports, 288);

SF_ABI_SIZE(sf_policy_state, 17480);
SF_ABI_AT(sf_policy_state, active, 0);
SF_ABI_AT(sf_policy_state, flips, 4);
SF_ABI_AT(sf_policy_state, fast, 8);
SF_ABI_AT(sf_policy_state, kept, 16968);

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 408);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);

SF_ABI_SIZE(sf_share_key, 16);
SF_ABI_AT(sf_share_key, cgroup_id, 0);
SF_ABI_AT(sf_share_key, uid, 8);
SF_ABI_AT(sf_share_key, remote, 12);

SF_ABI_SIZE(sf_share_value, 24);
SF_ABI_AT(sf_share_value, window_ns, 0);
SF_ABI_AT(sf_share_value, sent, 8);
SF_ABI_AT(sf_share_value, shed, 16);
#elif SF_MAP_LAYOUT_BASE == 12
_Static_assert(SF_CNT_EVENTS_SHED == 6 && SF_CNT_MAX == 7,
	       "the counters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
/* Values a compiled policy holds. */
_Static_assert(SF_ACTION_ALLOW == 0 && SF_ACTION_DENY == 1 && SF_MODE_ENFORCE == 0 &&
		       SF_MODE_AUDIT == 1 && SF_ORIGIN_ANY == 0 && SF_ORIGIN_HOST == 1 &&
		       SF_ORIGIN_CONTAINER == 2 && SF_ORIGIN_REMOTE == 3,
	       "policy values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
_Static_assert(SF_MATCH_UID == 1 && SF_MATCH_GID == 2 && SF_MATCH_EXE == 4 &&
		       SF_MATCH_CONTAINER == 8 && SF_MATCH_CGROUP == 16 && SF_MATCH_SOURCE == 32,
	       "rule match bits changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");

_Static_assert(
	SF_UNREAD_EXE == 1 && SF_UNREAD_CGROUPS == 2,
	"what a generation leaves unread changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_rule, 120);
SF_ABI_AT(sf_rule, index, 0);
SF_ABI_AT(sf_rule, match, 4);
SF_ABI_AT(sf_rule, uid, 8);
SF_ABI_AT(sf_rule, gid, 12);
SF_ABI_AT(sf_rule, endpoints, 16);
SF_ABI_AT(sf_rule, exe_dev, 24);
SF_ABI_AT(sf_rule, exe_ino, 32);
SF_ABI_AT(sf_rule, cgroup_id, 40);
SF_ABI_AT(sf_rule, action, 48);
SF_ABI_AT(sf_rule, mode, 49);
SF_ABI_AT(sf_rule, origin, 50);
SF_ABI_AT(sf_rule, container_len, 51);
SF_ABI_AT(sf_rule, container, 52);
SF_ABI_AT(sf_rule, source_first, 116);
SF_ABI_AT(sf_rule, source_count, 118);

SF_ABI_SIZE(sf_source, 24);
SF_ABI_AT(sf_source, addr, 0);
SF_ABI_AT(sf_source, prefix_len, 16);

SF_ABI_SIZE(sf_unix_target, 136);
SF_ABI_AT(sf_unix_target, dev, 0);
SF_ABI_AT(sf_unix_target, ino, 8);
SF_ABI_AT(sf_unix_target, endpoint_id, 16);
SF_ABI_AT(sf_unix_target, path, 24);

SF_ABI_SIZE(sf_unix_name, 128);
SF_ABI_AT(sf_unix_name, hash, 0);
SF_ABI_AT(sf_unix_name, endpoint_id, 8);
SF_ABI_AT(sf_unix_name, path, 16);

SF_ABI_SIZE(sf_unix_dir, 16);
SF_ABI_AT(sf_unix_dir, dev, 0);
SF_ABI_AT(sf_unix_dir, ino, 8);

SF_ABI_SIZE(sf_unix_dentry, 136);
SF_ABI_AT(sf_unix_dentry, dir, 0);
SF_ABI_AT(sf_unix_dentry, name_hash, 8);
SF_ABI_AT(sf_unix_dentry, endpoint_id, 16);
SF_ABI_AT(sf_unix_dentry, path, 24);

SF_ABI_SIZE(sf_tcp_target, 8);
SF_ABI_AT(sf_tcp_target, port, 0);
SF_ABI_AT(sf_tcp_target, endpoint_id, 4);

SF_ABI_SIZE(sf_unix_abstract, 136);
SF_ABI_AT(sf_unix_abstract, key, 0);
SF_ABI_AT(sf_unix_abstract, hash, 8);
SF_ABI_AT(sf_unix_abstract, endpoint_id, 16);
SF_ABI_AT(sf_unix_abstract, name, 24);

SF_ABI_SIZE(sf_ino_filter, 256);

_Static_assert(SF_RULE_WORDS == 16 && SF_ID_BUCKETS == 64,
	       "the rule index changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_rule_mask, 128);
SF_ABI_SIZE(sf_rule_index, 25088);
SF_ABI_AT(sf_rule_index, endpoint, 0);
SF_ABI_AT(sf_rule_index, host, 8192);
SF_ABI_AT(sf_rule_index, container, 8320);
SF_ABI_AT(sf_rule_index, remote, 8448);
SF_ABI_AT(sf_rule_index, uid, 8576);
SF_ABI_AT(sf_rule_index, gid_any, 16768);
SF_ABI_AT(sf_rule_index, gid, 16896);

SF_ABI_SIZE(sf_policy, 278352);
SF_ABI_AT(sf_policy, generation, 0);
SF_ABI_AT(sf_policy, default_action, 4);
SF_ABI_AT(sf_policy, mode, 5);
SF_ABI_AT(sf_policy, exposure, 6);
SF_ABI_AT(sf_policy, unread, 7);
SF_ABI_AT(sf_policy, n_unix, 8);
SF_ABI_AT(sf_policy, n_tcp, 12);
SF_ABI_AT(sf_policy, n_rules, 16);
SF_ABI_AT(sf_policy, n_endpoints, 20);
SF_ABI_AT(sf_policy, n_unix_names, 24);
SF_ABI_AT(sf_policy, n_unix_dirs, 28);
SF_ABI_AT(sf_policy, n_unix_dentries, 32);
SF_ABI_AT(sf_policy, n_unix_abstract, 36);
SF_ABI_AT(sf_policy, host_netns, 40);
SF_ABI_AT(sf_policy, abstract_prefix_lens, 48);
SF_ABI_AT(sf_policy, endpoint_names, 64);
SF_ABI_AT(sf_policy, endpoint_hash, 2112);
SF_ABI_AT(sf_policy, unix_targets, 2624);
SF_ABI_AT(sf_policy, unix_names, 37440);
SF_ABI_AT(sf_policy, unix_dirs, 70208);
SF_ABI_AT(sf_policy, unix_dentries, 74304);
SF_ABI_AT(sf_policy, unix_abstract, 109120);
SF_ABI_AT(sf_policy, tcp_targets, 117824);
SF_ABI_AT(sf_policy, rules, 119872);
SF_ABI_AT(sf_policy, n_sources, 242752);
SF_ABI_AT(sf_policy, sources, 242760);
SF_ABI_AT(sf_policy, unix_ino_filter, 244296);
SF_ABI_AT(sf_policy, dir_ino_filter, 244552);
SF_ABI_AT(sf_policy, rule_index, 244808);
SF_ABI_AT(sf_policy, fast, 269896);
_Static_assert(SF_INO_FILTER_BITS == 2048 && SF_KEPT_FILTER_KERNEL == 0 &&
		       SF_KEPT_FILTER_DAEMON == 1 && SF_KEPT_FILTERS == 2 &&
		       SF_NAME_LEN_BITS == 64 && SF_POLICY_SLOTS == 2,
	       "the inode filters changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_fast_filter, 8456);
SF_ABI_AT(sf_fast_filter, unix_inodes, 0);
SF_ABI_AT(sf_fast_filter, place_name_lens, 256);
SF_ABI_AT(sf_fast_filter, tcp_ports, 264);

SF_ABI_SIZE(sf_policy_state, 17432);
SF_ABI_AT(sf_policy_state, active, 0);
SF_ABI_AT(sf_policy_state, flips, 4);
SF_ABI_AT(sf_policy_state, fast, 8);
SF_ABI_AT(sf_policy_state, kept, 16920);

SF_ABI_SIZE(sf_kept_key, 16);
SF_ABI_AT(sf_kept_key, dev, 0);
SF_ABI_AT(sf_kept_key, ino, 8);

_Static_assert(SF_KEPT_BY_RENAME == 1 && SF_KEPT_BY_DAEMON == 2,
	       "kept values changed: bump SF_MAP_LAYOUT_BASE (sockfence_abi.h)");
SF_ABI_SIZE(sf_kept, 136);
SF_ABI_AT(sf_kept, endpoint_hash, 0);
SF_ABI_AT(sf_kept, since_ns, 8);
SF_ABI_AT(sf_kept, by, 16);
SF_ABI_AT(sf_kept, logged, 20);
SF_ABI_AT(sf_kept, path, 24);

SF_ABI_SIZE(sf_meta, 1056);
SF_ABI_AT(sf_meta, layout, 0);
SF_ABI_AT(sf_meta, generation, 4);
SF_ABI_AT(sf_meta, loaded_at, 8);
SF_ABI_AT(sf_meta, daemon_started_at, 16);
SF_ABI_AT(sf_meta, daemon_pid, 24);
SF_ABI_AT(sf_meta, backend, 28);
SF_ABI_AT(sf_meta, policy_source, 32);
SF_ABI_AT(sf_meta, backend_reason, 288);
SF_ABI_AT(sf_meta, cgroup_path, 800);

SF_ABI_SIZE(sf_agg_key, 120);
SF_ABI_AT(sf_agg_key, uid, 0);
SF_ABI_AT(sf_agg_key, euid, 4);
SF_ABI_AT(sf_agg_key, gid, 8);
SF_ABI_AT(sf_agg_key, egid, 12);
SF_ABI_AT(sf_agg_key, pidns_level, 16);
SF_ABI_AT(sf_agg_key, generation, 20);
SF_ABI_AT(sf_agg_key, endpoint_id, 24);
SF_ABI_AT(sf_agg_key, rule, 28);
SF_ABI_AT(sf_agg_key, exe_dev, 32);
SF_ABI_AT(sf_agg_key, exe_ino, 40);
SF_ABI_AT(sf_agg_key, cgroup_id, 48);
SF_ABI_AT(sf_agg_key, hook, 56);
SF_ABI_AT(sf_agg_key, verdict, 57);
SF_ABI_AT(sf_agg_key, comm, 64);
SF_ABI_AT(sf_agg_key, target, 80);

SF_ABI_SIZE(sf_agg_value, 408);
SF_ABI_AT(sf_agg_value, last_ns, 0);
SF_ABI_AT(sf_agg_value, suppressed, 8);
SF_ABI_AT(sf_agg_value, last, 16);

SF_ABI_SIZE(sf_share_key, 16);
SF_ABI_AT(sf_share_key, cgroup_id, 0);
SF_ABI_AT(sf_share_key, uid, 8);
SF_ABI_AT(sf_share_key, remote, 12);

SF_ABI_SIZE(sf_share_value, 24);
SF_ABI_AT(sf_share_value, window_ns, 0);
SF_ABI_AT(sf_share_value, sent, 8);
SF_ABI_AT(sf_share_value, shed, 16);
#else
#error "no layout checks for this SF_MAP_LAYOUT_BASE: add its block to sockfence_abi.h"
#endif

#endif /* SOCKFENCE_ABI_H */
