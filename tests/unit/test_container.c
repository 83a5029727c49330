// SPDX-License-Identifier: GPL-2.0-only
/* Cgroup names -> container, for every runtime pattern and hostile names. */
#include <linux/types.h>
#include <stdio.h>
#include <string.h>

#include "container.h"
#include "unit.h"

#define ID  "3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef"
#define ID2 "0000000000000000000000000000000000000000000000000000000000000001"

static struct sf_cgroups cg;

/*
 * Leaf first, as the kernel walks, root ("") last:
 * classify(id, 3, "docker-ID.scope", "system.slice", ""). Names past the
 * SF_CGROUP_NAMES the kernel reads are counted in depth but not kept.
 */
static bool classify(char *id, int n, ...)
{
	__builtin_va_list args;

	memset(&cg, 0, sizeof(cg));
	__builtin_va_start(args, n);
	for (int i = 0; i < n; i++) {
		const char *name = __builtin_va_arg(args, const char *);

		if (i < SF_CGROUP_NAMES)
			strncpy(cg.name[i], name, SF_CGROUP_NAME_LEN - 1);
	}
	__builtin_va_end(args);
	cg.depth = n;
	return sf_container_cgroup(&cg, (struct sf_container_id *)id);
}

static void systemd_driver_scopes(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_TRUE(classify(id, 3, "docker-" ID ".scope", "system.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
	CU_ASSERT_TRUE(classify(id, 3, "libpod-" ID2 ".scope", "machine.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID2);
	CU_ASSERT_TRUE(classify(id, 5, "crio-" ID ".scope", "kubepods-pod1234.slice",
				"kubepods-burstable.slice", "kubepods.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
	CU_ASSERT_TRUE(classify(id, 5, "cri-containerd-" ID ".scope",
				"kubepods-besteffort-pod1234.slice", "kubepods-besteffort.slice",
				"kubepods.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
}

static void a_process_in_a_child_of_the_scope(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	/* A container that made cgroups of its own (e.g. systemd inside). */
	CU_ASSERT_TRUE(classify(id, 4, "init.scope", "docker-" ID ".scope", "system.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
}

static void cgroupfs_driver(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_TRUE(classify(id, 3, ID, "docker", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
	/* A 64-hex name under anything else is no container. */
	CU_ASSERT_FALSE(classify(id, 3, ID, "mydocker", ""));
	CU_ASSERT_FALSE(classify(id, 3, ID, "docker-compose", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
}

static void kubepods_without_an_id(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_TRUE(classify(id, 4, "pod1234", "burstable", "kubepods", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	CU_ASSERT_TRUE(classify(id, 4, ID, "pod1234", "kubepods", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
}

static void host_cgroups_are_not_containers(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_FALSE(classify(id, 3, "ssh.service", "system.slice", ""));
	CU_ASSERT_FALSE(classify(id, 3, "docker.service", "system.slice", ""));
	CU_ASSERT_FALSE(classify(id, 4, "session-3.scope", "user-1000.slice", "user.slice", ""));
	CU_ASSERT_FALSE(classify(id, 1, ""));
	CU_ASSERT_FALSE(classify(id, 0));
}

static void hostile_and_truncated_names(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];
	char upper[] = "docker-" ID ".scope";

	CU_ASSERT_FALSE(classify(id, 2, "docker-" ID ".scopex", ""));  /* suffix */
	CU_ASSERT_FALSE(classify(id, 2, "docker-" ID, ""));	       /* no .scope */
	CU_ASSERT_FALSE(classify(id, 2, "docker-3f2a9c.scope", ""));   /* short id */
	CU_ASSERT_FALSE(classify(id, 2, "docker-" ID "0.scope", ""));  /* long id */
	CU_ASSERT_FALSE(classify(id, 2, "docker-" ID ".scope\n", "")); /* newline */
	CU_ASSERT_FALSE(classify(id, 2, "xdocker-" ID ".scope", ""));  /* prefix */
	CU_ASSERT_FALSE(classify(id, 2, "docker--" ID ".scope", ""));  /* shifted */
	upper[7] = 'F';
	CU_ASSERT_FALSE(classify(id, 2, upper, ""));			    /* upper case */
	CU_ASSERT_FALSE(classify(id, 2, "docker-" ID ".sco", ""));	    /* truncated */
	CU_ASSERT_FALSE(classify(id, 2, "cri-containerd-" ID ".scop", "")); /* truncated */
	CU_ASSERT_STRING_EQUAL(id, "");
}

/*
 * Every digit of the id counts, at every place an id starts: one byte just
 * outside the hex ranges, anywhere, and the name is no runtime's.
 */
static void every_digit_of_the_id_is_checked(void)
{
	static const char *const prefixes[] = { "docker-", "libpod-", "cri-containerd-", "crio-",
						"" };
	static const char outside[] = { '/', ':', '`', 'g', 'G', 'A', '\x80', '\xb0', '\xe1', ' ' };
	char id[SF_CONTAINER_ID_LEN + 1], name[SF_CGROUP_NAME_LEN];

	for (__u32 p = 0; p < sizeof(prefixes) / sizeof(prefixes[0]); p++) {
		const char *parent = *prefixes[p] ? "system.slice" : "docker";
		__u32 off = strlen(prefixes[p]);

		snprintf(name, sizeof(name), "%s%s%s", prefixes[p], ID,
			 *prefixes[p] ? ".scope" : "");
		CU_ASSERT_TRUE(classify(id, 3, name, parent, ""));
		CU_ASSERT_STRING_EQUAL(id, ID);
		for (__u32 at = 0; at < SF_CONTAINER_ID_LEN; at++) {
			for (__u32 c = 0; c < sizeof(outside); c++) {
				char bad[SF_CGROUP_NAME_LEN];

				memcpy(bad, name, sizeof(bad));
				bad[off + at] = outside[c];
				CU_ASSERT_FALSE(classify(id, 3, bad, parent, ""));
				CU_ASSERT_STRING_EQUAL(id, "");
			}
		}
	}
}

/* Two ids in one ancestry: the one nearest the leaf is the container's. */
static void the_id_nearest_the_leaf_counts(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_TRUE(classify(id, 4, ID2, "docker", "docker-" ID ".scope", ""));
	CU_ASSERT_STRING_EQUAL(id, ""); /* the nearest is not where a runtime puts one */
	CU_ASSERT_TRUE(classify(id, 4, "init.scope", ID2, "docker", ""));
	CU_ASSERT_STRING_EQUAL(id, ID2);
	CU_ASSERT_TRUE(classify(id, 5, "crio-" ID2 ".scope", "docker-" ID ".scope",
				"kubepods-pod1.slice", "kubepods.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID2);
}

static void only_the_lowest_levels_are_read(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	/* The caller tells how many names it read; beyond is not looked at. */
	CU_ASSERT_FALSE(classify(id, 1, "a", "docker-" ID ".scope"));
	CU_ASSERT_TRUE(classify(id, 2, "a", "docker-" ID ".scope"));
}

/*
 * A user names a cgroup of their own like a runtime's: container-originated
 * (that only refuses more), but with no container id an allow rule could
 * match. Only root can create cgroups where runtimes put them.
 */
static void runtime_names_elsewhere_carry_no_id(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	/* In the user's delegated systemd subtree. */
	CU_ASSERT_TRUE(classify(id, 6, "docker-" ID ".scope", "app.slice", "user@1000.service",
				"user-1000.slice", "user.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	CU_ASSERT_TRUE(classify(id, 6, ID, "docker", "user@1000.service", "user-1000.slice",
				"user.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	/* Rootless Podman: a user's own container is the user's, not a runtime's. */
	CU_ASSERT_TRUE(classify(id, 6, "libpod-" ID ".scope", "user.slice", "user@1000.service",
				"user-1000.slice", "user.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	/* Below a delegated service (Delegate=yes) of system.slice. */
	CU_ASSERT_TRUE(classify(id, 4, "docker-" ID ".scope", "mine.service", "system.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	/* Straight below the root, or in a slice of the user's choosing. */
	CU_ASSERT_TRUE(classify(id, 2, "docker-" ID ".scope", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	CU_ASSERT_TRUE(classify(id, 3, "docker-" ID ".scope", "custom.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	/* kubepods below the top is a name like any other. */
	CU_ASSERT_TRUE(classify(id, 5, ID, "kubepods", "user@1000.service", "user.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
}

/* Deeper than the names read: the place is unknown, so no id. */
static void an_ancestry_deeper_than_read_carries_no_id(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_TRUE(classify(id, 10, "a", "b", "c", "d", "e", "f", "g", "docker-" ID ".scope",
				"system.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, "");
	CU_ASSERT_TRUE(classify(id, 9, "a", "b", "c", "d", "e", "f", "docker-" ID ".scope",
				"system.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
	classify(id, 3, "docker-" ID ".scope", "system.slice", "");
	cg.truncated = 1;
	CU_ASSERT_TRUE(sf_container_cgroup(&cg, (struct sf_container_id *)id));
	CU_ASSERT_STRING_EQUAL(id, "");
}

int register_container_tests(void)
{
	static const struct unit_test tests[] = {
		{ "systemd driver scopes", systemd_driver_scopes },
		{ "a process in a child of the scope", a_process_in_a_child_of_the_scope },
		{ "cgroupfs driver", cgroupfs_driver },
		{ "kubepods without an id", kubepods_without_an_id },
		{ "host cgroups are not containers", host_cgroups_are_not_containers },
		{ "hostile and truncated names", hostile_and_truncated_names },
		{ "every digit of the id is checked", every_digit_of_the_id_is_checked },
		{ "the id nearest the leaf counts", the_id_nearest_the_leaf_counts },
		{ "only the lowest levels are read", only_the_lowest_levels_are_read },
		{ "runtime names elsewhere carry no id", runtime_names_elsewhere_carry_no_id },
		{ "an ancestry deeper than read carries no id",
		  an_ancestry_deeper_than_read_carries_no_id },
		{ 0 },
	};

	return unit_add_suite("container", NULL, NULL, tests);
}
