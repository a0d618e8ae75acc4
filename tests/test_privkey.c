/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * test_privkey.c - SslOpenPrivateKey with keys written by the openssl tool
 * (`openssl req -newkey`, `openssl genpkey`, DER and traditional forms), found
 * through SSLPROV_KEY_PATH, SSLPROV_KEY_STORE and SslProvAddPrivateKeyLocation;
 * missing and mismatched keys; SslEnumCipherSuites filtered by the key; sealed
 * export of a private key.
 */
#include "kex_testutil.h"

static NCRYPT_PROV_HANDLE g_p;
static char g_dir[64];

static void sh(const char *fmt, const char *a) {
    char cmd[1024];
    snprintf(cmd, sizeof(cmd), fmt, a, a, a, a);
    int rc = system(cmd);
    if (rc != 0) fprintf(stderr, "command failed (status %d): %s\n", rc, cmd);
    T_ASSERT(rc == 0);
}

static uint8_t *read_file(const char *dir, const char *name, size_t *len) {
    char path[256];
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    FILE *f = fopen(path, "rb");
    T_ASSERT(f != NULL);
    if (!f) return NULL;
    uint8_t *b = malloc(65536);
    *len = fread(b, 1, 65536, f);
    fclose(f);
    return b;
}

static SECURITY_STATUS open_cert(const char *name, NCRYPT_KEY_HANDLE *h) {
    size_t len = 0;
    uint8_t *der = read_file(g_dir, name, &len);
    CERT_CONTEXT c = kt_cert_ctx(der, len);
    *h = 0;
    SECURITY_STATUS st = SslOpenPrivateKey(g_p, h, &c, 0);
    free(der);
    return st;
}

/* The suites SslEnumCipherSuites lists for key: all served, count returned. */
static size_t enum_for(NCRYPT_KEY_HANDLE key, uint8_t want_auth, DWORD must_have) {
    NCRYPT_SSL_CIPHER_SUITE *cs = NULL;
    void *state = NULL;
    size_t n = 0, bad = 0;
    bool have = false;
    SECURITY_STATUS st;
    while ((st = SslEnumCipherSuites(g_p, key, &cs, &state, 0)) == 0) {
        const struct sp_suite *s = sp_suite_find(cs->dwCipherSuite);
        n++;
        if (s == NULL || (cs->dwProtocol != TLS1_3_PROTOCOL_VERSION && s->auth != want_auth)) bad++;
        if (cs->dwCipherSuite == must_have) have = true;
        SslFreeBuffer(cs); /* a fresh copy per call, as on Windows */
    }
    T_STATUS(st, NTE_NO_MORE_ITEMS);
    T_ASSERT(bad == 0);
    T_ASSERT(have);
    SslFreeBuffer(state);
    return n;
}

static void sign_verify(NCRYPT_KEY_HANDLE priv, const char *cert) {
    size_t len = 0;
    uint8_t *der = read_file(g_dir, cert, &len), h[36], sig[512];
    NCRYPT_KEY_HANDLE pub = 0;
    DWORD n = 0;
    t_rand(h, sizeof(h));
    T_OK(SslImportKey(g_p, &pub, SSLPROV_X509_PUBLIC_BLOB, der, (DWORD)len, 0));
    T_OK(SslSignHash(g_p, priv, h, 32, sig, sizeof(sig), &n, 0));
    T_OK(SslVerifySignature(g_p, pub, h, 32, sig, n, 0));
    SslFreeObject(pub, 0);
    free(der);
}

