// SPDX-License-Identifier: GPL-2.0-only
/* The JSON Lines file: its mode, size rotation, what rotation keeps. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "json_sink.h"
#include "unit.h"

static char dir[64], file[96];

static int setup(void)
{
	char tmpl[] = "/tmp/sockfence-json-XXXXXX";

	if (!mkdtemp(tmpl))
		return -1;
	snprintf(dir, sizeof(dir), "%s", tmpl);
	snprintf(file, sizeof(file), "%s/events.jsonl", dir);
	return 0;
}

static int teardown(void)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	return system(cmd);
}

static off_t size_of(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 ? st.st_size : -1;
}

/* Record n: 100 bytes, newline included, with its number first. */
static void record(char *out, unsigned int n)
{
	snprintf(out, 101, "{\"n\":%06u,\"pad\":\"%*s\"}", n, 100 - 22, "");
	out[99] = '\n';
}

static void created_mode_0640(void)
{
	struct json_sink j = { .fd = -1 };
	mode_t old = umask(022);
	struct stat st;

	CU_ASSERT_EQUAL_FATAL(json_sink_open(&j, file), 0);
	umask(old);
	CU_ASSERT_EQUAL(stat(file, &st), 0);
	CU_ASSERT_EQUAL(st.st_mode & 07777, 0640);
	json_sink_close(&j);
	unlink(file);
}

/*
 * max_size 1,000 bytes and keep 2: 35 records of 100 bytes go 10 to a
 * file; the newest 25 are kept (FILE, FILE.1, FILE.2), the 10 before them
 * are gone with the oldest file, none is split.
 */
static void rotates_by_size_keeping_two(void)
{
	struct json_sink j = { .fd = -1, .max_size = 1000, .keep = 2 };
	char line[101], path[128];
	FILE *f;

	CU_ASSERT_EQUAL_FATAL(json_sink_open(&j, file), 0);
	for (unsigned int n = 0; n < 35; n++) {
		record(line, n);
		json_sink_write(&j, line, 100);
	}
	json_sink_close(&j);
	CU_ASSERT_EQUAL(j.written, 35);
	CU_ASSERT_EQUAL(j.lost, 0);
	CU_ASSERT_EQUAL(j.rotations, 3);
	CU_ASSERT_EQUAL(size_of(file), 500);
	snprintf(path, sizeof(path), "%s.1", file);
	CU_ASSERT_EQUAL(size_of(path), 1000);
	snprintf(path, sizeof(path), "%s.2", file);
	CU_ASSERT_EQUAL(size_of(path), 1000);
	f = fopen(path, "r"); /* the oldest kept: records 10 to 19 */
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	CU_ASSERT_PTR_NOT_NULL(fgets(line, sizeof(line), f));
	CU_ASSERT_EQUAL(strncmp(line, "{\"n\":000010,", 12), 0);
	fclose(f);
	snprintf(path, sizeof(path), "%s.3", file);
	CU_ASSERT_EQUAL(size_of(path), -1);
}

/* A file that was already there counts toward the size; keep 0 keeps nothing. */
static void existing_size_counts_and_keep_zero(void)
{
	struct json_sink j = { .fd = -1, .max_size = 1000, .keep = 0 };
	char line[101], path[128];
	FILE *f;

	for (unsigned int i = 1; i <= 2; i++) { /* what the test before left */
		snprintf(path, sizeof(path), "%s.%u", file, i);
		unlink(path);
	}
	f = fopen(file, "w");
	CU_ASSERT_PTR_NOT_NULL_FATAL(f);
	for (unsigned int n = 0; n < 9; n++) {
		record(line, n);
		fwrite(line, 1, 100, f);
	}
	fclose(f);
	CU_ASSERT_EQUAL_FATAL(json_sink_open(&j, file), 0);
	for (unsigned int n = 9; n < 12; n++) {
		record(line, n);
		json_sink_write(&j, line, 100);
	}
	json_sink_close(&j);
	CU_ASSERT_EQUAL(j.rotations, 1);
	CU_ASSERT_EQUAL(size_of(file), 200); /* records 10 and 11 */
	snprintf(path, sizeof(path), "%s.1", file);
	CU_ASSERT_EQUAL(size_of(path), -1);
}

int register_json_sink_tests(void)
{
	static const struct unit_test tests[] = {
		{ "created mode 0640", created_mode_0640 },
		{ "rotates by size keeping two", rotates_by_size_keeping_two },
		{ "existing size counts, keep 0 keeps nothing",
		  existing_size_counts_and_keep_zero },
		{ 0 },
	};

	return unit_add_suite("json_sink", setup, teardown, tests);
}
