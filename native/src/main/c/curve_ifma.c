/*
 * Constant-time multi-scalar multiplication on edwards25519 with AVX-512 IFMA, four field
 * operations at once.
 *
 * A point (X:Y:Z:T) is one "fe4": five 256-bit vectors, limb i of coordinate j in lane j. The
 * extended-coordinate formulas of curve25519.c (Hisil, Wong, Carter, Dawson 2008) need, per
 * doubling or addition, two rounds of four independent multiplications, so each round is one
 * 4-lane multiplication here:
 *
 *   doubling:  (X, Y, Z, X+Y)^2 = (A, B, ZZ, S);  H = A+B, E = H-S, G = A-B, F = G+2ZZ
 *              (E, G, F, E) * (F, H, G, H) = (X3, Y3, Z3, T3)
 *   addition:  (Y-X, Y+X, T, Z) * (Y2-X2, Y2+X2, 2d*T2, 2*Z2) = (a, b, c, d)
 *              (b-a, d+c, d-c, b-a) * (d-c, b+a, d+c, b+a) = (X3, Y3, Z3, T3)
 *
 * These are the very field values the serial code (and the Java twin, CurveJava) computes, in
 * the same order of point operations, so the projective result is the same element of GF(p)^4;
 * both paths return it fully reduced (fe_canonical), so the packed limbs are identical.
 *
 * Field: radix 2^51 as in curve25519.c. IFMA multiplies the low 52 bits of its operands, so every
 * multiplication input has limbs below 2^52: fe4_carry leaves limbs below 2^51 + 2^17. A 52x52-bit
 * product a_i*b_j splits into lo (weight 2^(51(i+j))) and hi (weight 2^(51(i+j)+52), i.e. twice
 * 2^(51(i+j+1))), so column k collects lo terms plus 2x hi terms; columns 5..9 fold back with
 * 2^255 = 19 (mod p). Column sums stay below 2^56, folded sums below 2^61.
 *
 * Nothing here branches on or indexes memory by a scalar digit: table entries are all read and
 * the wanted one kept with lane masks built from the digit by arithmetic.
 */
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#include "curve25519.h"

typedef struct { __m256i l[5]; } fe4;

#define MASK51 ((((uint64_t)1) << 51) - 1)

/* 2p in radix 2^51: limb 0 is 2^52 - 38, the others 2^52 - 2. */
#define TWO_P0 ((((uint64_t)1) << 52) - 38)
#define TWO_PN ((((uint64_t)1) << 52) - 2)

/* Lane selectors for _mm256_permute4x64_epi64: result lane j takes source lane sj. */
#define LANES(s0, s1, s2, s3) ((s0) | ((s1) << 2) | ((s2) << 4) | ((s3) << 6))

static inline __m256i times19(__m256i x) {
    return _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64(x, 4), _mm256_slli_epi64(x, 1)), x);
}

/* One parallel carry step: limbs below 2^63 in, below 2^51 + 2^17 out. */
static inline void fe4_carry(fe4 *r) {
    const __m256i m = _mm256_set1_epi64x((long long)MASK51);
    __m256i c0 = _mm256_srli_epi64(r->l[0], 51);
    __m256i c1 = _mm256_srli_epi64(r->l[1], 51);
    __m256i c2 = _mm256_srli_epi64(r->l[2], 51);
    __m256i c3 = _mm256_srli_epi64(r->l[3], 51);
    __m256i c4 = _mm256_srli_epi64(r->l[4], 51);
    r->l[0] = _mm256_add_epi64(_mm256_and_si256(r->l[0], m), times19(c4));
    r->l[1] = _mm256_add_epi64(_mm256_and_si256(r->l[1], m), c0);
    r->l[2] = _mm256_add_epi64(_mm256_and_si256(r->l[2], m), c1);
    r->l[3] = _mm256_add_epi64(_mm256_and_si256(r->l[3], m), c2);
    r->l[4] = _mm256_add_epi64(_mm256_and_si256(r->l[4], m), c3);
}

