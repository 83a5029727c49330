// SPDX-License-Identifier: GPL-2.0-only
#include "socket_owners.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "grow.h"

static int add(struct socket_owners *o, __u64 ino, pid_t pid)
{
	if (GROW_FOR_ONE(o->items, o->n, o->cap, 256))
		return -ENOMEM;
	o->items[o->n++] = (struct socket_owner){ .ino = ino, .pid = pid };
	return 0;
}

static bool all_digits(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return false;
	return true;
}

static int read_process(struct socket_owners *o, int proc_fd, const char *pid_text)
{
	char dir[64], link[64];
	int fd_dir;
	DIR *d;
	struct dirent *e;
	int err = 0;

	snprintf(dir, sizeof(dir), "%.20s/fd", pid_text);
	fd_dir = openat(proc_fd, dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd_dir < 0)
		return 0; /* gone, or a kernel thread */
	d = fdopendir(fd_dir);
	if (!d) {
		close(fd_dir);
		return 0;
	}
	while (!err && (e = readdir(d))) {
		unsigned long long ino;
		ssize_t n;

		if (!all_digits(e->d_name))
			continue;
		n = readlinkat(dirfd(d), e->d_name, link, sizeof(link) - 1);
		if (n <= 0)
			continue;
		link[n] = '\0';
		if (sscanf(link, "socket:[%llu]", &ino) == 1)
			err = add(o, ino, (pid_t)atoi(pid_text));
	}
	closedir(d);
	return err;
}

static int by_inode(const void *a, const void *b)
{
	const struct socket_owner *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->pid > y->pid) - (x->pid < y->pid);
}

/* One entry per (inode, pid): a process may hold a socket more than once. */
static void sort_unique(struct socket_owners *o)
{
	size_t kept = 0;

	qsort(o->items, o->n, sizeof(*o->items), by_inode);
	for (size_t i = 0; i < o->n; i++) {
		if (kept && o->items[kept - 1].ino == o->items[i].ino &&
		    o->items[kept - 1].pid == o->items[i].pid)
			continue;
		o->items[kept++] = o->items[i];
	}
	o->n = kept;
}

int socket_owners_read(struct socket_owners *out, const char *proc_dir)
{
	int proc_fd = open(proc_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	struct dirent *e;
	DIR *d;
	int err = 0;

	memset(out, 0, sizeof(*out));
	if (proc_fd < 0)
		return -errno;
	d = fdopendir(dup(proc_fd));
	if (!d) {
		err = -errno;
		close(proc_fd);
		return err;
	}
	while (!err && (e = readdir(d))) {
		if (all_digits(e->d_name))
			err = read_process(out, proc_fd, e->d_name);
	}
	closedir(d);
	close(proc_fd);
	if (err) {
		socket_owners_free(out);
		return err;
	}
	sort_unique(out);
	return 0;
}

size_t socket_owners_of(const struct socket_owners *o, __u64 ino, pid_t *pids, size_t max)
{
	size_t lo = 0, hi = o->n, count = 0;

	while (lo < hi) { /* the first entry with this inode or a higher one */
		size_t mid = lo + (hi - lo) / 2;

		if (o->items[mid].ino < ino)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < o->n && o->items[i].ino == ino; i++) {
		if (count < max)
			pids[count] = o->items[i].pid;
		count++;
	}
	return count;
}

void socket_owners_free(struct socket_owners *o)
{
	free(o->items);
	memset(o, 0, sizeof(*o));
}
