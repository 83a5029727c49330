// SPDX-License-Identifier: GPL-2.0-only
#include "yaml_tree.h"

#include <stdlib.h>
#include <string.h>
#include <yaml.h>

struct builder {
	struct diag_list *diags;
	struct ynode *root;
	struct ynode *stack[YAML_TREE_MAX_DEPTH];
	size_t depth;
	int documents;
};

static struct diag_pos mark_pos(yaml_mark_t mark)
{
	return (struct diag_pos){ (unsigned int)mark.line + 1, (unsigned int)mark.column + 1 };
}

void yaml_tree_free(struct ynode *n)
{
	if (!n)
		return;
	for (size_t i = 0; i < n->n; i++)
		yaml_tree_free(n->items[i]);
	free(n->items);
	free(n->text);
	free(n);
}

static bool node_append(struct ynode *parent, struct ynode *child)
{
	if (parent->n == parent->cap) {
		size_t cap = parent->cap ? parent->cap * 2 : 8;
		struct ynode **items = realloc(parent->items, cap * sizeof(*items));

		if (!items)
			return false;
		parent->items = items;
		parent->cap = cap;
	}
	parent->items[parent->n++] = child;
	return true;
}

/* Hangs a new node under the open collection; returns -1 when out of memory. */
static int build_add(struct builder *b, struct ynode *n, bool open)
{
	if (!n)
		goto oom;
	if (b->depth == 0)
		b->root = n;
	else if (!node_append(b->stack[b->depth - 1], n))
		goto oom;
	if (open)
		b->stack[b->depth++] = n;
	return 0;
oom:
	yaml_tree_free(n);
	diag_add(b->diags, DIAG_ERROR, (struct diag_pos){ 0 },
		 "out of memory while reading the policy (free some memory and retry)");
	return -1;
}

static struct ynode *node_new(enum ynode_kind kind, yaml_mark_t mark)
{
	struct ynode *n = calloc(1, sizeof(*n));

	if (n) {
		n->kind = kind;
		n->pos = mark_pos(mark);
	}
	return n;
}

static void refuse_tag(struct builder *b, const yaml_event_t *ev, const yaml_char_t *tag)
{
	if (tag)
		diag_add(b->diags, DIAG_ERROR, mark_pos(ev->start_mark),
			 "tags are not supported (remove the '!' tag before this value)");
}

static int build_scalar(struct builder *b, const yaml_event_t *ev)
{
	struct ynode *n = node_new(YN_SCALAR, ev->start_mark);

	refuse_tag(b, ev, ev->data.scalar.tag);
	if (n) {
		n->len = ev->data.scalar.length;
		n->plain = ev->data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
		n->text = malloc(n->len + 1);
		if (!n->text) {
			free(n);
			n = NULL;
		} else {
			memcpy(n->text, ev->data.scalar.value, n->len);
			n->text[n->len] = '\0';
		}
	}
	return build_add(b, n, false);
}

static int build_open(struct builder *b, const yaml_event_t *ev, enum ynode_kind kind,
		      const yaml_char_t *tag)
{
	if (b->depth == YAML_TREE_MAX_DEPTH) {
		diag_add(b->diags, DIAG_ERROR, mark_pos(ev->start_mark),
			 "the policy nests more than %d levels deep (a policy needs at most 4)",
			 YAML_TREE_MAX_DEPTH);
		return -1;
	}
	refuse_tag(b, ev, tag);
	return build_add(b, node_new(kind, ev->start_mark), true);
}