/* r = a * b lane-wise; limbs of a and b below 2^52. r may alias a or b. */
static inline void fe4_mul(fe4 *r, const fe4 *a, const fe4 *b) {
    __m256i lo[9], hi[10];
    for (int k = 0; k < 9; k++) lo[k] = _mm256_setzero_si256();
    for (int k = 0; k < 10; k++) hi[k] = _mm256_setzero_si256();
    for (int i = 0; i < 5; i++) {
        for (int j = 0; j < 5; j++) {
            lo[i + j] = _mm256_madd52lo_epu64(lo[i + j], a->l[i], b->l[j]);
            hi[i + j + 1] = _mm256_madd52hi_epu64(hi[i + j + 1], a->l[i], b->l[j]);
        }
    }
    __m256i z[10];
    z[0] = lo[0];
    for (int k = 1; k < 9; k++) z[k] = _mm256_add_epi64(lo[k], _mm256_slli_epi64(hi[k], 1));
    z[9] = _mm256_slli_epi64(hi[9], 1);
    for (int k = 0; k < 5; k++) r->l[k] = _mm256_add_epi64(z[k], times19(z[k + 5]));
    fe4_carry(r);
}

static inline void fe4_add(fe4 *r, const fe4 *a, const fe4 *b) {
    for (int i = 0; i < 5; i++) r->l[i] = _mm256_add_epi64(a->l[i], b->l[i]);
}

/* r = 2p - a (limbs of a below 2^52 - 38, so no lane goes negative); no carry. */
static inline void fe4_neg(fe4 *r, const fe4 *a) {
    r->l[0] = _mm256_sub_epi64(_mm256_set1_epi64x((long long)TWO_P0), a->l[0]);
    for (int i = 1; i < 5; i++) r->l[i] = _mm256_sub_epi64(_mm256_set1_epi64x((long long)TWO_PN), a->l[i]);
}

#define FE4_PERM(r, a, sel) do { for (int i_ = 0; i_ < 5; i_++) (r)->l[i_] = _mm256_permute4x64_epi64((a)->l[i_], (sel)); } while (0)

/* Lane-wise: r = lanes in mask ? b : a. */
static inline void fe4_blend(fe4 *r, __mmask8 mask, const fe4 *a, const fe4 *b) {
    for (int i = 0; i < 5; i++) r->l[i] = _mm256_mask_blend_epi64(mask, a->l[i], b->l[i]);
}

/* Lane-wise: r = lanes in mask ? a : 0. */
static inline void fe4_keep(fe4 *r, __mmask8 mask, const fe4 *a) {
    for (int i = 0; i < 5; i++) r->l[i] = _mm256_maskz_mov_epi64(mask, a->l[i]);
}

/* 2P (with T). */
static inline void ge4_dbl(fe4 *p) {
    fe4 v, t, sq, a, b, z, s, nb, ns, l, r;
    FE4_PERM(&v, p, LANES(0, 1, 2, 0));
    FE4_PERM(&t, p, LANES(1, 1, 1, 1));
    fe4_keep(&t, 0x8, &t);
    fe4_add(&v, &v, &t);                       /* (X, Y, Z, X+Y) */
    fe4_carry(&v);
    fe4_mul(&sq, &v, &v);                      /* (A, B, ZZ, S) */
    FE4_PERM(&a, &sq, LANES(0, 0, 0, 0));
    FE4_PERM(&b, &sq, LANES(1, 1, 1, 1));
    FE4_PERM(&z, &sq, LANES(2, 2, 2, 2));
    FE4_PERM(&s, &sq, LANES(3, 3, 3, 3));
    fe4_neg(&nb, &b);
    fe4_neg(&ns, &s);
    fe4_add(&z, &z, &z);                       /* 2ZZ */
    /* L = (A+B-S, A-B, A-B+2ZZ, A+B-S) = (E, G, F, E) */
    fe4_blend(&t, 0x6, &b, &nb);
    fe4_add(&l, &a, &t);
    fe4_blend(&t, 0x4, &ns, &z);
    fe4_keep(&t, 0xd, &t);
    fe4_add(&l, &l, &t);
    fe4_carry(&l);
    /* R = (A-B+2ZZ, A+B, A-B, A+B) = (F, H, G, H) */
    fe4_blend(&t, 0x5, &b, &nb);
    fe4_add(&r, &a, &t);
    fe4_keep(&t, 0x1, &z);
    fe4_add(&r, &r, &t);
    fe4_carry(&r);
    fe4_mul(p, &l, &r);
}

