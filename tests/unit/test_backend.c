// SPDX-License-Identifier: GPL-2.0-only
/* The cgroup backend's view of a policy: file names, and what it refuses. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "backend.h"
#include "decide.h"
#include "loader.h"
#include "policy_compile.h"
#include "unit.h"

static const char *const TEXT_TWO_ENDPOINTS =
	"endpoints:\n"
	"  docker: { unix: [/nonexistent/run/docker.sock, /nonexistent/var/run/docker.sock] }\n"
	"  containerd: { unix: /nonexistent/run/containerd/containerd.sock }\n"
	"  docker-tcp: { tcp: 2375 }\n";

struct compiled {
	struct policy policy;
	struct sf_policy *out;
	struct diag_list diags;
};

static void compile_text(const char *text, struct compiled *c)
{
	c->out = calloc(1, sizeof(*c->out));
	diag_init(&c->diags, "p.yaml");
	CU_ASSERT_EQUAL_FATAL(policy_parse(text, strlen(text), &c->policy, &c->diags), 0);
	CU_ASSERT_EQUAL_FATAL(policy_compile(&c->policy, 1, c->out, &c->diags), 0);
}

static void compiled_free(struct compiled *c)
{
	policy_free(&c->policy);
	free(c->out);
	diag_free(&c->diags);
}

/* The hash the kernel computes byte by byte covers the last component only. */
static void name_hash_is_the_file_name(void)
{
	CU_ASSERT_EQUAL(sf_name_hash("/var/run/docker.sock"), sf_name_hash("docker.sock"));
	CU_ASSERT_EQUAL(sf_name_hash("/proc/1/root/run/docker.sock"), sf_name_hash("docker.sock"));
	CU_ASSERT_EQUAL(sf_name_hash("./docker.sock"), sf_name_hash("docker.sock"));
	CU_ASSERT_NOT_EQUAL(sf_name_hash("/run/docker.sock.bak"), sf_name_hash("docker.sock"));
	CU_ASSERT_NOT_EQUAL(sf_name_hash("/run/docker.sock/x"), sf_name_hash("docker.sock"));
	CU_ASSERT_NOT_EQUAL(sf_name_hash("/run/dockersock"), sf_name_hash("docker.sock"));
}

/* Names are compiled whether or not a socket is there yet, one per name. */
static void compiles_names_of_missing_sockets(void)
{
	struct compiled c;

	compile_text(TEXT_TWO_ENDPOINTS, &c);
	CU_ASSERT_EQUAL(c.out->n_unix, 0);
	CU_ASSERT_EQUAL_FATAL(c.out->n_unix_names, 2);
	CU_ASSERT(c.out->unix_names[0].hash < c.out->unix_names[1].hash);
	CU_ASSERT_EQUAL(sf_find_name(c.out, "/var/run/docker.sock"),
			sf_find_name(c.out, "relative/docker.sock"));
	CU_ASSERT_TRUE(sf_find_name(c.out, "docker.sock") >= 0);
	CU_ASSERT_EQUAL(c.out->unix_names[sf_find_name(c.out, "docker.sock")].endpoint_id, 0);
	CU_ASSERT_STRING_EQUAL(c.out->unix_names[sf_find_name(c.out, "docker.sock")].path,
			       "/nonexistent/run/docker.sock");
	CU_ASSERT_EQUAL(c.out->unix_names[sf_find_name(c.out, "/x/containerd.sock")].endpoint_id,
			1);
	CU_ASSERT_EQUAL(sf_find_name(c.out, "/var/run/podman.sock"), -1);
	compiled_free(&c);
}

static struct backend cgroup_backend(int unix_attach_type)
{
	struct backend b = { .kind = SF_BACKEND_CGROUP, .cgroup_is_root = true };

	b.unix_attach_type = unix_attach_type;
	return b;
}

static size_t check(const struct backend *b, const char *text, struct diag_list *diags, char *first,
		    size_t first_len)
{
	struct compiled c;
	size_t errors;

	compile_text(text, &c);
	diag_init(diags, "p.yaml");
	backend_check_policy(b, &c.policy, c.out, diags);
	if (diags->count)
		diag_format(diags, 0, first, first_len);
	errors = diags->errors;
	compiled_free(&c);
	return errors;
}

/* Before Linux 6.7: unix endpoints refused, unless allow-degraded: true. */
static void refuses_what_it_cannot_enforce(void)
{
	struct backend old = cgroup_backend(-1), lsm = { .kind = SF_BACKEND_LSM };
	struct diag_list diags;
	char line[1024] = "";

	CU_ASSERT_EQUAL(check(&old, TEXT_TWO_ENDPOINTS, &diags, line, sizeof(line)), 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "error: the cgroup backend cannot enforce this "
					    "policy: unix sockets are NOT protected"));
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "allow-degraded: true"));
	diag_free(&diags);

	CU_ASSERT_EQUAL(check(&old,
			      "backend: cgroup\nallow-degraded: true\n"
			      "endpoints:\n"
			      "  docker: { unix: /nonexistent/docker.sock }\n",
			      &diags, line, sizeof(line)),
			0);
	CU_ASSERT_EQUAL(diags.warnings, 1);
	CU_ASSERT_PTR_NOT_NULL(strstr(line, "p.yaml:1:1: warning: degraded enforcement accepted "
					    "(allow-degraded: true): unix sockets are NOT "
					    "protected"));
	diag_free(&diags);

	CU_ASSERT_EQUAL(check(&old, "endpoints: { docker-tcp: { tcp: 2375 } }\n", &diags, line,
			      sizeof(line)),
			0);
	CU_ASSERT_EQUAL(diags.count, 0);
	diag_free(&diags);
	CU_ASSERT_EQUAL(check(&lsm, TEXT_TWO_ENDPOINTS, &diags, line, sizeof(line)), 0);
	CU_ASSERT_EQUAL(diags.count, 0);
	diag_free(&diags);
}

