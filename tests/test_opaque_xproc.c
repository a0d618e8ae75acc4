/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_opaque_xproc.c - BCRYPT_OPAQUE_KEY_BLOB moves session keys between
 * cooperating processes (issue #11 item 5) when they share a sealing key
 * (SslProvSetProviderOptionEx(SSLPROV_OPTION_OPAQUE_SEALING_KEY)).
 *
 * The parent process makes the record keys of a TLS 1.2 AES-GCM and a TLS 1.0
 * AES-CBC connection, encrypts four records with the write key, decrypts the
 * first two with the read key (moving the TLS 1.0 chained IV on), exports the
 * read key as an opaque blob and runs this program again (fork + exec) as the
 * child.  The child imports the blob with the same sealing key and must decrypt
 * records 2 and 3 to the parent's plaintext.  Negative checks in the child: a
 * blob sealed under the parent's per-process key does not open, nor does the
 * shared-key blob on a provider without the key or with another key.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "fixtures.h"

static BYTE g_seal[32] = {0x63, 0x6f, 0x6f, 0x70, 0x65, 0x72, 0x61, 0x74, 0x69, 0x6e, 0x67,
                          0x20, 0x70, 0x72, 0x6f, 0x63, 0x65, 0x73, 0x73, 0x65, 0x73, 0x20,
                          0x73, 0x68, 0x61, 0x72, 0x65, 0x20, 0x69, 0x74, 0x21, 0x00};

#define NREC 4
struct xfer {
    DWORD protocol, suite;
    DWORD blob_len, local_len; /* shared-key blob, per-process-key blob */
    uint8_t blob[1024], local[1024];
    DWORD rec_len[NREC];
    uint8_t rec[NREC][256];
};

static void plaintext(int i, char out[32]) { snprintf(out, 32, "record %d from the parent", i); }

static NCRYPT_PROV_HANDLE sealing_provider(const BYTE *key) {
    NCRYPT_PROV_HANDLE p = t_open_provider(true);
    T_OK(SslProvSetProviderOptionEx(p, SSLPROV_OPTION_OPAQUE_SEALING_KEY, (PBYTE)key, 32, 0));
    return p;
}

/* Parent side: keys, records, blobs. */
static void make_xfer(DWORD protocol, DWORD suite, struct xfer *x) {
    NCRYPT_PROV_HANDLE p = sealing_provider(g_seal), local = t_open_provider(true);
    NCRYPT_KEY_HANDLE cw = 0, sr = 0;
    memset(x, 0, sizeof(*x));
    x->protocol = protocol, x->suite = suite;
    T_OK(fx_record_pair(p, protocol, suite, &cw, &sr));
    for (int i = 0; i < NREC; i++) {
        char pt[32];
        plaintext(i, pt);
        T_OK(SslEncryptPacket(p, cw, (PBYTE)pt, (DWORD)strlen(pt), x->rec[i], sizeof(x->rec[i]), &x->rec_len[i],
                              (ULONGLONG)i, CT_APPLICATIONDATA, 0));
    }
    /* this process reads the first two records itself */
    for (int i = 0; i < 2; i++) {
        uint8_t out[256];
        DWORD n = 0;
        T_OK(SslDecryptPacket(p, sr, x->rec[i], x->rec_len[i], out, sizeof(out), &n, (ULONGLONG)i, 0));
    }
    T_OK(SslExportKey(p, sr, BCRYPT_OPAQUE_KEY_BLOB, x->blob, sizeof(x->blob), &x->blob_len, 0));
    T_OK(SslExportKey(local, sr, BCRYPT_OPAQUE_KEY_BLOB, x->local, sizeof(x->local), &x->local_len, 0));
    SslFreeObject(cw, 0), SslFreeObject(sr, 0), SslFreeObject(p, 0), SslFreeObject(local, 0);
}

/* Child side: import and read the rest. */
static void use_xfer(const struct xfer *x) {
    NCRYPT_PROV_HANDLE p = sealing_provider(g_seal), plain = t_open_provider(true);
    BYTE other[32] = {1};
    NCRYPT_PROV_HANDLE wrong = sealing_provider(other);
    NCRYPT_KEY_HANDLE k = 0, t = 0;
    T_STATUS(SslImportKey(p, &t, BCRYPT_OPAQUE_KEY_BLOB, (PBYTE)x->local, x->local_len, 0), NTE_BAD_DATA);
    T_STATUS(SslImportKey(plain, &t, BCRYPT_OPAQUE_KEY_BLOB, (PBYTE)x->blob, x->blob_len, 0), NTE_BAD_DATA);
    T_STATUS(SslImportKey(wrong, &t, BCRYPT_OPAQUE_KEY_BLOB, (PBYTE)x->blob, x->blob_len, 0), NTE_BAD_DATA);
    T_OK(SslImportKey(p, &k, BCRYPT_OPAQUE_KEY_BLOB, (PBYTE)x->blob, x->blob_len, 0));
    for (int i = 2; i < NREC; i++) {
        uint8_t out[256];
        char pt[32];
        DWORD n = 0;
        plaintext(i, pt);
        T_OK(SslDecryptPacket(p, k, (PBYTE)x->rec[i], x->rec_len[i], out, sizeof(out), &n, (ULONGLONG)i, 0));
        T_ASSERT(n == strlen(pt));
        if (n == strlen(pt)) T_BYTES(out, pt, n);
    }
    SslFreeObject(k, 0), SslFreeObject(p, 0), SslFreeObject(plain, 0), SslFreeObject(wrong, 0);
}

static bool write_all(int fd, const void *b, size_t n) { return write(fd, b, n) == (ssize_t)n; }

static int child_main(const char *path) {
    struct xfer x;
    int fd = open(path, O_RDONLY);
    T_ASSERT(fd >= 0);
    while (fd >= 0 && read(fd, &x, sizeof(x)) == (ssize_t)sizeof(x)) {
        printf("child: protocol %#x suite %#x\n", (unsigned)x.protocol, (unsigned)x.suite);
        use_xfer(&x);
    }
    if (fd >= 0) close(fd);
    return t_done();
}

int main(int argc, char **argv) {
    if (argc == 3 && strcmp(argv[1], "child") == 0) return child_main(argv[2]);
    char path[] = "/tmp/sslprov-xproc-XXXXXX";
    int fd = mkstemp(path);
    T_ASSERT(fd >= 0);
    if (fd < 0) return t_done();
    const DWORD cases[][2] = {{TLS1_2_PROTOCOL_VERSION, TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256},
                              {TLS1_0_PROTOCOL_VERSION, TLS_RSA_WITH_AES_128_CBC_SHA}};
    static struct xfer x;
    for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
        make_xfer(cases[i][0], cases[i][1], &x);
        T_ASSERT(write_all(fd, &x, sizeof(x)));
    }
    close(fd);
    /* another process: fork + exec of this program, waited for by pid */
    pid_t pid = fork();
    if (pid == 0) {
        /* argv[0] (ctest passes the full path), not /proc/self/exe, which under
         * valgrind names valgrind's own tool */
        const char *self = strchr(argv[0], '/') != NULL ? argv[0] : "/proc/self/exe";
        execl(self, argv[0], "child", path, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    T_ASSERT(pid > 0 && waitpid(pid, &status, 0) == pid);
    T_ASSERT(WIFEXITED(status) && WEXITSTATUS(status) == 0);
    unlink(path);
    return t_done();
}
