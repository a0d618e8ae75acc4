/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
#include "testutil.h"

#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <sys/stat.h>

int t_pass, t_fail;

void t_fail_at(const char *file, int line, const char *fmt, ...) {
    va_list ap;
    t_fail++;
    fprintf(stderr, "FAIL %s:%d: ", file, line);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fputc('\n', stderr);
}

void t_fail_bytes(const char *file, int line, const char *what, const uint8_t *got, const uint8_t *want, size_t len) {
    char *g = malloc(2 * len + 1), *w = malloc(2 * len + 1);
    t_hex(got, len, g);
    t_hex(want, len, w);
    t_fail_at(file, line, "%s\n  got  %s\n  want %s", what, g, w);
    free(g);
    free(w);
}

int t_done(void) {
    printf("%d passed, %d failed\n", t_pass, t_fail);
    return (t_fail == 0 && t_pass > 0) ? 0 : 1;
}

static int nib(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

long t_unhex(const char *hex, uint8_t *out, size_t cap) {
    size_t n = strlen(hex);
    if (n % 2) return -1;
    if (n / 2 > cap) return -1;
    for (size_t i = 0; i < n / 2; i++) {
        int a = nib(hex[2 * i]), b = nib(hex[2 * i + 1]);
        if (a < 0 || b < 0) return -1;
        out[i] = (uint8_t)(a << 4 | b);
    }
    return (long)(n / 2);
}

void t_hex(const uint8_t *in, size_t len, char *out) {
    static const char d[] = "0123456789abcdef";
    for (size_t i = 0; i < len; i++) {
        out[2 * i] = d[in[i] >> 4];
        out[2 * i + 1] = d[in[i] & 15];
    }
    out[2 * len] = 0;
}

#define T_VEC_MAX 64
struct t_vec {
    FILE *f;
    int lineno, rec_line;
    int n;
    char *keys[T_VEC_MAX], *vals[T_VEC_MAX];
    char *line;
    size_t cap;
    char path[4096];
};

/* A known-answer file that cannot be read ends the test at once: one line naming
 * the file, exit status 1, no crash in callers that go on with a NULL reader and
 * no cascade of follow-up failures.  _Exit: nothing else runs (no leak report
 * of the objects the test holds, no partial counts). */
static _Noreturn void vec_unreadable(const char *path, int err) {
    fflush(stdout);
    fprintf(stderr, "FAIL: cannot read vector file %s: %s\n", path, strerror(err));
    _Exit(1);
}

struct t_vec *t_vec_open(const char *name) {
    const char *dir = getenv("SSLPROV_VECTORS_DIR");
    if (dir == NULL) dir = SSLPROV_VECTORS_DIR;
    char path[4096];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "r");
    if (f == NULL) vec_unreadable(path, errno);
    struct stat st;
    if (fstat(fileno(f), &st) != 0) vec_unreadable(path, errno);
    if (!S_ISREG(st.st_mode)) vec_unreadable(path, S_ISDIR(st.st_mode) ? EISDIR : EINVAL);
    struct t_vec *v = calloc(1, sizeof(*v));
    if (v == NULL) vec_unreadable(path, ENOMEM);
    v->f = f;
    snprintf(v->path, sizeof(v->path), "%s", path);
    return v;
}

static void vec_clear(struct t_vec *v) {
    for (int i = 0; i < v->n; i++)
        free(v->keys[i]), free(v->vals[i]);
    v->n = 0;
}

static char *trim(char *s) {
    while (isspace((unsigned char)*s))
        s++;
    char *e = s + strlen(s);
    while (e > s && isspace((unsigned char)e[-1]))
        *--e = 0;
    return s;
}

