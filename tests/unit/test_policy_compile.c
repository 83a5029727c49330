// SPDX-License-Identifier: GPL-2.0-only
/* Compiling a policy against real sockets, links and files in a temp dir. */
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
#include <sys/wait.h>
#include <unistd.h>

#include "decide.h"
#include "policy_compile.h"
#include "unit.h"

static char dir[64]; /* from a fixed-length mkdtemp template */
static char sock[96], symlink_path[96], hardlink[96], other[96], missing[96], regular[96];
static struct sf_policy compiled;

#define path_in_dir(out, name) snprintf(out, sizeof(out), "%s/%s", dir, name)

/* A bound (not listening) unix socket is enough: stat sees S_IFSOCK. */
static int make_socket(const char *path)
{
	struct sockaddr_un sun = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sun.sun_path, sizeof(sun.sun_path), "%s", path);
	if (fd < 0 || bind(fd, (struct sockaddr *)&sun, sizeof(sun)) != 0)
		return -1;
	return fd;
}

static int setup(void)
{
	char tmpl[] = "/tmp/sockfence-unit-XXXXXX";

	if (!mkdtemp(tmpl))
		return -1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	path_in_dir(sock, "docker.sock");
	path_in_dir(symlink_path, "symlink.sock");
	path_in_dir(hardlink, "hardlink.sock");
	path_in_dir(other, "other.sock");
	path_in_dir(missing, "missing.sock");
	path_in_dir(regular, "regular");
	if (make_socket(sock) < 0 || make_socket(other) < 0 || symlink(sock, symlink_path) != 0 ||
	    link(sock, hardlink) != 0)
		return -1;
	return close(open(regular, O_CREAT | O_WRONLY, 0600));
}

static int teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static struct stat stat_of(const char *path)
{
	struct stat st = { 0 };

	stat(path, &st);
	return st;
}

static void kernel_dev_encoding(void)
{
	CU_ASSERT_EQUAL(compile_kernel_dev(makedev(8, 1)), (8ULL << 20) | 1);
	CU_ASSERT_EQUAL(compile_kernel_dev(makedev(0, 300)), 300);
	CU_ASSERT_EQUAL(compile_kernel_dev(makedev(259, 70000)), (259ULL << 20) | 70000);
}

/* docker: sock, symlink, hardlink, missing, regular; other: other; tcp: 2376, 2375. */
static int compile_sample(struct diag_list *diags)
{
	static char *docker_paths[5];
	static struct diag_pos docker_pos[5] = { { 3, 5 }, { 4, 5 }, { 5, 5 }, { 6, 5 }, { 7, 5 } };
	static char *other_paths[1];
	static struct diag_pos other_pos[1] = { { 9, 5 } };
	static uint16_t ports[] = { 2376, 2375 };
	static struct policy_endpoint endpoints[3];
	static struct policy_rule rules[2];
	struct policy policy = { .mode = SF_MODE_AUDIT,
				 .default_action = SF_ACTION_DENY,
				 .endpoints = endpoints,
				 .n_endpoints = 3,
				 .rules = rules,
				 .n_rules = 2 };

	docker_paths[0] = sock;
	docker_paths[1] = symlink_path;
	docker_paths[2] = hardlink;
	docker_paths[3] = missing;
	docker_paths[4] = regular;
	other_paths[0] = other;
	endpoints[0] = (struct policy_endpoint){ .name = "docker",
						 .pos = { 2, 3 },
						 .paths = docker_paths,
						 .path_pos = docker_pos,
						 .n_paths = 5 };
	endpoints[1] = (struct policy_endpoint){ .name = "other",
						 .pos = { 8, 3 },
						 .paths = other_paths,
						 .path_pos = other_pos,
						 .n_paths = 1 };
	endpoints[2] = (struct policy_endpoint){ .name = "tcp", .ports = ports, .n_ports = 2 };
	rules[0] = (struct policy_rule){ .action = SF_ACTION_ALLOW,
					 .mode = POLICY_MODE_INHERIT,
					 .origin = SF_ORIGIN_HOST,
					 .endpoints = 1,
					 .match = SF_MATCH_UID,
					 .uid = 0 };
	rules[1] = (struct policy_rule){ .action = SF_ACTION_DENY,
					 .mode = SF_MODE_ENFORCE,
					 .endpoints = 6,
					 .match = SF_MATCH_GID,
					 .gid = 999 };
	diag_init(diags, "test.yaml");
	return policy_compile(&policy, 7, &compiled, diags);
}

