// SPDX-License-Identifier: GPL-2.0-only
/*
 * sockfence learn: propose the smallest policy that lets through what used
 * the protected endpoints, from the JSON events log of a daemon that
 * recorded them (--from-json), or by running one in audit mode for a while
 * (--for). It prints the proposal; it never applies it.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <limits.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "control_client.h"
#include "docker_api.h"
#include "event_view.h"
#include "existing.h"
#include "learn.h"
#include "pins.h"
#include "policy_source.h"
#include "policy_yaml.h"

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sockfence learn (--for DURATION | --from-json FILE...) [--policy FILE]\n"
		"                       [--diff]\n"
		"Propose the smallest policy that lets through the callers that used the\n"
		"protected endpoints, and nobody else: a service by its unit, a container\n"
		"by its id, another host process by its user and executable, another host\n"
		"by its address. It prints the proposal; it never applies it.\n"
		"  --for DURATION     run a daemon in audit mode for DURATION (30s, 10m, 2h)\n"
		"                     and record who connects; nothing is refused meanwhile.\n"
		"                     Only where sockfence is not enforcing already.\n"
		"  --from-json FILE   read the records of an events log (--events-json of a\n"
		"                     daemon whose policy refused everyone in audit mode;\n"
		"                     '-' reads stdin); several files may follow\n"
		"  --policy FILE      the endpoints to learn for and compare with (default:\n"
		"                     the policy in force where sockfence is loaded, else\n"
		"                     %s, else the built-in default)\n"
		"  --diff             print how the proposal's rules differ from FILE's\n"
		"Exit status: 0 proposed, 1 nothing could be learnt, 2 usage error or\n"
		"failure.\n",
		POLICY_DEFAULT_PATH);
}

/* "30s", "10m", "2h", "45": seconds, or -1. */
static long parse_duration(const char *text)
{
	char *end;
	long n = strtol(text, &end, 10);

	if (end == text || n <= 0)
		return -1;
	if (!strcmp(end, "") || !strcmp(end, "s"))
		return n;
	if (!strcmp(end, "m"))
		return n * 60;
	if (!strcmp(end, "h"))
		return n * 3600;
	return -1;
}

static int read_log(struct learn_set *set, FILE *in, const char *name)
{
	char *line = NULL;
	size_t cap = 0;
	ssize_t got;
	int err = 0;

	while ((got = getline(&line, &cap, in)) > 0) {
		if (got == 1 && line[0] == '\n')
			continue;
		if (learn_add_line(set, line) == -ENOMEM) {
			err = -ENOMEM;
			break;
		}
	}
	free(line);
	if (ferror(in)) {
		fprintf(stderr, "sockfence: cannot read %s: %s\n", name, strerror(errno));
		return -EIO;
	}
	return err;
}

static int read_file(struct learn_set *set, const char *path)
{
	FILE *in = strcmp(path, "-") == 0 ? stdin : fopen(path, "re");
	int err;

	if (!in) {
		fprintf(stderr, "sockfence: cannot open %s: %s\n", path, strerror(errno));
		return -errno;
	}
	err = read_log(set, in, path);
	if (in != stdin)
		fclose(in);
	return err;
}

/* The policy a learning daemon runs: base's endpoints and settings, audit, no rule. */
static int write_learning_policy(const struct policy *base, const char *path)
{
	struct policy learning = *base;
	FILE *out = fopen(path, "wxe");

	if (!out)
		return -errno;
	learning.mode = SF_MODE_AUDIT;
	learning.default_action = SF_ACTION_DENY;
	fprintf(out,
		"# sockfence learn: every connect to an endpoint is recorded, none refused.\n");
	policy_yaml_settings(&learning, out);
	policy_yaml_endpoints(base, out);
	fprintf(out, "rules: []\n");
	return fclose(out) == 0 ? 0 : -errno;
}

static volatile sig_atomic_t stop_requested;

static void on_stop(int sig)
{
	(void)sig;
	stop_requested = 1;
}

static void print_file(const char *path, FILE *out)
{
	char line[512];
	FILE *in = fopen(path, "re");

	while (in && fgets(line, sizeof(line), in))
		fprintf(out, "    %s", line);
	if (in)
		fclose(in);
}

