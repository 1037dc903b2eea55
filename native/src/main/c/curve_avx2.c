/*
 * Multi-scalar multiplication on edwards25519 with AVX2, four field operations at once: the same
 * point-operation sequence and lane layout as curve_ifma.c (see its header), for CPUs with AVX2
 * but no AVX-512 IFMA. A point (X:Y:Z:T) is one "fe4", coordinate j in 64-bit lane j:
 *
 *   doubling:  (X, Y, Z, X+Y)^2 = (A, B, ZZ, S);  H = A+B, E = H-S, G = A-B, F = G+2ZZ
 *              (E, G, F, E) * (F, H, G, H) = (X3, Y3, Z3, T3)
 *   addition:  (Y-X, Y+X, T, Z) * (Y2-X2, Y2+X2, 2d*T2, 2*Z2) = (a, b, c, d)
 *              (b-a, d+c, d-c, b-a) * (d-c, b+a, d+c, b+a) = (X3, Y3, Z3, T3)
 *
 * so every result is the same element of GF(p)^4 as the serial code's, and after fe_canonical
 * (ge_pack_canonical) the same limbs as the serial C and the Java twin.
 *
 * Field: AVX2 multiplies only 32x32 -> 64 bits (vpmuludq), so radix 2^51 does not fit. Here an
 * element is ten limbs in radix 2^25.5: limb i has weight 2^ceil(25.5 i), i.e. 26 bits for even i
 * and 25 bits for odd i; p = 2^255 - 19 has limbs (2^26 - 19, 2^25 - 1, 2^26 - 1, ..., 2^25 - 1).
 *
 * Product a_i * b_j has weight 2^(ceil(25.5 i) + ceil(25.5 j)). That is the weight of column
 * i + j, except when i and j are both odd: then it is twice it (two half bits rounded up). Columns
 * 10..18 have the weight of column k - 10 times 2^255 = 19 (mod p). So
 *
 *   z_k = sum_{i+j=k} e_ij a_i b_j + 19 sum_{i+j=k+10} e_ij a_i b_j,   e_ij = 2 if i, j odd, else 1,
 *
 * computed with a 2x copy of a's odd limbs and a 19x copy of b's limbs 1..9.
 *
 * Bounds (write E for even limbs, O for odd):
 *   carried:  E < 2^26 + 2^18, O < 2^25 + 2^17: what fe4_mul, fe4_sq and fe4_carry1 return.
 *   fe4_neg:  2p - a lane-wise, 2p = (2^27 - 38, 2^26 - 2, 2^27 - 2, ...): a carried is below that,
 *             so no lane goes negative; the result has E < 2^27, O < 2^26.
 *   fe4_mul(a, b): b has E < 2^27, O < 2^26 (carried, or 2p minus carried), so e_ij b_j < 2^27 and
 *             19 b_j < 2^31.3; a is a lazy sum with E < 11 * 2^25, O < 11 * 2^24, so 2 a_i < 2^28.5.
 *             All vpmuludq inputs fit 32 bits. A term 19 e_ij a_i b_j is below 209 * 2^52 for even
 *             i and 209 * 2^51 for odd i; a column has five of each: z_k < 1568 * 2^52 < 2^63.
 *   fe4_sq(a): E < 2^27 + 2^20, O < 2^26 + 2^19 (a sum of two carried values): 38 a_odd and
 *             19 a_even < 2^31.3 fit 32 bits, and the columns are fe4_mul's for a = b: ten terms
 *             below 19 * 2^27.02 * 2^27.02, z_k < 2^61.6.
 *   the lazy operands: dbl's L = (E, G, F, E) is A + (B or 2p - B) + (2p - S or 2ZZ or 0), limbs
 *             < 5 * 2^26 + 2^19 + 2^18 (even); addition's (Y-X, Y+X, T, Z) and (b-a, d+c, d-c, b-a)
 *             and to_cached's (Y-X, Y+X, T, 2Z) are below 2p + carried: all inside fe4_mul's a.
 *             The other operand of each second multiplication gets one carry step.
 *   fe4_carry1 (one parallel step) on inputs < 2^30: carries < 2^5, limb 0 gains < 19 * 2^5:
 *             carried again. After fe4_mul's columns (< 2^63) two steps: after the first, limb 0
 *             < 2^26 + 19 * 2^38 < 2^42.3 and the others < 2^26 + 2^38; after the second, limb 1
 *             < 2^25 + 2^16.3 + 1, limb 0 < 2^26 + 19 (2^13 + 1) < 2^26 + 2^17.3, the rest
 *             < 2^26 (2^25) + 2^13 + 1.
 *   boundaries: a radix-2^51 limb v <= 2^51 + 2^20 (CurveKernels.LIMB_MAX) splits into v mod 2^26
 *             and v >> 26 <= 2^25, already carried; the serial table's 2Z (< 2^53) gets one carry
 *             step. On the way out X_i = l_2i + 2^26 l_2i+1 < 2^52 goes to fe_canonical.
 *
 * Nothing in veil_msm_consttime_avx2 branches on or indexes memory by a scalar digit: every table
 * entry is read and the wanted one kept with a lane mask built from the digit by arithmetic.
 */