/* Returns 0 to go on, 1 when the document is complete, -1 to give up. */
static int build_event(struct builder *b, const yaml_event_t *ev)
{
	switch (ev->type) {
	case YAML_DOCUMENT_START_EVENT:
		if (b->documents++ == 0)
			return 0;
		diag_add(b->diags, DIAG_ERROR, mark_pos(ev->start_mark),
			 "more than one YAML document (a policy file holds exactly one; "
			 "remove everything from here on)");
		return 1;
	case YAML_SCALAR_EVENT:
		return build_scalar(b, ev);
	case YAML_ALIAS_EVENT:
		/* Refused, not expanded: a billion laughs never gets to grow. */
		diag_add(b->diags, DIAG_ERROR, mark_pos(ev->start_mark),
			 "aliases are not supported (write the value out in full instead of '*%s')",
			 ev->data.alias.anchor);
		return build_add(b, node_new(YN_ALIAS, ev->start_mark), false);
	case YAML_SEQUENCE_START_EVENT:
		return build_open(b, ev, YN_SEQ, ev->data.sequence_start.tag);
	case YAML_MAPPING_START_EVENT:
		return build_open(b, ev, YN_MAP, ev->data.mapping_start.tag);
	case YAML_SEQUENCE_END_EVENT:
	case YAML_MAPPING_END_EVENT:
		b->depth--;
		return 0;
	case YAML_STREAM_END_EVENT:
		return 1;
	default:
		return 0;
	}
}

/* libyaml gives reader errors as a byte offset only. */
static struct diag_pos offset_pos(const char *text, size_t len, size_t offset)
{
	struct diag_pos pos = { 1, 1 };

	for (size_t i = 0; i < offset && i < len; i++) {
		if (text[i] == '\n') {
			pos.line++;
			pos.col = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			pos.col++;
		}
	}
	return pos;
}

static void syntax_error(struct diag_list *diags, const yaml_parser_t *parser, const char *text,
			 size_t len)
{
	const char *problem = parser->problem ? parser->problem : "invalid YAML";
	struct diag_pos ctx = mark_pos(parser->context_mark);

	switch (parser->error) {
	case YAML_MEMORY_ERROR:
		diag_add(diags, DIAG_ERROR, (struct diag_pos){ 0 },
			 "out of memory while reading the policy (free some memory and retry)");
		break;
	case YAML_READER_ERROR:
		diag_add(diags, DIAG_ERROR, offset_pos(text, len, parser->problem_offset),
			 "%s: #%X (a policy file is UTF-8 text without control characters)",
			 problem, (unsigned int)parser->problem_value);
		break;
	default:
		if (parser->context)
			diag_add(diags, DIAG_ERROR, mark_pos(parser->problem_mark),
				 "%s (YAML syntax error %s at line %u:%u; "
				 "check indentation, colons and quotes)",
				 problem, parser->context, ctx.line, ctx.col);
		else
			diag_add(diags, DIAG_ERROR, mark_pos(parser->problem_mark),
				 "%s (YAML syntax error; check indentation, colons and quotes)",
				 problem);
	}
}

bool yaml_tree_read(const char *text, size_t len, struct diag_list *diags, struct ynode **root)
{
	struct builder builder = { .diags = diags };
	struct builder *b = &builder;
	bool ok;

	yaml_parser_t parser;
	yaml_event_t ev;
	int r = 0;

	if (!yaml_parser_initialize(&parser)) {
		diag_add(b->diags, DIAG_ERROR, (struct diag_pos){ 0 },
			 "out of memory while reading the policy (free some memory and retry)");
		return false;
	}
	/* libyaml asserts on a NULL input, even an empty one. */
	yaml_parser_set_input_string(&parser, (const unsigned char *)(text ? text : ""), len);
	while (r == 0) {
		if (!yaml_parser_parse(&parser, &ev)) {
			/* What was found before the error means nothing now. */
			char *file = b->diags->file;

			b->diags->file = NULL; /* kept for the fresh list */
			diag_free(b->diags);
			diag_init(b->diags, file);
			free(file);
			syntax_error(b->diags, &parser, text, len);
			r = -1;
			break;
		}
		r = build_event(b, &ev);
		yaml_event_delete(&ev);
	}
	yaml_parser_delete(&parser);
	ok = r > 0;
	*root = b->root;
	return ok;
}