static unsigned filter_bits(const __u64 *filter, size_t words)
{
	unsigned n = 0;

	for (size_t i = 0; i < words; i++)
		n += (unsigned)__builtin_popcountll(filter[i]);
	return n;
}

static void compiles_targets_sorted_and_deduplicated(void)
{
	struct stat docker = stat_of(sock), oth = stat_of(other);
	struct diag_list diags;
	int found;

	CU_ASSERT_EQUAL_FATAL(compile_sample(&diags), 0);
	CU_ASSERT_EQUAL(compiled.generation, 7);
	CU_ASSERT_EQUAL(compiled.n_endpoints, 3);
	CU_ASSERT_STRING_EQUAL(compiled.endpoint_names[2], "tcp");
	/* symlink and hard link are the same socket: one target, first path kept. */
	CU_ASSERT_EQUAL(compiled.n_unix, 2);
	CU_ASSERT(sf_unix_less(&compiled.unix_targets[0], compiled.unix_targets[1].dev,
			       compiled.unix_targets[1].ino));
	found = sf_find_unix(&compiled, compile_kernel_dev(docker.st_dev), docker.st_ino);
	CU_ASSERT_FATAL(found >= 0);
	CU_ASSERT_STRING_EQUAL(compiled.unix_targets[found].path, sock);
	CU_ASSERT_EQUAL(compiled.unix_targets[found].endpoint_id, 0);
	found = sf_find_unix(&compiled, compile_kernel_dev(oth.st_dev), oth.st_ino);
	CU_ASSERT_FATAL(found >= 0);
	CU_ASSERT_EQUAL(compiled.unix_targets[found].endpoint_id, 1);
	CU_ASSERT_EQUAL(sf_find_unix(&compiled, compile_kernel_dev(docker.st_dev), 0), -1);
	CU_ASSERT_EQUAL(compiled.n_tcp, 2);
	CU_ASSERT_EQUAL(compiled.tcp_targets[0].port, 2375);
	CU_ASSERT_EQUAL(sf_find_tcp(&compiled, 2376), 1);
	CU_ASSERT_EQUAL(sf_find_tcp(&compiled, 2377), -1);
	/* The filters the hooks test before searching: a bit for each target. */
	CU_ASSERT_TRUE(sf_ino_filter_has(&compiled.unix_ino_filter,
					 compile_kernel_dev(docker.st_dev), docker.st_ino));
	CU_ASSERT_TRUE(sf_ino_filter_has(&compiled.unix_ino_filter, compile_kernel_dev(oth.st_dev),
					 oth.st_ino));
	CU_ASSERT_EQUAL(
		filter_bits(compiled.unix_ino_filter.bits, SF_INO_FILTER_BITS / 64),
		sf_ino_filter_bit(compile_kernel_dev(docker.st_dev), docker.st_ino) ==
				sf_ino_filter_bit(compile_kernel_dev(oth.st_dev), oth.st_ino)
			? 1
			: 2);
	/* The unprotected unix connect's filter: the same inodes, by number alone. */
	CU_ASSERT_TRUE(sf_inode_filter_has(&compiled.fast.unix_inodes, docker.st_ino));
	CU_ASSERT_TRUE(sf_inode_filter_has(&compiled.fast.unix_inodes, oth.st_ino));
	CU_ASSERT_EQUAL(filter_bits(compiled.fast.unix_inodes.bits, SF_INO_FILTER_BITS / 64),
			sf_inode_bit(docker.st_ino) == sf_inode_bit(oth.st_ino) ? 1 : 2);
	CU_ASSERT_TRUE(sf_port_protected(&compiled, 2375));
	CU_ASSERT_TRUE(sf_port_protected(&compiled, 2376));
	CU_ASSERT_FALSE(sf_port_protected(&compiled, 2377));
	CU_ASSERT_FALSE(sf_port_protected(&compiled, 2375 + 64));
	CU_ASSERT_EQUAL(filter_bits(compiled.fast.tcp_ports, 65536 / 64), 2);
	diag_free(&diags);
}