#include <immintrin.h>
#include <stdlib.h>
#include <string.h>

#include "curve25519.h"

#define NL 10

typedef struct { __m256i l[NL]; } fe4;

#define MASK26 ((((uint64_t)1) << 26) - 1)
#define MASK25 ((((uint64_t)1) << 25) - 1)

/* Lane selectors for _mm256_permute4x64_epi64: result lane j takes source lane sj. */
#define LANES(s0, s1, s2, s3) ((s0) | ((s1) << 2) | ((s2) << 4) | ((s3) << 6))
/* A 4-bit lane mask as the 8-bit dword mask _mm256_blend_epi32 takes. */
#define DW(m) \
    ((((m) & 1) ? 0x03 : 0) | (((m) & 2) ? 0x0c : 0) | (((m) & 4) ? 0x30 : 0) | (((m) & 8) ? 0xc0 : 0))

/* Shift-and-add, not vpmuludq: carries out of limb 9 can exceed 32 bits in the first step. */
static inline __m256i times19(__m256i x) {
    return _mm256_add_epi64(_mm256_add_epi64(_mm256_slli_epi64(x, 4), _mm256_slli_epi64(x, 1)), x);
}

/* One parallel carry step (see the bounds in the file comment) from a into r (which may be a).
 * Writing r limb by limb, not "*r = z", keeps gcc from copying the 320-byte struct with rep movsq. */
static inline void fe4_carry1_to(fe4 *r, const fe4 *a) {
    const __m256i m26 = _mm256_set1_epi64x((long long)MASK26);
    const __m256i m25 = _mm256_set1_epi64x((long long)MASK25);
    __m256i c[NL];
    for (int i = 0; i < NL; i++) c[i] = _mm256_srli_epi64(a->l[i], (i & 1) ? 25 : 26);
    for (int i = NL - 1; i >= 1; i--) {
        r->l[i] = _mm256_add_epi64(_mm256_and_si256(a->l[i], (i & 1) ? m25 : m26), c[i - 1]);
    }
    r->l[0] = _mm256_add_epi64(_mm256_and_si256(a->l[0], m26), times19(c[9]));
}

static inline void fe4_carry1(fe4 *r) { fe4_carry1_to(r, r); }

/* r = a * b lane-wise, r carried; a lazy, b (nearly) carried as in the file comment. r may alias
 * a or b. */
static inline void fe4_mul(fe4 *r, const fe4 *a, const fe4 *b) {
    __m256i a2[NL], b19[NL];
    const __m256i k19 = _mm256_set1_epi64x(19);
    for (int i = 0; i < NL; i++) a2[i] = (i & 1) ? _mm256_add_epi64(a->l[i], a->l[i]) : a->l[i];
    for (int j = 1; j < NL; j++) b19[j] = _mm256_mul_epu32(b->l[j], k19);
    fe4 z;
#pragma GCC unroll 10
    for (int k = 0; k < NL; k++) {
        __m256i s = _mm256_mul_epu32(a->l[0], b->l[k]);
#pragma GCC unroll 10
        for (int i = 1; i < NL; i++) {
            int j = k - i;
            __m256i ai = (i & 1) && (j & 1) ? a2[i] : a->l[i];
            __m256i t = j >= 0 ? _mm256_mul_epu32(ai, b->l[j]) : _mm256_mul_epu32(ai, b19[j + NL]);
            s = _mm256_add_epi64(s, t);
        }
        z.l[k] = s;
    }
    fe4_carry1(&z);
    fe4_carry1_to(r, &z);
}

