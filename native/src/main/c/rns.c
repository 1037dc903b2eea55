/*
 * RNS base conversion and scale-and-round (the kernels behind BFV's ciphertext product and
 * key switching). One call converts every coefficient of a polynomial; the Java twin is
 * JavaBackend.rnsConvert / reduceAdd, with the same plan layout (RnsConversion.java).
 *
 * For each coefficient x, with inputs x_i mod b_i (i < kin) and outputs mod c_j (j < kout):
 *   w_i = x_i * W_i mod b_i
 *   F   = sum_i w_i * f_i        (f_i a 128-bit fixed-point fraction; F kept exactly)
 *   v   = round(F) = floor(F) + (bit 127 of F's fraction)
 *   y_j = sum_i w_i * M[j][i] + v * V_j + d_j * D_j   (mod c_j; the d term only with a diagonal)
 * The return value counts the coefficients whose fraction of F lies in [1/4, 3/4), where the
 * rounding is uncertain: decryption uses it to refuse a ciphertext with no noise budget left.
 * The sum of products is accumulated exactly in 128 bits and reduced once per output (Shoup's
 * trick with the constant 2^64 mod c_j), rather than once per product. Everything here is
 * branch-free: residues of keys and noise are secret.
 */
#include "veil_kernels.h"

/* x mod q for any 64-bit x, given m64 = floor(2^64 / q): the quotient estimate is short by at
 * most one, so one conditional subtraction finishes. */
static inline uint64_t mod64(uint64_t x, uint64_t q, uint64_t m64) {
    uint64_t r = x - veil_mulhi(x, m64) * q; /* in [0, 2q) */
    return veil_csub(r, q);
}

/* x mod q for any 128-bit x = h 2^64 + l: h 2^64 mod q by Shoup with the constant 2^64 mod q
 * (valid for any 64-bit h), plus l mod q; below 3q before the final subtractions. */
static inline uint64_t mod128(u128 x, uint64_t q, uint64_t m64, uint64_t r64, uint64_t r64_shoup) {
    uint64_t h = veil_mul_shoup_lazy((uint64_t)(x >> 64), r64, r64_shoup, q);
    uint64_t s = h + mod64((uint64_t)x, q, m64);
    return veil_csub(veil_csub(s, q), q);
}

#define MAX_KIN 256
/* How many products w_i M[j][i] are summed before a fold (a reduction of the 128-bit
 * accumulator): with input primes below 2^a and output primes below 2^b, each product is below
 * 2^(a+b), so 2^(127-a-b) of them stay below 2^127, leaving room for the v terms (below 2^126
 * together) and the diagonal term (below 2^124). 8 for 62-bit primes on both sides; 32 for the
 * 44- and 61-bit primes of the product at N = 8192, where no fold is then needed at all. */
static size_t fold_after(const uint64_t *plan) {
    const size_t kin = (size_t)plan[0], kout = (size_t)plan[1];
    const uint64_t *pin = plan + 3, *pout = pin + 5 * kin;
    uint64_t in_max = 0, out_max = 0;
    for (size_t i = 0; i < kin; i++) in_max |= pin[5 * i];
    for (size_t j = 0; j < kout; j++) out_max |= pout[7 * j];
    int bits = (64 - __builtin_clzll(in_max | 1)) + (64 - __builtin_clzll(out_max | 1));
    return bits >= 127 ? 1 : (size_t)1 << (127 - bits > 20 ? 20 : 127 - bits);
}

/* Converts coefficients [x0, x0 + U) (U <= 4) together: four independent dependency chains
 * keep the multipliers busy where one coefficient alone is latency-bound. */
#define U 4
/* Shapes of a plan, each a constant where convert_block is inlined so the unused work is not
 * compiled in: V64, v = round(F) < 2^64 (the input primes sum below 2^64: its high word is
 * zero); ROUND_ONLY, the matrix is zero, V_j = 1 and there is no diagonal, so y = v mod c
 * (decryption's scale-and-round). Results are the same as the general path's. */
#define SHAPE_GENERAL 0
#define SHAPE_V64 1
#define SHAPE_ROUND_ONLY 2