int main(void) {
    t_rand_init();
    g_p = t_open_provider(false);
    kt_mkdtemp(g_dir, sizeof(g_dir));
    /* Keys as the openssl tool writes them. */
    sh("cd %s && openssl req -newkey rsa:2048 -nodes -keyout rsa.key -x509 -subj /CN=rsa -days 1 -outform DER "
       "-out rsa.der 2>/dev/null",
       g_dir);
    sh("cd %s && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ec.key 2>/dev/null && "
       "openssl req -new -x509 -key ec.key -subj /CN=ec -days 1 -outform DER -out ec.der 2>/dev/null",
       g_dir);
    sh("cd %s && mkdir -p more && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-384 -outform DER "
       "-out more/ec384.key 2>/dev/null && openssl req -new -x509 -key more/ec384.key -keyform DER -subj /CN=e -days 1 "
       "-outform DER -out ec384.der 2>/dev/null",
       g_dir);
    sh("cd %s && openssl genpkey -algorithm RSA -pkeyopt rsa_keygen_bits:1024 2>/dev/null | openssl rsa -traditional "
       "-out more/trad.key 2>/dev/null && openssl req -new -x509 -key more/trad.key -subj /CN=t -days 1 -outform DER "
       "-out trad.der 2>/dev/null",
       g_dir);
    /* No key anywhere for this one; and one that is encrypted. */
    sh("cd %s && mkdir -p elsewhere && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 "
       "-out elsewhere/lost.key 2>/dev/null && openssl req -new -x509 -key elsewhere/lost.key -subj /CN=l -days 1 "
       "-outform DER -out lost.der 2>/dev/null",
       g_dir);
    sh("cd %s && openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -aes256 -pass pass:secret "
       "-out more/enc.key 2>/dev/null && openssl req -new -x509 -key more/enc.key -passin pass:secret -subj /CN=x "
       "-days 1 -outform DER -out enc.der 2>/dev/null",
       g_dir);

    NCRYPT_KEY_HANDLE h = 0;
    /* Nothing configured yet. */
    unsetenv("SSLPROV_KEY_PATH"), unsetenv("SSLPROV_KEY_STORE");
    T_STATUS(open_cert("rsa.der", &h), NTE_NO_KEY);
    T_ASSERT(h == 0);

    /* SSLPROV_KEY_PATH: a missing entry, a directory, a file. */
    char env[512];
    snprintf(env, sizeof(env), "%s/nothing-here:%s:%s/more/trad.key", g_dir, g_dir, g_dir);
    setenv("SSLPROV_KEY_PATH", env, 1);
    T_OK(open_cert("rsa.der", &h));
    enum_for(h, SP_AUTH_RSA, 0x009C); /* TLS_RSA_WITH_AES_128_GCM_SHA256 */
    enum_for(h, SP_AUTH_RSA, 0xC02F); /* ECDHE_RSA */
    sign_verify(h, "rsa.der");
    PBYTE prop = NULL;
    DWORD pl = 0;
    /* Windows: KEYTYPE only on ephemeral keys; other names as NCryptGetProperty */
    T_STATUS(SslGetKeyProperty(h, SSL_KEY_TYPE_PROPERTY, &prop, &pl, 0), NTE_INVALID_HANDLE);
    T_OK(SslGetKeyProperty(h, u"Length", &prop, &pl, 0));
    T_ASSERT(pl == 4 && *(DWORD *)prop >= 1024);
    SslFreeBuffer(prop);
    T_OK(SslGetKeyProperty(h, u"Algorithm Group", &prop, &pl, 0));
    T_ASSERT(pl == 8 && memcmp(prop, u"RSA", 8) == 0);
    SslFreeBuffer(prop);
    T_STATUS(SslGetKeyProperty(h, u"No Such Property", &prop, &pl, 0), NTE_NOT_SUPPORTED);
    SslFreeObject(h, 0);
    T_OK(open_cert("ec.der", &h));
    size_t n_ec = enum_for(h, SP_AUTH_ECDSA, 0xC02B); /* ECDHE_ECDSA_AES128_GCM */
    enum_for(h, SP_AUTH_ECDSA, 0x1301);               /* TLS 1.3 */
    T_ASSERT(n_ec > 4);
    sign_verify(h, "ec.der");
    /* Sealed export of a private key: the handle it gives back still signs. */
    DWORD ol = 0;
    uint8_t *op = kt_export(g_p, h, BCRYPT_OPAQUE_KEY_BLOB, &ol);
    NCRYPT_KEY_HANDLE h2 = 0;
    T_OK(SslImportKey(g_p, &h2, BCRYPT_OPAQUE_KEY_BLOB, op, ol, 0));
    sign_verify(h2, "ec.der");
    free(op);
    SslFreeObject(h2, 0);
    SslFreeObject(h, 0);
    T_OK(open_cert("trad.der", &h)); /* traditional "BEGIN RSA PRIVATE KEY" file named in the path */
    SslFreeObject(h, 0);
    /* DER key in a subdirectory: not searched (directories are not recursive). */
    T_STATUS(open_cert("ec384.der", &h), NTE_NO_KEY);
    T_STATUS(open_cert("lost.der", &h), NTE_NO_KEY);
    T_STATUS(open_cert("enc.der", &h), NTE_NO_KEY); /* encrypted: skipped, no prompt */

    /* SSLPROV_KEY_STORE: OSSL_STORE URIs. */
    snprintf(env, sizeof(env), "file:%s/nothing  file:%s/more/ec384.key", g_dir, g_dir);
    setenv("SSLPROV_KEY_STORE", env, 1);
    T_OK(open_cert("ec384.der", &h));
    sign_verify(h, "ec384.der");
    SslFreeObject(h, 0);

    /* Registered locations: a mismatched key bound to the certificate is NTE_BAD_KEY. */
    size_t len = 0;
    uint8_t *lost = read_file(g_dir, "lost.der", &len);
    CERT_CONTEXT lc = kt_cert_ctx(lost, len);
    char path[256];
    snprintf(path, sizeof(path), "%s/ec.key", g_dir);
    T_OK(SslProvAddPrivateKeyLocation(g_p, &lc, path, 0));
    T_STATUS(SslOpenPrivateKey(g_p, &h, &lc, 0), NTE_BAD_KEY);
    /* ... until the right one is registered (unbound). */
    snprintf(path, sizeof(path), "%s/elsewhere", g_dir);
    T_OK(SslProvAddPrivateKeyLocation(g_p, NULL, path, 0));
    T_STATUS(SslOpenPrivateKey(g_p, &h, &lc, 0), NTE_BAD_KEY); /* bound locations win */
    snprintf(path, sizeof(path), "%s/elsewhere/lost.key", g_dir);
    T_OK(SslProvAddPrivateKeyLocation(g_p, &lc, path, 0));
    T_OK(SslOpenPrivateKey(g_p, &h, &lc, 0));
    SslFreeObject(h, 0);
    free(lost);

    /* Argument checks. */
    CERT_CONTEXT bad = {X509_ASN_ENCODING, (BYTE *)"garbage", 7, NULL, NULL};
    T_STATUS(SslOpenPrivateKey(g_p, &h, &bad, 0), NTE_BAD_DATA);
    T_STATUS(SslOpenPrivateKey(g_p, &h, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslOpenPrivateKey(g_p, NULL, &bad, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslOpenPrivateKey(g_p, &h, &bad, 1), NTE_BAD_FLAGS);
    T_STATUS(SslOpenPrivateKey(0, &h, &bad, 0), NTE_INVALID_HANDLE);
    T_STATUS(SslProvAddPrivateKeyLocation(g_p, NULL, NULL, 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvAddPrivateKeyLocation(g_p, NULL, "", 0), NTE_INVALID_PARAMETER);
    T_STATUS(SslProvAddPrivateKeyLocation(g_p, NULL, "x", 1), NTE_BAD_FLAGS);
    T_STATUS(SslProvAddPrivateKeyLocation(0, NULL, "x", 0), NTE_INVALID_HANDLE);

    /* An ephemeral key is not a private key for enumeration. */
    NCRYPT_SSL_CIPHER_SUITE *cs = NULL;
    void *state = NULL;
    T_OK(SslCreateEphemeralKey(g_p, &h, TLS1_2_PROTOCOL_VERSION, 0xC02F, 23, 0, NULL, 0, 0));
    SECURITY_STATUS st = SslEnumCipherSuites(g_p, h, &cs, &state, 0);
    T_ASSERT(st != 0);
    if (state) SslFreeBuffer(state);
    SslFreeObject(h, 0);

    /* Issue #12 item 8.  A symbolic link found in a key directory is not
     * followed; a link the caller names is. */
    sh("cd %s && mkdir -p links && ln -s ../more/ec384.key links/ec384.key", g_dir);
    unsetenv("SSLPROV_KEY_STORE");
    snprintf(env, sizeof(env), "%s/links", g_dir);
    setenv("SSLPROV_KEY_PATH", env, 1);
    T_STATUS(open_cert("ec384.der", &h), NTE_NO_KEY);
    snprintf(env, sizeof(env), "%s/links/ec384.key", g_dir);
    setenv("SSLPROV_KEY_PATH", env, 1);
    T_OK(open_cert("ec384.der", &h));
    SslFreeObject(h, 0);
    /* A FIFO as a location (named, found in a directory, or as a file: URI)
     * never blocks the call: the old code waited for a writer forever
     * (the alarm ends this test with a failure if that happens). */
    sh("cd %s && mkdir -p fifo && mkfifo fifo/key.pem", g_dir);
    alarm(60);
    snprintf(env, sizeof(env), "%s/fifo/key.pem:%s/fifo", g_dir, g_dir);
    setenv("SSLPROV_KEY_PATH", env, 1);
    snprintf(env, sizeof(env), "file://%s/fifo/key.pem", g_dir);
    setenv("SSLPROV_KEY_STORE", env, 1);
    T_STATUS(open_cert("ec384.der", &h), NTE_NO_KEY);
    snprintf(path, sizeof(path), "%s/fifo/key.pem", g_dir);
    T_OK(SslProvAddPrivateKeyLocation(g_p, NULL, path, 0)); /* process-wide, last: the end of this test */
    T_STATUS(open_cert("ec384.der", &h), NTE_NO_KEY);
    alarm(0);
    unsetenv("SSLPROV_KEY_PATH"), unsetenv("SSLPROV_KEY_STORE");

    kt_rmdir(g_dir);
    SslFreeObject(g_p, 0);
    return t_done();
}
