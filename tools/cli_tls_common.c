/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_tls_common.c - what `sslprov client` and `sslprov server` share: the
 * option table and parser, provider setup, the key-log file and the error
 * line of a failed connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "cli_tls.h"

static FILE *keylog_file;

static void keylog_cb(const char *line, void *ctx) {
    FILE *f = ctx;
    fprintf(f, "%s\n", line);
    fflush(f);
}

/* The key log holds every traffic secret (issue #12 item 5): never follow a
 * symbolic link to it, never block on a FIFO, create it 0600, and refuse an
 * existing file that others may read or that another user owns (they could
 * read the secrets, or have planted the file).  Say on stderr that secrets are
 * being logged, as curl does for SSLKEYLOGFILE. */
static FILE *open_keylog(const char *path) {
    int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK, 0600);
    struct stat st;
    const char *why = NULL;
    if (fd < 0) /* ENXIO: a FIFO nobody reads (O_NONBLOCK kept us from waiting) */
        why = errno == ELOOP ? "it is a symbolic link" : errno == ENXIO ? "not a regular file" : strerror(errno);
    else if (fstat(fd, &st) != 0)
        why = strerror(errno);
    else if (!S_ISREG(st.st_mode))
        why = "not a regular file";
    else if (st.st_uid != geteuid())
        why = "owned by another user";
    else if ((st.st_mode & 077) != 0)
        why = "accessible to other users (chmod 600 it)";
    else if (fcntl(fd, F_SETFL, O_APPEND) != 0)
        why = strerror(errno);
    FILE *f = why == NULL ? fdopen(fd, "a") : NULL;
    if (f == NULL) {
        fprintf(stderr, "sslprov: error: cannot use key log %s: %s\n", path, why ? why : strerror(errno));
        if (fd >= 0) close(fd);
        return NULL;
    }
    fprintf(stderr, "sslprov: warning: logging TLS secrets to %s: anyone who can read it can decrypt this traffic\n",
            path);
    return f;
}

/* The entry named by arg ("--name" or "--name=value"), or NULL. */
static const struct cli_tls_opt *find_opt(const struct cli_tls_opt *t, const char *arg) {
    size_t n = strcspn(arg, "=");
    for (; t != NULL && t->name != NULL; t++)
        if (strncmp(t->name, arg, n) == 0 && t->name[n] == 0) return t;
    return NULL;
}

int cli_tls_usage_error(const struct cli_tls_cmd *cmd, const char *fmt, ...) {
    va_list ap;
    fprintf(stderr, "sslprov %s: ", cmd->name);
    va_start(ap, fmt);
    vfprintf(stderr, fmt, ap);
    va_end(ap);
    fprintf(stderr, " (see 'sslprov %s --help')\n", cmd->name);
    return CLI_EXIT_USAGE;
}

bool cli_parse_uint(const char *v, long max, int *out) {
    if (v == NULL || v[0] < '0' || v[0] > '9') return false;
    char *end = NULL;
    errno = 0;
    long n = strtol(v, &end, 10);
    if (errno != 0 || *end != 0 || n < 0 || n > max || n > INT_MAX) return false;
    *out = (int)n;
    return true;
}

/* One option at argv[*i]: 1 taken, 0 unknown, -1 bad (message printed). */
static int take_opt(const struct cli_tls_cmd *cmd, const struct cli_tls_opt *t, int argc, char **argv, int *i) {
    const char *eq = strchr(argv[*i], '=');
    if (t->flag != NULL) {
        if (eq != NULL) return cli_tls_usage_error(cmd, "%s takes no value", t->name), -1;
        *t->flag = true;
        return 1;
    }
    const char *v = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (v == NULL) return cli_tls_usage_error(cmd, "%s needs a value", t->name), -1;
    if (t->str != NULL) *t->str = v;
    if (t->num != NULL && !cli_parse_uint(v, INT_MAX, t->num))
        return cli_tls_usage_error(cmd, "%s '%s': not a non-negative whole number", t->name, v), -1;
    return 1;
}

