/*
 * Seeded PRG: the ChaCha20 keystream of RFC 8439 with the 32-byte seed as key, nonce
 * (0x00000000 || little-endian 64-bit stream id) and block counter from 0. The keystream is
 * read as little-endian 64-bit words; each word is masked to bitlen(q - 1) bits and accepted
 * when below q (rejection sampling, so the output is exactly uniform). Acceptance is at least
 * 1/2 a word. Timing reveals only how many words were rejected, which is independent of the
 * accepted values. org.veilgrid.kernels.ChaCha20Prg is the Java twin of this file.
 */
#include "veil_kernels.h"

#include <string.h>

static inline uint32_t rotl32(uint32_t x, int n) { return (x << n) | (x >> (32 - n)); }

static inline uint32_t load32_le(const uint8_t *p) {
    return (uint32_t)p[0] | ((uint32_t)p[1] << 8) | ((uint32_t)p[2] << 16) | ((uint32_t)p[3] << 24);
}

#define QR(a, b, c, d)                   \
    a += b; d ^= a; d = rotl32(d, 16);   \
    c += d; b ^= c; b = rotl32(b, 12);   \
    a += b; d ^= a; d = rotl32(d, 8);    \
    c += d; b ^= c; b = rotl32(b, 7)

static void chacha20_words(const uint32_t in[16], uint32_t out[16]) {
    uint32_t x[16];
    memcpy(x, in, sizeof x);
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]);
        QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]);
        QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]);
        QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]);
        QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++) out[i] = x[i] + in[i];
}

static void init_state(uint32_t s[16], const uint8_t key[32], uint32_t counter,
                       const uint8_t nonce[12]) {
    s[0] = 0x61707865u; s[1] = 0x3320646eu; s[2] = 0x79622d32u; s[3] = 0x6b206574u;
    for (int i = 0; i < 8; i++) s[4 + i] = load32_le(key + 4 * i);
    s[12] = counter;
    for (int i = 0; i < 3; i++) s[13 + i] = load32_le(nonce + 4 * i);
}

void veil_chacha20_block(const uint8_t key[32], uint32_t counter, const uint8_t nonce[12],
                         uint8_t out[64]) {
    uint32_t s[16], o[16];
    init_state(s, key, counter, nonce);
    chacha20_words(s, o);
    for (int i = 0; i < 16; i++) {
        out[4 * i] = (uint8_t)o[i];
        out[4 * i + 1] = (uint8_t)(o[i] >> 8);
        out[4 * i + 2] = (uint8_t)(o[i] >> 16);
        out[4 * i + 3] = (uint8_t)(o[i] >> 24);
    }
}

void veil_chacha20_blocks16_portable(const uint32_t state[16], uint32_t counter, uint8_t out[1024]) {
    uint32_t s[16], o[16];
    memcpy(s, state, sizeof s);
    for (uint32_t b = 0; b < 16; b++) {
        s[12] = counter + b;
        chacha20_words(s, o);
        for (int i = 0; i < 16; i++) {
            uint8_t *p = out + 64 * b + 4 * i;
            p[0] = (uint8_t)o[i];
            p[1] = (uint8_t)(o[i] >> 8);
            p[2] = (uint8_t)(o[i] >> 16);
            p[3] = (uint8_t)(o[i] >> 24);
        }
    }
}

size_t veil_prg_sample_portable(const uint8_t *chunk, size_t words, uint64_t q, uint64_t mask,
                                uint64_t *out, size_t filled, size_t n) {
    for (size_t w = 0; w < words && filled < n; w++) {
        uint64_t v = 0;
        for (int i = 7; i >= 0; i--) v = (v << 8) | chunk[8 * w + i];
        v &= mask;
        /* Write unconditionally, advance only on acceptance: no branch on the value. */
        out[filled] = v;
        filled += (size_t)(v < q);
    }
    return filled;
}

int veil_prg_uniform(const uint8_t seed[32], uint64_t stream, uint64_t q, uint64_t *out, size_t n) {
    uint8_t nonce[12] = {0};
    for (int i = 0; i < 8; i++) nonce[4 + i] = (uint8_t)(stream >> (8 * i));
    uint32_t s[16];
    init_state(s, seed, 0, nonce);
    const int bits = 64 - __builtin_clzll(q - 1);
    const uint64_t mask = bits >= 64 ? ~0ULL : ((1ULL << bits) - 1);
    const veil_kernel_table *k = veil_active_kernels();
    _Alignas(64) uint8_t chunk[1024];
    size_t filled = 0;
    uint64_t block = 0;
    int rc = 0;
    while (filled < n) {
        if (block >= (1ULL << 32)) { rc = -1; break; }
        /* Blocks past 2^32 - 1 would repeat the keystream: never consume them. */
        uint64_t usable = (1ULL << 32) - block;
        size_t words = usable < 16 ? (size_t)usable * 8 : 128;
        k->prg_blocks16(s, (uint32_t)block, chunk);
        filled = k->prg_sample(chunk, words, q, mask, out, filled, n);
        block += 16;
    }
    /* Keystream and state derive from the secret seed. */
    volatile uint8_t *vc = chunk;
    for (size_t i = 0; i < sizeof chunk; i++) vc[i] = 0;
    volatile uint32_t *vs = s;
    for (int i = 0; i < 16; i++) vs[i] = 0;
    return rc;
}
