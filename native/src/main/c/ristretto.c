/*
 * Ristretto255 encoding and decoding (RFC 9496, sections 4.3.1 and 4.3.2) on the field
 * arithmetic of curve25519.c. The Java twin is org.veilgrid.kernels.RistrettoCodec: the same
 * operations in the same order, so both give the same limbs.
 *
 * Constant time: no branch or memory index depends on the encoding's or the point's value;
 * decoding returns its validity as a value (1 or 0), computed without branching, and always
 * writes a point (the identity's coordinates are not special-cased).
 */
#include <string.h>

#include "curve25519.h"

#define MASK51 ((((uint64_t)1) << 51) - 1)

static const fe25519 FE_ZERO = {{0, 0, 0, 0, 0}};
static const fe25519 FE_ONE = {{1, 0, 0, 0, 0}};
/* d = -121665/121666 */
static const fe25519 FE_D = {{929955233495203ULL, 466365720129213ULL, 1662059464998953ULL, 2033849074728123ULL,
                              1442794654840575ULL}};
/* sqrt(-1) = 2^((p-1)/4) */
static const fe25519 FE_SQRT_M1 = {{1718705420411056ULL, 234908883556509ULL, 2233514472574048ULL,
                                    2117202627021982ULL, 765476049583133ULL}};
/* 1/sqrt(a - d) with a = -1 */
static const fe25519 FE_INVSQRT_A_MINUS_D = {{278908739862762ULL, 821645201101625ULL, 8113234426968ULL,
                                              1777959178193151ULL, 2118520810568447ULL}};

/* The 255 low bits of 32 little-endian bytes (bit 255 ignored), limbs below 2^51. */
static void fe_frombytes(fe25519 *r, const uint8_t s[32]) {
    uint64_t w[4];
    for (int i = 0; i < 4; i++) {
        uint64_t x = 0;
        for (int j = 7; j >= 0; j--) {
            x = (x << 8) | s[8 * i + j];
        }
        w[i] = x;
    }
    r->v[0] = w[0] & MASK51;
    r->v[1] = ((w[0] >> 51) | (w[1] << 13)) & MASK51;
    r->v[2] = ((w[1] >> 38) | (w[2] << 26)) & MASK51;
    r->v[3] = ((w[2] >> 25) | (w[3] << 39)) & MASK51;
    r->v[4] = (w[3] >> 12) & MASK51;
}

/* The canonical 32-byte encoding. */
static void fe_tobytes(uint8_t s[32], const fe25519 *a) {
    fe25519 c;
    fe_canonical(&c, a);
    uint64_t w[4];
    w[0] = c.v[0] | (c.v[1] << 51);
    w[1] = (c.v[1] >> 13) | (c.v[2] << 38);
    w[2] = (c.v[2] >> 26) | (c.v[3] << 25);
    w[3] = (c.v[3] >> 39) | (c.v[4] << 12);
    for (int i = 0; i < 4; i++) {
        for (int j = 0; j < 8; j++) {
            s[8 * i + j] = (uint8_t)(w[i] >> (8 * j));
        }
    }
}

/* 1 if the canonical value is odd ("negative" in RFC 9496), else 0. */
static uint64_t fe_is_negative(const fe25519 *a) {
    fe25519 c;
    fe_canonical(&c, a);
    return c.v[0] & 1;
}

/* 1 if a = 0 (mod p), else 0. */
static uint64_t fe_is_zero(const fe25519 *a) {
    fe25519 c;
    fe_canonical(&c, a);
    uint64_t bits = c.v[0] | c.v[1] | c.v[2] | c.v[3] | c.v[4];
    return ((bits | (0 - bits)) >> 63) ^ 1;
}

/* 1 if a = b (mod p), else 0. */
static uint64_t fe_equal(const fe25519 *a, const fe25519 *b) {
    fe25519 d;
    fe_sub(&d, a, b);
    return fe_is_zero(&d);
}