/* The option text both commands share, for --help. */
static const char common_help[] =
    "\nprotocol options (client and server):\n"
    "  --tls1.0 --tls1.1 --tls1.2 --tls1.3\n"
    "                     enable only the versions named (one or several; default TLS 1.2 and 1.3)\n"
    "  --cipher LIST      cipher suites, IANA or OpenSSL names separated by ',' or ':'\n"
    "                     (see 'sslprov suites'); each must fit an enabled version\n"
    "  --group LIST       key-exchange groups in preference order: X25519 X448 P-256 P-384 P-521\n"
    "                     ffdhe2048 ffdhe3072 ffdhe4096 ffdhe6144 ffdhe8192 (or secp256r1, ...;\n"
    "                     default X25519,P-256,P-384 and the five ffdhe groups)\n"
    "  --groups LIST      the same as --group\n"
    "  --dtls1.2          DTLS 1.2 over UDP instead of TLS over TCP\n"
    "  --dtls1.0          DTLS 1.0 over UDP (with --dtls1.2: either version)\n"
    "  --mtu N            DTLS: largest datagram sent, 256-65535 bytes (default 1400)\n"
    "  --cert FILE        PEM certificate chain, leaf first\n"
    "  --key FILE         PEM private key of --cert, unencrypted (default: read from --cert)\n"
    "  --cafile FILE      PEM CA certificates to verify the peer with\n"
    "  --no-ems           neither offer nor accept extended master secret (RFC 7627)\n"
    "  --no-ticket        neither ask for nor issue TLS 1.2 session tickets (RFC 5077)\n"
    "  --alpn LIST        application protocols (ALPN, RFC 7301), e.g. h2,http/1.1: the client\n"
    "                     offers them, the server picks the first of its list the client offers\n"
    "  --record-size-limit N\n"
    "                     the record_size_limit to offer, 64-16385 (RFC 8449)\n"
    "  --ignore-eof       take a TCP close without close_notify after the handshake as a\n"
    "                     clean close (default: exit status 3, possible truncation)\n"
    "  --timeout SECS     limit every wait for the peer to SECS seconds (0: none; details above)\n"
    "  --keylog FILE      append NSS key-log lines (default: $SSLKEYLOGFILE)\n"
    "  --trace            print every provider call on stderr\n"
    "  -h, --help         this text\n"
    "\nexit status: 0 success, 1 connection or library failure, 2 bad usage,\n"
    "3 the peer closed without close_notify (possible truncation).\n";

/* Suites and groups are checked here so a typo is a usage error (2), not a
 * connection failure. */
