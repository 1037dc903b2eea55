/*
 * Field and point arithmetic on edwards25519 in radix 2^51 with 128-bit products.
 * Formulas: Hisil, Wong, Carter, Dawson, "Twisted Edwards curves revisited" (2008), extended
 * coordinates with a = -1 ("add-2008-hwcd-3" with k = 2d, "dbl-2008-hwcd").
 */
#include <string.h>

#include "curve25519.h"

typedef unsigned __int128 u128;
#define MASK51 ((((uint64_t)1) << 51) - 1)

/* Weak reduction: limbs below 2^63 in, below 2^52 out. */
static inline void fe_carry(fe25519 *r, uint64_t a0, uint64_t a1, uint64_t a2, uint64_t a3, uint64_t a4) {
    uint64_t c;
    c = a0 >> 51; a0 &= MASK51; a1 += c;
    c = a1 >> 51; a1 &= MASK51; a2 += c;
    c = a2 >> 51; a2 &= MASK51; a3 += c;
    c = a3 >> 51; a3 &= MASK51; a4 += c;
    c = a4 >> 51; a4 &= MASK51; a0 += 19 * c;
    c = a0 >> 51; a0 &= MASK51; a1 += c;
    r->v[0] = a0; r->v[1] = a1; r->v[2] = a2; r->v[3] = a3; r->v[4] = a4;
}

void fe_add(fe25519 *r, const fe25519 *a, const fe25519 *b) {
    fe_carry(r, a->v[0] + b->v[0], a->v[1] + b->v[1], a->v[2] + b->v[2], a->v[3] + b->v[3],
             a->v[4] + b->v[4]);
}

/* a + 4p - b: non-negative for limbs of b below 2^53. */
#define FOUR_P0 (4 * ((((uint64_t)1) << 51) - 19))
#define FOUR_PN (4 * ((((uint64_t)1) << 51) - 1))

void fe_sub(fe25519 *r, const fe25519 *a, const fe25519 *b) {
    fe_carry(r, a->v[0] + FOUR_P0 - b->v[0], a->v[1] + FOUR_PN - b->v[1], a->v[2] + FOUR_PN - b->v[2],
             a->v[3] + FOUR_PN - b->v[3], a->v[4] + FOUR_PN - b->v[4]);
}

/*
 * Lazy add and subtract: no carry. For a, b with limbs below 2^51 + 2^20 (every carried,
 * multiplied or squared value, and every input point) the results have limbs below 2^53, which
 * fe_mul and fe_sq accept (and so does the Java twin's multiplication).
 */
#define TWO_P0 (2 * ((((uint64_t)1) << 51) - 19))
#define TWO_PN (2 * ((((uint64_t)1) << 51) - 1))

static inline void fe_add_lazy(fe25519 *r, const fe25519 *a, const fe25519 *b) {
    for (int i = 0; i < 5; i++) r->v[i] = a->v[i] + b->v[i];
}

static inline void fe_sub_lazy(fe25519 *r, const fe25519 *a, const fe25519 *b) {
    r->v[0] = a->v[0] + TWO_P0 - b->v[0];
    for (int i = 1; i < 5; i++) r->v[i] = a->v[i] + TWO_PN - b->v[i];
}

static inline void fe_add_carry_lazy(fe25519 *r, const fe25519 *a, const fe25519 *b) {
    fe_carry(r, a->v[0] + b->v[0], a->v[1] + b->v[1], a->v[2] + b->v[2], a->v[3] + b->v[3], a->v[4] + b->v[4]);
}

