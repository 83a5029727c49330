// SPDX-License-Identifier: GPL-2.0-only
/* sockfence run: check, load, publish the policy, attach, serve, report. */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>

#include "cgroup2.h"
#include "commands.h"
#include "control.h"
#include "control_client.h"
#include "control_proto.h"
#include "daemon.h"
#include "events.h"
#include "events_config.h"
#include "json_sink.h"
#include "existing.h"
#include "loader.h"
#include "log.h"
#include "loop.h"
#include "metrics_gather.h"
#include "lsm_check.h"
#include "notify.h"
#include "pins.h"
#include "watch.h"

struct runtime {
	struct daemon daemon;
	struct loader loader;
	struct backend backend;
	uint8_t wanted_backend; /* --backend, or POLICY_BACKEND_AUTO to read the policy's */
	bool backend_given;
	const char *cgroup_path; /* --cgroup: attach the cgroup backend there */
	struct event_consumer events;
	struct events_config events_cfg;
	struct control_server control;
	char cgroup_root[256];
	struct watch watch;
	struct loop loop;
	int sigfd;
	int timerfd;
	bool attached; /* the hooks judge: connections that exist now are swept after a reload */
	const char *metrics_path; /* --metrics-file, or NULL */
	char metrics_error[320];  /* why it is not being written now, "" when it is */
	bool unloaded;
};

/*
 * Cgroups have no useful inotify and come and go with services; exe and
 * socket watches can miss a rename across directories. A cheap re-read
 * every few seconds catches all of them.
 */
#define REFRESH_SECONDS 2

static void usage(FILE *out)
{
	fprintf(out,
		"Usage: sockfence run [--policy FILE] [--backend auto|lsm|fmod_ret|cgroup]\n"
		"                     [--cgroup DIR] [--metrics-file PATH] [-v|--verbose]\n"
		"                     [EVENT OPTIONS]\n"
		"Load the BPF programs, enforce the policy (default %s, or the\n"
		"built-in default when that file does not exist) and log every denied\n"
		"connect to syslog until SIGTERM or SIGINT. SIGHUP reloads the policy.\n"
		"  --backend NAME  lsm: BPF LSM hooks (full enforcement); fmod_ret: the\n"
		"                  same checks on the kernel's security_* functions (full\n"
		"                  enforcement where BPF LSM is off, no reboot); cgroup:\n"
		"                  cgroup connect hooks (for kernels that refuse both;\n"
		"                  degraded, see 'sockfence status'); auto (default):\n"
		"                  the first of lsm, fmod_ret, cgroup that works.\n"
		"                  Overrides the policy's 'backend'.\n"
		"  --cgroup DIR    attach the cgroup backend to DIR of the cgroup v2\n"
		"                  hierarchy instead of its root (tests: only processes\n"
		"                  in DIR are judged)\n"
		"  --metrics-file PATH  write Prometheus metrics (node_exporter textfile\n"
		"                  format) to PATH every %d s\n"
		"Event options:\n" EVENTS_OPTIONS_USAGE,
		POLICY_DEFAULT_PATH, REFRESH_SECONDS);
}

/* Connections the generation in force refuses, made before it was. */
static void sweep_existing(struct runtime *rt, const char *when)
{
	existing_sweep(rt->daemon.active, loader_kept_map_fd(&rt->loader),
		       rt->daemon.policy.existing_connections == POLICY_EXISTING_CLOSE, when);
}

/* Reload for the control socket and SIGHUP: then watch the new paths. */
static int runtime_reload(void *ctx, const char *path, daemon_say_fn say, void *say_ctx,
			  char *summary, size_t summary_len)
{
	struct runtime *rt = ctx;
	int err = daemon_reload(&rt->daemon, path, say, say_ctx, summary, summary_len);

	if (!err)
		watch_policy_paths(&rt->watch, &rt->daemon.policy);
	if (!err && rt->attached)
		sweep_existing(rt, "after the reload");
	return err;
}

