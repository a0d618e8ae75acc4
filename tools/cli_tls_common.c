/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * cli_tls_common.c - what `sslprov client` and `sslprov server` share: the
 * option table and parser, provider setup, the key-log file and the error
 * line of a failed connection.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

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

int cli_tls_usage_error(const struct cli_tls_cmd *cmd) {
    fputs(cmd->usage, stderr);
    return CLI_EXIT_USAGE;
}

/* One option at argv[*i]: 1 taken, 0 unknown, -1 missing value. */
static int take_opt(const struct cli_tls_opt *t, int argc, char **argv, int *i) {
    const char *eq = strchr(argv[*i], '=');
    if (t->flag != NULL) {
        if (eq != NULL) return 0; /* a flag takes no value */
        *t->flag = true;
        return 1;
    }
    const char *v = eq ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
    if (v == NULL) {
        fprintf(stderr, "sslprov: %s needs a value\n", t->name);
        return -1;
    }
    if (t->str != NULL) *t->str = v;
    if (t->num != NULL) *t->num = atoi(v);
    return 1;
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
        {NULL, NULL, NULL, NULL},
    };
    for (int i = 1; i < argc; i++) {
        if (cli_is_help(argv[i])) {
            fputs(cmd->usage, stdout);
            return CLI_EXIT_OK;
        }
        const struct cli_tls_opt *t = find_opt(common, argv[i]);
        if (t == NULL) t = find_opt(cmd->opts, argv[i]);
        int r = t ? take_opt(t, argc, argv, &i) : 0;
        if (r < 0) return CLI_EXIT_USAGE;
        if (r > 0) continue;
        if (argv[i][0] != '-' && cmd->operand != NULL && *cmd->operand == NULL) {
            *cmd->operand = argv[i];
            continue;
        }
        return cli_tls_usage_error(cmd);
    }
    return -1;
}

int cli_tls_fail(const char *who, const struct tls_conn *c) {
    if (c->got_alert)
        fprintf(stderr, "%s: error: peer sent alert %s (%u)\n", who, tls_alert_name(c->alert_recv), c->alert_recv);
    else if (c->alert_sent)
        fprintf(stderr, "%s: error: %s (sent alert %s)\n", who, c->err, tls_alert_name(c->alert_sent));
    else
        fprintf(stderr, "%s: error: %s\n", who, c->err[0] ? c->err : "connection failed");
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
        cfg->ca = tls_store_load(o->cafile);
        if (cfg->ca == NULL) {
            fprintf(stderr, "sslprov: cannot load CA file %s\n", o->cafile);
            return -1;
        }
    }
    if (o->cert != NULL) {
        char err[200];
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
