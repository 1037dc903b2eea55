/*
 * CPU feature detection and kernel dispatch.
 *
 * The library is built for baseline x86-64; faster versions are chosen here at load time from
 * CPUID and XCR0 (the OS must save the YMM/ZMM registers, or AVX code would corrupt state on a
 * context switch). VEIL_NATIVE_ISA=portable|avx2|avx512|avx512ifma caps the level, which is how
 * the tests exercise every path the machine has.
 */
#include "veil_kernels.h"

#include <cpuid.h>
#include <stdlib.h>
#include <string.h>

static uint64_t read_xcr0(void) {
    uint32_t eax, edx;
    __asm__ volatile("xgetbv" : "=a"(eax), "=d"(edx) : "c"(0));
    return ((uint64_t)edx << 32) | eax;
}

static uint32_t detect_features(void) {
    uint32_t eax, ebx, ecx, edx, f = 0;
    if (!__get_cpuid(1, &eax, &ebx, &ecx, &edx)) return 0;
    int osxsave = (ecx >> 27) & 1;
    if (ecx & (1u << 25)) f |= VEIL_CPU_AES;
    if (osxsave) {
        uint64_t xcr0 = read_xcr0();
        if ((xcr0 & 0x6) == 0x6) f |= VEIL_CPU_OS_YMM;
        if ((xcr0 & 0xe6) == 0xe6) f |= VEIL_CPU_OS_ZMM;
    }
    if (__get_cpuid_max(0, NULL) < 7) return f;
    __cpuid_count(7, 0, eax, ebx, ecx, edx);
    if (ebx & (1u << 5)) f |= VEIL_CPU_AVX2;
    if (ebx & (1u << 8)) f |= VEIL_CPU_BMI2;
    if (ebx & (1u << 16)) f |= VEIL_CPU_AVX512F;
    if (ebx & (1u << 17)) f |= VEIL_CPU_AVX512DQ;
    if (ebx & (1u << 21)) f |= VEIL_CPU_AVX512IFMA;
    if (ebx & (1u << 30)) f |= VEIL_CPU_AVX512BW;
    if (ebx & (1u << 31)) f |= VEIL_CPU_AVX512VL;
    return f;
}

static uint32_t features;
static int supported = -1;
static int active = VEIL_ISA_PORTABLE;

static int parse_isa(const char *s) {
    if (s == NULL) return -1;
    if (strcmp(s, "portable") == 0) return VEIL_ISA_PORTABLE;
    if (strcmp(s, "avx2") == 0) return VEIL_ISA_AVX2;
    if (strcmp(s, "avx512") == 0) return VEIL_ISA_AVX512;
    if (strcmp(s, "avx512ifma") == 0) return VEIL_ISA_AVX512IFMA;
    return -1;
}

static void init(void) {
    if (supported >= 0) return;
    features = detect_features();
    int level = VEIL_ISA_PORTABLE;
    /* The AVX2 files are compiled with -mbmi2 too (mulx, shrx in their scalar tails). */
    if ((features & VEIL_CPU_AVX2) && (features & VEIL_CPU_BMI2) && (features & VEIL_CPU_OS_YMM)) {
        level = VEIL_ISA_AVX2;
    }
    uint32_t need512 = VEIL_CPU_AVX512F | VEIL_CPU_AVX512DQ | VEIL_CPU_AVX512VL |
                       VEIL_CPU_AVX512BW | VEIL_CPU_OS_ZMM;
    if (level == VEIL_ISA_AVX2 && (features & need512) == need512) {
        level = VEIL_ISA_AVX512;
        if (features & VEIL_CPU_AVX512IFMA) level = VEIL_ISA_AVX512IFMA;
    }
    supported = level;
    active = level;
    int cap = parse_isa(getenv("VEIL_NATIVE_ISA"));
    if (cap >= 0 && cap < active) active = cap;
}

uint32_t veil_cpu_features(void) { init(); return features; }
int veil_isa_supported(void) { init(); return supported; }
int veil_isa_active(void) { init(); return active; }

int veil_isa_set(int level) {
    init();
    if (level < VEIL_ISA_PORTABLE) level = VEIL_ISA_PORTABLE;
    if (level > supported) level = supported;
    active = level;
    return active;
}

const veil_kernel_table *veil_active_kernels(void) {
    switch (veil_isa_active()) {
        case VEIL_ISA_AVX512IFMA: return &veil_kernels_avx512ifma;
        case VEIL_ISA_AVX512: return &veil_kernels_avx512;
        case VEIL_ISA_AVX2: return &veil_kernels_avx2;
        default: return &veil_kernels_portable;
    }
}