/* unload over the control socket: pins removed, links detached, stop. */
static int runtime_unload(struct runtime *rt, char *summary, size_t summary_len)
{
	int err;

	events_drain(&rt->events);
	events_close(&rt->events);
	err = loader_unload(&rt->loader);
	rt->daemon.loader = NULL;
	rt->unloaded = true;
	loop_stop(&rt->loop);
	snprintf(summary, summary_len,
		 err ? "enforcement removed, but some pins under %s remain"
		     : "enforcement removed: links detached, pins under %s gone; the daemon stops",
		 SF_PIN_DIR);
	log_msg(LOG_NOTICE, "%s", summary);
	return err;
}

static int runtime_command(void *ctx, const struct control_request *req, daemon_say_fn say,
			   void *say_ctx, char *summary, size_t summary_len)
{
	struct runtime *rt = ctx;

	if (strcmp(req->command, CONTROL_CMD_RELOAD) == 0)
		return runtime_reload(rt, req->argument[0] ? req->argument : NULL, say, say_ctx,
				      summary, summary_len);
	if (strcmp(req->command, CONTROL_CMD_UNLOAD) == 0)
		return runtime_unload(rt, summary, summary_len);
	if (strcmp(req->command, CONTROL_CMD_HEALTH) == 0) {
		int problems = say ? events_health(&rt->events, say, say_ctx) : 0;

		if (say && rt->metrics_error[0]) {
			say(say_ctx, rt->metrics_error);
			problems++;
		}
		snprintf(summary, summary_len, "%d problems", problems);
		return 0;
	}
	snprintf(summary, summary_len, "unknown command '%s' (known: %s, %s, %s)", req->command,
		 CONTROL_CMD_RELOAD, CONTROL_CMD_UNLOAD, CONTROL_CMD_HEALTH);
	return -EINVAL;
}

static int on_watch(void *ctx)
{
	struct runtime *rt = ctx;

	if (watch_drain(&rt->watch)) {
		/* A directory on the way to a socket may have appeared: go deeper. */
		watch_policy_paths(&rt->watch, &rt->daemon.policy);
		daemon_refresh(&rt->daemon);
	}
	return 0;
}

/* --metrics-file: rewritten every REFRESH_SECONDS, and once more at the stop (up 0). */
static void write_metrics(struct runtime *rt, bool up)
{
	struct metrics_view view;
	int err;

	if (!rt->metrics_path)
		return;
	metrics_gather(&view, up, &rt->daemon, &rt->loader, &rt->events, &rt->backend);
	err = metrics_write_file(rt->metrics_path, &view);
	if (!err) {
		rt->metrics_error[0] = '\0';
		return;
	}
	if (!rt->metrics_error[0])
		log_err("cannot write the metrics file %s: %s (enforcement is not affected; "
			"tried again every %d s)",
			rt->metrics_path, strerror(-err), REFRESH_SECONDS);
	snprintf(rt->metrics_error, sizeof(rt->metrics_error), "metrics-file: cannot write %s: %s",
		 rt->metrics_path, strerror(-err));
}

static int on_refresh_timer(void *ctx)
{
	struct runtime *rt = ctx;
	__u64 expirations;

	if (read(rt->timerfd, &expirations, sizeof(expirations)) == sizeof(expirations)) {
		daemon_refresh(&rt->daemon);
		write_metrics(rt, true);
	}
	return 0;
}

static int open_refresh_timer(struct runtime *rt)
{
	struct itimerspec every = { .it_interval = { REFRESH_SECONDS, 0 },
				    .it_value = { REFRESH_SECONDS, 0 } };

	rt->timerfd = timerfd_create(CLOCK_MONOTONIC, TFD_CLOEXEC | TFD_NONBLOCK);
	if (rt->timerfd < 0 || timerfd_settime(rt->timerfd, 0, &every, NULL) != 0)
		return -errno;
	return 0;
}

static int on_events(void *ctx)
{
	return events_handle(ctx);
}

/* `sockfence events`: the connection becomes a subscription. */
static int runtime_subscribe(void *ctx, int fd, const char *argument, char *why, size_t why_len)
{
	struct runtime *rt = ctx;

	if (rt->unloaded) {
		snprintf(why, why_len, "enforcement was unloaded; there are no more events");
		return -ESHUTDOWN;
	}
	return events_subscribe(&rt->events, fd, argument, why, why_len);
}

