/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The SHA-256 of a file, for the result record of a run with a scheduler
 * given by path (which binary exactly was tested). OpenSSL's libcrypto
 * (EVP): already a build dependency (libssl-dev) and uses the CPU's SHA
 * instructions; a private implementation would be one more thing to test.
 */
#ifndef KTSTR_HOST_SCHED_SHA256_H
#define KTSTR_HOST_SCHED_SHA256_H

#define KTSTR_SHA256_HEX_LEN	64

/*
 * @hex gets the digest as lowercase hex, NUL-terminated, as sha256sum
 * prints it. Returns 0, -errno if @path cannot be read, or -EIO if
 * libcrypto fails.
 */
int ktstr_sha256_file(const char *path, char hex[KTSTR_SHA256_HEX_LEN + 1]);

#endif /* KTSTR_HOST_SCHED_SHA256_H */