/* r = a^2 lane-wise (a a sum of two carried values): fe4_mul(r, a, a) with each cross product
 * a_i a_j (i != j) taken once and doubled, 55 vpmuludq instead of 100. */
static inline void fe4_sq(fe4 *r, const fe4 *a) {
    __m256i d[NL], a19[NL]; /* a19: 19 a_j for even j, 38 a_j for odd j (folded odd terms have e = 2) */
    const __m256i k19 = _mm256_set1_epi64x(19), k38 = _mm256_set1_epi64x(38);
    for (int i = 0; i < NL; i++) d[i] = _mm256_add_epi64(a->l[i], a->l[i]);
    for (int j = 1; j < NL; j++) a19[j] = _mm256_mul_epu32(a->l[j], (j & 1) ? k38 : k19);
    fe4 z;
    /* Term (i, j), i < j, appears twice in z_k: 2 e_ij a_i a_j; the square term (i, i) once,
     * e_ii a_i^2 (times 19 in folded columns). With e = 2 for odd pairs, an odd-odd cross term is
     * 4 a_i a_j = (2a_i)(2a_j), folded 76 a_i a_j = (2a_i)(38a_j). */
#pragma GCC unroll 10
    for (int k = 0; k < NL; k++) {
        __m256i s = _mm256_setzero_si256();
#pragma GCC unroll 10
        for (int i = 0; i < NL; i++) {
#pragma GCC unroll 10
            for (int j = i; j < NL; j++) {
                int col = i + j;
                if (col != k && col != k + NL) continue;
                int odd = (i & 1) && (j & 1);
                int fold = col >= NL;
                __m256i x, y;
                if (i == j) {
                    x = a->l[i];
                    y = fold ? a19[j] : (odd ? d[j] : a->l[j]);
                } else if (fold) {
                    /* 2 e_ij 19 a_i a_j: the 2 of an odd j is already in a19[j] */
                    x = (j & 1) && !(i & 1) ? a->l[i] : d[i];
                    y = a19[j];
                } else {
                    x = d[i];
                    y = odd ? d[j] : a->l[j];
                }
                s = _mm256_add_epi64(s, _mm256_mul_epu32(x, y));
            }
        }
        z.l[k] = s;
    }
    fe4_carry1(&z);
    fe4_carry1_to(r, &z);
}

/* r = a, vector by vector (a struct assignment becomes rep movsq, slow to start). */
static inline void fe4_copy(fe4 *r, const fe4 *a) {
#pragma GCC unroll 10
    for (int i = 0; i < NL; i++) r->l[i] = a->l[i];
}

static inline void fe4_add(fe4 *r, const fe4 *a, const fe4 *b) {
    for (int i = 0; i < NL; i++) r->l[i] = _mm256_add_epi64(a->l[i], b->l[i]);
}

/* r = 2p - a (a carried, so no lane goes negative); no carry. */
static inline void fe4_neg(fe4 *r, const fe4 *a) {
    const __m256i p0 = _mm256_set1_epi64x((long long)((((uint64_t)1) << 27) - 38));
    const __m256i pe = _mm256_set1_epi64x((long long)((((uint64_t)1) << 27) - 2));
    const __m256i po = _mm256_set1_epi64x((long long)((((uint64_t)1) << 26) - 2));
    r->l[0] = _mm256_sub_epi64(p0, a->l[0]);
    for (int i = 1; i < NL; i++) r->l[i] = _mm256_sub_epi64((i & 1) ? po : pe, a->l[i]);
}

#define FE4_PERM(r, a, sel) \
    do { for (int i_ = 0; i_ < NL; i_++) (r)->l[i_] = _mm256_permute4x64_epi64((a)->l[i_], (sel)); } while (0)

/* Lane-wise with a constant lane mask m: r = lanes in m ? b : a. */
#define FE4_BLEND(r, m, a, b) \
    do { for (int i_ = 0; i_ < NL; i_++) (r)->l[i_] = _mm256_blend_epi32((a)->l[i_], (b)->l[i_], DW(m)); } while (0)

/* Lane-wise with a constant lane mask m: r = lanes in m ? a : 0. */
#define FE4_KEEP(r, m, a) \
    do { for (int i_ = 0; i_ < NL; i_++) (r)->l[i_] = _mm256_blend_epi32(_mm256_setzero_si256(), (a)->l[i_], DW(m)); } while (0)

