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

int veil_prg_uniform(const uint8_t seed[32], uint64_t stream, uint64_t q, uint64_t *out, size_t n) {
    uint8_t nonce[12] = {0};
    for (int i = 0; i < 8; i++) nonce[4 + i] = (uint8_t)(stream >> (8 * i));
    uint32_t s[16], o[16];
    init_state(s, seed, 0, nonce);
    const int bits = 64 - __builtin_clzll(q - 1);
    const uint64_t mask = bits >= 64 ? ~0ULL : ((1ULL << bits) - 1);
    size_t filled = 0;
    uint64_t blocks = 0;
    while (filled < n) {
        if (blocks == (1ULL << 32)) return -1;
        s[12] = (uint32_t)blocks++;
        chacha20_words(s, o);
        for (int w = 0; w < 8 && filled < n; w++) {
            uint64_t v = ((uint64_t)o[2 * w] | ((uint64_t)o[2 * w + 1] << 32)) & mask;
            if (v < q) out[filled++] = v;
        }
    }
    return 0;
}