static void warns_about_missing_and_non_sockets(void)
{
	struct diag_list diags;
	char line[1024], want[1024];

	CU_ASSERT_EQUAL_FATAL(compile_sample(&diags), 0);
	CU_ASSERT_EQUAL_FATAL(diags.warnings, 2);
	CU_ASSERT_EQUAL(diags.errors, 0);
	diag_format(&diags, 0, line, sizeof(line));
	snprintf(want, sizeof(want),
		 "test.yaml:6:5: warning: %s does not exist yet (protected as soon as a "
		 "socket appears there)",
		 missing);
	CU_ASSERT_STRING_EQUAL(line, want);
	diag_format(&diags, 1, line, sizeof(line));
	snprintf(want, sizeof(want),
		 "test.yaml:7:5: warning: %s is not a unix socket (protected as soon as a "
		 "socket replaces it)",
		 regular);
	CU_ASSERT_STRING_EQUAL(line, want);
	diag_free(&diags);
}

static void compiles_rules_in_order_with_modes(void)
{
	struct diag_list diags;

	CU_ASSERT_EQUAL_FATAL(compile_sample(&diags), 0);
	CU_ASSERT_EQUAL(compiled.default_action, SF_ACTION_DENY);
	CU_ASSERT_EQUAL(compiled.mode, SF_MODE_AUDIT);
	CU_ASSERT_EQUAL_FATAL(compiled.n_rules, 2);
	CU_ASSERT_EQUAL(compiled.rules[0].index, 0);
	CU_ASSERT_EQUAL(compiled.rules[0].mode, SF_MODE_AUDIT); /* inherited */
	CU_ASSERT_EQUAL(compiled.rules[0].origin, SF_ORIGIN_HOST);
	CU_ASSERT_EQUAL(compiled.rules[0].match, SF_MATCH_UID);
	CU_ASSERT_EQUAL(compiled.rules[1].index, 1);
	CU_ASSERT_EQUAL(compiled.rules[1].mode, SF_MODE_ENFORCE); /* its own */
	CU_ASSERT_EQUAL(compiled.rules[1].endpoints, 6);
	CU_ASSERT_EQUAL(compiled.rules[1].gid, 999);
	diag_free(&diags);
}

