// SPDX-License-Identifier: GPL-2.0-only
/*
 * policy-bench: a reload's user-space half, and as much of the rest as this
 * host allows, timed natively (BPF LSM programs cannot be loaded here).
 *
 *   policy-bench --rounds N FILE...
 *
 * For each round and each FILE in turn (interleaved, after one warm-up
 * round) it times, from the file's text in memory, policy_parse(),
 * policy_lint() and policy_compile(); then loader_publish() of the compiled
 * generation; then a whole reload request: a client connects to a control
 * socket served by the daemon's own control.c, asks "reload FILE", and
 * waits for the "ok" (read, parse, lint, compile, publish, log, answer).
 *
 * Publishing needs the BPF maps: the skeleton is loaded with every program
 * left out (maps only, nothing attached, nothing pinned). When the kernel
 * refuses even that, publish is skipped and reported as -1.
 *
 * First line: "policy_bytes=N publish=measured|unavailable", then one
 * line per FILE and round:
 *   "file=F rules=N round=R parse_us=X lint_us=X compile_us=X total_us=X
 *    publish_us=X request_us=X"
 * The daemon's log lines go to stderr: redirect it.
 */
#include <bpf/libbpf.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "control.h"
#include "daemon.h"
#include "loader.h"
#include "policy.h"
#include "policy_compile.h"
#include "sockfence.skel.h"

static double now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

static _Noreturn void die(const char *what)
{
	fprintf(stderr, "policy-bench: %s: %s\n", what, strerror(errno));
	exit(2);
}

static char *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	long size;

	if (!f || fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 0 ||
	    fseek(f, 0, SEEK_SET) != 0 || !(text = malloc(size + 1)) ||
	    fread(text, 1, size, f) != (size_t)size)
		die(path);
	fclose(f);
	text[size] = '\0';
	*len = size;
	return text;
}

/* The maps of the BPF object, and no program: what publishing needs. */
static bool load_maps_only(struct loader *l)
{
	struct bpf_program *prog;

	l->skel = sockfence_bpf__open();
	if (!l->skel)
		return false;
	bpf_object__for_each_program (prog, l->skel->obj)
		bpf_program__set_autoload(prog, false);
	if (sockfence_bpf__load(l->skel) != 0) {
		sockfence_bpf__destroy(l->skel);
		l->skel = NULL;
		return false;
	}
	return true;
}

/* The control server's command handler: reload only, as the daemon does. */
static int on_command(void *ctx, const struct control_request *req, daemon_say_fn say,
		      void *say_ctx, char *summary, size_t summary_len)
{
	if (strcmp(req->command, CONTROL_CMD_RELOAD) != 0) {
		snprintf(summary, summary_len, "unknown command '%s'", req->command);
		return -EINVAL;
	}
	return daemon_reload(ctx, req->argument[0] ? req->argument : NULL, say, say_ctx, summary,
			     summary_len);
}

/*
 * One reload request, client and server in this thread: the request waits
 * in the socket while the server accepts, reloads and answers. Returns 0
 * when the answer is "ok".
 */
static int request_reload(struct control_server *server, const char *path)
{
	struct sockaddr_un addr = { .sun_family = AF_UNIX };
	char request[SF_CONTROL_LINE_MAX], reply[SF_CONTROL_LINE_MAX];
	size_t used = 0;
	ssize_t n;
	int fd, len;

	len = control_format_request(request, sizeof(request), CONTROL_CMD_RELOAD, path);
	snprintf(addr.sun_path, sizeof(addr.sun_path), "%s", server->path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || len < 0 || connect(fd, (struct sockaddr *)&addr, sizeof(addr)) != 0 ||
	    write(fd, request, len) != len)
		die("control request");
	control_handle(server);
	while (used < sizeof(reply) - 1 &&
	       (n = read(fd, reply + used, sizeof(reply) - 1 - used)) > 0)
		used += n;
	reply[used] = '\0';
	close(fd);
	/* The final line is the last one: "ok ..." or "error ...". */
	while (used > 0 && reply[used - 1] == '\n')
		reply[--used] = '\0';
	const char *last = strrchr(reply, '\n');

	return strncmp(last ? last + 1 : reply, "ok ", 3) == 0 ? 0 : -1;
}