/* r = b ? a : r, for b in {0, 1}. */
static void fe_cmov(fe25519 *r, const fe25519 *a, uint64_t b) {
    uint64_t mask = 0 - b;
    for (int i = 0; i < 5; i++) {
        r->v[i] ^= mask & (r->v[i] ^ a->v[i]);
    }
}

static void fe_neg(fe25519 *r, const fe25519 *a) {
    fe_sub(r, &FE_ZERO, a);
}

/* |a|: a or -a, whichever is even ("non-negative"). */
static void fe_abs(fe25519 *r, const fe25519 *a) {
    fe25519 n;
    fe_neg(&n, a);
    *r = *a;
    fe_cmov(r, &n, fe_is_negative(a));
}

static void fe_sq_times(fe25519 *r, const fe25519 *a, int times) {
    fe_sq(r, a);
    for (int i = 1; i < times; i++) {
        fe_sq(r, r);
    }
}

/* z^((p-5)/8) = z^(2^252 - 3). */
static void fe_pow_p58(fe25519 *r, const fe25519 *z) {
    fe25519 z2, z9, z11, z5_0, z10_0, z20_0, z40_0, z50_0, z100_0, z200_0, z250_0, t;
    fe_sq(&z2, z);                 /* 2 */
    fe_sq_times(&t, &z2, 2);       /* 8 */
    fe_mul(&z9, &t, z);            /* 9 */
    fe_mul(&z11, &z9, &z2);        /* 11 */
    fe_sq(&t, &z11);               /* 22 */
    fe_mul(&z5_0, &t, &z9);        /* 2^5 - 1 */
    fe_sq_times(&t, &z5_0, 5);
    fe_mul(&z10_0, &t, &z5_0);     /* 2^10 - 1 */
    fe_sq_times(&t, &z10_0, 10);
    fe_mul(&z20_0, &t, &z10_0);    /* 2^20 - 1 */
    fe_sq_times(&t, &z20_0, 20);
    fe_mul(&z40_0, &t, &z20_0);    /* 2^40 - 1 */
    fe_sq_times(&t, &z40_0, 10);
    fe_mul(&z50_0, &t, &z10_0);    /* 2^50 - 1 */
    fe_sq_times(&t, &z50_0, 50);
    fe_mul(&z100_0, &t, &z50_0);   /* 2^100 - 1 */
    fe_sq_times(&t, &z100_0, 100);
    fe_mul(&z200_0, &t, &z100_0);  /* 2^200 - 1 */
    fe_sq_times(&t, &z200_0, 50);
    fe_mul(&z250_0, &t, &z50_0);   /* 2^250 - 1 */
    fe_sq_times(&t, &z250_0, 2);   /* 2^252 - 4 */
    fe_mul(r, &t, z);              /* 2^252 - 3 */
}

/*
 * SQRT_RATIO_M1(u, v) of RFC 9496 section 4.2: r = +sqrt(u/v) (the non-negative root) and 1 if
 * u/v is a square; otherwise r = +sqrt(i·u/v) and 0. v = 0 gives (0, u = 0).
 */
static uint64_t fe_sqrt_ratio_m1(fe25519 *r, const fe25519 *u, const fe25519 *v) {
    fe25519 v3, v7, uv3, uv7, p58, check, neg_u, neg_u_i, r_prime;
    fe_sq(&v3, v);
    fe_mul(&v3, &v3, v);           /* v^3 */
    fe_sq(&v7, &v3);
    fe_mul(&v7, &v7, v);           /* v^7 */
    fe_mul(&uv3, u, &v3);
    fe_mul(&uv7, u, &v7);
    fe_pow_p58(&p58, &uv7);
    fe_mul(r, &uv3, &p58);
    fe_sq(&check, r);
    fe_mul(&check, &check, v);
    fe_neg(&neg_u, u);
    fe_mul(&neg_u_i, &neg_u, &FE_SQRT_M1);
    uint64_t correct = fe_equal(&check, u);
    uint64_t flipped = fe_equal(&check, &neg_u);
    uint64_t flipped_i = fe_equal(&check, &neg_u_i);
    fe_mul(&r_prime, r, &FE_SQRT_M1);
    fe_cmov(r, &r_prime, flipped | flipped_i);
    fe_abs(r, r);
    return correct | flipped;
}

