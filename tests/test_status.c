/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_status.c - SslProvStatusString and SslProvVersionString (issue #14):
 * the name and description of every status code the header defines, a stable
 * text for unknown codes (per thread), and the version of the library running
 * equal to the header's and to SslGetProviderProperty's.
 */
#include <pthread.h>
#include <stdlib.h>

#include "testutil.h"

static void check_name(SECURITY_STATUS st, const char *name) {
    const char *s = SslProvStatusString(st);
    size_t n = strlen(name);
    T_ASSERT(s != NULL);
    if (s == NULL) return;
    /* "NAME: description", description non-empty and on one line */
    if (strncmp(s, name, n) == 0 && s[n] == ':' && s[n + 1] == ' ' && s[n + 2] != '\0' && strchr(s, '\n') == NULL)
        t_pass++;
    else
        t_fail_at(__FILE__, __LINE__, "SslProvStatusString(0x%08X) = \"%s\", want \"%s: ...\"", (unsigned)st, s, name);
}

#define NAMED(x) check_name((SECURITY_STATUS)(x), #x)

static void names(void) {
    NAMED(SEC_E_OK);
    NAMED(NTE_BAD_DATA);
    NAMED(NTE_BAD_SIGNATURE);
    NAMED(NTE_BAD_FLAGS);
    NAMED(NTE_BAD_TYPE);
    NAMED(NTE_BAD_KEY);
    NAMED(NTE_BAD_LEN);
    NAMED(NTE_BAD_HASH);
    NAMED(NTE_BAD_KEY_STATE);
    NAMED(NTE_NO_KEY);
    NAMED(NTE_NO_MEMORY);
    NAMED(NTE_PERM);
    NAMED(NTE_NOT_FOUND);
    NAMED(NTE_FAIL);
    NAMED(NTE_SYS_ERR);
    NAMED(NTE_INVALID_HANDLE);
    NAMED(NTE_INVALID_PARAMETER);
    NAMED(NTE_BUFFER_TOO_SMALL);
    NAMED(NTE_NOT_SUPPORTED);
    NAMED(NTE_NO_MORE_ITEMS);
    NAMED(NTE_DECRYPTION_FAILURE);
    NAMED(NTE_INTERNAL_ERROR);
    NAMED(SEC_E_MESSAGE_ALTERED);
    NAMED(SEC_E_DECRYPT_FAILURE);
    NAMED(SEC_E_INVALID_TOKEN);
    NAMED(SEC_E_ALGORITHM_MISMATCH);
    NAMED(STATUS_NOT_SUPPORTED);
    NAMED(STATUS_INVALID_PARAMETER);
    NAMED(STATUS_AUTH_TAG_MISMATCH);
    /* The example of the issue, literally. */
    T_ASSERT(
        strcmp(SslProvStatusString(NTE_BAD_DATA), "NTE_BAD_DATA: bad data (a malformed record, blob or message)") == 0);
}

/* Every status macro of the header has a name of its own (no "unknown"). */
static void every_header_code(void) {
    FILE *f = fopen(SSLPROV_SOURCE_DIR "/include/Sslprovider.h", "r");
    T_ASSERT(f != NULL);
    if (f == NULL) return;
    char line[512];
    int n = 0;
    while (fgets(line, sizeof(line), f)) {
        char name[64];
        unsigned long v;
        if (sscanf(line, "#define %63[A-Z_] ((%*[A-Z_])0x%lx)", name, &v) != 2) continue;
        if (strncmp(name, "NTE_", 4) && strncmp(name, "SEC_E_", 6) && strncmp(name, "STATUS_", 7)) continue;
        const char *s = SslProvStatusString((SECURITY_STATUS)(uint32_t)v);
        /* SEC_E_OK and STATUS_SUCCESS share 0: the text names SEC_E_OK */
        if (v == 0 || (strncmp(s, name, strlen(name)) == 0 && s[strlen(name)] == ':'))
            t_pass++;
        else
            t_fail_at(__FILE__, __LINE__, "%s (0x%08lX) reads \"%s\"", name, v, s);
        n++;
    }
    fclose(f);
    T_ASSERT(n >= 60);
}

struct unk {
    SECURITY_STATUS st;
    int ok;
};

static void *unknown_thread(void *arg) {
    struct unk *u = arg;
    char want[64];
    snprintf(want, sizeof(want), "0x%08X: unknown status", (unsigned)u->st);
    u->ok = 1;
    for (int i = 0; i < 10000; i++) {
        const char *s = SslProvStatusString(u->st);
        if (strcmp(s, want) != 0) u->ok = 0;
    }
    return NULL;
}

static void unknown_codes(void) {
    T_ASSERT(strcmp(SslProvStatusString((SECURITY_STATUS)0x12345678), "0x12345678: unknown status") == 0);
    T_ASSERT(strcmp(SslProvStatusString((SECURITY_STATUS)0xFFFFFFFF), "0xFFFFFFFF: unknown status") == 0);
    /* Each thread's unknown-code text is its own. */
    pthread_t th[4];
    struct unk u[4];
    for (int i = 0; i < 4; i++) {
        u[i].st = (SECURITY_STATUS)(0x1000 + i);
        T_ASSERT(pthread_create(&th[i], NULL, unknown_thread, &u[i]) == 0);
    }
    for (int i = 0; i < 4; i++) {
        pthread_join(th[i], NULL);
        T_ASSERT(u[i].ok);
    }
}

static void version(void) {
    char want[32];
    snprintf(want, sizeof(want), "%d.%d.%d", SSLPROV_VERSION_MAJOR, SSLPROV_VERSION_MINOR, SSLPROV_VERSION_PATCH);
    T_ASSERT(strcmp(SslProvVersionString(), want) == 0);
    T_ASSERT(strcmp(SslProvVersionString(), "0.2.0") == 0);
    T_ASSERT(SslProvVersionString() == SslProvVersionString());
    NCRYPT_PROV_HANDLE p = 0;
    T_ASSERT(SslOpenProvider(&p, MS_SCHANNEL_PROVIDER, 0) == 0);
    PBYTE out = NULL;
    DWORD len = 0;
    T_ASSERT(SslGetProviderProperty(p, SSLPROV_PROVIDER_PROPERTY_VERSION, &out, &len, NULL, 0) == 0);
    if (out != NULL && len == sizeof(DWORD)) {
        DWORD v;
        memcpy(&v, out, sizeof(v));
        char got[32];
        snprintf(got, sizeof(got), "%u.%u.%u", (unsigned)(v >> 16), (unsigned)(v >> 8 & 0xff), (unsigned)(v & 0xff));
        T_ASSERT(strcmp(got, SslProvVersionString()) == 0);
    } else {
        t_fail_at(__FILE__, __LINE__, "version property: len %u", (unsigned)len);
    }
    SslFreeBuffer(out);
    SslFreeObject(p, 0);
}

int main(void) {
    names();
    every_header_code();
    unknown_codes();
    version();
    return t_done();
}