bool t_vec_next(struct t_vec *v) {
    if (v == NULL) return false;
    vec_clear(v);
    ssize_t r;
    while ((r = getline(&v->line, &v->cap, v->f)) >= 0) {
        v->lineno++;
        char *s = trim(v->line);
        if (*s == '#') continue;
        if (*s == 0) {
            if (v->n > 0) return true;
            continue;
        }
        char *eq = strchr(s, '=');
        if (eq == NULL || v->n >= T_VEC_MAX) continue;
        *eq = 0;
        if (v->n == 0) v->rec_line = v->lineno;
        v->keys[v->n] = strdup(trim(s));
        v->vals[v->n] = strdup(trim(eq + 1));
        v->n++;
    }
    if (ferror(v->f)) vec_unreadable(v->path, errno ? errno : EIO);
    return v->n > 0;
}

const char *t_vec_get(struct t_vec *v, const char *key) {
    if (v == NULL) return NULL;
    for (int i = 0; i < v->n; i++)
        if (strcmp(v->keys[i], key) == 0) return v->vals[i];
    return NULL;
}

uint8_t *t_vec_hex(struct t_vec *v, const char *key, size_t *len) {
    const char *h = t_vec_get(v, key);
    if (h == NULL) return NULL;
    size_t cap = strlen(h) / 2 + 1;
    uint8_t *b = malloc(cap);
    long n = t_unhex(h, b, cap);
    if (n < 0) {
        free(b);
        t_fail_at(__FILE__, __LINE__, "bad hex for %s at line %d", key, v->rec_line);
        return NULL;
    }
    *len = (size_t)n;
    return b;
}

int t_vec_line(struct t_vec *v) { return v ? v->rec_line : 0; }

void t_vec_close(struct t_vec *v) {
    if (v == NULL) return;
    vec_clear(v);
    free(v->line);
    fclose(v->f);
    free(v);
}

static uint64_t g_rng;

void t_rand_init(void) {
    const char *s = getenv("SSLPROV_TEST_SEED");
    g_rng = s ? strtoull(s, NULL, 0) : 0x5EED5EED12345678ull;
    if (g_rng == 0) g_rng = 1;
    printf("# seed 0x%016llx\n", (unsigned long long)g_rng);
}

static uint64_t next64(void) {
    /* xorshift64*: reproducible test data, not for secrets. */
    g_rng ^= g_rng >> 12;
    g_rng ^= g_rng << 25;
    g_rng ^= g_rng >> 27;
    return g_rng * 0x2545F4914F6CDD1Dull;
}

void t_rand(uint8_t *out, size_t n) {
    for (size_t i = 0; i < n; i++)
        out[i] = (uint8_t)(next64() >> 56);
}

uint32_t t_rand_u32(uint32_t bound) { return bound ? (uint32_t)(next64() % bound) : 0; }

bool t_quick(void) {
    const char *q = getenv("SSLPROV_TEST_QUICK");
    return q != NULL && *q != 0 && strcmp(q, "0") != 0;
}

unsigned t_iterations(unsigned n) {
    if (!t_quick()) return n;
    return n / 10 ? n / 10 : 1;
}

NCRYPT_PROV_HANDLE t_open_provider(bool allow_export) {
    NCRYPT_PROV_HANDLE h = 0;
    if (SslOpenProvider(&h, NULL, 0) != 0) {
        t_fail_at(__FILE__, __LINE__, "SslOpenProvider failed");
        return 0;
    }
    if (allow_export) SslProvSetProviderOption(h, SSLPROV_OPTION_ALLOW_SECRET_EXPORT, 1);
    return h;
}

NCryptBufferDesc *t_randoms(struct t_randoms *r, const uint8_t *cr, const uint8_t *sr) {
    memset(r, 0, sizeof(*r));
    r->buf[0].BufferType = NCRYPTBUFFER_SSL_CLIENT_RANDOM;
    r->buf[0].cbBuffer = 32;
    r->buf[0].pvBuffer = (void *)cr;
    r->buf[1].BufferType = NCRYPTBUFFER_SSL_SERVER_RANDOM;
    r->buf[1].cbBuffer = 32;
    r->buf[1].pvBuffer = (void *)sr;
    r->desc.ulVersion = NCRYPTBUFFER_VERSION;
    r->desc.cBuffers = 2;
    r->desc.pBuffers = r->buf;
    return &r->desc;
}