/* P + Q for Q in cached form (Y2-X2, Y2+X2, 2d*T2, 2*Z2), limbs below 2^52. */
static inline void ge4_add_cached(fe4 *p, const fe4 *q) {
    fe4 v, t, x, m, u, w, l, r;
    FE4_PERM(&v, p, LANES(1, 1, 3, 2));        /* (Y, Y, T, Z) */
    FE4_PERM(&x, p, LANES(0, 0, 0, 0));
    fe4_neg(&t, &x);
    fe4_blend(&t, 0x2, &t, &x);
    fe4_keep(&t, 0x3, &t);                     /* (-X, X, 0, 0) */
    fe4_add(&v, &v, &t);
    fe4_carry(&v);
    fe4_mul(&m, &v, q);                        /* (a, b, c, d) */
    FE4_PERM(&u, &m, LANES(1, 3, 3, 1));       /* (b, d, d, b) */
    FE4_PERM(&w, &m, LANES(0, 2, 2, 0));       /* (a, c, c, a) */
    fe4_neg(&t, &w);
    fe4_blend(&t, 0x2, &t, &w);                /* (-a, c, -c, -a) */
    fe4_add(&l, &u, &t);
    fe4_carry(&l);
    FE4_PERM(&u, &m, LANES(3, 1, 3, 1));       /* (d, b, d, b) */
    FE4_PERM(&w, &m, LANES(2, 0, 2, 0));       /* (c, a, c, a) */
    fe4_neg(&t, &w);
    fe4_blend(&t, 0x1, &w, &t);                /* (-c, a, c, a) */
    fe4_add(&r, &u, &t);
    fe4_carry(&r);
    fe4_mul(p, &l, &r);
}

static void fe4_load(fe4 *r, const uint64_t *packed) {
    for (int i = 0; i < 5; i++) {
        r->l[i] = _mm256_set_epi64x((long long)packed[15 + i], (long long)packed[10 + i],
                                    (long long)packed[5 + i], (long long)packed[i]);
    }
}

static void fe4_store(uint64_t *packed, const fe4 *a) {
    uint64_t lanes[4];
    for (int i = 0; i < 5; i++) {
        _mm256_storeu_si256((__m256i *)lanes, a->l[i]);
        for (int j = 0; j < 4; j++) packed[5 * j + i] = lanes[j];
    }
}

/* 2d (as in curve25519.c) in lane 2, 1 elsewhere. */
static fe4 cached_scale(void) {
    static const uint64_t d2[5] = {0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL,
                                   0x6738cc7407977ULL, 0x2406d9dc56dffULL};
    fe4 k;
    for (int i = 0; i < 5; i++) {
        long long one = i == 0 ? 1 : 0;
        k.l[i] = _mm256_set_epi64x(one, (long long)d2[i], one, one);
    }
    return k;
}

/* (Y-X, Y+X, 2d*T, 2*Z) of P. */
static inline void ge4_to_cached(fe4 *q, const fe4 *p, const fe4 *scale) {
    fe4 v, t, x, z;
    FE4_PERM(&v, p, LANES(1, 1, 3, 2));        /* (Y, Y, T, Z) */
    FE4_PERM(&x, p, LANES(0, 0, 0, 0));
    FE4_PERM(&z, p, LANES(2, 2, 2, 2));
    fe4_neg(&t, &x);
    fe4_blend(&t, 0x2, &t, &x);
    fe4_blend(&t, 0x8, &t, &z);
    fe4_keep(&t, 0xb, &t);                     /* (-X, X, 0, Z) */
    fe4_add(&v, &v, &t);
    fe4_carry(&v);
    fe4_mul(q, &v, scale);
}

/* -Q for Q in cached form: swap lanes 0 and 1, negate lane 2. */
static inline void ge4_cached_neg(fe4 *r, const fe4 *q) {
    fe4 sw, ng;
    FE4_PERM(&sw, q, LANES(1, 0, 2, 3));
    fe4_neg(&ng, &sw);
    fe4_blend(r, 0x4, &sw, &ng);
}