/* One file name in two endpoints: the cgroup hook could not tell which. */
static void refuses_a_file_name_in_two_endpoints(void)
{
	struct backend b = cgroup_backend(50);
	struct diag_list diags;
	char line[1024] = "";

	CU_ASSERT_EQUAL(check(&b,
			      "endpoints:\n"
			      "  docker: { unix: /nonexistent/a/api.sock }\n"
			      "  other: { unix: /nonexistent/b/api.sock }\n",
			      &diags, line, sizeof(line)),
			1);
	CU_ASSERT_STRING_EQUAL(
		line,
		"p.yaml:3:18: error: /nonexistent/b/api.sock of endpoint 'other' has the "
		"file name of /nonexistent/a/api.sock of endpoint 'docker': the cgroup "
		"backend recognises unix sockets by file name and cannot tell them apart (put "
		"both paths in one endpoint, rename a socket, or enable BPF LSM)");
	diag_free(&diags);
	CU_ASSERT_EQUAL(check(&b, TEXT_TWO_ENDPOINTS, &diags, line, sizeof(line)), 0);
	diag_free(&diags);
}

static void count_line(void *ctx, bool fatal, const char *line)
{
	(void)line;
	(*(int *)ctx) += fatal ? 100 : 1;
}

static void states_each_degradation(void)
{
	struct backend b = cgroup_backend(50);
	struct compiled c;
	int seen = 0;

	compile_text(TEXT_TWO_ENDPOINTS, &c);
	CU_ASSERT_EQUAL(backend_degradations(&b, c.out, count_line, &seen), 0);
	CU_ASSERT_EQUAL(seen, 2); /* matching by file name, no listener side for TCP */
	b.cgroup_is_root = false;
	seen = 0;
	CU_ASSERT_EQUAL(backend_degradations(&b, c.out, count_line, &seen), 0);
	CU_ASSERT_EQUAL(seen, 3); /* and only one cgroup subtree */
	b = cgroup_backend(-1);
	seen = 0;
	CU_ASSERT_EQUAL(backend_degradations(&b, c.out, count_line, &seen), 1);
	CU_ASSERT_EQUAL(seen, 101);
	b.kind = SF_BACKEND_LSM;
	seen = 0;
	CU_ASSERT_EQUAL(backend_degradations(&b, c.out, count_line, &seen), 0);
	CU_ASSERT_EQUAL(seen, 0);
	compiled_free(&c);
}

static void parses_backend_names(void)
{
	uint8_t kind = 99;

	CU_ASSERT_EQUAL(backend_parse_name("auto", &kind), 0);
	CU_ASSERT_EQUAL(kind, POLICY_BACKEND_AUTO);
	CU_ASSERT_EQUAL(backend_parse_name("lsm", &kind), 0);
	CU_ASSERT_EQUAL(kind, SF_BACKEND_LSM);
	CU_ASSERT_EQUAL(backend_parse_name("cgroup", &kind), 0);
	CU_ASSERT_EQUAL(kind, SF_BACKEND_CGROUP);
	CU_ASSERT_NOT_EQUAL(backend_parse_name("ebpf", &kind), 0);
	CU_ASSERT_STRING_EQUAL(backend_name(SF_BACKEND_CGROUP), "cgroup");
}

/* A verifier refusal points at its log only where libbpf printed it. */
static void a_refusal_says_where_its_log_is(void)
{
	CU_ASSERT_PTR_NOT_NULL(strstr(loader_error_hint(EACCES, true), "printed above"));
	CU_ASSERT_PTR_NOT_NULL(strstr(loader_error_hint(EINVAL, false), "run with -v"));
	CU_ASSERT_PTR_NULL(strstr(loader_error_hint(EACCES, false), "printed above"));
}

int register_backend_tests(void)
{
	static const struct unit_test tests[] = {
		{ "the name hash covers the file name", name_hash_is_the_file_name },
		{ "names of missing sockets are compiled", compiles_names_of_missing_sockets },
		{ "refuses what it cannot enforce", refuses_what_it_cannot_enforce },
		{ "refuses a file name in two endpoints", refuses_a_file_name_in_two_endpoints },
		{ "states each degradation", states_each_degradation },
		{ "parses backend names", parses_backend_names },
		{ "a refusal says where its log is", a_refusal_says_where_its_log_is },
		{ 0 },
	};

	return unit_add_suite("backend", NULL, NULL, tests);
}
