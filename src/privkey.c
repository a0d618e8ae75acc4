/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * privkey.c - SslOpenPrivateKey on Linux, the SslProvAddPrivateKeyLocation
 * extension, and which suites a private key can serve.
 *
 * The private key of a certificate is found by its public key (EVP_PKEY_eq
 * against the certificate's SubjectPublicKeyInfo), searched in this order:
 *   1. locations registered with SslProvAddPrivateKeyLocation for exactly this
 *      certificate: if they hold keys and none matches, NTE_BAD_KEY;
 *   2. locations registered without a certificate, in registration order;
 *   3. the OSSL_STORE URIs in $SSLPROV_KEY_STORE (whitespace-separated, e.g.
 *      "pkcs11:token=web;object=tls" with an installed PKCS#11 provider);
 *   4. the files and directories in $SSLPROV_KEY_PATH (colon-separated; a
 *      directory means every regular file directly in it).
 * A location is a file (PEM, DER, PKCS#8, traditional RSA/EC - what
 * `openssl req -newkey` and `openssl genpkey` write), a directory, or an
 * OSSL_STORE URI.  Encrypted keys are skipped (no passphrase prompt).  Nothing
 * found: NTE_NO_KEY.
 */
#include "internal.h"

#include <dirent.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/store.h>
#include <openssl/ui.h>
#include <openssl/x509.h>

/* ------------------------------------------------------------------------ */
/* Registered locations (process-wide)                                       */
/* ------------------------------------------------------------------------ */

struct location {
    struct location *next;
    char *where;
    uint8_t *cert; /* DER of the bound certificate, or NULL */
    size_t cert_len;
};

static pthread_mutex_t g_loc_lock = PTHREAD_MUTEX_INITIALIZER;
static struct location *g_locs, **g_locs_tail = &g_locs;

static SP_RESULT add_location(NCRYPT_PROV_HANDLE hProv, PCCERT_CONTEXT cert, const char *where, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct location *l = NULL;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(where != NULL && where[0] != 0, NTE_INVALID_PARAMETER);
    CHECK(cert == NULL || (cert->pbCertEncoded != NULL && cert->cbCertEncoded > 0), NTE_INVALID_PARAMETER);
    CHECK(flags == 0, NTE_BAD_FLAGS);
    l = sp_zalloc(sizeof(*l));
    CHECK(l != NULL, NTE_NO_MEMORY);
    l->where = OPENSSL_strdup(where);
    CHECK(l->where != NULL, NTE_NO_MEMORY);
    if (cert != NULL) {
        l->cert = OPENSSL_memdup(cert->pbCertEncoded, cert->cbCertEncoded);
        CHECK(l->cert != NULL, NTE_NO_MEMORY);
        l->cert_len = cert->cbCertEncoded;
    }
    pthread_mutex_lock(&g_loc_lock);
    *g_locs_tail = l;
    g_locs_tail = &l->next;
    pthread_mutex_unlock(&g_loc_lock);
    l = NULL;
cleanup:
    if (l != NULL) OPENSSL_free(l->where), OPENSSL_free(l->cert), OPENSSL_free(l);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslProvAddPrivateKeyLocation(NCRYPT_PROV_HANDLE hSslProvider,
                                                                PCCERT_CONTEXT pCertContext, const char *pszLocation,
                                                                DWORD dwFlags) {
    return sp_status(add_location(hSslProvider, pCertContext, pszLocation, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Loading keys                                                              */
/* ------------------------------------------------------------------------ */

/* A UI method that never prompts: encrypted keys are skipped, not asked for. */
static int ui_refuse(UI *ui, UI_STRING *s) {
    SP_UNUSED(ui), SP_UNUSED(s);
    return 0;
}
static pthread_once_t g_ui_once = PTHREAD_ONCE_INIT;
static UI_METHOD *g_ui;
static void ui_init(void) {
    g_ui = UI_create_method("sslprov-no-prompt");
    if (g_ui != NULL) UI_method_set_reader(g_ui, ui_refuse);
}

struct search {
    EVP_PKEY *want; /* the certificate's public key */
    EVP_PKEY *found;
    bool saw_key; /* some private key was read */
};

/* Read every private key of an open store, keeping the one that matches. */
static void scan_ctx(OSSL_STORE_CTX *c, struct search *s) {
    OSSL_STORE_expect(c, OSSL_STORE_INFO_PKEY);
    while (s->found == NULL && !OSSL_STORE_eof(c)) {
        OSSL_STORE_INFO *info = OSSL_STORE_load(c);
        if (info == NULL) {
            if (OSSL_STORE_error(c)) break;
            continue;
        }
        if (OSSL_STORE_INFO_get_type(info) == OSSL_STORE_INFO_PKEY) {
            EVP_PKEY *k = OSSL_STORE_INFO_get1_PKEY(info);
            if (k != NULL) {
                s->saw_key = true;
                if (EVP_PKEY_eq(k, s->want) == 1)
                    s->found = k;
                else
                    EVP_PKEY_free(k);
            }
        }
        OSSL_STORE_INFO_free(info);
    }
}

/* A URI for an OSSL_STORE loader (e.g. "pkcs11:..."). */
static void scan_uri(const char *uri, struct search *s) {
    pthread_once(&g_ui_once, ui_init);
    OSSL_STORE_CTX *c = OSSL_STORE_open_ex(uri, NULL, NULL, g_ui, NULL, NULL, NULL, NULL);
    if (c != NULL) {
        scan_ctx(c, s);
        OSSL_STORE_close(c);
    }
    ERR_clear_error();
}

/* A key file (issue #12 item 8).  Opened by us, never by name inside
 * libcrypto, so that: a FIFO or device cannot block the call (O_NONBLOCK, then
 * only a regular file is read, checked on the open descriptor - no window
 * between check and use); a directory entry that is a symbolic link is not
 * followed (nofollow: O_NOFOLLOW); the file is then decoded from the
 * descriptor by the "file" store loader (OSSL_STORE_attach). */
static void scan_file(const char *path, bool nofollow, struct search *s) {
    int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY | (nofollow ? O_NOFOLLOW : 0));
    struct stat st;
    BIO *bio = NULL;
    OSSL_STORE_CTX *c = NULL;
    if (fd < 0) return;
    if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) goto done;
    bio = BIO_new_fd(fd, BIO_NOCLOSE);
    if (bio == NULL) goto done;
    pthread_once(&g_ui_once, ui_init);
    c = OSSL_STORE_attach(bio, "file", NULL, NULL, g_ui, NULL, NULL, NULL, NULL);
    if (c != NULL) scan_ctx(c, s);
done:
    OSSL_STORE_close(c);
    BIO_free(bio);
    close(fd);
    ERR_clear_error();
}

/* Every regular file directly in a directory; entries that are symbolic
 * links, FIFOs or devices are skipped. */
static void scan_dir(const char *where, struct search *s) {
    DIR *d = opendir(where);
    if (d == NULL) return;
    struct dirent *e;
    while (s->found == NULL && (e = readdir(d)) != NULL) {
        if (e->d_name[0] == '.') continue;
        size_t n = strlen(where) + strlen(e->d_name) + 2;
        char *path = OPENSSL_malloc(n);
        if (path == NULL) break;
        snprintf(path, n, "%s/%s", where, e->d_name);
        scan_file(path, true, s);
        OPENSSL_free(path);
    }
    closedir(d);
}

/* The path of a "file:" URI (RFC 8089: file:/p, file:///p, file://localhost/p),
 * or NULL for anything else. */
static const char *file_uri_path(const char *uri) {
    if (strncasecmp(uri, "file:", 5) != 0) return NULL;
    const char *p = uri + 5;
    if (strncmp(p, "//", 2) == 0) {
        p += 2;
        if (strncasecmp(p, "localhost", 9) == 0) p += 9;
    }
    return p[0] == '/' ? p : NULL;
}

/* A location: a directory, a file (named by the caller, so it may be a link),
 * or, when no such path exists, an OSSL_STORE URI.  "file:" URIs are read as
 * their paths, by scan_file, never opened by name inside libcrypto. */
static void scan_location(const char *where, struct search *s) {
    struct stat st;
    const char *path = file_uri_path(where);
    if (path != NULL || stat(where, &st) == 0) {
        if (path == NULL) path = where;
        if (stat(path, &st) == 0 && S_ISDIR(st.st_mode))
            scan_dir(path, s);
        else
            scan_file(path, false, s);
        return;
    }
    scan_uri(where, s);
}

/* Split list on any of seps and scan each element. */
static void scan_list(const char *list, const char *seps, struct search *s) {
    if (list == NULL) return;
    char *copy = OPENSSL_strdup(list), *save = NULL;
    if (copy == NULL) return;
    for (char *t = strtok_r(copy, seps, &save); t != NULL && s->found == NULL; t = strtok_r(NULL, seps, &save))
        scan_location(t, s);
    OPENSSL_free(copy);
}

/* Steps 1 and 2 of the search.  Returns NTE_BAD_KEY when the locations bound
 * to this certificate hold keys but none of them matches. */
static SP_RESULT scan_registered(const uint8_t *der, size_t der_len, struct search *s) {
    for (int bound = 1; bound >= 0 && s->found == NULL; bound--) {
        s->saw_key = false;
        for (size_t i = 0; s->found == NULL; i++) {
            /* Walk to entry i under the lock; entries are never removed or changed. */
            pthread_mutex_lock(&g_loc_lock);
            struct location *l = g_locs;
            for (size_t j = 0; l != NULL && j < i; j++)
                l = l->next;
            pthread_mutex_unlock(&g_loc_lock);
            if (l == NULL) break;
            bool is_bound = l->cert != NULL;
            if (is_bound != (bound == 1)) continue;
            if (is_bound && (l->cert_len != der_len || memcmp(l->cert, der, der_len) != 0)) continue;
            scan_location(l->where, s);
        }
        if (bound == 1 && s->found == NULL && s->saw_key) BAIL(NTE_BAD_KEY);
    }
    return SP_OK;
}

static SP_RESULT open_private_key(NCRYPT_PROV_HANDLE hProv, NCRYPT_KEY_HANDLE *out, PCCERT_CONTEXT cert, DWORD flags) {
    sp_result res = SP_OK;
    struct sp_provider *prov = NULL;
    struct search s = {NULL, NULL, false};
    struct sp_pkey *k = NULL;
    X509 *x = NULL;
    TRY(sp_provider_get(hProv, &prov));
    CHECK(out != NULL && cert != NULL, NTE_INVALID_PARAMETER);
    *out = 0;
    CHECK(flags == 0, NTE_BAD_FLAGS);
    CHECK(cert->pbCertEncoded != NULL && cert->cbCertEncoded > 0, NTE_INVALID_PARAMETER);
    const unsigned char *p = cert->pbCertEncoded;
    x = d2i_X509(NULL, &p, (long)cert->cbCertEncoded);
    CHECK(x != NULL && p == cert->pbCertEncoded + cert->cbCertEncoded, NTE_BAD_DATA);
    s.want = X509_get_pubkey(x);
    CHECK(s.want != NULL, NTE_BAD_DATA);
    TRY(scan_registered(cert->pbCertEncoded, cert->cbCertEncoded, &s));
    /* secure_getenv: in a set-user-ID or set-group-ID program the environment
     * belongs to the caller, who must not choose where keys come from. */
    if (s.found == NULL) scan_list(secure_getenv(SSLPROV_KEY_STORE_ENV), " \t\r\n", &s);
    if (s.found == NULL) scan_list(secure_getenv(SSLPROV_KEY_PATH_ENV), ":", &s);
    CHECK(s.found != NULL, NTE_NO_KEY);
    TRY(sp_pkey_new(prov, SP_OBJ_PRIVATE, s.found, &k));
    s.found = NULL;
    res = sp_handle_publish(&k->obj, out);
cleanup:
    EVP_PKEY_free(s.found);
    EVP_PKEY_free(s.want);
    X509_free(x);
    sp_handle_put(prov ? &prov->obj : NULL);
    return res;
}

SSLPROV_API SECURITY_STATUS WINAPI SslOpenPrivateKey(NCRYPT_PROV_HANDLE hSslProvider, NCRYPT_KEY_HANDLE *phPrivateKey,
                                                     PCCERT_CONTEXT pCertContext, DWORD dwFlags) {
    return sp_status(open_private_key(hSslProvider, phPrivateKey, pCertContext, dwFlags));
}

/* ------------------------------------------------------------------------ */
/* Suites a key can serve                                                    */
/* ------------------------------------------------------------------------ */

bool sp_private_key_serves(struct sp_object *key, const struct sp_suite *s, DWORD protocol) {
    if (key == NULL || key->type != SP_OBJ_PRIVATE) return false;
    enum sp_key_alg alg = (enum sp_key_alg)((const struct sp_pkey *)key)->alg;
    if (protocol == TLS1_3_PROTOCOL_VERSION) {
        /* RFC 8446 section 4.2.3: RSA-PSS, ECDSA on P-256/384/521, EdDSA. */
        return alg == SP_KEY_RSA || alg == SP_KEY_RSA_PSS || alg == SP_KEY_EC || alg == SP_KEY_ED25519 ||
               alg == SP_KEY_ED448;
    }
    bool tls12 = sp_proto_is_tls12(protocol);
    switch (s->auth) {
    case SP_AUTH_RSA:
        /* RSA key exchange needs RSA decryption, which a PSS-only key cannot do;
         * a PSS-only key signs only with TLS 1.2's rsa_pss_pss_* schemes. */
        if (s->kx == SP_KX_RSA || s->kx == SP_KX_SSL2 || s->kx == SP_KX_RSA_PSK) return alg == SP_KEY_RSA;
        return alg == SP_KEY_RSA || (alg == SP_KEY_RSA_PSS && tls12);
    case SP_AUTH_DSS: return alg == SP_KEY_DSA;
    case SP_AUTH_ECDSA:
        /* RFC 8422 section 5.1.1: Ed25519/Ed448 certificates with ECDHE_ECDSA in TLS 1.2. */
        return alg == SP_KEY_EC || ((alg == SP_KEY_ED25519 || alg == SP_KEY_ED448) && tls12);
    default: return false; /* PSK and anonymous suites use no certificate */
    }
}
