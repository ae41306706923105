// SPDX-License-Identifier: GPL-2.0
#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "common/scx_exit.h"
#include "host/repro/repro_tails.h"

struct line {
	const char *s;
	size_t len;
};

/* Split @t into lines without their "\r\n"; NULL on allocation failure. */
static struct line *split(struct ktstr_text t, size_t *nr)
{
	struct ktstr_text rest = t, line;
	size_t n = 1, i = 0, pos;
	struct line *v;

	for (pos = 0; pos < t.len; pos++)
		n += t.s[pos] == '\n';
	v = calloc(n, sizeof(*v));
	if (!v)
		return NULL;
	while (ktstr_text_next_line(&rest, &line))
		v[i++] = (struct line){ line.s, line.len };
	*nr = i;
	return v;
}

static bool is_bad_byte(unsigned char c)
{
	return c == 0 || c == 0xff || c == 0x7f ||
	       (c < 0x20 && c != '\t' && c != '\n' && c != '\r');
}

/* One line, unprintable bytes as '?', NULs (serial padding) dropped. */
static void print_line(FILE *out, const char *indent, const char *s,
		       size_t len)
{
	size_t i;

	/* no trailing blanks: the caller's "# " prefix ends blank lines */
	if (len)
		fputs(indent, out);
	for (i = 0; i < len; i++) {
		unsigned char c = s[i];

		if (c == 0)
			continue;
		fputc(is_bad_byte(c) ? '?' : c, out);
	}
	fputc('\n', out);
}

/* A line's shape: its text with every number (decimal or hex) as '#'. */
static uint64_t shape(const struct line *l)
{
	uint64_t h = 1469598103934665603ULL;
	size_t i = 0;

	while (i < l->len) {
		unsigned char c = l->s[i];

		if (isdigit(c)) {
			if (c == '0' && i + 1 < l->len && l->s[i + 1] == 'x')
				i += 2;
			while (i < l->len && isxdigit((unsigned char)l->s[i]))
				i++;
			c = '#';
		} else {
			i++;
		}
		h = (h ^ c) * 1099511628211ULL;
	}
	return h;
}

/* An output item: a line, or (line == NULL) "[... count similar ...]". */
struct item {
	const struct line *line;
	size_t count;
};

static bool same_block(const uint64_t *h, size_t a, size_t b, size_t p)
{
	size_t k;

	for (k = 0; k < p; k++)
		if (h[a + k] != h[b + k])
			return false;
	return true;
}

/*
 * Greedy from the top: at each line take the period whose repetitions
 * hide the most lines, keep its last block (the latest numbers).
 */
static size_t collapse(const struct line *l, size_t n, struct item *out)
{
	size_t i = 0, nr = 0, p, r, best_p, best_r, k;
	uint64_t *h = calloc(n ? n : 1, sizeof(*h));

	if (!h) {
		for (i = 0; i < n; i++)
			out[i] = (struct item){ &l[i], 0 };
		return n;
	}
	for (i = 0; i < n; i++)
		h[i] = shape(&l[i]);
	i = 0;
	while (i < n) {
		best_p = 0;
		best_r = 1;
		for (p = 1; p <= REPRO_MAX_PERIOD && i + 2 * p <= n; p++) {
			for (r = 1; i + (r + 1) * p <= n &&
			     same_block(h, i, i + r * p, p); r++)
				;
			if (r > 1 && (r - 1) * p > (best_r - 1) * best_p) {
				best_p = p;
				best_r = r;
			}
		}
		if (best_r < 2 || (best_r - 1) * best_p < 2) {
			out[nr++] = (struct item){ &l[i++], 0 };
			continue;
		}
		out[nr++] = (struct item){ NULL, (best_r - 1) * best_p };
		for (k = 0; k < best_p; k++)
			out[nr++] = (struct item){
				&l[i + (best_r - 1) * best_p + k], 0 };
		i += best_r * best_p;
	}
	free(h);
	return nr;
}

static void print_items(FILE *out, const char *indent, const struct line *l,
			size_t n, size_t max)
{
	struct item *items = calloc(n ? n : 1, sizeof(*items));
	size_t nr, i;

	if (!items) {
		for (i = n > max ? n - max : 0; i < n; i++)
			print_line(out, indent, l[i].s, l[i].len);
		return;
	}
	nr = collapse(l, n, items);
	for (i = nr > max ? nr - max : 0; i < nr; i++) {
		/* a cut-out block leaves blank lines on both sides */
		if (items[i].line && !items[i].line->len && i + 1 < nr &&
		    items[i + 1].line && !items[i + 1].line->len)
			continue;
		if (items[i].line)
			print_line(out, indent, items[i].line->s,
				   items[i].line->len);
		else
			fprintf(out, "%s[... %zu similar lines ...]\n", indent,
				items[i].count);
	}
	free(items);
}

/* Drop trailing blank lines: a log ends with its newline. */
static size_t trim(const struct line *l, size_t n)
{
	while (n && !l[n - 1].len)
		n--;
	return n;
}

void repro_print_collapsed(FILE *out, const char *indent,
			   struct ktstr_text t, size_t max)
{
	struct line *l;
	size_t n;