/* Starts `sockfence run` on the learning policy; its pid, or -1 after saying why. */
static pid_t start_daemon(const char *dir)
{
	char policy[PATH_MAX], events[PATH_MAX], log[PATH_MAX];
	pid_t pid;

	snprintf(policy, sizeof(policy), "%s/learning.yaml", dir);
	snprintf(events, sizeof(events), "%s/events.jsonl", dir);
	snprintf(log, sizeof(log), "%s/daemon.log", dir);
	pid = fork();
	if (pid == 0) {
		int fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);

		if (fd < 0 || dup2(fd, STDOUT_FILENO) < 0 || dup2(fd, STDERR_FILENO) < 0)
			_exit(127);
		execl("/proc/self/exe", "sockfence", "run", "--policy", policy, "--events-json",
		      events, (char *)NULL);
		fprintf(stderr, "sockfence: cannot run /proc/self/exe: %s\n", strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		fprintf(stderr, "sockfence: cannot start a daemon to learn with: %s\n",
			strerror(errno));
	return pid;
}

/* Waits until the daemon answers on its control socket (it then enforces), or exits. */
static bool wait_enforcing(pid_t pid, const char *dir)
{
	char log[PATH_MAX];

	snprintf(log, sizeof(log), "%s/daemon.log", dir);
	for (int i = 0; i < 3000 && !stop_requested; i++) {
		struct timespec pause = { 0, 100 * 1000 * 1000 };
		int status;

		if (waitpid(pid, &status, WNOHANG) == pid) {
			fprintf(stderr, "sockfence: the learning daemon stopped before it "
					"recorded anything; its output:\n");
			print_file(log, stderr);
			return false;
		}
		if (control_daemon_health(NULL, NULL))
			return true;
		nanosleep(&pause, NULL);
	}
	fprintf(stderr, "sockfence: the learning daemon did not start in 300 s; its output:\n");
	print_file(log, stderr);
	return false;
}

/* Stops the learning daemon and removes what it loaded. */
static int stop_daemon(pid_t pid)
{
	int status = 0;

	kill(pid, SIGTERM);
	waitpid(pid, &status, 0);
	if (pins_unload(NULL, NULL) != 0 || access(SF_PIN_DIR, F_OK) == 0) {
		fprintf(stderr,
			"sockfence: cannot remove the learning daemon's pins under %s: "
			"run 'sockfence unload --yes'\n",
			SF_PIN_DIR);
		return -EIO;
	}
	return 0;
}

static void remove_dir(const char *dir)
{
	const char *names[] = { "learning.yaml", "events.jsonl", "daemon.log" };
	char path[PATH_MAX];

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, names[i]);
		unlink(path);
	}
	rmdir(dir);
}

/*
 * The connections open already when learning starts (dockerd's to
 * containerd, a monitoring agent's): their owners use the endpoints
 * without connecting again, so no event would ever name them.
 */
static void add_open_connections(struct learn_set *set)
{
	struct sf_policy *policy = calloc(1, sizeof(*policy));
	struct connections list;
	struct timespec now;
	char time[LEARN_TIME_LEN];
	int err = policy ? existing_find_pinned(policy, &list) : -ENOMEM;

	if (err) {
		fprintf(stderr,
			"sockfence: cannot list the connections open already (%s): the "
			"callers that hold one and do not connect again are not in the "
			"proposal\n",
			strerror(-err));
		free(policy);
		return;
	}
	clock_gettime(CLOCK_REALTIME, &now);
	event_format_time(time, sizeof(time), &now);
	for (size_t i = 0; i < list.n; i++)
		learn_add_connection(set, &list.items[i], time);
	connections_free(&list);
	free(policy);
}

static int learn_live(struct learn_set *set, const struct policy *base, long seconds)
{
	char dir[] = "/tmp/sockfence-learn.XXXXXX", path[PATH_MAX];
	struct sigaction stop = { .sa_handler = on_stop };
	pid_t pid;
	int err;

	if (access(SF_PIN_DIR, F_OK) == 0 || control_daemon_answers()) {
		fprintf(stderr,
			"sockfence: sockfence is already loaded on this host (%s): learn --for "
			"would have to replace its policy with one that refuses no one. Stop and "
			"unload it first, or let the running daemon record (a policy with mode: "
			"audit and no allow rules, --events-json FILE) and use --from-json FILE\n",
			SF_PIN_DIR);
		return -EBUSY;
	}
	if (!mkdtemp(dir)) {
		fprintf(stderr, "sockfence: cannot make a directory to learn in: %s\n",
			strerror(errno));
		return -errno;
	}
	snprintf(path, sizeof(path), "%s/learning.yaml", dir);
	err = write_learning_policy(base, path);
	if (err) {
		fprintf(stderr, "sockfence: cannot write %s: %s\n", path, strerror(-err));
		remove_dir(dir);
		return err;
	}
	sigaction(SIGINT, &stop, NULL);
	sigaction(SIGTERM, &stop, NULL);
	pid = start_daemon(dir);
	if (pid < 0) {
		remove_dir(dir);
		return -ECHILD;
	}
	if (!wait_enforcing(pid, dir)) {
		stop_daemon(pid);
		remove_dir(dir);
		return -ECHILD;
	}
	add_open_connections(set);
	fprintf(stderr,
		"sockfence: learning for %ld s: every connect to the policy's endpoints is "
		"recorded and none is refused (audit mode); Ctrl-C ends it early\n",
		seconds);
	for (long left = seconds * 10; left > 0 && !stop_requested; left--) {
		struct timespec tick = { 0, 100 * 1000 * 1000 };

		nanosleep(&tick, NULL);
	}
	err = stop_daemon(pid);
	snprintf(path, sizeof(path), "%s/events.jsonl", dir);
	if (!err)
		err = read_file(set, path);
	remove_dir(dir);
	return err;
}

