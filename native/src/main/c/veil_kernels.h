/*
 * Veilgrid native kernels: internal interface shared by the C files.
 *
 * Conventions (the Java twins in org.veilgrid.kernels follow the same ones):
 *  - a modulus q satisfies 2 <= q < 2^62, so that 4q fits in a 64-bit word (Harvey's lazy
 *    butterflies keep values in [0, 4q));
 *  - vector inputs are reduced (each element in [0, q)) and so are all outputs;
 *  - the caller (Java) validates lengths, offsets and moduli before any call reaches C.
 *
 * Every kernel comes in a portable version and, where it pays, AVX2 and AVX-512 versions. Each
 * ISA lives in its own file compiled with its own -m flags; the dispatcher in cpu.c only calls
 * a version the running CPU supports, so one library runs on any x86-64 machine.
 */
#ifndef VEIL_KERNELS_H
#define VEIL_KERNELS_H

#include <stddef.h>
#include <stdint.h>

typedef unsigned __int128 u128;

/* Dispatch levels, in increasing order of capability. Values are shared with NativeKernels.java. */
enum veil_isa {
    VEIL_ISA_PORTABLE = 0,
    VEIL_ISA_AVX2 = 1,
    VEIL_ISA_AVX512 = 2,   /* F + DQ + VL + BW */
    VEIL_ISA_AVX512IFMA = 3 /* the above + IFMA52: used for moduli below 2^50 */
};

/* CPU feature bits reported to Java (NativeKernels.FEATURE_*). */
#define VEIL_CPU_AVX2      (1u << 0)
#define VEIL_CPU_AVX512F   (1u << 1)
#define VEIL_CPU_AVX512DQ  (1u << 2)
#define VEIL_CPU_AVX512VL  (1u << 3)
#define VEIL_CPU_AVX512BW  (1u << 4)
#define VEIL_CPU_AVX512IFMA (1u << 5)
#define VEIL_CPU_AES       (1u << 6)
#define VEIL_CPU_BMI2      (1u << 7)
#define VEIL_CPU_OS_ZMM    (1u << 8)  /* the OS saves ZMM state (XCR0) */
#define VEIL_CPU_OS_YMM    (1u << 9)

uint32_t veil_cpu_features(void);
int veil_isa_supported(void);          /* highest level this CPU and OS can run */
int veil_isa_active(void);             /* level the kernels use now */
int veil_isa_set(int level);           /* clamp to supported, set, return what was set */

/* ---- scalar helpers (also used by the SIMD files for their tails) ----
 * Kernels run on secret data (FHE keys and noise, MPC shares), so reductions are branch-free:
 * a conditional subtraction is done with a mask from the sign of the difference. Each caller
 * guarantees x < m + 2^63 (true since every modulus is below 2^62 and values below 4q), so the
 * difference is negative as a signed word exactly when x < m. */

/* x >= m ? x - m : x, without a branch. */
static inline uint64_t veil_csub(uint64_t x, uint64_t m) {
    uint64_t d = x - m;
    return d + (m & (uint64_t)((int64_t)d >> 63));
}

static inline uint64_t veil_mulhi(uint64_t a, uint64_t b) {
    return (uint64_t)(((u128)a * b) >> 64);
}

/* Shoup: w * y mod q in [0, 2q), given w_shoup = floor(w * 2^64 / q), any y < 2^64. */
static inline uint64_t veil_mul_shoup_lazy(uint64_t y, uint64_t w, uint64_t w_shoup, uint64_t q) {
    uint64_t quot = veil_mulhi(w_shoup, y);
    return w * y - quot * q;
}

/* Barrett reduction of x < q^2 (so < 2^124) with mu = floor(2^(2*bits) / q), bits = bitlen(q). */
static inline uint64_t veil_barrett128(u128 x, uint64_t q, uint64_t mu, int bits) {
    u128 q1 = x >> (bits - 1);
    u128 q3 = (q1 * mu) >> (bits + 1);
    uint64_t r = (uint64_t)x - (uint64_t)q3 * q; /* in [0, 3q) */
    return veil_csub(veil_csub(r, q), q);
}

