/*
 * cli_tls_common.c - option parsing, provider setup and the key-log file for
 * `sslprov client` / `sslprov server`.
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "cli_tls.h"

static FILE *keylog_file;

static void keylog_cb(const char *line, void *ctx) {
    FILE *f = ctx;
    fprintf(f, "%s\n", line);
    fflush(f);
}

int cli_tls_option(struct cli_tls_opts *o, int argc, char **argv, int *i) {
    const char *a = argv[*i];
    const char **val = NULL;
    if (strcmp(a, "--trace") == 0) return o->trace = true, 1;
    if (strcmp(a, "--tls1.0") == 0) return o->tls10 = true, 1;
    if (strcmp(a, "--tls1.1") == 0) return o->tls11 = true, 1;
    if (strcmp(a, "--tls1.2") == 0) return o->tls12 = true, 1;
    if (strcmp(a, "--tls1.3") == 0) return o->tls13 = true, 1;
    if (strcmp(a, "--no-ems") == 0) return o->no_ems = true, 1;
    if (strcmp(a, "--cipher") == 0) val = &o->cipher;
    if (strcmp(a, "--group") == 0 || strcmp(a, "--groups") == 0) val = &o->group;
    if (strcmp(a, "--keylog") == 0) val = &o->keylog;
    if (strcmp(a, "--cert") == 0) val = &o->cert;
    if (strcmp(a, "--key") == 0) val = &o->key;
    if (strcmp(a, "--cafile") == 0 || strcmp(a, "--verify-client") == 0) val = &o->cafile;
    if (val == NULL) return 0;
    if (*i + 1 >= argc) {
        fprintf(stderr, "sslprov: %s needs a value\n", a);
        return -1;
    }
    *val = argv[++*i];
    return 1;
}

static int parse_suites(struct tls_config *cfg, const char *list) {
    size_t n = 0;
    const struct tls_suite_info *all = tls_suite_table(&n);
    cfg->n_suites = 0;
    if (list == NULL) {
        for (size_t i = 0; i < n && cfg->n_suites < 40; i++)
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
        if (cfg->n_suites < 40) cfg->suites[cfg->n_suites++] = s->id;
    }
    free(dup);
    return cfg->n_suites ? 0 : -1;
}

static int parse_groups(struct tls_config *cfg, const char *list) {
    static const uint16_t def[] = {29, 23, 24};
    cfg->n_groups = 0;
    if (list == NULL) {
        for (size_t i = 0; i < 3; i++)
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
    cfg->min_version = 0x0303;
    cfg->max_version = 0x0304;
    if (o->tls10 || o->tls11 || o->tls12 || o->tls13) {
        cfg->min_version = o->tls10 ? 0x0301 : o->tls11 ? 0x0302 : o->tls12 ? 0x0303 : 0x0304;
        cfg->max_version = o->tls13 ? 0x0304 : o->tls12 ? 0x0303 : o->tls11 ? 0x0302 : 0x0301;
    }
    SECURITY_STATUS st = SslOpenProvider(&cfg->prov, MS_SCHANNEL_PROVIDER, 0);
    if (st != 0) {
        fprintf(stderr, "sslprov: SslOpenProvider failed: 0x%08x\n", (unsigned)st);
        return -1;
    }
    const char *kl = o->keylog ? o->keylog : getenv("SSLKEYLOGFILE");
    if (kl != NULL && kl[0] != 0) {
        int fd = open(kl, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0 || (keylog_file = fdopen(fd, "a")) == NULL) {
            fprintf(stderr, "sslprov: cannot open key log %s\n", kl);
            if (fd >= 0) close(fd);
            return -1;
        }
        st = SslProvSetKeyLogCallback(cfg->prov, keylog_cb, keylog_file);
        if (st != 0) {
            fprintf(stderr, "sslprov: SslProvSetKeyLogCallback failed: 0x%08x\n", (unsigned)st);
            return -1;
        }
    }
    /* Test-only fault injection (sslprov(1), TEST-ONLY ENVIRONMENT): ignored
     * unless set; an unknown value is an error so a typo cannot pass a test. */
    const char *fault = getenv("SSLPROV_TEST_FAULT");
    if (fault != NULL && fault[0] != 0) {
        if (strcmp(fault, "tamper-record") == 0)
            cfg->fault = TLS_FAULT_TAMPER_RECORD;
        else if (strcmp(fault, "bad-finished") == 0)
            cfg->fault = TLS_FAULT_BAD_FINISHED;
        else if (strcmp(fault, "unexpected-message") == 0)
            cfg->fault = TLS_FAULT_UNEXPECTED_MESSAGE;
        else {
            fprintf(stderr, "sslprov: unknown SSLPROV_TEST_FAULT %s\n", fault);
            return -1;
        }
        fprintf(stderr, "sslprov: test fault injection: %s\n", fault);
    }
    if (parse_suites(cfg, o->cipher) != 0 || parse_groups(cfg, o->group) != 0) return -1;
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