static int on_signal(void *ctx)
{
	struct runtime *rt = ctx;
	struct signalfd_siginfo info;
	char summary[512];

	if (read(rt->sigfd, &info, sizeof(info)) != sizeof(info))
		return 0;
	if (info.ssi_signo == SIGUSR1) {
		log_info("SIGUSR1 from pid %u: reopening the event files", info.ssi_pid);
		events_reopen(&rt->events);
		return 0;
	}
	if (info.ssi_signo == SIGHUP) {
		log_info("SIGHUP from pid %u: reloading", info.ssi_pid);
		events_reopen(&rt->events);
		runtime_reload(rt, NULL, NULL, NULL, summary, sizeof(summary));
		return 0;
	}
	log_info("received %s from pid %u; stopping", strsignal(info.ssi_signo), info.ssi_pid);
	loop_stop(&rt->loop);
	return 0;
}

static int open_signals(struct runtime *rt)
{
	sigset_t mask;

	sigemptyset(&mask);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGUSR1);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) != 0)
		return -errno;
	rt->sigfd = signalfd(-1, &mask, SFD_CLOEXEC);
	return rt->sigfd < 0 ? -errno : 0;
}

static void log_counters(struct runtime *rt)
{
	struct events_totals t;

	if (loader_read_counters(&rt->loader, t.kernel) != 0) {
		log_warn("cannot read the kernel event counters");
		return;
	}
	events_totals(&rt->events, &t); /* reads them again, with the daemon's own */
	log_info("events: %llu emitted by the kernel, %llu aggregated (identical within 1 s), "
		 "%llu dropped (ring buffer full), %llu shed (over an identity's share), %llu "
		 "received, %llu repeats records, %llu malformed; syslog: %llu lines written, %llu "
		 "rate-limited, %llu lost",
		 (unsigned long long)t.kernel[SF_CNT_EVENTS_EMITTED],
		 (unsigned long long)t.kernel[SF_CNT_EVENTS_AGGREGATED],
		 (unsigned long long)t.kernel[SF_CNT_EVENTS_DROPPED],
		 (unsigned long long)t.kernel[SF_CNT_EVENTS_SHED],
		 (unsigned long long)rt->events.delivered, (unsigned long long)t.repeats,
		 (unsigned long long)rt->events.malformed,
		 (unsigned long long)rt->events.syslog.written, (unsigned long long)t.rate_limited,
		 (unsigned long long)t.syslog_lost);
}