static void one_socket_in_two_endpoints_is_an_error(void)
{
	char *a_paths[] = { sock };
	char *b_paths[] = { symlink_path };
	struct diag_pos a_pos[] = { { 3, 9 } }, b_pos[] = { { 5, 9 } };
	struct policy_endpoint endpoints[] = {
		{ .name = "a", .pos = { 3, 3 }, .paths = a_paths, .path_pos = a_pos, .n_paths = 1 },
		{ .name = "b", .pos = { 5, 3 }, .paths = b_paths, .path_pos = b_pos, .n_paths = 1 },
	};
	struct policy policy = { .endpoints = endpoints, .n_endpoints = 2 };
	struct diag_list diags;
	char line[1024], want[1024];

	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL(policy_compile(&policy, 1, &compiled, &diags), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(diags.errors, 1);
	diag_format(&diags, 0, line, sizeof(line));
	snprintf(want, sizeof(want),
		 "p.yaml:5:9: error: %s is the same socket as %s of endpoint 'a' (one socket "
		 "can belong to one endpoint only)",
		 symlink_path, sock);
	CU_ASSERT_STRING_EQUAL(line, want);
	diag_free(&diags);
}

/*
 * Every path has a place (its directory and name), whether or not a socket
 * is there yet; a symlink's file too; all in the one temp directory here.
 */
static void compiles_places_of_paths(void)
{
	__u64 dev = compile_kernel_dev(stat_of(dir).st_dev), ino = stat_of(dir).st_ino;
	struct diag_list diags;
	int found;

	CU_ASSERT_EQUAL_FATAL(compile_sample(&diags), 0);
	CU_ASSERT_EQUAL(compiled.n_unix_dirs, 1);
	CU_ASSERT_TRUE(sf_ino_filter_has(&compiled.dir_ino_filter, dev, ino));
	/* Other file systems' directories of the same number (every tmpfs root is 1). */
	CU_ASSERT_TRUE(!sf_ino_filter_has(&compiled.dir_ino_filter, dev + 1, ino) ||
		       !sf_ino_filter_has(&compiled.dir_ino_filter, dev + 2, ino));
	CU_ASSERT_EQUAL(filter_bits(compiled.dir_ino_filter.bits, SF_INO_FILTER_BITS / 64), 1);
	/* docker.sock, symlink.sock, hardlink.sock, missing.sock, regular, other.sock */
	CU_ASSERT_EQUAL(compiled.n_unix_dentries, 6);
	/* Their names' lengths, a bit each: 11, 12, 13, 7, 10. */
	CU_ASSERT_EQUAL(filter_bits(compiled.fast.place_name_lens, SF_NAME_LEN_BITS / 64), 5);
	CU_ASSERT_TRUE(sf_place_name_len_has(&compiled.fast, 11));
	CU_ASSERT_TRUE(sf_place_name_len_has(&compiled.fast, 7));
	CU_ASSERT_FALSE(sf_place_name_len_has(&compiled.fast, 9));
	/* By the length's remainder mod 64: longer names look too, the search decides. */
	CU_ASSERT_TRUE(sf_place_name_len_has(&compiled.fast, 11 + 64));
	CU_ASSERT_FALSE(sf_place_name_len_has(&compiled.fast, 9 + 128));
	found = sf_find_dentry(&compiled, dev, ino, "missing.sock");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_EQUAL(compiled.unix_dentries[found].endpoint_id, 0);
	CU_ASSERT_STRING_EQUAL(compiled.unix_dentries[found].path, missing);
	found = sf_find_dentry(&compiled, dev, ino, "other.sock");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_EQUAL(compiled.unix_dentries[found].endpoint_id, 1);
	/* symlink.sock leads to docker.sock: that place is the docker endpoint's. */
	found = sf_find_dentry(&compiled, dev, ino, "docker.sock");
	CU_ASSERT_TRUE_FATAL(found >= 0);
	CU_ASSERT_EQUAL(compiled.unix_dentries[found].endpoint_id, 0);
	CU_ASSERT_EQUAL(sf_find_dentry(&compiled, dev, ino, "podman.sock"), -1);
	CU_ASSERT_EQUAL(sf_find_dentry(&compiled, dev, ino + 1, "docker.sock"), -1);
	CU_ASSERT_EQUAL(sf_find_dentry(&compiled, dev + 1, ino, "docker.sock"), -1);
	/* Kept sockets find their endpoint by its name's hash. */
	CU_ASSERT_EQUAL(sf_endpoint_by_hash(&compiled, sf_text_hash("other")), 1);
	CU_ASSERT_EQUAL(sf_endpoint_by_hash(&compiled, sf_text_hash("tcp")), 2);
	CU_ASSERT_EQUAL(sf_endpoint_by_hash(&compiled, sf_text_hash("nobody")), -1);
	diag_free(&diags);
}

/* Two endpoints may not name one place, socket or not. */
static void one_place_in_two_endpoints_is_an_error(void)
{
	char *a_paths[] = { missing };
	char b_path[128], *b_paths[] = { b_path };
	struct diag_pos a_pos[] = { { 3, 9 } }, b_pos[] = { { 5, 9 } };
	struct policy_endpoint endpoints[] = {
		{ .name = "a", .pos = { 3, 3 }, .paths = a_paths, .path_pos = a_pos, .n_paths = 1 },
		{ .name = "b", .pos = { 5, 3 }, .paths = b_paths, .path_pos = b_pos, .n_paths = 1 },
	};
	struct policy policy = { .endpoints = endpoints, .n_endpoints = 2 };
	struct diag_list diags;
	char line[1024];

	snprintf(b_path, sizeof(b_path), "%s/../%s/missing.sock", dir, strrchr(dir, '/') + 1);
	diag_init(&diags, "p.yaml");
	CU_ASSERT_EQUAL(policy_compile(&policy, 1, &compiled, &diags), -EINVAL);
	CU_ASSERT_EQUAL_FATAL(diags.errors, 1);
	diag_format(&diags, diags.count - 1, line, sizeof(line));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "p.yaml:5:9: error: "));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "is the same place as"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "of endpoint 'a'"));
	diag_free(&diags);
}