static inline void fe_reduce128(fe25519 *r, u128 c0, u128 c1, u128 c2, u128 c3, u128 c4) {
    /* c_k < 2^111; carries below 2^60, 19 * carry below 2^65 is folded in two halves. */
    uint64_t r0, r1, r2, r3, r4;
    c1 += (uint64_t)(c0 >> 51); r0 = (uint64_t)c0 & MASK51;
    c2 += (uint64_t)(c1 >> 51); r1 = (uint64_t)c1 & MASK51;
    c3 += (uint64_t)(c2 >> 51); r2 = (uint64_t)c2 & MASK51;
    c4 += (uint64_t)(c3 >> 51); r3 = (uint64_t)c3 & MASK51;
    uint64_t carry = (uint64_t)(c4 >> 51); r4 = (uint64_t)c4 & MASK51;
    u128 t = (u128)r0 + (u128)carry * 19;
    r0 = (uint64_t)t & MASK51;
    r1 += (uint64_t)(t >> 51);
    uint64_t c = r1 >> 51; r1 &= MASK51; r2 += c;
    r->v[0] = r0; r->v[1] = r1; r->v[2] = r2; r->v[3] = r3; r->v[4] = r4;
}

void fe_mul(fe25519 *r, const fe25519 *a, const fe25519 *b) {
    uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], a4 = a->v[4];
    uint64_t b0 = b->v[0], b1 = b->v[1], b2 = b->v[2], b3 = b->v[3], b4 = b->v[4];
    uint64_t b1s = 19 * b1, b2s = 19 * b2, b3s = 19 * b3, b4s = 19 * b4;
    u128 c0 = (u128)a0 * b0 + (u128)a1 * b4s + (u128)a2 * b3s + (u128)a3 * b2s + (u128)a4 * b1s;
    u128 c1 = (u128)a0 * b1 + (u128)a1 * b0 + (u128)a2 * b4s + (u128)a3 * b3s + (u128)a4 * b2s;
    u128 c2 = (u128)a0 * b2 + (u128)a1 * b1 + (u128)a2 * b0 + (u128)a3 * b4s + (u128)a4 * b3s;
    u128 c3 = (u128)a0 * b3 + (u128)a1 * b2 + (u128)a2 * b1 + (u128)a3 * b0 + (u128)a4 * b4s;
    u128 c4 = (u128)a0 * b4 + (u128)a1 * b3 + (u128)a2 * b2 + (u128)a3 * b1 + (u128)a4 * b0;
    fe_reduce128(r, c0, c1, c2, c3, c4);
}

void fe_sq(fe25519 *r, const fe25519 *a) {
    uint64_t a0 = a->v[0], a1 = a->v[1], a2 = a->v[2], a3 = a->v[3], a4 = a->v[4];
    uint64_t d0 = 2 * a0, d1 = 2 * a1, d2 = 2 * a2, d3 = 2 * a3;
    uint64_t a3s = 19 * a3, a4s = 19 * a4;
    u128 c0 = (u128)a0 * a0 + (u128)d1 * a4s + (u128)d2 * a3s;
    u128 c1 = (u128)d0 * a1 + (u128)d2 * a4s + (u128)a3 * a3s;
    u128 c2 = (u128)d0 * a2 + (u128)a1 * a1 + (u128)d3 * a4s;
    u128 c3 = (u128)d0 * a3 + (u128)d1 * a2 + (u128)a4 * a4s;
    u128 c4 = (u128)d0 * a4 + (u128)d1 * a3 + (u128)a2 * a2;
    fe_reduce128(r, c0, c1, c2, c3, c4);
}

/* 2d in radix 2^51 (d = -121665/121666 mod p). */
static const fe25519 FE_D2 = {{0x69b9426b2f159ULL, 0x35050762add7aULL, 0x3cf44c0038052ULL,
                               0x6738cc7407977ULL, 0x2406d9dc56dffULL}};

static const fe25519 FE_ZERO = {{0, 0, 0, 0, 0}};
static const fe25519 FE_ONE = {{1, 0, 0, 0, 0}};

void ge_identity(ge_p3 *r) {
    r->X = FE_ZERO; r->Y = FE_ONE; r->Z = FE_ONE; r->T = FE_ZERO;
}

void ge_cached_identity(ge_cached *r) {
    r->YplusX = FE_ONE; r->YminusX = FE_ONE; r->Z = FE_ONE; r->T2d = FE_ZERO;
}

