/* SPDX-License-Identifier: GPL-2.0 */
/* Where a run's logs, result files and summary go. */
#ifndef KTSTR_HOST_RESULTS_DIR_H
#define KTSTR_HOST_RESULTS_DIR_H

#include <stddef.h>

/*
 * Create the results directory: @requested (mkdir -p), or
 * ./ktstr-results/<YYYYmmdd-HHMMSS>[-N] that did not exist before. @out
 * gets its absolute path.
 */
int ktstr_results_dir(const char *requested, char *out, size_t len);

#endif /* KTSTR_HOST_RESULTS_DIR_H */