int veil_msm_consttime_ifma(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n) {
    uint64_t id_packed[20] = {0};
    id_packed[5] = 1;  /* Y */
    id_packed[10] = 1; /* Z */
    fe4 acc;
    fe4_load(&acc, id_packed);
    if (n == 0) { ge_pack_canonical(out, id_packed); return 0; }
    fe4 *table = aligned_alloc(32, n * 8 * sizeof(fe4));
    int8_t *digits = malloc(n * 64);
    if (table == NULL || digits == NULL) {
        free(table); free(digits);
        return -1;
    }
    const fe4 scale = cached_scale();
    for (size_t i = 0; i < n; i++) {
        fe4 p, m;
        fe4_load(&p, points + 20 * i);
        fe4 *t = table + 8 * i;
        ge4_to_cached(&t[0], &p, &scale);
        m = p;
        for (int j = 1; j < 8; j++) {
            ge4_add_cached(&m, &t[0]);
            ge4_to_cached(&t[j], &m, &scale);
        }
        scalar_radix16(digits + 64 * i, scalars + 32 * i);
    }
    /* The cached identity (Y-X, Y+X, 2dT, 2Z) = (1, 1, 0, 2). */
    uint64_t cid_packed[20] = {0};
    cid_packed[0] = 1; cid_packed[5] = 1; cid_packed[15] = 2;
    fe4 cached_id;
    fe4_load(&cached_id, cid_packed);
    for (int k = 63; k >= 0; k--) {
        ge4_dbl(&acc);
        ge4_dbl(&acc);
        ge4_dbl(&acc);
        ge4_dbl(&acc);
        for (size_t i = 0; i < n; i++) {
            int8_t d = digits[64 * i + k];
            uint32_t neg = (uint32_t)((uint8_t)d >> 7);
            uint32_t abs = ((uint32_t)(uint8_t)(d ^ (int8_t)(-(int8_t)neg)) + neg) & 0xFF;
            fe4 sel = cached_id;
            for (uint32_t j = 1; j <= 8; j++) {
                uint32_t eq = ((abs ^ j) - 1) >> 31; /* 1 iff abs == j (abs, j < 2^8) */
                fe4_blend(&sel, _cvtu32_mask8(0u - eq), &sel, &table[8 * i + j - 1]);
            }
            fe4 negated;
            ge4_cached_neg(&negated, &sel);
            fe4_blend(&sel, _cvtu32_mask8(0u - neg), &sel, &negated);
            ge4_add_cached(&acc, &sel);
        }
    }
    uint64_t packed[20];
    fe4_store(packed, &acc);
    ge_pack_canonical(out, packed);
    free(table); free(digits);
    return 0;
}

/*
 * The bucket phase of veil_msm_vartime (Pippenger) with 4-lane point operations: the same
 * sequence of additions, subtractions and doublings as the serial code in msm.c (so the same
 * field values), on digits it computed. Variable time: public scalars only.
 */
int veil_pippenger_ifma(uint64_t *out, const uint64_t *points, size_t n, const int32_t *digits, int windows,
                        int c) {
    size_t buckets = (size_t)1 << (c - 1);
    fe4 *cp = aligned_alloc(32, n * sizeof(fe4));
    fe4 *bucket = aligned_alloc(32, buckets * sizeof(fe4));
    uint8_t *used = malloc(buckets);
    if (cp == NULL || bucket == NULL || used == NULL) {
        free(cp); free(bucket); free(used);
        return -1;
    }
    uint64_t id_packed[20] = {0};
    id_packed[5] = 1;
    id_packed[10] = 1;
    fe4 id, acc;
    fe4_load(&id, id_packed);
    acc = id;
    const fe4 scale = cached_scale();
    for (size_t i = 0; i < n; i++) {
        fe4 p;
        fe4_load(&p, points + 20 * i);
        ge4_to_cached(&cp[i], &p, &scale);
    }
    int started = 0;
    for (int k = windows - 1; k >= 0; k--) {
        if (started) {
            for (int j = 0; j < c; j++) ge4_dbl(&acc);
        }
        memset(used, 0, buckets);
        for (size_t i = 0; i < n; i++) {
            int32_t d = digits[i * (size_t)windows + k];
            if (d == 0) continue;
            size_t b = (size_t)(d > 0 ? d : -d) - 1;
            fe4 q;
            if (d > 0) q = cp[i];
            else ge4_cached_neg(&q, &cp[i]);
            if (!used[b]) {
                bucket[b] = id;
                used[b] = 1;
            }
            ge4_add_cached(&bucket[b], &q);
        }
        fe4 run, total, cached;
        int have_run = 0, have_total = 0;
        for (size_t j = buckets; j-- > 0;) {
            if (used[j]) {
                if (have_run) {
                    ge4_to_cached(&cached, &bucket[j], &scale);
                    ge4_add_cached(&run, &cached);
                } else {
                    run = bucket[j];
                    have_run = 1;
                }
            }
            if (have_run) {
                if (have_total) {
                    ge4_to_cached(&cached, &run, &scale);
                    ge4_add_cached(&total, &cached);
                } else {
                    total = run;
                    have_total = 1;
                }
            }
        }
        if (have_total) {
            ge4_to_cached(&cached, &total, &scale);
            ge4_add_cached(&acc, &cached);
            started = 1;
        }
    }
    uint64_t packed[20];
    fe4_store(packed, &acc);
    ge_pack_canonical(out, packed);
    free(cp); free(bucket); free(used);
    return 0;
}

