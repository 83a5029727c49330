// SPDX-License-Identifier: GPL-2.0-only
/* Cgroup names -> container, for every runtime pattern and hostile names. */
#include <linux/types.h>
#include <string.h>

#include "container.h"
#include "unit.h"

#define ID  "3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef3f2a9c0123abcdef"
#define ID2 "0000000000000000000000000000000000000000000000000000000000000001"

static char names[SF_CGROUP_NAMES][SF_CGROUP_NAME_LEN];

/* Leaf first, as the kernel walks: classify("docker-ID.scope", "system.slice", "") */
static bool classify(char *id, int n, ...)
{
	__builtin_va_list args;

	memset(names, 0, sizeof(names));
	__builtin_va_start(args, n);
	for (int i = 0; i < n; i++)
		strncpy(names[i], __builtin_va_arg(args, const char *), SF_CGROUP_NAME_LEN - 1);
	__builtin_va_end(args);
	return sf_container_cgroup((const struct sf_cgroup_name *)names, n,
				   (struct sf_container_id *)id);
}

static void systemd_driver_scopes(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	CU_ASSERT_TRUE(classify(id, 3, "docker-" ID ".scope", "system.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID);
	CU_ASSERT_TRUE(classify(id, 3, "libpod-" ID2 ".scope", "machine.slice", ""));
	CU_ASSERT_STRING_EQUAL(id, ID2);
	CU_ASSERT_TRUE(classify(id, 2, "crio-" ID ".scope", ""));
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

static void only_the_lowest_levels_are_read(void)
{
	char id[SF_CONTAINER_ID_LEN + 1];

	/* The caller tells how many names it read; beyond is not looked at. */
	CU_ASSERT_FALSE(classify(id, 1, "a", "docker-" ID ".scope"));
	CU_ASSERT_TRUE(classify(id, 2, "a", "docker-" ID ".scope"));
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
		{ "only the lowest levels are read", only_the_lowest_levels_are_read },
		{ 0 },
	};

	return unit_add_suite("container", NULL, NULL, tests);
}