int veil_ristretto_decode(uint64_t out[20], const uint8_t in[32]) {
    fe25519 s, ss, u1, u2, u2sq, v, t, invsqrt, den_x, den_y, x, y, xy;
    uint8_t canon[32];
    fe_frombytes(&s, in);
    fe_tobytes(canon, &s);
    uint32_t diff = 0;
    for (int i = 0; i < 32; i++) {
        diff |= (uint32_t)(canon[i] ^ in[i]);
    }
    /* diff also catches bit 255: a canonical encoding never has it set. */
    uint64_t bad = (uint64_t)((diff + 0xFFu) >> 8) | fe_is_negative(&s);
    fe_sq(&ss, &s);
    fe_sub(&u1, &FE_ONE, &ss);
    fe_add(&u2, &FE_ONE, &ss);
    fe_sq(&u2sq, &u2);
    fe_sq(&t, &u1);
    fe_mul(&t, &FE_D, &t);
    fe_neg(&t, &t);
    fe_sub(&v, &t, &u2sq);         /* -(d·u1^2) - u2^2 */
    fe_mul(&t, &v, &u2sq);
    uint64_t was_square = fe_sqrt_ratio_m1(&invsqrt, &FE_ONE, &t);
    fe_mul(&den_x, &invsqrt, &u2);
    fe_mul(&den_y, &invsqrt, &den_x);
    fe_mul(&den_y, &den_y, &v);
    fe_add(&x, &s, &s);
    fe_mul(&x, &x, &den_x);
    fe_abs(&x, &x);
    fe_mul(&y, &u1, &den_y);
    fe_mul(&xy, &x, &y);
    bad |= (was_square ^ 1) | fe_is_negative(&xy) | fe_is_zero(&y);
    ge_p3 p;
    p.X = x;
    p.Y = y;
    p.Z = FE_ONE;
    p.T = xy;
    ge_pack(out, &p);
    return (int)(bad ^ 1);
}

void veil_ristretto_encode(uint8_t out[32], const uint64_t in[20]) {
    ge_p3 p;
    ge_unpack(&p, in);
    fe25519 u1, u2, t, invsqrt, den1, den2, z_inv, ix0, iy0, enchanted, x, y, den_inv, ny, s;
    fe_add(&t, &p.Z, &p.Y);
    fe_sub(&u1, &p.Z, &p.Y);
    fe_mul(&u1, &t, &u1);          /* (z + y)(z - y) */
    fe_mul(&u2, &p.X, &p.Y);
    fe_sq(&t, &u2);
    fe_mul(&t, &u1, &t);
    fe_sqrt_ratio_m1(&invsqrt, &FE_ONE, &t);
    fe_mul(&den1, &invsqrt, &u1);
    fe_mul(&den2, &invsqrt, &u2);
    fe_mul(&z_inv, &den1, &den2);
    fe_mul(&z_inv, &z_inv, &p.T);
    fe_mul(&ix0, &p.X, &FE_SQRT_M1);
    fe_mul(&iy0, &p.Y, &FE_SQRT_M1);
    fe_mul(&enchanted, &den1, &FE_INVSQRT_A_MINUS_D);
    fe_mul(&t, &p.T, &z_inv);
    uint64_t rotate = fe_is_negative(&t);
    x = p.X;
    y = p.Y;
    den_inv = den2;
    fe_cmov(&x, &iy0, rotate);
    fe_cmov(&y, &ix0, rotate);
    fe_cmov(&den_inv, &enchanted, rotate);
    fe_mul(&t, &x, &z_inv);
    fe_neg(&ny, &y);
    fe_cmov(&y, &ny, fe_is_negative(&t));
    fe_sub(&t, &p.Z, &y);
    fe_mul(&s, &den_inv, &t);
    fe_abs(&s, &s);
    fe_tobytes(out, &s);
}