struct bench {
	struct daemon daemon;
	struct loader loader;
	bool kernel;
	struct control_server server;
	struct sf_policy *compiled;
};

/* One timed pass over path; prints its line unless quiet. */
static void measure(struct bench *b, const char *path, const char *text, size_t len, long round,
		    bool quiet)
{
	double t0, t1, t2, t3, t4, t5, t6, t7;
	struct diag_list diags;
	struct policy policy;
	int err;

	diag_init(&diags, path);
	t0 = now_us();
	err = policy_parse(text, len, &policy, &diags);
	t1 = now_us();
	if (!err)
		policy_lint(&policy, &diags);
	t2 = now_us();
	if (!err)
		err = policy_compile(&policy, 1000000 + round, b->compiled, &diags);
	t3 = now_us();
	if (err) {
		diag_print(&diags, stderr);
		fprintf(stderr, "policy-bench: %s is not a valid policy\n", path);
		exit(1);
	}
	t4 = now_us();
	if (b->kernel && loader_publish(&b->loader, b->compiled) != 0)
		die("publish");
	t5 = now_us();
	t6 = now_us();
	if (request_reload(&b->server, path) != 0) {
		fprintf(stderr, "policy-bench: the reload of %s was refused\n", path);
		exit(1);
	}
	t7 = now_us();
	if (!quiet)
		printf("file=%s rules=%zu round=%ld parse_us=%.1f lint_us=%.1f compile_us=%.1f "
		       "total_us=%.1f publish_us=%.1f request_us=%.1f\n",
		       path, policy.n_rules, round, t1 - t0, t2 - t1, t3 - t2, t3 - t0,
		       b->kernel ? t5 - t4 : -1.0, t7 - t6);
	policy_free(&policy);
	diag_free(&diags);
}

int main(int argc, char **argv)
{
	struct bench b = { .daemon = { .policy_explicit = true },
			   .loader = { .old_events_fd = -1 } };
	char dir[] = "/tmp/policy-bench.XXXXXX", sock[64];
	size_t *lens;
	char **texts;
	long rounds;
	int n;

	if (argc < 4 || strcmp(argv[1], "--rounds") != 0) {
		fprintf(stderr, "usage: policy-bench --rounds N FILE...\n");
		return 2;
	}
	rounds = strtol(argv[2], NULL, 10);
	n = argc - 3;
	b.compiled = calloc(1, sizeof(*b.compiled));
	texts = calloc(n, sizeof(*texts));
	lens = calloc(n, sizeof(*lens));
	b.daemon.policy_path = strdup(argv[3]);
	if (!b.compiled || !texts || !lens || !b.daemon.policy_path || rounds <= 0)
		return 2;
	for (int i = 0; i < n; i++)
		texts[i] = read_file(argv[3 + i], &lens[i]);

	libbpf_set_print(NULL);
	b.kernel = load_maps_only(&b.loader);
	if (b.kernel)
		b.daemon.loader = &b.loader;
	else
		fprintf(stderr,
			"policy-bench: cannot create the BPF maps here (%s): publish "
			"not measured\n",
			strerror(errno));
	if (!mkdtemp(dir))
		die("mkdtemp");
	snprintf(sock, sizeof(sock), "%s/control.sock", dir);
	b.server.command = on_command;
	b.server.command_ctx = &b.daemon;
	b.server.cgroup_root = "";
	if (control_bind(&b.server, sock) != 0 || control_listen(&b.server) != 0)
		die("control socket");
	printf("policy_bytes=%zu publish=%s\n", sizeof(struct sf_policy),
	       b.kernel ? "measured" : "unavailable");

	for (long r = -1; r < rounds; r++) {
		for (int i = 0; i < n; i++)
			measure(&b, argv[3 + i], texts[i], lens[i], r, r < 0);
	}

	control_close(&b.server);
	rmdir(dir);
	daemon_fini(&b.daemon);
	if (b.kernel)
		sockfence_bpf__destroy(b.loader.skel);
	for (int i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(lens);
	free(b.compiled);
	return 0;
}
