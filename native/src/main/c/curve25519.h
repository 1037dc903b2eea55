/*
 * Edwards25519 arithmetic for the Ristretto255 kernels (curve25519.c, msm.c, jni_curve.c).
 *
 * Field elements of GF(2^255 - 19) are five 51-bit limbs (radix 2^51). Carried, multiplied and
 * squared values have limbs below 2^51 + 2^20; input points must too (CurveKernels checks).
 * Lazy sums and differences (below 2^53) only feed multiplications. The Java twin
 * (org.veilgrid.kernels.CurveJava) does exactly the same operations.
 * Points are in extended coordinates (X:Y:Z:T) on -x^2 + y^2 = 1 + d x^2 y^2, packed for Java
 * as 20 words: X, Y, Z, T limbs. Nothing here branches on or indexes by field values.
 */
#ifndef VEIL_CURVE25519_H
#define VEIL_CURVE25519_H

#include <stddef.h>
#include <stdint.h>

typedef struct { uint64_t v[5]; } fe25519;
typedef struct { fe25519 X, Y, Z, T; } ge_p3;
/* A point prepared for addition: (Y+X, Y-X, Z, 2d*T). */
typedef struct { fe25519 YplusX, YminusX, Z, T2d; } ge_cached;

void fe_add(fe25519 *r, const fe25519 *a, const fe25519 *b);
void fe_sub(fe25519 *r, const fe25519 *a, const fe25519 *b);
void fe_mul(fe25519 *r, const fe25519 *a, const fe25519 *b);
void fe_sq(fe25519 *r, const fe25519 *a);

void ge_identity(ge_p3 *r);
void ge_to_cached(ge_cached *r, const ge_p3 *p);
void ge_cached_identity(ge_cached *r);
void ge_add_cached(ge_p3 *r, const ge_p3 *p, const ge_cached *q);
void ge_sub_cached(ge_p3 *r, const ge_p3 *p, const ge_cached *q);
void ge_dbl(ge_p3 *r, const ge_p3 *p);
/* 2p without T (X, Y, Z only): for a doubling whose result is only doubled again. */
void ge_dbl_no_t(ge_p3 *r, const ge_p3 *p);
/* r = b ? q : r, constant time (b is 0 or 1). */
void ge_cached_cmov(ge_cached *r, const ge_cached *q, uint64_t b);
/* r = b ? -r : r, constant time. */
void ge_cached_cneg(ge_cached *r, uint64_t b);

/* r = a mod p, fully reduced (limbs of a below 2^63). */
void fe_canonical(fe25519 *r, const fe25519 *a);
/* Packed point (20 words) with every coordinate fully reduced; in and out may alias. */
void ge_pack_canonical(uint64_t *out, const uint64_t *in);

void ge_unpack(ge_p3 *r, const uint64_t *in);
void ge_pack(uint64_t *out, const ge_p3 *p);

/* Signed radix-16 digits in [-8, 8) of a 32-byte little-endian scalar below 2^255. */
void scalar_radix16(int8_t e[64], const uint8_t s[32]);

/* Variable-time (public scalars) Pippenger bucket MSM; out = sum s_i P_i, coordinates fully
 * reduced. Returns 0, or -1 on allocation failure. */
int veil_msm_vartime(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n);
/* Constant-time (secret scalars) Straus MSM with 4-bit signed windows and masked lookups; the
 * result's coordinates are fully reduced. Uses veil_msm_consttime_ifma when the active ISA level
 * has IFMA, veil_msm_consttime_avx2 at the avx2 and avx512 levels (same result, limb for limb). */
int veil_msm_consttime(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n);
/* The same, four field operations at once with AVX-512 IFMA (curve_ifma.c); only call it on a
 * CPU that has AVX-512 F/VL and IFMA. */
int veil_msm_consttime_ifma(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n);
/* veil_msm_vartime's bucket phase on precomputed signed digits (windows per scalar, c bits), with
 * IFMA; same result limb for limb as the serial phase. */
int veil_pippenger_ifma(uint64_t *out, const uint64_t *points, size_t n, const int32_t *digits, int windows,
                        int c);
/* The same two with AVX2 only (curve_avx2.c, radix 2^25.5); only call them on a CPU with AVX2. */
int veil_msm_consttime_avx2(uint64_t *out, const uint8_t *scalars, const uint64_t *points, size_t n);
int veil_pippenger_avx2(uint64_t *out, const uint64_t *points, size_t n, const int32_t *digits, int windows,
                        int c);

/*
 * Ristretto255 (RFC 9496) in ristretto.c: decode returns 1 and the point (packed, Z = 1) for a
 * canonical encoding, else 0 (and some point); encode writes the canonical 32 bytes.
 * Constant time in the bytes and the point.
 */
int veil_ristretto_decode(uint64_t out[20], const uint8_t in[32]);
void veil_ristretto_encode(uint8_t out[32], const uint64_t in[20]);

#endif

/* ---- fixed-base tables (public scalars) ----
 * A table holds, per base, the odd multiples P, 3P, ..., 63P in cached form (32 entries of 20
 * words). veil_msm_table computes sum f_i B_i + sum s_j P_j with width-7 NAF digits on the table
 * and width-5 NAF on the variable points (tables built on the fly), one shared doubling chain. */
#define VEIL_TABLE_ENTRIES 32
#define VEIL_NAF_LEN 264
#define VEIL_VAR_ENTRIES 8
#define VEIL_TABLE_WORDS (VEIL_TABLE_ENTRIES * 20)
void veil_fixed_table(uint64_t *table, const uint64_t *points, size_t n);
/* veil_msm_table's chain of doublings and additions on its NAF digits (VEIL_NAF_LEN per term: the
 * nfixed used bases first, then the nvar variable points) with IFMA; same result limb for limb. */
int veil_table_chain_ifma(uint64_t *out, const uint64_t *table, const size_t *used, size_t nfixed,
                          const int8_t *naf, const uint64_t *var_points, size_t nvar, int top);
/* The same with AVX2 only (curve_avx2.c). */
int veil_table_chain_avx2(uint64_t *out, const uint64_t *table, const size_t *used, size_t nfixed,
                          const int8_t *naf, const uint64_t *var_points, size_t nvar, int top);
int veil_msm_table(uint64_t *out, const uint64_t *table, const uint8_t *fixed_scalars, size_t nfixed,
                   const uint8_t *var_scalars, const uint64_t *var_points, size_t nvar);