/* r = mask ? b : a for a mask of all ones or all zeros in every lane (secret-dependent: no branch). */
static inline void fe4_select(fe4 *r, __m256i mask, const fe4 *a, const fe4 *b) {
    for (int i = 0; i < NL; i++) r->l[i] = _mm256_blendv_epi8(a->l[i], b->l[i], mask);
}

/* Limb i of 2p. */
static inline __m256i two_p(int i) {
    return _mm256_set1_epi64x((long long)(i == 0 ? (((uint64_t)1) << 27) - 38
                                          : (i & 1) ? (((uint64_t)1) << 26) - 2 : (((uint64_t)1) << 27) - 2));
}

/* 2P (with T). The lane shuffles between the two multiplications go limb by limb, so that only a
 * few vectors are live at a time (whole-fe4 temporaries spill: AVX2 has 16 registers). */
static inline void ge4_dbl(fe4 *p) {
    fe4 v, sq, l, r;
    for (int i = 0; i < NL; i++) {
        __m256i x = p->l[i];
        __m256i y = _mm256_permute4x64_epi64(x, LANES(1, 1, 1, 1));
        y = _mm256_blend_epi32(_mm256_setzero_si256(), y, DW(0x8));
        v.l[i] = _mm256_add_epi64(_mm256_permute4x64_epi64(x, LANES(0, 1, 2, 0)), y);
    }
    /* (X, Y, Z, X+Y), uncarried: even limbs < 2^27 + 2^20, odd < 2^26 + 2^19, what fe4_sq takes. */
    fe4_sq(&sq, &v);                           /* (A, B, ZZ, S) */
    for (int i = 0; i < NL; i++) {
        __m256i t = sq.l[i], tp = two_p(i);
        __m256i a = _mm256_permute4x64_epi64(t, LANES(0, 0, 0, 0));
        __m256i b = _mm256_permute4x64_epi64(t, LANES(1, 1, 1, 1));
        __m256i z = _mm256_permute4x64_epi64(t, LANES(2, 2, 2, 2));
        __m256i s = _mm256_permute4x64_epi64(t, LANES(3, 3, 3, 3));
        __m256i nb = _mm256_sub_epi64(tp, b);
        __m256i ns = _mm256_sub_epi64(tp, s);
        z = _mm256_add_epi64(z, z);            /* 2ZZ */
        /* L = (A+B-S, A-B, A-B+2ZZ, A+B-S) = (E, G, F, E) */
        __m256i u = _mm256_blend_epi32(ns, z, DW(0x4));
        u = _mm256_blend_epi32(_mm256_setzero_si256(), u, DW(0xd));
        l.l[i] = _mm256_add_epi64(_mm256_add_epi64(a, _mm256_blend_epi32(b, nb, DW(0x6))), u);
        /* R = (A-B+2ZZ, A+B, A-B, A+B) = (F, H, G, H) */
        u = _mm256_blend_epi32(_mm256_setzero_si256(), z, DW(0x1));
        r.l[i] = _mm256_add_epi64(_mm256_add_epi64(a, _mm256_blend_epi32(b, nb, DW(0x5))), u);
    }
    /* L stays a lazy sum (limbs < 2^28.4: fe4_mul's first operand); R is carried. */
    fe4_carry1(&r);
    fe4_mul(p, &l, &r);
}

/* P + Q for Q in cached form (Y2-X2, Y2+X2, 2d*T2, 2*Z2): Q's even limbs below 2^27, odd below
 * 2^26 (carried, or 2p minus carried). */