/*
 * The policy to learn for: --policy FILE; else, where sockfence is loaded,
 * the one in force (its source, from the pins); else the default file or
 * the built-in default.
 */
static int load_base(const char *path, bool explicit, struct policy *base, struct diag_list *diags,
		     char **source)
{
	struct sf_meta meta;

	if (!explicit && pins_read_meta(&meta) == 0 && meta.policy_source[0]) {
		fprintf(stderr, "sockfence: the policy in force: %s\n", meta.policy_source);
		if (meta.policy_source[0] == '/')
			return policy_source_load(meta.policy_source, true, base, diags, source);
		if (strcmp(meta.policy_source, POLICY_BUILTIN_NAME) == 0) {
			*source = strdup(POLICY_BUILTIN_NAME);
			diag_init(diags, POLICY_BUILTIN_NAME);
			return policy_parse(sf_default_policy, strlen(sf_default_policy), base,
					    diags);
		}
	}
	return policy_source_load(path, explicit, base, diags, source);
}

int cmd_learn(int argc, char **argv)
{
	static const struct option options[] = {
		{ "for", required_argument, NULL, 'f' },    { "from-json", no_argument, NULL, 'j' },
		{ "policy", required_argument, NULL, 'p' }, { "diff", no_argument, NULL, 'd' },
		{ "help", no_argument, NULL, 'h' },	    { 0 },
	};
	const char *policy_path = POLICY_DEFAULT_PATH;
	bool explicit = false, diff = false, from_json = false;
	struct diag_list diags;
	struct policy base = { 0 };
	struct learn_set set;
	long seconds = 0;
	char *source = NULL;
	int opt, err = 0;

	while ((opt = getopt_long(argc, argv, "h", options, NULL)) != -1) {
		switch (opt) {
		case 'f':
			seconds = parse_duration(optarg);
			if (seconds < 0) {
				fprintf(stderr,
					"sockfence: --for '%s' is not a duration (30s, 10m, "
					"2h)\n",
					optarg);
				return 2;
			}
			break;
		case 'j':
			from_json = true;
			break;
		case 'p':
			policy_path = optarg;
			explicit = true;
			break;
		case 'd':
			diff = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if ((seconds > 0) == from_json || (from_json && optind == argc) ||
	    (!from_json && optind != argc)) {
		usage(stderr);
		return 2;
	}
	err = load_base(policy_path, explicit, &base, &diags, &source);
	if (err) {
		diag_print(&diags, stderr);
		fprintf(stderr, "sockfence: cannot learn without the policy's endpoints\n");
		diag_free(&diags);
		free(source);
		return 2;
	}
	learn_init(&set, &base);
	if (from_json) {
		for (int i = optind; i < argc && !err; i++)
			err = read_file(&set, argv[i]);
	} else {
		err = learn_live(&set, &base, seconds);
	}
	if (!err) {
		docker_api_describe_containers(&set);
		if (set.malformed)
			fprintf(stderr,
				"sockfence: %llu of %llu lines were not JSON records: left out\n",
				(unsigned long long)set.malformed, (unsigned long long)set.lines);
		if (diff)
			learn_diff(&set, stdout);
		else
			learn_propose(&set, stdout);
		if (!set.counted)
			fprintf(stderr,
				"sockfence: no would-be denial was recorded: nobody used "
				"the endpoints, or the log is not one of a learning policy\n");
	}
	learn_free(&set);
	policy_free(&base);
	diag_free(&diags);
	free(source);
	return err ? 2 : set.counted ? 0 : 1;
}