/*
 * `sockfence check` by a user who may not look into a root-only directory
 * (the control socket's /run/sockfence): a warning, never an error. In a
 * child that drops to nobody; the exit status says what it saw.
 */
static void unreadable_path_is_a_warning_for_a_user(void)
{
	char private_dir[96], inside[128], *paths[] = { inside };
	struct diag_pos pos[] = { { 3, 9 } };
	struct policy_endpoint endpoints[] = {
		{ .name = "ctl", .pos = { 3, 3 }, .paths = paths, .path_pos = pos, .n_paths = 1 },
	};
	struct policy policy = { .endpoints = endpoints, .n_endpoints = 1 };
	int status = -1;
	pid_t child;

	path_in_dir(private_dir, "private");
	snprintf(inside, sizeof(inside), "%s/control.sock", private_dir);
	CU_ASSERT_EQUAL_FATAL(mkdir(private_dir, 0700), 0);
	chmod(dir, 0755);
	child = fork();
	if (child == 0) {
		struct diag_list diags;
		char line[1024], want[1024];
		int rc;

		if (setregid(65534, 65534) != 0 || setreuid(65534, 65534) != 0)
			_exit(10);
		diag_init(&diags, "p.yaml");
		rc = policy_compile(&policy, 1, &compiled, &diags);
		if (diags.errors || diags.count != 1)
			_exit(11);
		diag_format(&diags, 0, line, sizeof(line));
		snprintf(want, sizeof(want),
			 "p.yaml:3:9: warning: cannot check %s as this user (Permission denied); "
			 "run 'sockfence check' as root to check it",
			 inside);
		_exit(rc == 0 && strcmp(line, want) == 0 ? 0 : 12);
	}
	CU_ASSERT_EQUAL(waitpid(child, &status, 0), child);
	CU_ASSERT_TRUE(WIFEXITED(status));
	CU_ASSERT_EQUAL(WEXITSTATUS(status), 0);
	rmdir(private_dir);
}

int register_policy_compile_tests(void)
{
	static const struct unit_test tests[] = {
		{ "kernel dev_t encoding", kernel_dev_encoding },
		{ "targets sorted and deduplicated", compiles_targets_sorted_and_deduplicated },
		{ "warns about missing and non-sockets", warns_about_missing_and_non_sockets },
		{ "rules in order with modes", compiles_rules_in_order_with_modes },
		{ "one socket in two endpoints is an error",
		  one_socket_in_two_endpoints_is_an_error },
		{ "places of paths", compiles_places_of_paths },
		{ "one place in two endpoints is an error",
		  one_place_in_two_endpoints_is_an_error },
		{ "an unreadable path is a warning for a user",
		  unreadable_path_is_a_warning_for_a_user },
		{ 0 },
	};

	return unit_add_suite("policy_compile", setup, teardown, tests);
}
