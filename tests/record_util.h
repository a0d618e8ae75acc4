/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * record_util.h - shared by the record tests: building record keys.  Keys are
 * made with sp_record_key_new + sp_handle_publish (the key-schedule functions
 * land on other branches); this is the one place to switch to the public path.
 */
#ifndef SSLPROV_TESTS_RECORD_UTIL_H
#define SSLPROV_TESTS_RECORD_UTIL_H

#include "internal.h"
#include "record_int.h"
#include "testutil.h"

static inline NCRYPT_KEY_HANDLE t_record_key(NCRYPT_PROV_HANDLE hp, DWORD protocol, DWORD suite_id, bool for_write,
                                             const uint8_t *mac, size_t mac_len, const uint8_t *key, size_t key_len,
                                             const uint8_t *iv, size_t iv_len, SECURITY_STATUS *st_out) {
    struct sp_provider *prov = NULL;
    struct sp_record_key *k = NULL;
    ULONG_PTR h = 0;
    SECURITY_STATUS st = sp_status(sp_provider_get(hp, &prov));
    const struct sp_suite *s = sp_suite_find(suite_id);
    if (st == 0 && s == NULL) st = NTE_NOT_SUPPORTED;
    if (st == 0) {
        /* TLS 1.1+ CBC keys have no IV in the key block (the vectors give one:
         * the explicit IV of their record); it is not the key's. */
        struct sp_record_material l;
        sp_record_material_lengths(protocol, s, &l);
        if (l.iv == 0) iv_len = 0;
    }
    if (st == 0)
        st = sp_status(sp_record_key_new(prov, protocol, s, NCRYPT_SSL_CLIENT_FLAG, for_write, mac, mac_len, key,
                                         key_len, iv, iv_len, &k));
    if (st == 0) st = sp_status(sp_handle_publish(&k->obj, &h));
    sp_handle_put(prov ? &prov->obj : NULL);
    if (st_out) *st_out = st;
    return st == 0 ? (NCRYPT_KEY_HANDLE)h : 0;
}

static inline struct sp_record_key *t_record_obj(NCRYPT_KEY_HANDLE h) {
    struct sp_object *o = NULL;
    if (!SP_IS_OK(sp_handle_get(h, SP_T(SP_OBJ_RECORD), &o))) return NULL;
    sp_handle_put(o); /* the handle keeps it alive */
    return (struct sp_record_key *)o;
}

/* The key material of record key h as mac_key || key || iv, and its lengths
 * (all zero if h is not a record key). */
static inline void t_record_material(NCRYPT_KEY_HANDLE h,
                                     uint8_t out[SP_RECORD_MAX_MAC + SP_RECORD_MAX_KEY + SP_RECORD_MAX_IV],
                                     struct sp_record_material *l) {
    struct sp_record_key *k = t_record_obj(h);
    *l = (struct sp_record_material){0, 0, 0};
    if (k != NULL) sp_record_key_material(k, out, l);
}

#endif
