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

/* A serial cached point (Y+X, Y-X, Z, 2dT; 20 words) as lanes (Y-X, Y+X, 2dT, 2Z). */
static inline void fe4_from_serial_cached(fe4 *r, const uint64_t *c) {
    for (int i = 0; i < 5; i++) {
        r->l[i] = _mm256_set_epi64x((long long)(2 * c[10 + i]), (long long)c[15 + i], (long long)c[i],
                                    (long long)c[5 + i]);
    }
    fe4_carry(r);
}

static inline void fe4_copy(fe4 *r, const fe4 *a) {
    *r = *a;
}

/* r = bit ? b : a, lane-wise; the mask register comes from the bit by arithmetic. */
static inline void fe4_cselect(fe4 *r, uint32_t bit, const fe4 *a, const fe4 *b) {
    fe4_blend(r, _cvtu32_mask8(0u - bit), a, b);
}

#define LANES_SUFFIX _ifma
#include "curve_lanes_msm.inc"