static int check_lists(const struct cli_tls_cmd *cmd, const struct cli_tls_opts *o) {
    uint16_t lo = 0x0303, hi = 0x0304;
    if (o->tls10 || o->tls11 || o->tls12 || o->tls13) {
        lo = o->tls10 ? 0x0301 : o->tls11 ? 0x0302 : o->tls12 ? 0x0303 : 0x0304;
        hi = o->tls13 ? 0x0304 : o->tls12 ? 0x0303 : o->tls11 ? 0x0302 : 0x0301;
    }
    bool tls = o->tls10 || o->tls11 || o->tls12 || o->tls13, dtls = o->dtls10 || o->dtls12;
    if (dtls) { /* DTLS 1.0 is TLS 1.1 on datagrams, DTLS 1.2 is TLS 1.2 (RFC 6347 1.1) */
        lo = o->dtls10 ? 0x0302 : 0x0303;
        hi = o->dtls12 ? 0x0303 : 0x0302;
    }
    if (tls && dtls) return cli_tls_usage_error(cmd, "--dtls1.x and --tls1.x exclude each other");
    if (o->mtu != 0 && (o->mtu < 256 || o->mtu > 65535))
        return cli_tls_usage_error(cmd, "--mtu %d: not 256-65535", o->mtu);
    if (o->mtu != 0 && !dtls) return cli_tls_usage_error(cmd, "--mtu needs --dtls1.2 or --dtls1.0");
    int rc = -1;
    char *dup = o->cipher ? strdup(o->cipher) : NULL, *save = NULL;
    if (o->cipher != NULL && o->cipher[strspn(o->cipher, ",:")] == 0)
        rc = cli_tls_usage_error(cmd, "--cipher: empty list");
    for (char *t = dup ? strtok_r(dup, ",:", &save) : NULL; t != NULL && rc < 0; t = strtok_r(NULL, ",:", &save)) {
        const struct tls_suite_info *s = tls_suite_by_name(t);
        if (s == NULL)
            rc = cli_tls_usage_error(cmd, "--cipher %s: unknown cipher suite (list: sslprov suites)", t);
        else if (s->kx == KX_TLS13 && hi < 0x0304)
            rc = cli_tls_usage_error(cmd, "--cipher %s: a TLS 1.3 suite, but TLS 1.3 is not enabled", t);
        else if (s->kx != KX_TLS13 && lo > 0x0303)
            rc = cli_tls_usage_error(cmd, "--cipher %s: a TLS 1.2 and earlier suite, but only TLS 1.3 is enabled", t);
        else if (s->kx != KX_TLS13 && s->tls12_only && hi < 0x0303)
            rc = cli_tls_usage_error(cmd, "--cipher %s: a TLS 1.2 suite, but TLS 1.2 is not enabled", t);
    }
    free(dup);
    dup = o->group ? strdup(o->group) : NULL;
    if (rc < 0 && o->group != NULL && o->group[strspn(o->group, ",:")] == 0)
        rc = cli_tls_usage_error(cmd, "--group: empty list");
    for (char *t = dup ? strtok_r(dup, ",:", &save) : NULL; t != NULL && rc < 0; t = strtok_r(NULL, ",:", &save))
        if (tls_group_by_name(t) == NULL) rc = cli_tls_usage_error(cmd, "--group %s: unknown group", t);
    free(dup);
    if (rc < 0 && o->key != NULL && o->cert == NULL) rc = cli_tls_usage_error(cmd, "--key needs --cert");
    if (rc < 0 && o->record_size_limit != 0 && (o->record_size_limit < 64 || o->record_size_limit > 16385))
        rc = cli_tls_usage_error(cmd, "--record-size-limit %d: not 64-16385 (RFC 8449)", o->record_size_limit);
    uint8_t alpn[256];
    size_t alpn_len = 0;
    if (rc < 0 && o->alpn != NULL && tls_alpn_from_list(o->alpn, alpn, sizeof(alpn), &alpn_len) != 0)
        rc = cli_tls_usage_error(cmd, "--alpn '%s': not a list of 1-255-byte names separated by ','", o->alpn);
    return rc;
}

int cli_tls_parse(const struct cli_tls_cmd *cmd, int argc, char **argv, struct cli_tls_opts *o) {
    /* the options both commands share */
    const struct cli_tls_opt common[] = {
        {"--trace", &o->trace, NULL, NULL},
        {"--tls1.0", &o->tls10, NULL, NULL},
        {"--tls1.1", &o->tls11, NULL, NULL},
        {"--tls1.2", &o->tls12, NULL, NULL},
        {"--tls1.3", &o->tls13, NULL, NULL},
        {"--no-ems", &o->no_ems, NULL, NULL},
        {"--no-ticket", &o->no_ticket, NULL, NULL},
        {"--ignore-eof", &o->ignore_eof, NULL, NULL},
        {"--dtls1.0", &o->dtls10, NULL, NULL},
        {"--dtls1.2", &o->dtls12, NULL, NULL},
        {"--mtu", NULL, NULL, &o->mtu},
        {"--cipher", NULL, &o->cipher, NULL},
        {"--group", NULL, &o->group, NULL},
        {"--groups", NULL, &o->group, NULL},
        {"--keylog", NULL, &o->keylog, NULL},
        {"--cert", NULL, &o->cert, NULL},
        {"--key", NULL, &o->key, NULL},
        {"--cafile", NULL, &o->cafile, NULL},
        {"--alpn", NULL, &o->alpn, NULL},
        {"--record-size-limit", NULL, NULL, &o->record_size_limit},
        {"--verify-client", NULL, &o->cafile, NULL},
        {"--timeout", NULL, NULL, &o->timeout},
        {NULL, NULL, NULL, NULL},
    };
    o->timeout = -1; /* unset: the command's default */
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            printf("%s%s%s", cmd->usage, cmd->help ? cmd->help : "", common_help);
            return CLI_EXIT_OK;
        }
        const struct cli_tls_opt *t = find_opt(common, argv[i]);
        if (t == NULL) t = find_opt(cmd->opts, argv[i]);
        int r = t ? take_opt(cmd, t, argc, argv, &i) : 0;
        if (r < 0) return CLI_EXIT_USAGE;
        if (r > 0) continue;
        if (argv[i][0] == '-' && argv[i][1] != 0) return cli_tls_usage_error(cmd, "unknown option %s", argv[i]);
        if (cmd->operand != NULL && *cmd->operand == NULL) {
            *cmd->operand = argv[i];
            continue;
        }
        return cli_tls_usage_error(cmd, "unexpected argument '%s'", argv[i]);
    }
    return check_lists(cmd, o);
}