/* ---- lazy-reduction dot products (Kernels.dot / dotAdd) ----
 * out[j] = sum_{t < terms} a[t a_stride + j] b[t b_stride + j] mod q, with the products summed
 * unreduced and one reduction per output element. The constants come from Modulus.dotConstants()
 * in this order. terms <= VEIL_DOT_MAX_TERMS (Kernels.MAX_DOT_TERMS): the IFMA paths add up to
 * that many 52-bit partial products into a 64-bit lane with no carry handling
 * (4096 (2^52 - 1) < 2^64); the scalar path's 192-bit sums would allow far more. */
#define VEIL_DOT_MAX_TERMS 4096
typedef struct {
    uint64_t q;
    uint64_t m64;          /* floor((2^64 - 1) / q) */
    uint64_t r64;          /* 2^64 mod q, and its 64-bit Shoup quotient floor(r64 2^64 / q) */
    uint64_t r64_shoup;
    uint64_t r128;         /* 2^128 mod q, and its 64-bit Shoup quotient */
    uint64_t r128_shoup;
    uint64_t r52;          /* 2^52 mod q, and its 52-bit Shoup quotient floor(r52 2^52 / q) */
    uint64_t r52_shoup52;
    uint64_t r104;         /* 2^104 mod q, and its 52-bit Shoup quotient */
    uint64_t r104_shoup52;
    uint64_t one_shoup52;  /* floor(2^52 / q): the 52-bit Shoup quotient of 1 */
    uint64_t r52_shoup;    /* the 64-bit Shoup quotients of r52 and r104 */
    uint64_t r104_shoup;
} veil_dot_consts;
#define VEIL_DOT_CONSTS 13
_Static_assert(sizeof(veil_dot_consts) == VEIL_DOT_CONSTS * sizeof(uint64_t), "dot constants layout");

/* (top 2^128 + hi 2^64 + lo) mod q for any three words: 2^64 and 2^128 are folded in by Shoup
 * products (each exact for any 64-bit multiplicand, result in [0, 2q)) and lo by the quotient
 * estimate floor(lo m64 / 2^64), short by at most one. Every partial sum stays below 4q < 2^64. */
static inline uint64_t veil_dot_reduce(const veil_dot_consts *k, uint64_t top, uint64_t hi,
                                       uint64_t lo) {
    const uint64_t q = k->q, two_q = 2 * q;
    uint64_t x = veil_mul_shoup_lazy(hi, k->r64, k->r64_shoup, q) +
                 veil_mul_shoup_lazy(top, k->r128, k->r128_shoup, q); /* [0, 4q) */
    x = veil_csub(x, two_q);
    x += lo - veil_mulhi(lo, k->m64) * q;                             /* [0, 4q) */
    return veil_csub(veil_csub(x, two_q), q);
}

/* The scalar dot product that every table without a faster one uses (portable.c). */
void veil_dot_portable(const veil_dot_consts *k, const uint64_t *a, size_t a_stride,
                       const uint64_t *b, size_t b_stride, size_t terms, uint64_t *out, size_t n,
                       int accumulate);