static int parse_options(int argc, char **argv, struct runtime *rt)
{
	static const struct option options[] = {
		{ "policy", required_argument, NULL, 'p' },
		{ "backend", required_argument, NULL, 'b' },
		{ "cgroup", required_argument, NULL, 'c' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ "syslog-facility", required_argument, NULL, 'E' },
		{ "syslog-rate", required_argument, NULL, 'E' },
		{ "syslog-socket", required_argument, NULL, 'E' },
		{ "events-json", required_argument, NULL, 'E' },
		{ "events-json-max-size", required_argument, NULL, 'E' },
		{ "events-json-keep", required_argument, NULL, 'E' },
		{ "summary-interval", required_argument, NULL, 'E' },
		{ "events-cpu", required_argument, NULL, 'E' },
		{ "metrics-file", required_argument, NULL, 'm' },
		{ 0 },
	};
	struct events_config *ev = &rt->events_cfg;
	struct daemon *d = &rt->daemon;
	int opt, index;

	events_config_defaults(ev);
	while ((opt = getopt_long(argc, argv, "p:vh", options, &index)) != -1) {
		switch (opt) {
		case 'E':
			if (events_config_set(ev, options[index].name, optarg) != 0)
				return 2;
			break;
		case 'b':
			if (backend_parse_name(optarg, &rt->wanted_backend) != 0) {
				fprintf(stderr,
					"sockfence: unknown backend '%s' (use auto, lsm, "
					"fmod_ret or cgroup)\n",
					optarg);
				return 2;
			}
			rt->backend_given = true;
			break;
		case 'c':
			rt->cgroup_path = optarg;
			break;
		case 'm':
			if (optarg[0] != '/') {
				fprintf(stderr,
					"sockfence: --metrics-file wants an absolute path, not "
					"'%s'\n",
					optarg);
				return 2;
			}
			rt->metrics_path = optarg;
			break;
		case 'p':
			d->policy_path = realpath(optarg, NULL);
			if (!d->policy_path) {
				fprintf(stderr, "sockfence: cannot read policy %s: %s\n", optarg,
					strerror(errno));
				return 1;
			}
			d->policy_explicit = true;
			break;
		case 'v':
			log_set_verbose(true);
			break;
		case 'h':
			usage(stdout);
			return -1;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!ev->json_path && (ev->json_max_size || ev->json_keep != JSON_SINK_DEFAULT_KEEP)) {
		fprintf(stderr, "sockfence: --events-json-max-size and --events-json-keep apply to "
				"the file of --events-json: give that too\n");
		return 2;
	}
	if (!d->policy_path)
		d->policy_path = strdup(POLICY_DEFAULT_PATH);
	return 0;
}

/* Another daemon serving the control socket would fight this one. */
static int check_not_running(void)
{
	if (!control_daemon_answers())
		return 0;
	log_err("another sockfence daemon is running (%s answers); stop it first, e.g. "
		"'systemctl stop sockfence' (enforcement stays pinned meanwhile)",
		SF_CONTROL_SOCKET);
	return -EEXIST;
}

static void log_adoption(struct runtime *rt, __u64 backlog)
{
	__u64 counters[SF_CNT_MAX];

	if (!rt->loader.adopted && !rt->loader.migrating)
		return;
	if (loader_read_counters(&rt->loader, counters) != 0)
		memset(counters, 0, sizeof(counters));
	log_info("%s pinned enforcement (generation %u was in force); %llu events were waiting "
		 "from while no daemon ran; kernel totals: %llu emitted, %llu aggregated, %llu "
		 "dropped",
		 rt->loader.adopted ? "adopted" : "migrated", rt->loader.pinned_generation,
		 (unsigned long long)backlog, (unsigned long long)counters[SF_CNT_EVENTS_EMITTED],
		 (unsigned long long)counters[SF_CNT_EVENTS_AGGREGATED],
		 (unsigned long long)counters[SF_CNT_EVENTS_DROPPED]);
}

static void log_degradation(void *ctx, bool fatal, const char *line)
{
	(void)ctx;
	log_warn("degraded%s: %s", fatal ? " (accepted by allow-degraded: true)" : "", line);
}

/* Which backend, why, and what it cannot do: at every start. */
static void log_backend(struct runtime *rt)
{
	char hint[512];

	if (rt->backend.kind != SF_BACKEND_CGROUP) {
		log_info("backend: %s (%s)", backend_name(rt->backend.kind), rt->backend.reason);
		return;
	}
	log_notice("backend: cgroup, attached to %s (%s)", rt->backend.cgroup_path,
		   rt->backend.reason);
	backend_degradations(&rt->backend, rt->daemon.active, log_degradation, NULL);
	lsm_enable_hint(hint, sizeof(hint));
	log_notice("%s", hint);
}

static int serve(struct runtime *rt)
{
	char summary[512], status[128];
	__u64 before;
	int err;

	err = lsm_check_kernel();
	if (!err)
		err = pins_check_bpffs();
	if (!err)
		err = check_not_running();
	if (!err)
		err = pins_make_dirs(); /* before anything pinned is adopted */
	if (!err && !rt->backend_given)
		err = daemon_read_backend_setting(&rt->daemon, &rt->wanted_backend);
	if (!err)
		err = backend_load(&rt->backend, rt->wanted_backend, rt->cgroup_path, &rt->loader);
	if (err)
		return err;
	rt->daemon.backend = &rt->backend;
	rt->daemon.loader = &rt->loader;
	rt->daemon.base_generation = rt->loader.pinned_generation;
	rt->daemon.started_at = time(NULL);
	/*
	 * The control socket file exists before the policy is read (the policy
	 * protects it), but takes clients only once that policy is attached.
	 */
	cgroup2_mount_point(rt->cgroup_root, sizeof(rt->cgroup_root));
	rt->control.cgroup_root = rt->cgroup_root;
	err = control_bind(&rt->control, SF_CONTROL_SOCKET);
	if (!err)
		err = watch_init(&rt->watch);
	if (!err)
		err = runtime_reload(rt, NULL, NULL, NULL, summary, sizeof(summary));
	/* Enforcement first: no side option can keep the hooks from attaching. */
	if (!err)
		err = loader_attach(&rt->loader, &rt->backend);
	if (!err)
		err = events_open(&rt->events, &rt->events_cfg, &rt->loader);
	if (!err && rt->loader.old_events_fd >= 0)
		err = events_add_ring(&rt->events, rt->loader.old_events_fd);
	if (!err)
		err = control_listen(&rt->control);
	if (!err)
		err = open_signals(rt);
	if (!err)
		err = loop_init(&rt->loop);
	if (!err)
		err = loop_add(&rt->loop, rt->sigfd, on_signal, rt);
	if (!err)
		err = loop_add(&rt->loop, events_epoll_fd(&rt->events), on_events, &rt->events);
	if (!err)
		err = loop_add(&rt->loop, rt->control.fd, control_handle, &rt->control);
	if (!err)
		err = loop_add(&rt->loop, rt->watch.fd, on_watch, rt);
	if (!err)
		err = open_refresh_timer(rt);
	if (!err)
		err = loop_add(&rt->loop, rt->timerfd, on_refresh_timer, rt);
	if (err)
		return err;

	before = rt->events.delivered;
	events_drain(&rt->events);
	log_adoption(rt, rt->events.delivered - before);
	log_backend(rt);
	rt->attached = true;
	sweep_existing(rt, "at start");
	write_metrics(rt, true);
	log_info("enforcing policy generation %u from %s; enforcement is pinned at %s and "
		 "outlives this daemon until 'sockfence unload'",
		 rt->daemon.active->generation, rt->daemon.policy_source, SF_PIN_DIR);
	snprintf(status, sizeof(status),
		 "READY=1\nSTATUS=enforcing policy generation %u (%s backend)",
		 rt->daemon.active->generation, backend_name(rt->backend.kind));
	notify_systemd(status);
	err = loop_run(&rt->loop);
	if (err)
		log_err("event loop failed: %s", strerror(-err));
	events_drain(&rt->events); /* report what arrived before the stop */
	if (!rt->unloaded)
		log_counters(rt);
	write_metrics(rt, false);
	if (!rt->unloaded)
		log_info("stopping; enforcement of generation %u stays pinned ('sockfence unload "
			 "--yes' removes it)",
			 rt->daemon.active->generation);
	return err;
}

int cmd_run(int argc, char **argv)
{
	struct runtime rt = {
		.sigfd = -1,
		.timerfd = -1,
		.control.fd = -1,
		.watch.fd = -1,
		.loop.epfd = -1,
		.loader.old_events_fd = -1,
	};
	int err;

	err = parse_options(argc, argv, &rt);
	if (err)
		return err < 0 ? 0 : err;
	rt.control.command = runtime_command;
	rt.control.command_ctx = &rt;
	rt.control.subscribe = runtime_subscribe;

	/*
	 * A peer that leaves (a control client, the reader of a JSON FIFO) is
	 * an EPIPE to handle where it happens, never the end of the daemon.
	 */
	signal(SIGPIPE, SIG_IGN);
	log_open_syslog();
	err = serve(&rt);
	loop_fini(&rt.loop);
	if (rt.sigfd >= 0)
		close(rt.sigfd);
	if (rt.timerfd >= 0)
		close(rt.timerfd);
	watch_fini(&rt.watch);
	control_close(&rt.control);
	events_close(&rt.events);
	loader_destroy(&rt.loader);
	daemon_fini(&rt.daemon);
	if (err)
		log_err("not enforcing: sockfence stopped with an error");
	log_close_syslog();
	return err ? 1 : 0;
}
