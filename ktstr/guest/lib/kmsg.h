/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The kernel log, read from /dev/kmsg without blocking: the text of every
 * record still in the ring buffer, one message per line.
 */
#ifndef KTSTR_KMSG_H
#define KTSTR_KMSG_H

#include <stddef.h>

#include "guest/lib/strbuf.h"

int ktstr_kmsg_read(struct ktstr_buf *out);
/*
 * Append the message text of one /dev/kmsg record
 * ("<prio>,<seq>,<ts>,<flags>;<text>\n[ KEY=value\n...]") and a newline.
 * Returns -EINVAL for a record without the ';' header.
 */
int ktstr_kmsg_record_text(const char *rec, size_t len, struct ktstr_buf *out);

#endif /* KTSTR_KMSG_H */
