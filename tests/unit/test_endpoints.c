// SPDX-License-Identifier: GPL-2.0-only
/* Endpoint resolution against real sockets, links and files in a temp dir. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <unistd.h>

#include "endpoints.h"
#include "unit.h"

static char dir[64]; /* from a fixed-length mkdtemp template */

#define path_in_dir(out, name) snprintf(out, sizeof(out), "%s/%s", dir, name)

/* A bound (not listening) unix socket is enough: stat sees S_IFSOCK. */
static int make_socket(const char *name)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	path_in_dir(sun.sun_path, name);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		return -1;
	return fd;
}

static int setup(void)
{
	char tmpl[] = "/tmp/sockfence-unit-XXXXXX";
	char a[PATH_MAX], b[PATH_MAX];

	if (!mkdtemp(tmpl))
		return -1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	if (make_socket("docker.sock") < 0 || make_socket("other.sock") < 0)
		return -1;
	path_in_dir(a, "docker.sock");
	path_in_dir(b, "symlink.sock");
	if (symlink(a, b) != 0)
		return -1;
	path_in_dir(b, "hardlink.sock");
	if (link(a, b) != 0)
		return -1;
	path_in_dir(b, "regular");
	return close(open(b, O_CREAT | O_WRONLY, 0600));
}

static int teardown(void)
{
	char cmd[PATH_MAX + 16];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static void kernel_dev_encoding(void)
{
	CU_ASSERT_EQUAL(endpoint_kernel_dev(makedev(8, 1)), (8ULL << 20) | 1);
	CU_ASSERT_EQUAL(endpoint_kernel_dev(makedev(0, 300)), 300);
	CU_ASSERT_EQUAL(endpoint_kernel_dev(makedev(259, 70000)), (259ULL << 20) | 70000);
}

static void resolves_a_socket_to_its_inode(void)
{
	char path[PATH_MAX];
	struct sf_unix_key key;
	struct stat st;

	path_in_dir(path, "docker.sock");
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(path, &key), 0);
	CU_ASSERT_EQUAL_FATAL(stat(path, &st), 0);
	CU_ASSERT_EQUAL(key.ino, st.st_ino);
	CU_ASSERT_EQUAL(key.dev, endpoint_kernel_dev(st.st_dev));
}

static void links_reach_the_same_inode(void)
{
	struct sf_unix_key direct, via_symlink, via_hardlink, other;
	char path[PATH_MAX];

	path_in_dir(path, "docker.sock");
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(path, &direct), 0);
	path_in_dir(path, "symlink.sock");
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(path, &via_symlink), 0);
	path_in_dir(path, "hardlink.sock");
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(path, &via_hardlink), 0);
	path_in_dir(path, "other.sock");
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(path, &other), 0);
	CU_ASSERT_EQUAL(memcmp(&direct, &via_symlink, sizeof(direct)), 0);
	CU_ASSERT_EQUAL(memcmp(&direct, &via_hardlink, sizeof(direct)), 0);
	CU_ASSERT_NOT_EQUAL(memcmp(&direct, &other, sizeof(direct)), 0);
}

static void rejects_non_sockets_and_missing_files(void)
{
	struct sf_unix_key key;
	char path[PATH_MAX];

	path_in_dir(path, "regular");
	CU_ASSERT_EQUAL(endpoint_resolve_unix(path, &key), -ENOTSOCK);
	CU_ASSERT_EQUAL(endpoint_resolve_unix(dir, &key), -ENOTSOCK);
	path_in_dir(path, "missing.sock");
	CU_ASSERT_EQUAL(endpoint_resolve_unix(path, &key), -ENOENT);
}

static void resolve_dedupes_skips_missing_and_keeps_ports(void)
{
	char sock[PATH_MAX], symlink_path[PATH_MAX], missing[PATH_MAX], other[PATH_MAX];
	const char *names[] = { "docker", "tcp", "other" };
	struct endpoint_target targets[] = {
		{ .endpoint_id = 0, .kind = ENDPOINT_UNIX, .path = sock },
		{ .endpoint_id = 0, .kind = ENDPOINT_UNIX, .path = symlink_path },
		{ .endpoint_id = 0, .kind = ENDPOINT_UNIX, .path = missing },
		{ .endpoint_id = 1, .kind = ENDPOINT_TCP, .port = 2375 },
		{ .endpoint_id = 2, .kind = ENDPOINT_UNIX, .path = other },
	};
	struct endpoint_config cfg = { names, 3, targets, 5 };
	struct endpoint_state st;
	struct sf_unix_key key;

	path_in_dir(sock, "docker.sock");
	path_in_dir(symlink_path, "symlink.sock");
	path_in_dir(missing, "missing.sock");
	path_in_dir(other, "other.sock");
	CU_ASSERT_EQUAL_FATAL(endpoints_resolve(&st, &cfg), 0);
	CU_ASSERT_EQUAL(st.n_unix, 2);
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(symlink_path, &key), 0);
	CU_ASSERT_PTR_EQUAL(endpoints_unix_path(&st, &key), sock);
	CU_ASSERT_EQUAL_FATAL(endpoint_resolve_unix(other, &key), 0);
	CU_ASSERT_PTR_EQUAL(endpoints_unix_path(&st, &key), other);
	CU_ASSERT_STRING_EQUAL(endpoints_name(&cfg, 2), "other");
	CU_ASSERT_STRING_EQUAL(endpoints_name(&cfg, 7), "?");
	key.ino = 0; /* no file has inode 0 */
	CU_ASSERT_PTR_NULL(endpoints_unix_path(&st, &key));
}

static void resolve_fails_on_a_path_that_is_not_a_socket(void)
{
	char regular[PATH_MAX];
	const char *names[] = { "docker" };
	struct endpoint_target targets[] = {
		{ .endpoint_id = 0, .kind = ENDPOINT_UNIX, .path = regular },
	};
	struct endpoint_config cfg = { names, 1, targets, 1 };
	struct endpoint_state st;

	path_in_dir(regular, "regular");
	CU_ASSERT_EQUAL(endpoints_resolve(&st, &cfg), -ENOTSOCK);
}

static void builtin_endpoints_name_the_docker_socket_and_2375(void)
{
	const struct endpoint_config *cfg = endpoints_builtin();
	int unix_paths = 0, ports = 0;

	for (size_t i = 0; i < cfg->n_targets; i++) {
		if (cfg->targets[i].kind == ENDPOINT_UNIX)
			unix_paths += strcmp(cfg->targets[i].path, "/var/run/docker.sock") == 0 ||
				      strcmp(cfg->targets[i].path, "/run/docker.sock") == 0;
		else
			ports += cfg->targets[i].port == 2375;
	}
	CU_ASSERT_EQUAL(unix_paths, 2);
	CU_ASSERT_EQUAL(ports, 1);
}

int register_endpoints_tests(void)
{
	static const struct unit_test tests[] = {
		{ "kernel dev_t encoding", kernel_dev_encoding },
		{ "resolves a socket to its inode", resolves_a_socket_to_its_inode },
		{ "links reach the same inode", links_reach_the_same_inode },
		{ "rejects non-sockets and missing files", rejects_non_sockets_and_missing_files },
		{ "resolve dedupes, skips missing, keeps ports",
		  resolve_dedupes_skips_missing_and_keeps_ports },
		{ "resolve fails on a path that is not a socket",
		  resolve_fails_on_a_path_that_is_not_a_socket },
		{ "built-in endpoints", builtin_endpoints_name_the_docker_socket_and_2375 },
		{ 0 },
	};
	return unit_add_suite("endpoints", setup, teardown, tests);
}