static inline __attribute__((always_inline)) size_t convert_block(const uint64_t *plan, const uint64_t *in, const uint64_t *diag,
                            uint64_t *out, size_t n, size_t x0, size_t u, uint64_t (*w)[U], int shape,
                            size_t fold) {
    const size_t kin = (size_t)plan[0], kout = (size_t)plan[1];
    const uint64_t *pin = plan + 3;            /* kin x {q, W, W_shoup, f_hi, f_lo} */
    const uint64_t *pout = pin + 5 * kin;      /* kout x {c, m64, r64, r64_shoup, V, V 2^64, D} */
    const uint64_t *mat = pout + 7 * kout;     /* kout x kin, row j = M[j][.] */
    uint64_t f0[U] = {0}, f1[U] = {0};
    u128 whole[U] = {0};
    for (size_t i = 0; i < kin; i++) {
        const uint64_t *c = pin + 5 * i;
        for (size_t t = 0; t < u; t++) {
            uint64_t wi = veil_csub(veil_mul_shoup_lazy(in[i * n + x0 + t], c[1], c[2], c[0]), c[0]);
            w[i][t] = wi;
            u128 lo = (u128)wi * c[4];
            u128 hi = (u128)wi * c[3];
            uint64_t lo0 = (uint64_t)lo;
            f0[t] += lo0;
            u128 s1 = (u128)f1[t] + (uint64_t)(lo >> 64) + (uint64_t)hi + (f0[t] < lo0);
            f1[t] = (uint64_t)s1;
            whole[t] += (s1 >> 64) + (uint64_t)(hi >> 64);
        }
    }
    size_t uncertain = 0;
    uint64_t vl[U], vh[U];
    for (size_t t = 0; t < u; t++) {
        /* v = round(F) < kin 2^62 + 1 < 2^71: its high word is tiny. */
        u128 v = whole[t] + (f1[t] >> 63);
        uncertain += ((f1[t] >> 63) ^ (f1[t] >> 62)) & 1; /* fraction in [1/4, 3/4) */
        vl[t] = (uint64_t)v;
        vh[t] = (uint64_t)(v >> 64);
    }
    if (shape == SHAPE_ROUND_ONLY) {
        for (size_t j = 0; j < kout; j++) {
            const uint64_t *c = pout + 7 * j;
            for (size_t t = 0; t < u; t++) out[j * n + x0 + t] = mod64(vl[t], c[0], c[1]);
        }
        return uncertain;
    }
    for (size_t j = 0; j < kout; j++) {
        const uint64_t *c = pout + 7 * j;
        const uint64_t q = c[0], m64 = c[1], r64 = c[2], r64s = c[3];
        const uint64_t *row = mat + j * kin;
        u128 acc[U] = {0};
        size_t pending = 0;
        for (size_t i = 0; i < kin; i++) {
            for (size_t t = 0; t < u; t++) acc[t] += (u128)w[i][t] * row[i];
            if (++pending == fold) {
                for (size_t t = 0; t < u; t++) acc[t] = mod128(acc[t], q, m64, r64, r64s);
                pending = 0;
            }
        }
        for (size_t t = 0; t < u; t++) {
            acc[t] += (u128)vl[t] * c[4];
            if (shape != SHAPE_V64) acc[t] += (u128)vh[t] * c[5];
            if (diag != NULL) acc[t] += (u128)diag[j * n + x0 + t] * c[6];
            out[j * n + x0 + t] = mod128(acc[t], q, m64, r64, r64s);
        }
    }
    return uncertain;
}

static __attribute__((noinline)) size_t convert_tail(const uint64_t *plan, const uint64_t *in,
        const uint64_t *diag, uint64_t *out, size_t n, size_t x0, size_t u, uint64_t (*w)[U], size_t fold) {
    return convert_block(plan, in, diag, out, n, x0, u, w, SHAPE_GENERAL, fold);
}

/* The plan's shape (see SHAPE_*), from its constants. */
static int plan_shape(const uint64_t *plan, const uint64_t *diag) {
    const size_t kin = (size_t)plan[0], kout = (size_t)plan[1];
    const uint64_t *pin = plan + 3, *pout = pin + 5 * kin, *mat = pout + 7 * kout;
    u128 sum = 0;
    for (size_t i = 0; i < kin; i++) sum += pin[5 * i];
    if (sum >> 64) return SHAPE_GENERAL; /* v = round(sum of w_i f_i) < sum of q_i */
    int round_only = diag == NULL;
    for (size_t j = 0; j < kout; j++) round_only &= pout[7 * j + 4] == 1;
    for (size_t x = 0; x < kin * kout; x++) round_only &= mat[x] == 0;
    return round_only ? SHAPE_ROUND_ONLY : SHAPE_V64;
}

size_t veil_rns_convert(const uint64_t *plan, const uint64_t *in, const uint64_t *diag,
                        uint64_t *out, size_t n) {
    const size_t kin = (size_t)plan[0];
    uint64_t w[MAX_KIN][U];
    size_t uncertain = 0;
    size_t x = 0;
    const size_t fold = fold_after(plan);
    /* The full blocks inline convert_block with u = U and the shape constant, so its
     * per-coefficient accumulators live in registers; only the tail takes a variable u. */
    switch (plan_shape(plan, diag)) {
    case SHAPE_ROUND_ONLY:
        for (; x + U <= n; x += U) uncertain += convert_block(plan, in, diag, out, n, x, U, w, SHAPE_ROUND_ONLY, fold);
        break;
    case SHAPE_V64:
        for (; x + U <= n; x += U) uncertain += convert_block(plan, in, diag, out, n, x, U, w, SHAPE_V64, fold);
        break;
    default:
        for (; x + U <= n; x += U) uncertain += convert_block(plan, in, diag, out, n, x, U, w, SHAPE_GENERAL, fold);
    }
    if (x < n) uncertain += convert_tail(plan, in, diag, out, n, x, n - x, w, fold);
    volatile uint64_t *vw = &w[0][0]; /* the w_i are secret-derived: do not leave them on the stack */
    for (size_t i = 0; i < kin * U; i++) vw[i] = 0;
    return uncertain;
}

void veil_reduce_add(const uint64_t *in, uint64_t addend, uint64_t *out, size_t n, uint64_t q,
                     uint64_t m64) {
    for (size_t x = 0; x < n; x++) out[x] = veil_csub(mod64(in[x], q, m64) + addend, q);
}