void ge_to_cached(ge_cached *r, const ge_p3 *p) {
    fe_add_lazy(&r->YplusX, &p->Y, &p->X);
    fe_sub_lazy(&r->YminusX, &p->Y, &p->X);
    r->Z = p->Z;
    fe_mul(&r->T2d, &p->T, &FE_D2);
}

void ge_add_cached(ge_p3 *r, const ge_p3 *p, const ge_cached *q) {
    fe25519 a, b, c, d, e, f, g, h, t;
    fe_sub_lazy(&t, &p->Y, &p->X); fe_mul(&a, &t, &q->YminusX);
    fe_add_lazy(&t, &p->Y, &p->X); fe_mul(&b, &t, &q->YplusX);
    fe_mul(&c, &p->T, &q->T2d);
    fe_mul(&t, &p->Z, &q->Z); fe_add(&d, &t, &t);
    fe_sub_lazy(&e, &b, &a); fe_sub_lazy(&f, &d, &c); fe_add_lazy(&g, &d, &c); fe_add_lazy(&h, &b, &a);
    fe_mul(&r->X, &e, &f); fe_mul(&r->Y, &g, &h); fe_mul(&r->Z, &f, &g); fe_mul(&r->T, &e, &h);
}

void ge_sub_cached(ge_p3 *r, const ge_p3 *p, const ge_cached *q) {
    fe25519 a, b, c, d, e, f, g, h, t;
    fe_sub_lazy(&t, &p->Y, &p->X); fe_mul(&a, &t, &q->YplusX);
    fe_add_lazy(&t, &p->Y, &p->X); fe_mul(&b, &t, &q->YminusX);
    fe_mul(&c, &p->T, &q->T2d);
    fe_mul(&t, &p->Z, &q->Z); fe_add(&d, &t, &t);
    fe_sub_lazy(&e, &b, &a); fe_add_lazy(&f, &d, &c); fe_sub_lazy(&g, &d, &c); fe_add_lazy(&h, &b, &a);
    fe_mul(&r->X, &e, &f); fe_mul(&r->Y, &g, &h); fe_mul(&r->Z, &f, &g); fe_mul(&r->T, &e, &h);
}

/*
 * dbl-2008-hwcd with a = -1, written with E' = -E, G' = -G, F' = -F, H' = -H so that only two
 * values need a carry: X3 = E'F', Y3 = G'H', Z3 = F'G', T3 = E'H' (the signs cancel in pairs).
 * With_t = 0 skips T3, for a doubling that is followed by another doubling.
 */
static inline void ge_dbl_t(ge_p3 *r, const ge_p3 *p, int with_t) {
    fe25519 a, b, c, e, f, g, h, t, zz;
    fe_sq(&a, &p->X);
    fe_sq(&b, &p->Y);
    fe_sq(&zz, &p->Z);
    fe_add_lazy(&c, &zz, &zz);
    fe_add_lazy(&t, &p->X, &p->Y);
    fe_sq(&e, &t);
    fe_add(&h, &a, &b);             /* H' = A + B, carried */
    fe_sub_lazy(&e, &h, &e);        /* E' = H' - (X+Y)^2 */
    fe_sub_lazy(&g, &a, &b);        /* G' = A - B */
    fe_add_carry_lazy(&f, &g, &c);  /* F' = G' + 2Z^2, carried */
    fe_mul(&r->X, &e, &f); fe_mul(&r->Y, &g, &h); fe_mul(&r->Z, &f, &g);
    if (with_t) fe_mul(&r->T, &e, &h);
}

void ge_dbl(ge_p3 *r, const ge_p3 *p) {
    ge_dbl_t(r, p, 1);
}

void ge_dbl_no_t(ge_p3 *r, const ge_p3 *p) {
    ge_dbl_t(r, p, 0);
}

static inline void fe_cmov(fe25519 *r, const fe25519 *a, uint64_t mask) {
    for (int i = 0; i < 5; i++) r->v[i] ^= mask & (r->v[i] ^ a->v[i]);
}

