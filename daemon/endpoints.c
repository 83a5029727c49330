// SPDX-License-Identifier: GPL-2.0-only
#include "endpoints.h"

#include <errno.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>

#include "log.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static const char *const builtin_names[] = { "docker", "docker-tcp" };

static const struct endpoint_target builtin_targets[] = {
	{ .endpoint_id = 0, .kind = ENDPOINT_UNIX, .path = "/var/run/docker.sock" },
	{ .endpoint_id = 0, .kind = ENDPOINT_UNIX, .path = "/run/docker.sock" },
	{ .endpoint_id = 1, .kind = ENDPOINT_TCP, .port = 2375 },
};

static const struct endpoint_config builtin_config = {
	.names = builtin_names,
	.n_names = ARRAY_SIZE(builtin_names),
	.targets = builtin_targets,
	.n_targets = ARRAY_SIZE(builtin_targets),
};

const struct endpoint_config *endpoints_builtin(void)
{
	return &builtin_config;
}

uint64_t endpoint_kernel_dev(dev_t st_dev)
{
	/* include/linux/kdev_t.h: MINORBITS is 20 inside the kernel. */
	return ((uint64_t)major(st_dev) << 20) | minor(st_dev);
}

int endpoint_resolve_unix(const char *path, struct sf_unix_key *key)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -errno;
	if (!S_ISSOCK(st.st_mode))
		return -ENOTSOCK;
	key->dev = endpoint_kernel_dev(st.st_dev);
	key->ino = st.st_ino;
	return 0;
}

static const struct resolved_unix *find_key(const struct endpoint_state *st,
					    const struct sf_unix_key *key)
{
	for (size_t i = 0; i < st->n_unix; i++) {
		if (st->unix_targets[i].key.dev == key->dev &&
		    st->unix_targets[i].key.ino == key->ino)
			return &st->unix_targets[i];
	}
	return NULL;
}

int endpoints_resolve(struct endpoint_state *st, const struct endpoint_config *cfg)
{
	memset(st, 0, sizeof(*st));
	st->config = cfg;
	for (size_t i = 0; i < cfg->n_targets; i++) {
		const struct endpoint_target *t = &cfg->targets[i];
		struct sf_unix_key key;
		const struct resolved_unix *seen;
		int err;

		if (t->kind != ENDPOINT_UNIX)
			continue;
		err = endpoint_resolve_unix(t->path, &key);
		if (err == -ENOENT) {
			log_warn("endpoint %s: %s does not exist; that path is NOT "
				 "protected until sockfence is restarted after it appears",
				 endpoints_name(cfg, t->endpoint_id), t->path);
			continue;
		}
		if (err == -ENOTSOCK) {
			log_err("endpoint %s: %s is not a unix socket; fix the path",
				endpoints_name(cfg, t->endpoint_id), t->path);
			return err;
		}
		if (err) {
			log_err("endpoint %s: cannot stat %s: %s",
				endpoints_name(cfg, t->endpoint_id), t->path, strerror(-err));
			return err;
		}
		seen = find_key(st, &key);
		if (seen) {
			log_debug("endpoint %s: %s is the same socket as %s",
				  endpoints_name(cfg, t->endpoint_id), t->path, seen->path);
			continue;
		}
		if (st->n_unix == SF_MAX_UNIX_ENDPOINTS) {
			log_err("too many unix endpoints: at most %d socket files",
				SF_MAX_UNIX_ENDPOINTS);
			return -E2BIG;
		}
		st->unix_targets[st->n_unix++] = (struct resolved_unix){
			.key = key,
			.endpoint_id = t->endpoint_id,
			.path = t->path,
		};
	}
	return 0;
}

const char *endpoints_name(const struct endpoint_config *cfg, uint32_t endpoint_id)
{
	return endpoint_id < cfg->n_names ? cfg->names[endpoint_id] : "?";
}

const char *endpoints_unix_path(const struct endpoint_state *st, const struct sf_unix_key *key)
{
	const struct resolved_unix *found = find_key(st, key);

	return found ? found->path : NULL;
}