/* A serial cached point (Y+X, Y-X, Z, 2dT; 20 words) as lanes (Y-X, Y+X, 2dT, 2Z). */
static inline void fe4_from_serial_cached(fe4 *r, const uint64_t *c) {
    for (int i = 0; i < 5; i++) {
        r->l[i] = _mm256_set_epi64x((long long)(2 * c[10 + i]), (long long)c[15 + i], (long long)c[i],
                                    (long long)c[5 + i]);
    }
    fe4_carry(r);
}

int veil_table_chain_ifma(uint64_t *out, const uint64_t *table, const size_t *used, size_t nfixed,
                          const int8_t *naf, const uint64_t *var_points, size_t nvar, int top) {
    fe4 *vt = aligned_alloc(32, (nvar + 1) * VEIL_VAR_ENTRIES * sizeof(fe4));
    if (vt == NULL) return -1;
    const fe4 scale = cached_scale();
    for (size_t j = 0; j < nvar; j++) {
        fe4 p, p2, c2;
        fe4_load(&p, var_points + 20 * j);
        p2 = p;
        ge4_dbl(&p2);
        ge4_to_cached(&c2, &p2, &scale);
        ge4_to_cached(&vt[VEIL_VAR_ENTRIES * j], &p, &scale);
        for (int k = 1; k < VEIL_VAR_ENTRIES; k++) {
            ge4_add_cached(&p, &c2);
            ge4_to_cached(&vt[VEIL_VAR_ENTRIES * j + k], &p, &scale);
        }
    }
    uint64_t id_packed[20] = {0};
    id_packed[5] = 1;
    id_packed[10] = 1;
    fe4 acc, q;
    fe4_load(&acc, id_packed);
    for (int pos = top - 1; pos >= 0; pos--) {
        ge4_dbl(&acc);
        for (size_t i = 0; i < nfixed; i++) {
            int d = naf[i * VEIL_NAF_LEN + pos];
            if (d == 0) continue;
            const uint64_t *entries = table + (size_t)VEIL_TABLE_WORDS * used[i];
            fe4_from_serial_cached(&q, entries + 20 * (size_t)(((d > 0 ? d : -d) - 1) >> 1));
            if (d < 0) ge4_cached_neg(&q, &q);
            ge4_add_cached(&acc, &q);
        }
        for (size_t j = 0; j < nvar; j++) {
            int d = naf[(nfixed + j) * VEIL_NAF_LEN + pos];
            if (d == 0) continue;
            const fe4 *e = &vt[VEIL_VAR_ENTRIES * j + (((d > 0 ? d : -d) - 1) >> 1)];
            if (d < 0) {
                ge4_cached_neg(&q, e);
                ge4_add_cached(&acc, &q);
            } else {
                ge4_add_cached(&acc, e);
            }
        }
    }
    uint64_t packed[20];
    fe4_store(packed, &acc);
    ge_pack_canonical(out, packed);
    free(vt);
    return 0;
}