int cli_tls_fail(const char *who, const struct tls_conn *c) {
    if (c->got_alert)
        fprintf(stderr, "%s: error: peer sent alert %s (%u)\n", who, tls_alert_name(c->alert_recv), c->alert_recv);
    else if (c->alert_sent)
        fprintf(stderr, "%s: error: %s (sent alert %s)\n", who, c->err, tls_alert_name(c->alert_sent));
    else
        fprintf(stderr, "%s: error: %s\n", who, c->err[0] ? c->err : "connection failed");
    if (c->verify_failed)
        fprintf(stderr, "%s: hint: name the CA that issued the peer's certificate with %s\n", who,
                c->cfg->server ? "--verify-client FILE" : "--cafile FILE (or skip the check with --insecure)");
    return c->truncated ? CLI_EXIT_TRUNCATED : CLI_EXIT_FAIL;
}

static int parse_suites(struct tls_config *cfg, const char *list) {
    size_t n = 0;
    const struct tls_suite_info *all = tls_suite_table(&n);
    cfg->n_suites = 0;
    if (list == NULL) {
        for (size_t i = 0; i < n && cfg->n_suites < sizeof(cfg->suites) / sizeof(cfg->suites[0]); i++)
            cfg->suites[cfg->n_suites++] = all[i].id;
        return 0;
    }
    char *dup = strdup(list), *save = NULL;
    for (char *t = strtok_r(dup, ",:", &save); t != NULL; t = strtok_r(NULL, ",:", &save)) {
        const struct tls_suite_info *s = tls_suite_by_name(t);
        if (s == NULL) {
            fprintf(stderr, "sslprov: unknown cipher suite %s\n", t);
            free(dup);
            return -1;
        }
        if (cfg->n_suites < sizeof(cfg->suites) / sizeof(cfg->suites[0])) cfg->suites[cfg->n_suites++] = s->id;
    }
    free(dup);
    return cfg->n_suites ? 0 : -1;
}

static int parse_groups(struct tls_config *cfg, const char *list) {
    /* the elliptic curves, then the RFC 7919 groups (TLS 1.2 DHE and TLS 1.3) */
    static const uint16_t def[] = {29, 23, 24, 256, 257, 258, 259, 260};
    cfg->n_groups = 0;
    if (list == NULL) {
        for (size_t i = 0; i < sizeof(def) / sizeof(def[0]); i++)
            cfg->groups[cfg->n_groups++] = def[i];
        return 0;
    }
    char *dup = strdup(list), *save = NULL;
    for (char *t = strtok_r(dup, ",:", &save); t != NULL; t = strtok_r(NULL, ",:", &save)) {
        const struct tls_group_info *g = tls_group_by_name(t);
        if (g == NULL) {
            fprintf(stderr, "sslprov: unknown group %s\n", t);
            free(dup);
            return -1;
        }
        if (cfg->n_groups < 8) cfg->groups[cfg->n_groups++] = g->id;
    }
    free(dup);
    return cfg->n_groups ? 0 : -1;
}

