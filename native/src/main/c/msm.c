/*
 * Multi-scalar multiplication on edwards25519: sum_i s_i * P_i.
 *
 * veil_msm_vartime: Pippenger's bucket method for public scalars (verifiers). Scalars are cut
 * into signed windows of c bits (digits in [-2^(c-1), 2^(c-1)]), so only 2^(c-1) buckets are
 * needed; per window every point is added to (or subtracted from) one bucket, then the buckets
 * are combined with the running-sum trick: sum_j j*B_j = sum_j (B_top + ... + B_j).
 *
 * veil_msm_consttime: Straus's method with signed 4-bit windows for secret scalars (provers,
 * constant-time scalar multiplication when n = 1). Every table entry is read for every digit
 * and the wanted one selected with masks, so memory access and timing do not depend on scalars.
 */
#include <stdlib.h>
#include <string.h>

#include "curve25519.h"
#include "veil_kernels.h"

#define VEIL_MSM_STRAUS_BELOW 8

static int window_bits(size_t n) {
    if (n < 8) return 3;
    if (n < 32) return 4;
    if (n < 96) return 5;
    if (n < 288) return 6;
    if (n < 1024) return 7;
    if (n < 3072) return 8;
    if (n < 10240) return 9;
    if (n < 40000) return 10;
    return 11;
}

/* Signed digits of radix 2^c for one scalar below 2^255: digits[k] for k < windows. */
static void signed_digits(int32_t *digits, int windows, int c, const uint8_t *s) {
    uint64_t w[5];
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int b = 7; b >= 0; b--) x = (x << 8) | s[8 * i + b];
        w[i] = x;
    }
    w[4] = 0;
    int64_t carry = 0;
    int64_t radix = (int64_t)1 << c;
    int64_t half = radix >> 1;
    for (int k = 0; k < windows; k++) {
        int bit = k * c;
        int idx = bit >> 6, off = bit & 63;
        uint64_t v = w[idx] >> off;
        if (off + c > 64 && idx < 4) v |= w[idx + 1] << (64 - off);
        int64_t d = (int64_t)(v & (uint64_t)(radix - 1)) + carry;
        carry = (d + half) >> c;
        digits[k] = (int32_t)(d - (carry << c));
    }
}

static int pippenger_serial(uint64_t *out, const uint64_t *points, size_t n, const int32_t *digits, int windows,
                            int c) {
    ge_p3 acc;
    ge_identity(&acc);
    size_t buckets = (size_t)1 << (c - 1);
    ge_cached *cp = malloc(n * sizeof(ge_cached));
    ge_p3 *bucket = malloc(buckets * sizeof(ge_p3));
    uint8_t *used = malloc(buckets);
    if (cp == NULL || bucket == NULL || used == NULL) {
        free(cp); free(bucket); free(used);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        ge_p3 p;
        ge_unpack(&p, points + 20 * i);
        ge_to_cached(&cp[i], &p);
    }
    int started = 0;
    for (int k = windows - 1; k >= 0; k--) {
        if (started) {
            for (int j = 0; j < c - 1; j++) ge_dbl_no_t(&acc, &acc);
            ge_dbl(&acc, &acc);
        }
        memset(used, 0, buckets);
        for (size_t i = 0; i < n; i++) {
            int32_t d = digits[i * (size_t)windows + k];
            if (d == 0) continue;
            size_t b = (size_t)(d > 0 ? d : -d) - 1;
            if (!used[b]) {
                ge_p3 id;
                ge_identity(&id);
                if (d > 0) ge_add_cached(&bucket[b], &id, &cp[i]);
                else ge_sub_cached(&bucket[b], &id, &cp[i]);
                used[b] = 1;
            } else if (d > 0) {
                ge_add_cached(&bucket[b], &bucket[b], &cp[i]);
            } else {
                ge_sub_cached(&bucket[b], &bucket[b], &cp[i]);
            }
        }
        /* running sum from the top bucket down */
        ge_p3 run, total;
        int have_run = 0, have_total = 0;
        for (size_t j = buckets; j-- > 0;) {
            if (used[j]) {
                if (have_run) {
                    ge_cached bc;
                    ge_to_cached(&bc, &bucket[j]);
                    ge_add_cached(&run, &run, &bc);
                } else {
                    run = bucket[j];
                    have_run = 1;
                }
            }
            if (have_run) {
                if (have_total) {
                    ge_cached rc;
                    ge_to_cached(&rc, &run);
                    ge_add_cached(&total, &total, &rc);
                } else {
                    total = run;
                    have_total = 1;
                }
            }
        }
        if (have_total) {
            ge_cached tc;
            ge_to_cached(&tc, &total);
            ge_add_cached(&acc, &acc, &tc);
            started = 1;
        }
    }
    ge_pack(out, &acc);
    ge_pack_canonical(out, out);
    free(cp); free(bucket); free(used);
    return 0;
}