/* ---- vector arithmetic mod q ---- */
typedef struct {
    void (*add)(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q);
    void (*sub)(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q);
    void (*mul)(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n,
                uint64_t q, uint64_t mu, int bits);
    void (*mul_scalar)(const uint64_t *a, uint64_t s, uint64_t s_shoup, uint64_t *out, size_t n,
                       uint64_t q);
    void (*mul_add)(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *out,
                    size_t n, uint64_t q, uint64_t mu, int bits);
    /* out[j] = [out[j] +] (a[j] - b[j]) s mod q, s < q, s_shoup = floor(s 2^64 / q); out may
     * coincide with a or b. */
    void (*sub_mul_scalar)(const uint64_t *a, const uint64_t *b, uint64_t s, uint64_t s_shoup,
                           uint64_t *out, size_t n, uint64_t q, int accumulate);
    /* out[j] = (sum_t a[t a_stride + j] b[t b_stride + j]) mod q for j < n, 1 <= terms <=
     * VEIL_DOT_MAX_TERMS; with accumulate, out[j] (reduced) is added in. out overlaps neither
     * input. */
    void (*dot)(const veil_dot_consts *k, const uint64_t *a, size_t a_stride, const uint64_t *b,
                size_t b_stride, size_t terms, uint64_t *out, size_t n, int accumulate);
    /* out[x] = (in[x] mod q + addend) mod q for any 64-bit in[x]; addend < q; m64 =
     * floor(2^64/q). Key switching lifts every digit to every prime with it, so it is vectorized
     * where the ISA allows. */
    void (*reduce_add)(const uint64_t *in, uint64_t addend, uint64_t *out, size_t n, uint64_t q,
                       uint64_t m64);
    /* Negacyclic NTT of one polynomial of 2^log_n coefficients, in place.
     * Forward: standard order in, bit-reversed order out. Inverse: the reverse, scaled by 1/N. */
    void (*ntt_forward)(uint64_t *a, int log_n, uint64_t q,
                        const uint64_t *roots, const uint64_t *roots_shoup);
    void (*ntt_inverse)(uint64_t *a, int log_n, uint64_t q,
                        const uint64_t *inv_roots, const uint64_t *inv_roots_shoup,
                        uint64_t n_inv, uint64_t n_inv_shoup);
    /* Sixteen ChaCha20 blocks (counter .. counter+15) of the given state into 1 KiB. */
    void (*prg_blocks16)(const uint32_t state[16], uint32_t counter, uint8_t out[1024]);
    /* Rejection-sample `words` little-endian words of a chunk into out[filled..n); returns the
     * new fill level. Accepted words keep their keystream order. */
    size_t (*prg_sample)(const uint8_t *chunk, size_t words, uint64_t q, uint64_t mask,
                         uint64_t *out, size_t filled, size_t n);
} veil_kernel_table;

extern const veil_kernel_table veil_kernels_portable;
extern const veil_kernel_table veil_kernels_avx2;
extern const veil_kernel_table veil_kernels_avx512;
extern const veil_kernel_table veil_kernels_avx512ifma;

/* The table for the active ISA level. */
const veil_kernel_table *veil_active_kernels(void);

/* Portable NTT building blocks that SIMD versions reuse for stages they do not vectorize.
 * A forward stage has m groups of butterflies at distance t (m * t = N / 2), values lazy in
 * [0, 4q); an inverse stage has h groups at distance t, values in [0, 2q). */
void veil_ntt_forward_stage(uint64_t *a, size_t m, size_t t, uint64_t q,
                            const uint64_t *roots, const uint64_t *roots_shoup);
void veil_ntt_forward_finish(uint64_t *a, size_t n, uint64_t q);
void veil_ntt_inverse_stage(uint64_t *a, size_t h, size_t t, uint64_t q,
                            const uint64_t *inv_roots, const uint64_t *inv_roots_shoup);
void veil_ntt_inverse_finish(uint64_t *a, size_t n, uint64_t q, uint64_t n_inv,
                             uint64_t n_inv_shoup);
void veil_ntt_forward_portable(uint64_t *a, int log_n, uint64_t q,
                               const uint64_t *roots, const uint64_t *roots_shoup);
void veil_ntt_inverse_portable(uint64_t *a, int log_n, uint64_t q,
                               const uint64_t *inv_roots, const uint64_t *inv_roots_shoup,
                               uint64_t n_inv, uint64_t n_inv_shoup);