	l = split(t, &n);
	if (!l)
		return;
	print_items(out, indent, l, trim(l, n), max);
	free(l);
}

/* @l lies inside @t (a span of the text it was split from). */
static bool line_within(const struct line *l, struct ktstr_text t)
{
	return t.s && l->s >= t.s && l->s < t.s + t.len;
}

/*
 * Keep the lines of @t (split into @l) outside its DEBUG DUMP block and,
 * with @trace_lines, those that are not sched_ext_dump events. Returns
 * the count.
 */
static size_t drop_dump(struct ktstr_text t, struct line *l, size_t n,
			bool trace_lines)
{
	struct scx_dump_block b = { 0 };
	struct ktstr_text body;
	size_t i, nr = 0;

	scx_dump_block_find(t, &b);
	for (i = 0; i < n; i++) {
		if (line_within(&l[i], b.whole))
			continue;
		if (trace_lines && scx_dump_event_line((struct ktstr_text){
				l[i].s, l[i].len }, &body))
			continue;
		l[nr++] = l[i];
	}
	return nr;
}

enum repro_console_class repro_console_classify(struct ktstr_text t,
						size_t *bad)
{
	size_t i, nbad = 0, printable = 0, run = 0;
	bool words = false;

	for (i = 0; i < t.len; i++) {
		unsigned char c = t.s[i];

		if (is_bad_byte(c)) {
			nbad++;
			run = 0;
		} else if (isalnum(c)) {
			printable++;
			/* a readable word, not noise that happens to print */
			if (++run >= 3)
				words = true;
		} else {
			if (!isspace(c))
				printable++;
			run = 0;
		}
	}
	if (bad)
		*bad = nbad;
	if (!nbad && !printable)
		return REPRO_CONSOLE_EMPTY;
	if (!words || nbad > printable)
		return REPRO_CONSOLE_GARBAGE;
	return REPRO_CONSOLE_TEXT;
}

/* Mostly unprintable: a line of noise between readable ones. */
static bool is_noise(const struct line *l)
{
	size_t i, nbad = 0;

	for (i = 0; i < l->len; i++)
		nbad += is_bad_byte(l->s[i]) && l->s[i] != 0;
	return nbad * 2 > l->len;
}

void repro_print_console(FILE *out, const char *indent, struct ktstr_text t,
			 size_t max)
{
	size_t bad, n, i, nr = 0;
	struct line *l;

	switch (repro_console_classify(t, &bad)) {
	case REPRO_CONSOLE_EMPTY:
		fprintf(out, "%sempty: the VM wrote nothing to its console\n",
			indent);
		return;
	case REPRO_CONSOLE_GARBAGE:
		fprintf(out, "%sno readable text: %zu bytes, %zu of them NUL, 0xFF or control characters (not shown)\n",
			indent, t.len, bad);
		return;
	default:
		break;
	}
	l = split(t, &n);
	if (!l)
		return;
	n = drop_dump(t, l, n, true);
	for (i = 0; i < n; i++)
		if (!is_noise(&l[i]))
			l[nr++] = l[i];
	print_items(out, indent, l, trim(l, nr), max);
	free(l);
}

/*
 * The first @max lines: a dump leads with the exit, its backtrace and the
 * CPU that hit it, and every line of it differs in what matters.
 */
static void print_head(FILE *out, const char *indent, struct ktstr_text t,
		       size_t max)
{
	size_t n, i, first;
	struct line *l;

	l = split(t, &n);
	if (!l)
		return;
	n = trim(l, n);
	for (first = 0; first < n && !l[first].len; first++)
		;
	for (i = first; i < n && i - first < max; i++)
		print_line(out, indent, l[i].s, l[i].len);
	if (n - first > max)
		fprintf(out, "%s[... %zu more lines ...]\n", indent,
			n - first - max);
	free(l);
}

void repro_render_tails(FILE *out, const struct repro_outcome *o)
{
	struct ktstr_text dump = o->dump;
	struct ktstr_text log = o->sched_log;
	struct scx_dump_block block;
	struct line *l;
	size_t n;

	fprintf(out, "repro VM duration: %.1fs\n", o->duration_s);
	if (log.s && log.len) {
		fprintf(out, "repro scheduler log (last %d lines):\n",
			REPRO_TAIL_LINES);
		l = split(log, &n);
		if (l) {
			n = drop_dump(log, l, n, false);
			print_items(out, "  ", l, trim(l, n),
				    REPRO_TAIL_LINES);
			free(l);
		}
	} else {
		fprintf(out, "repro scheduler log: none\n");
	}
	if ((!dump.s || !dump.len) && !scx_dump_block_find(log, &block))
		dump = block.body;
	if (dump.s && dump.len) {
		fprintf(out, "repro sched_ext dump:\n");
		print_head(out, "  ", dump, REPRO_DUMP_LINES);
	} else {
		fprintf(out, "repro sched_ext dump: none\n");
	}
	fprintf(out, "repro dmesg (last %d lines, dump lines removed):\n",
		REPRO_TAIL_LINES);
	repro_print_console(out, "  ", o->console, REPRO_TAIL_LINES);
}