int veil_msm_vartime(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n) {
    /* Below this size buckets cost more than they save; Straus is also correct for public scalars. */
    if (n < VEIL_MSM_STRAUS_BELOW) return veil_msm_consttime(out, scalars, points, n);
    int c = window_bits(n);
    int windows = (255 + c - 1) / c + 1;
    int32_t *digits = malloc(n * (size_t)windows * sizeof(int32_t));
    if (digits == NULL) return -1;
    for (size_t i = 0; i < n; i++) {
        signed_digits(digits + i * (size_t)windows, windows, c, scalars + 32 * i);
    }
    int isa = veil_isa_active();
    int rc = isa >= VEIL_ISA_AVX512IFMA ? veil_pippenger_ifma(out, points, n, digits, windows, c)
             : isa >= VEIL_ISA_AVX2     ? veil_pippenger_avx2(out, points, n, digits, windows, c)
                                        : pippenger_serial(out, points, n, digits, windows, c);
    free(digits);
    return rc;
}

int veil_msm_consttime(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n) {
    int isa = veil_isa_active();
    if (isa >= VEIL_ISA_AVX512IFMA) return veil_msm_consttime_ifma(out, scalars, points, n);
    if (isa >= VEIL_ISA_AVX2) return veil_msm_consttime_avx2(out, scalars, points, n);
    ge_p3 acc;
    ge_identity(&acc);
    if (n == 0) { ge_pack(out, &acc); return 0; }
    ge_cached *table = malloc(n * 8 * sizeof(ge_cached));
    int8_t *digits = malloc(n * 64);
    if (table == NULL || digits == NULL) {
        free(table); free(digits);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        ge_p3 p, m;
        ge_unpack(&p, points + 20 * i);
        ge_cached *t = table + 8 * i;
        ge_to_cached(&t[0], &p);
        m = p;
        for (int j = 1; j < 8; j++) {
            ge_add_cached(&m, &m, &t[0]);
            ge_to_cached(&t[j], &m);
        }
        scalar_radix16(digits + 64 * i, scalars + 32 * i);
    }
    for (int k = 63; k >= 0; k--) {
        ge_dbl_no_t(&acc, &acc);
        ge_dbl_no_t(&acc, &acc);
        ge_dbl_no_t(&acc, &acc);
        ge_dbl(&acc, &acc);
        for (size_t i = 0; i < n; i++) {
            int8_t d = digits[64 * i + k];
            uint64_t neg = (uint64_t)((uint8_t)d >> 7);
            uint64_t abs = (uint64_t)(uint8_t)(d ^ (int8_t)(-(int8_t)neg)) + neg;
            abs &= 0xFF;
            ge_cached sel;
            ge_cached_identity(&sel);
            for (uint64_t j = 1; j <= 8; j++) {
                uint64_t eq = ((abs ^ j) - 1) >> 63;
                ge_cached_cmov(&sel, &table[8 * i + j - 1], eq);
            }
            ge_cached_cneg(&sel, neg);
            ge_add_cached(&acc, &acc, &sel);
        }
    }
    ge_pack(out, &acc);
    ge_pack_canonical(out, out);
    free(table); free(digits);
    return 0;
}
