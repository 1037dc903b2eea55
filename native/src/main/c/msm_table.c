/*
 * Straus multi-scalar multiplication with precomputed odd-multiple tables (variable time: for
 * public scalars only). Fixed bases (e.g. Bulletproofs generators) get width-7 NAF digits on a
 * table built once; the few variable points get width-5 NAF on tables built per call. Every
 * term then costs about 253/(w+1) additions, and all share one chain of doublings.
 */
#include <stdlib.h>
#include <string.h>

#include "curve25519.h"
#include "veil_kernels.h"

#define FIXED_W 7
#define VAR_W 5

void veil_fixed_table(uint64_t *table, const uint64_t *points, size_t n) {
    for (size_t i = 0; i < n; i++) {
        ge_p3 p, p2, cur;
        ge_cached c2;
        ge_cached *t = (ge_cached *)(table + (size_t)VEIL_TABLE_WORDS * i);
        ge_unpack(&p, points + 20 * i);
        ge_dbl(&p2, &p);
        ge_to_cached(&c2, &p2);
        ge_to_cached(&t[0], &p);
        cur = p;
        for (int j = 1; j < VEIL_TABLE_ENTRIES; j++) {
            ge_add_cached(&cur, &cur, &c2);
            ge_to_cached(&t[j], &cur);
        }
    }
}

/* Width-w NAF of a 32-byte scalar below 2^255: odd digits in (-2^(w-1), 2^(w-1)), at least w-1
 * zeros after each; returns 1 + the highest nonzero position, or 0 for a zero scalar. */
static int wnaf(int8_t naf[VEIL_NAF_LEN], const uint8_t *s, int w) {
    uint64_t x[6] = {0, 0, 0, 0, 0, 0};
    for (int i = 0; i < 4; i++) {
        uint64_t v = 0;
        for (int b = 7; b >= 0; b--) v = (v << 8) | s[8 * i + b];
        x[i] = v;
    }
    memset(naf, 0, VEIL_NAF_LEN);
    int top = 0;
    uint64_t width = (uint64_t)1 << w, half = width >> 1, mask = width - 1;
    uint64_t carry = 0;
    int pos = 0;
    while (pos < VEIL_NAF_LEN - w) {
        int idx = pos >> 6, off = pos & 63;
        uint64_t buf = x[idx] >> off;
        if (off != 0) buf |= x[idx + 1] << (64 - off);
        uint64_t window = carry + (buf & mask);
        if ((window & 1) == 0) { pos++; continue; }
        if (window < half) {
            carry = 0;
            naf[pos] = (int8_t)window;
        } else {
            carry = 1;
            naf[pos] = (int8_t)((int64_t)window - (int64_t)width);
        }
        top = pos + 1;
        pos += w;
    }
    return top;
}

static inline void add_digit(ge_p3 *acc, const ge_cached *t, int d) {
    if (d > 0) ge_add_cached(acc, acc, &t[(d - 1) >> 1]);
    else ge_sub_cached(acc, acc, &t[(-d - 1) >> 1]);
}

/* The serial doubling-and-adding chain over NAF digits (see the file comment). */
static int table_chain_serial(uint64_t *out, const uint64_t *table, const size_t *used, size_t nfixed,
                              const int8_t *naf, const uint64_t *var_points, size_t nvar, int top) {
    ge_cached *vt = malloc((nvar + 1) * VEIL_VAR_ENTRIES * sizeof(ge_cached));
    if (vt == NULL) return -1;
    for (size_t j = 0; j < nvar; j++) {
        ge_p3 p, p2, cur;
        ge_cached c2;
        ge_unpack(&p, var_points + 20 * j);
        ge_dbl(&p2, &p);
        ge_to_cached(&c2, &p2);
        ge_to_cached(&vt[VEIL_VAR_ENTRIES * j], &p);
        cur = p;
        for (int k = 1; k < VEIL_VAR_ENTRIES; k++) {
            ge_add_cached(&cur, &cur, &c2);
            ge_to_cached(&vt[VEIL_VAR_ENTRIES * j + k], &cur);
        }
    }
    ge_p3 acc;
    ge_identity(&acc);
    for (int pos = top - 1; pos >= 0; pos--) {
        ge_dbl(&acc, &acc);
        for (size_t i = 0; i < nfixed; i++) {
            int d = naf[i * VEIL_NAF_LEN + pos];
            if (d != 0) add_digit(&acc, (const ge_cached *)(table + (size_t)VEIL_TABLE_WORDS * used[i]), d);
        }
        for (size_t j = 0; j < nvar; j++) {
            int d = naf[(nfixed + j) * VEIL_NAF_LEN + pos];
            if (d != 0) add_digit(&acc, &vt[VEIL_VAR_ENTRIES * j], d);
        }
    }
    ge_pack(out, &acc);
    ge_pack_canonical(out, out);
    free(vt);
    return 0;
}

int veil_msm_table(uint64_t *out, const uint64_t *table, const uint8_t *fixed_scalars, size_t nfixed,
                   const uint8_t *var_scalars, const uint64_t *var_points, size_t nvar) {
    /* Only bases with a nonzero scalar take part (callers often pass a whole generator set). */
    size_t *used = malloc((nfixed + 1) * sizeof(size_t));
    if (used == NULL) return -1;
    size_t nused = 0;
    for (size_t i = 0; i < nfixed; i++) {
        uint8_t any = 0;
        for (int b = 0; b < 32; b++) any |= fixed_scalars[32 * i + b];
        if (any) used[nused++] = i;
    }
    nfixed = nused;
    size_t n = nfixed + nvar;
    int8_t *naf = malloc(n * VEIL_NAF_LEN + 1);
    if (naf == NULL) { free(used); return -1; }
    int top = 0;
    for (size_t i = 0; i < nfixed; i++) {
        int t = wnaf(naf + i * VEIL_NAF_LEN, fixed_scalars + 32 * used[i], FIXED_W);
        if (t > top) top = t;
    }
    for (size_t j = 0; j < nvar; j++) {
        int t = wnaf(naf + (nfixed + j) * VEIL_NAF_LEN, var_scalars + 32 * j, VAR_W);
        if (t > top) top = t;
    }
    int isa = veil_isa_active();
    int rc = isa >= VEIL_ISA_AVX512IFMA ? veil_table_chain_ifma(out, table, used, nfixed, naf, var_points, nvar, top)
             : isa >= VEIL_ISA_AVX2     ? veil_table_chain_avx2(out, table, used, nfixed, naf, var_points, nvar, top)
                                        : table_chain_serial(out, table, used, nfixed, naf, var_points, nvar, top);
    free(naf);
    free(used);
    return rc;
}