/* Scalar (a - b) s [+ out] mod q: the portable table's, and the SIMD versions' tails. */
void veil_sub_mul_scalar_portable(const uint64_t *a, const uint64_t *b, uint64_t s, uint64_t s_shoup,
                                  uint64_t *out, size_t n, uint64_t q, int accumulate);
void veil_avx512_sub_mul_scalar(const uint64_t *a, const uint64_t *b, uint64_t s, uint64_t s_shoup,
                                uint64_t *out, size_t n, uint64_t q, int accumulate);

/* Scalar 128-bit-product kernels that every table shares. */
void veil_mul_portable(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n,
                       uint64_t q, uint64_t mu, int bits);
void veil_mul_add_portable(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *out,
                           size_t n, uint64_t q, uint64_t mu, int bits);

/* AVX-512 entry points reused by the IFMA table for moduli of 2^50 and above. */
void veil_avx512_add(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q);
void veil_avx512_sub(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q);
void veil_avx512_mul(const uint64_t *a, const uint64_t *b, uint64_t *out, size_t n, uint64_t q,
                     uint64_t mu, int bits);
void veil_avx512_mul_add(const uint64_t *a, const uint64_t *b, const uint64_t *c, uint64_t *out,
                         size_t n, uint64_t q, uint64_t mu, int bits);
void veil_avx512_mul_scalar(const uint64_t *a, uint64_t s, uint64_t s_shoup, uint64_t *out,
                            size_t n, uint64_t q);
void veil_avx512_reduce_add(const uint64_t *in, uint64_t addend, uint64_t *out, size_t n,
                            uint64_t q, uint64_t m64);
void veil_avx512_ntt_forward(uint64_t *a, int log_n, uint64_t q, const uint64_t *roots,
                             const uint64_t *roots_shoup);
void veil_avx512_ntt_inverse(uint64_t *a, int log_n, uint64_t q, const uint64_t *inv_roots,
                             const uint64_t *inv_roots_shoup, uint64_t n_inv, uint64_t n_inv_shoup);

/* ---- seeded PRG: ChaCha20 (RFC 8439) keystream, rejection-sampled into [0, q) ---- */

/* One ChaCha20 block: key 32 bytes, nonce 12 bytes, 32-bit block counter; 64 bytes out. */
void veil_chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
                         uint8_t out[64]);

void veil_chacha20_blocks16_portable(const uint32_t state[16], uint32_t counter, uint8_t out[1024]);
void veil_chacha20_blocks16_avx2(const uint32_t state[16], uint32_t counter, uint8_t out[1024]);
void veil_chacha20_blocks16_avx512(const uint32_t state[16], uint32_t counter, uint8_t out[1024]);
size_t veil_prg_sample_portable(const uint8_t *chunk, size_t words, uint64_t q, uint64_t mask,
                                uint64_t *out, size_t filled, size_t n);
size_t veil_prg_sample_avx512(const uint8_t *chunk, size_t words, uint64_t q, uint64_t mask,
                              uint64_t *out, size_t filled, size_t n);

/* Fill out[0..n) with uniform values in [0, q) from the keystream of (seed, stream).
 * Returns 0 on success, -1 if the 2^32-block keystream was exhausted (never in practice). */
int veil_prg_uniform(const uint8_t seed[32], uint64_t stream, uint64_t q, uint64_t *out, size_t n);

/* ---- RNS base conversion (rns.c): see RnsConversion.java for the plan layout ----
 * in: kin rows of n residues; diag: kout rows or NULL; out: kout rows. Returns the number of
 * coefficients whose rounding fraction lay in [1/4, 3/4). */
size_t veil_rns_convert(const uint64_t *plan, const uint64_t *in, const uint64_t *diag,
                        uint64_t *out, size_t n);
/* out[x] = (in[x] mod q + addend) mod q for any 64-bit in[x]; addend < q; m64 = floor(2^64/q). */
void veil_reduce_add(const uint64_t *in, uint64_t addend, uint64_t *out, size_t n, uint64_t q,
                     uint64_t m64);

#endif