static inline void ge4_add_cached(fe4 *p, const fe4 *q) {
    fe4 v, m, l, r;
    for (int i = 0; i < NL; i++) {
        __m256i x = p->l[i];
        __m256i xx = _mm256_permute4x64_epi64(x, LANES(0, 0, 0, 0));
        __m256i t = _mm256_blend_epi32(_mm256_sub_epi64(two_p(i), xx), xx, DW(0x2));
        t = _mm256_blend_epi32(_mm256_setzero_si256(), t, DW(0x3));        /* (-X, X, 0, 0) */
        v.l[i] = _mm256_add_epi64(_mm256_permute4x64_epi64(x, LANES(1, 1, 3, 2)), t);
    }
    fe4_mul(&m, &v, q);                        /* (a, b, c, d); v uncarried, < 2^27.6 */
    for (int i = 0; i < NL; i++) {
        __m256i x = m.l[i], tp = two_p(i);
        __m256i u = _mm256_permute4x64_epi64(x, LANES(1, 3, 3, 1));       /* (b, d, d, b) */
        __m256i w = _mm256_permute4x64_epi64(x, LANES(0, 2, 2, 0));       /* (a, c, c, a) */
        __m256i t = _mm256_blend_epi32(_mm256_sub_epi64(tp, w), w, DW(0x2)); /* (-a, c, -c, -a) */
        l.l[i] = _mm256_add_epi64(u, t);
        u = _mm256_permute4x64_epi64(x, LANES(3, 1, 3, 1));               /* (d, b, d, b) */
        w = _mm256_permute4x64_epi64(x, LANES(2, 0, 2, 0));               /* (c, a, c, a) */
        t = _mm256_blend_epi32(w, _mm256_sub_epi64(tp, w), DW(0x1));     /* (-c, a, c, a) */
        r.l[i] = _mm256_add_epi64(u, t);
    }
    fe4_carry1(&r);                            /* l stays lazy (< 2^27.6) */
    fe4_mul(p, &l, &r);
}

/* Radix-2^51 limbs v (one per lane, v <= 2^51 + 2^20 unless the caller carries) as limbs 2i, 2i+1. */
static inline void split51(fe4 *r, int i, __m256i v) {
    r->l[2 * i] = _mm256_and_si256(v, _mm256_set1_epi64x((long long)MASK26));
    r->l[2 * i + 1] = _mm256_srli_epi64(v, 26);
}

static void fe4_load(fe4 *r, const uint64_t *packed) {
    for (int i = 0; i < 5; i++) {
        split51(r, i, _mm256_set_epi64x((long long)packed[15 + i], (long long)packed[10 + i],
                                        (long long)packed[5 + i], (long long)packed[i]));
    }
}

static void fe4_store(uint64_t *packed, const fe4 *a) {
    uint64_t lanes[4];
    for (int i = 0; i < 5; i++) {
        __m256i v = _mm256_add_epi64(a->l[2 * i], _mm256_slli_epi64(a->l[2 * i + 1], 26));
        _mm256_storeu_si256((__m256i *)lanes, v);
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
        split51(&k, i, _mm256_set_epi64x(one, (long long)d2[i], one, one));
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
    FE4_BLEND(&t, 0x2, &t, &x);
    FE4_BLEND(&t, 0x8, &t, &z);
    FE4_KEEP(&t, 0xb, &t);                     /* (-X, X, 0, Z) */
    fe4_add(&v, &v, &t);                       /* lazy, < 2^27.6: fe4_mul's first operand */
    fe4_mul(q, &v, scale);
}

/* -Q for Q in cached form: swap lanes 0 and 1, negate lane 2. */
static inline void ge4_cached_neg(fe4 *r, const fe4 *q) {
    fe4 sw, ng;
    FE4_PERM(&sw, q, LANES(1, 0, 2, 3));
    fe4_neg(&ng, &sw);
    FE4_BLEND(r, 0x4, &sw, &ng);
}

/* All ones in every lane if bit is 1, zero if 0 (bit from arithmetic on a secret digit). */
static inline __m256i lane_mask(uint32_t bit) {
    return _mm256_set1_epi64x(-(long long)bit);
}

/* A serial cached point (Y+X, Y-X, Z, 2dT; 20 words) as lanes (Y-X, Y+X, 2dT, 2Z). 2Z < 2^53
 * gives a limb 2i+1 up to 2^27, hence the carry. */
static inline void fe4_from_serial_cached(fe4 *r, const uint64_t *c) {
    for (int i = 0; i < 5; i++) {
        split51(r, i, _mm256_set_epi64x((long long)(2 * c[10 + i]), (long long)c[15 + i], (long long)c[i],
                                        (long long)c[5 + i]));
    }
    fe4_carry1(r);
}

/* r = bit ? b : a, lane-wise; the mask is broadcast from the bit by arithmetic. */
static inline void fe4_cselect(fe4 *r, uint32_t bit, const fe4 *a, const fe4 *b) {
    fe4_select(r, lane_mask(bit), a, b);
}

#define LANES_SUFFIX _avx2
#include "curve_lanes_msm.inc"
