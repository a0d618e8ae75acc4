/* SPDX-License-Identifier: MIT
 * Copyright (c) 2025-2026 the sslprov authors */
/*
 * sslprovider.h - the lower-case name of Sslprovider.h, the documented name of
 * the CNG SSL Protocol Provider header (kept for existing code).
 */
#include "Sslprovider.h"
