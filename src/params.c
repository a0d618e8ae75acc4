/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * params.c - NCryptBufferDesc parameter lists.
 */
#include "internal.h"

SP_RESULT sp_params_check(const NCryptBufferDesc *list, bool optional) {
    if (list == NULL) {
        ENSURE(optional, NTE_INVALID_PARAMETER);
        return SP_OK;
    }
    /* BCryptBufferDesc.ulVersion must be BCRYPTBUFFER_VERSION (0). */
    ENSURE(list->ulVersion == NCRYPTBUFFER_VERSION, NTE_INVALID_PARAMETER);
    ENSURE(list->cBuffers == 0 || list->pBuffers != NULL, NTE_INVALID_PARAMETER);
    ENSURE(list->cBuffers <= 64, NTE_INVALID_PARAMETER);
    for (ULONG i = 0; i < list->cBuffers; i++) {
        const NCryptBuffer *b = &list->pBuffers[i];
        ENSURE(b->cbBuffer == 0 || b->pvBuffer != NULL, NTE_INVALID_PARAMETER);
        for (ULONG j = 0; j < i; j++) {
            /* A duplicate type is ambiguous: refuse rather than guess. */
            ENSURE(list->pBuffers[j].BufferType != b->BufferType, NTE_INVALID_PARAMETER);
        }
    }
    return SP_OK;
}

const NCryptBuffer *sp_params_find(const NCryptBufferDesc *list, ULONG type) {
    if (list == NULL || list->pBuffers == NULL) return NULL;
    for (ULONG i = 0; i < list->cBuffers; i++) {
        if (list->pBuffers[i].BufferType == type) return &list->pBuffers[i];
    }
    return NULL;
}

SP_RESULT sp_params_randoms(const NCryptBufferDesc *list, uint8_t cr[32], uint8_t sr[32]) {
    GUARD(sp_params_check(list, false));
    const NCryptBuffer *c = sp_params_find(list, NCRYPTBUFFER_SSL_CLIENT_RANDOM);
    const NCryptBuffer *s = sp_params_find(list, NCRYPTBUFFER_SSL_SERVER_RANDOM);
    ENSURE(c != NULL && s != NULL, NTE_INVALID_PARAMETER);
    ENSURE(c->cbBuffer == 32 && s->cbBuffer == 32, NTE_INVALID_PARAMETER);
    memcpy(cr, c->pvBuffer, 32);
    memcpy(sr, s->pvBuffer, 32);
    return SP_OK;
}