static int note_encrypted(char *buf, int size, int rwflag, void *u) {
    (void)buf, (void)size, (void)rwflag;
    *(bool *)u = true;
    return -1; /* no passphrase: the read fails */
}

/* The certificate and key files checked before the provider sees them, so a
 * mistake names the file and the reason: missing or unreadable, no PEM
 * certificate / key in it, an encrypted key, a key that is not the
 * certificate's.  0 or -1 with one line printed. */
static int check_identity(const char *cert, const char *key) {
    int rc = -1;
    bool encrypted = false;
    X509 *x = NULL;
    EVP_PKEY *pk = NULL;
    FILE *f = fopen(cert, "r");
    if (f == NULL) {
        fprintf(stderr, "sslprov: error: certificate file %s: %s\n", cert, strerror(errno));
        goto done;
    }
    x = PEM_read_X509(f, NULL, NULL, NULL);
    fclose(f);
    if (x == NULL) {
        fprintf(stderr, "sslprov: error: certificate file %s: no PEM certificate in it\n", cert);
        goto done;
    }
    f = fopen(key, "r");
    if (f == NULL) {
        fprintf(stderr, "sslprov: error: key file %s: %s\n", key, strerror(errno));
        goto done;
    }
    pk = PEM_read_PrivateKey(f, NULL, note_encrypted, &encrypted);
    fclose(f);
    if (pk == NULL && encrypted)
        fprintf(stderr,
                "sslprov: error: key file %s: the private key is encrypted; sslprov reads unencrypted keys"
                " (openssl pkey -in %s -out NEWFILE)\n",
                key, key);
    else if (pk == NULL)
        fprintf(stderr, "sslprov: error: key file %s: no PEM private key in it\n", key);
    else if (X509_check_private_key(x, pk) != 1)
        fprintf(stderr, "sslprov: error: key file %s: the private key does not match the certificate in %s\n", key,
                cert);
    else
        rc = 0;
done:
    ERR_clear_error();
    EVP_PKEY_free(pk);
    X509_free(x);
    return rc;
}