void ge_cached_cmov(ge_cached *r, const ge_cached *q, uint64_t b) {
    uint64_t mask = (uint64_t)0 - b;
    fe_cmov(&r->YplusX, &q->YplusX, mask);
    fe_cmov(&r->YminusX, &q->YminusX, mask);
    fe_cmov(&r->Z, &q->Z, mask);
    fe_cmov(&r->T2d, &q->T2d, mask);
}

void ge_cached_cneg(ge_cached *r, uint64_t b) {
    uint64_t mask = (uint64_t)0 - b;
    fe25519 ypx = r->YplusX, negT;
    fe_cmov(&r->YplusX, &r->YminusX, mask);
    fe_cmov(&r->YminusX, &ypx, mask);
    fe_sub(&negT, &FE_ZERO, &r->T2d);
    fe_cmov(&r->T2d, &negT, mask);
}

void ge_unpack(ge_p3 *r, const uint64_t *in) {
    memcpy(r->X.v, in, 5 * sizeof(uint64_t));
    memcpy(r->Y.v, in + 5, 5 * sizeof(uint64_t));
    memcpy(r->Z.v, in + 10, 5 * sizeof(uint64_t));
    memcpy(r->T.v, in + 15, 5 * sizeof(uint64_t));
}

void ge_pack(uint64_t *out, const ge_p3 *p) {
    memcpy(out, p->X.v, 5 * sizeof(uint64_t));
    memcpy(out + 5, p->Y.v, 5 * sizeof(uint64_t));
    memcpy(out + 10, p->Z.v, 5 * sizeof(uint64_t));
    memcpy(out + 15, p->T.v, 5 * sizeof(uint64_t));
}

/*
 * The unique representative below p: a weak carry (value below 2^255 + 2^52 < 2p), then the
 * carry-out q of value + 19 past bit 255 says whether to subtract p (add 19, drop 2^255).
 */
void fe_canonical(fe25519 *r, const fe25519 *a) {
    fe25519 h;
    fe_carry(&h, a->v[0], a->v[1], a->v[2], a->v[3], a->v[4]);
    uint64_t q = (h.v[0] + 19) >> 51;
    q = (h.v[1] + q) >> 51;
    q = (h.v[2] + q) >> 51;
    q = (h.v[3] + q) >> 51;
    q = (h.v[4] + q) >> 51;
    uint64_t c, x0 = h.v[0] + 19 * q, x1 = h.v[1], x2 = h.v[2], x3 = h.v[3], x4 = h.v[4];
    c = x0 >> 51; x0 &= MASK51; x1 += c;
    c = x1 >> 51; x1 &= MASK51; x2 += c;
    c = x2 >> 51; x2 &= MASK51; x3 += c;
    c = x3 >> 51; x3 &= MASK51; x4 += c;
    x4 &= MASK51;
    r->v[0] = x0; r->v[1] = x1; r->v[2] = x2; r->v[3] = x3; r->v[4] = x4;
}

void ge_pack_canonical(uint64_t *out, const uint64_t *in) {
    for (int c = 0; c < 4; c++) {
        fe25519 a, r;
        memcpy(a.v, in + 5 * c, 5 * sizeof(uint64_t));
        fe_canonical(&r, &a);
        memcpy(out + 5 * c, r.v, 5 * sizeof(uint64_t));
    }
}

void scalar_radix16(int8_t e[64], const uint8_t s[32]) {
    for (int i = 0; i < 32; i++) {
        e[2 * i] = (int8_t)(s[i] & 15);
        e[2 * i + 1] = (int8_t)((s[i] >> 4) & 15);
    }
    int carry = 0;
    for (int i = 0; i < 63; i++) {
        int d = e[i] + carry;
        carry = (d + 8) >> 4;
        e[i] = (int8_t)(d - (carry << 4));
    }
    e[63] = (int8_t)(e[63] + carry);
}
