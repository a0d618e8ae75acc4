/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * testutil.h - the in-tree test harness: assertions that count, hex helpers,
 * and a reader for the key = value vector files of tests/vectors.
 * A test is one main() that calls the T_* macros and ends with t_done().
 */
#ifndef SSLPROV_TESTUTIL_H
#define SSLPROV_TESTUTIL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "sslprovider.h"

extern int t_pass, t_fail;

void t_fail_at(const char *file, int line, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
int t_done(void); /* prints "N passed, N failed"; returns the exit status */

#define T_ASSERT(cond)                                                                                                 \
    do {                                                                                                               \
        if (cond)                                                                                                      \
            t_pass++;                                                                                                  \
        else                                                                                                           \
            t_fail_at(__FILE__, __LINE__, "%s", #cond);                                                                \
    } while (0)

/* Status equality, printed in hex on failure. */
#define T_STATUS(expr, want)                                                                                           \
    do {                                                                                                               \
        SECURITY_STATUS t_got_ = (SECURITY_STATUS)(expr);                                                              \
        SECURITY_STATUS t_want_ = (SECURITY_STATUS)(want);                                                             \
        if (t_got_ == t_want_)                                                                                         \
            t_pass++;                                                                                                  \
        else                                                                                                           \
            t_fail_at(__FILE__, __LINE__, "%s: got 0x%08x, want 0x%08x", #expr, (unsigned)t_got_, (unsigned)t_want_);  \
    } while (0)
#define T_OK(expr) T_STATUS(expr, 0)

/* Byte equality, both printed in hex on failure. */
#define T_BYTES(got, want, len)                                                                                        \
    do {                                                                                                               \
        if (memcmp((got), (want), (len)) == 0)                                                                         \
            t_pass++;                                                                                                  \
        else                                                                                                           \
            t_fail_bytes(__FILE__, __LINE__, #got, (const uint8_t *)(got), (const uint8_t *)(want), (len));            \
    } while (0)
void t_fail_bytes(const char *file, int line, const char *what, const uint8_t *got, const uint8_t *want, size_t len);

/* Hex: t_unhex returns the byte count or -1; t_hex writes lowercase + NUL. */
long t_unhex(const char *hex, uint8_t *out, size_t cap);
void t_hex(const uint8_t *in, size_t len, char *out);

/* Vector files: records separated by blank lines, "key = value" lines, '#'
 * comments.  A missing or unreadable file ends the test: one FAIL line naming the
 * file, exit status 1 (t_vec_open never returns NULL). */
struct t_vec;
struct t_vec *t_vec_open(const char *name);              /* relative to SSLPROV_VECTORS_DIR */
bool t_vec_next(struct t_vec *v);                        /* advance to the next record */
const char *t_vec_get(struct t_vec *v, const char *key); /* NULL if absent */
/* t_vec_hex decodes a hex field into a malloc'ed buffer (NULL if absent). */
uint8_t *t_vec_hex(struct t_vec *v, const char *key, size_t *len);
int t_vec_line(struct t_vec *v); /* line number of the current record */
void t_vec_close(struct t_vec *v);

/* Random bytes for differential tests (seeded from the environment variable
 * SSLPROV_TEST_SEED if set, printed at start for reproduction). */
void t_rand_init(void);
void t_rand(uint8_t *out, size_t n);
uint32_t t_rand_u32(uint32_t bound);

/* Quick mode: SSLPROV_TEST_QUICK=1 (set by make check-valgrind) asks tests to
 * cut random iterations.  t_iterations(n) is n, or n/10 (at least 1) in quick
 * mode; use it for loops over random inputs, never for KAT files. */
bool t_quick(void);
unsigned t_iterations(unsigned n);

/* A provider with secret export allowed (for tests that read derived keys). */
NCRYPT_PROV_HANDLE t_open_provider(bool allow_export);

/* Parameter list with client and server randoms. */
struct t_randoms {
    NCryptBuffer buf[4];
    NCryptBufferDesc desc;
};
NCryptBufferDesc *t_randoms(struct t_randoms *r, const uint8_t *cr, const uint8_t *sr);

#endif