int cli_tls_setup(struct tls_config *cfg, const struct cli_tls_opts *o, bool server) {
    memset(cfg, 0, sizeof(*cfg));
    cfg->server = server;
    cfg->trace = o->trace;
    cfg->trace_out = stderr;
    cfg->no_ems = o->no_ems;
    cfg->no_ticket = o->no_ticket;
    cfg->ignore_eof = o->ignore_eof;
    cfg->min_version = 0x0303;
    cfg->max_version = 0x0304;
    if (o->tls10 || o->tls11 || o->tls12 || o->tls13) {
        cfg->min_version = o->tls10 ? 0x0301 : o->tls11 ? 0x0302 : o->tls12 ? 0x0303 : 0x0304;
        cfg->max_version = o->tls13 ? 0x0304 : o->tls12 ? 0x0303 : o->tls11 ? 0x0302 : 0x0301;
    }
    if (o->dtls10 || o->dtls12) {
        /* DTLS 1.0 is TLS 1.1 on datagrams, DTLS 1.2 is TLS 1.2 (RFC 6347 1.1) */
        if (o->tls10 || o->tls11 || o->tls12 || o->tls13) {
            fprintf(stderr, "sslprov: --dtls1.x and --tls1.x exclude each other\n");
            return -1;
        }
        cfg->dtls = true;
        cfg->min_version = o->dtls10 ? 0x0302 : 0x0303;
        cfg->max_version = o->dtls12 ? 0x0303 : 0x0302;
        cfg->mtu = o->mtu > 0 ? (unsigned)o->mtu : 1400;
        if (cfg->mtu < 256 || cfg->mtu > 65535) {
            fprintf(stderr, "sslprov: --mtu must be 256..65535\n");
            return -1;
        }
    }
    SECURITY_STATUS st = SslOpenProvider(&cfg->prov, MS_SCHANNEL_PROVIDER, 0);
    if (st != 0) {
        fprintf(stderr, "sslprov: SslOpenProvider failed: 0x%08x\n", (unsigned)st);
        return -1;
    }
    const char *kl = o->keylog ? o->keylog : getenv("SSLKEYLOGFILE");
    if (kl != NULL && kl[0] != 0) {
        if ((keylog_file = open_keylog(kl)) == NULL) return -1;
        st = SslProvSetKeyLogCallback(cfg->prov, keylog_cb, keylog_file);
        if (st != 0) {
            fprintf(stderr, "sslprov: SslProvSetKeyLogCallback failed: 0x%08x\n", (unsigned)st);
            return -1;
        }
    }
#ifdef SSLPROV_TEST_FAULTS
    /* Test-only fault injection (sslprov(1), ENVIRONMENT), compiled only into
     * the test build of the CLI (sslprov-test, never installed): the released
     * binary has no code that reads SSLPROV_TEST_FAULT (issue #12 item 11).
     * An unknown value is an error so a typo cannot pass a test. */
    const char *fault = getenv("SSLPROV_TEST_FAULT");
    if (fault != NULL && fault[0] != 0) {
        if (strcmp(fault, "tamper-record") == 0)
            cfg->fault = TLS_FAULT_TAMPER_RECORD;
        else if (strcmp(fault, "bad-finished") == 0)
            cfg->fault = TLS_FAULT_BAD_FINISHED;
        else if (strcmp(fault, "unexpected-message") == 0)
            cfg->fault = TLS_FAULT_UNEXPECTED_MESSAGE;
        else if (strcmp(fault, "no-close-notify") == 0)
            cfg->fault = TLS_FAULT_NO_CLOSE_NOTIFY;
        else {
            fprintf(stderr, "sslprov: unknown SSLPROV_TEST_FAULT %s\n", fault);
            return -1;
        }
        fprintf(stderr, "sslprov: test fault injection: %s\n", fault);
    }
#endif
    if (parse_suites(cfg, o->cipher) != 0 || parse_groups(cfg, o->group) != 0) return -1;
    if (o->record_size_limit != 0 && (o->record_size_limit < 64 || o->record_size_limit > 16385)) {
        fprintf(stderr, "sslprov: --record-size-limit: %d is not in 64..16385 (RFC 8449)\n", o->record_size_limit);
        return -1;
    }
    cfg->record_size_limit = (uint16_t)o->record_size_limit;
    if (o->alpn != NULL && tls_alpn_from_list(o->alpn, cfg->alpn, sizeof(cfg->alpn), &cfg->alpn_len) != 0) {
        fprintf(stderr, "sslprov: --alpn: bad protocol list %s (names of 1-255 bytes, comma-separated)\n", o->alpn);
        return -1;
    }
    if (o->cafile != NULL) {
        FILE *f = fopen(o->cafile, "r");
        if (f == NULL) {
            fprintf(stderr, "sslprov: error: CA file %s: %s\n", o->cafile, strerror(errno));
            return -1;
        }
        fclose(f);
        cfg->ca = tls_store_load(o->cafile);
        if (cfg->ca == NULL) {
            fprintf(stderr, "sslprov: error: CA file %s: no PEM certificate in it\n", o->cafile);
            return -1;
        }
    }
    if (o->cert != NULL) {
        char err[200];
        if (check_identity(o->cert, o->key ? o->key : o->cert) != 0) return -1;
        cfg->id = tls_identity_load(cfg->prov, o->cert, o->key ? o->key : o->cert, err, sizeof(err));
        if (cfg->id == NULL) {
            fprintf(stderr, "sslprov: %s\n", err);
            return -1;
        }
    }
    return 0;
}

void cli_tls_teardown(struct tls_config *cfg) {
    tls_session_clear(&cfg->client_session);
    for (size_t i = 0; i < TLS_SERVER_CACHE; i++)
        tls_session_clear(&cfg->cache[i]);
    tls_identity_free(cfg->prov, cfg->id);
    cfg->id = NULL;
    X509_STORE_free(cfg->ca);
    cfg->ca = NULL;
    if (cfg->prov) (void)SslFreeObject(cfg->prov, 0);
    cfg->prov = 0;
    if (keylog_file) fclose(keylog_file);
    keylog_file = NULL;
}
