// CKKS peer benchmark: Microsoft SEAL (native, optionally with Intel HEXL), with Veilgrid's
// CKKS preset primes given on the command line, scale 2^40, single thread.
//
//   seal_ckks_bench SECONDS SPECIAL_PRIME PRIME...   -> one JSON object, milliseconds per operation
//
// The primes are Veilgrid's (CkksParameters.preset): the ciphertext primes, then the special
// prime last, as SEAL takes them. A product and a rotation are decrypted and checked first.
#include "seal/seal.h"
#include "timing.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <vector>

using namespace seal;

int main(int argc, char **argv)
{
    if (argc < 4)
    {
        std::fprintf(stderr, "usage: %s SECONDS SPECIAL_PRIME PRIME...\n", argv[0]);
        return 64;
    }
    double seconds = std::atof(argv[1]);
    std::vector<Modulus> mods;
    for (int i = 3; i < argc; i++)
        mods.emplace_back(std::strtoull(argv[i], nullptr, 10));
    mods.emplace_back(std::strtoull(argv[2], nullptr, 10));
    size_t n = 0;
    // N from the preset sizes: the primes are = 1 mod 2N for Veilgrid's N; take the largest N <= 32768 that fits.
    for (size_t cand = 32768; cand >= 1024; cand >>= 1)
    {
        bool ok = true;
        for (auto &m : mods)
            ok &= (m.value() % (2 * cand)) == 1;
        if (ok)
        {
            n = cand;
            break;
        }
    }
    EncryptionParameters parms(scheme_type::ckks);
    parms.set_poly_modulus_degree(n);
    parms.set_coeff_modulus(mods);
    SEALContext ctx(parms, true, sec_level_type::tc128);
    if (!ctx.parameters_set())
    {
        std::fprintf(stderr, "SEAL refused the parameters: %s\n", ctx.parameter_error_message());
        return 1;
    }
    KeyGenerator kg(ctx);
    SecretKey sk = kg.secret_key();
    PublicKey pk;
    kg.create_public_key(pk);
    RelinKeys rk;
    kg.create_relin_keys(rk);
    GaloisKeys gk;
    kg.create_galois_keys(std::vector<int>{ 1 }, gk);
    CKKSEncoder encoder(ctx);
    Encryptor encryptor(ctx, pk);
    Decryptor decryptor(ctx, sk);
    Evaluator ev(ctx);
    double scale = std::ldexp(1.0, 40);
    std::vector<double> vals(n / 2);
    for (size_t i = 0; i < vals.size(); i++)
        vals[i] = std::sin(0.001 * i);
    Plaintext pt, pt2, ptOut;
    encoder.encode(vals, scale, pt);
    Ciphertext a, b, out;
    encryptor.encrypt(pt, a);
    encryptor.encrypt(pt, b);

    bool ok = true;
    {
        Ciphertext prod, rot;
        ev.multiply(a, b, prod);
        ev.relinearize_inplace(prod, rk);
        ev.rescale_to_next_inplace(prod);
        ev.rotate_vector(a, 1, gk, rot);
        std::vector<double> v1, v2;
        decryptor.decrypt(prod, ptOut);
        encoder.decode(ptOut, v1);
        decryptor.decrypt(rot, ptOut);
        encoder.decode(ptOut, v2);
        for (size_t i = 0; i < vals.size(); i++)
        {
            ok &= std::fabs(v1[i] - vals[i] * vals[i]) < 1e-4;
            ok &= std::fabs(v2[i] - vals[(i + 1) % vals.size()]) < 1e-4;
        }
    }
    std::vector<std::pair<std::string, std::function<void()>>> ops;
    ops.emplace_back("encode", [&] { encoder.encode(vals, scale, pt2); });
    ops.emplace_back("encryptPublic", [&] { encryptor.encrypt(pt, out); });
    ops.emplace_back("decrypt", [&] { decryptor.decrypt(a, ptOut); });
    std::vector<double> decoded;
    ops.emplace_back("decryptDecode", [&] {
        decryptor.decrypt(a, ptOut);
        encoder.decode(ptOut, decoded);
    });
    ops.emplace_back("add", [&] { ev.add(a, b, out); });
    ops.emplace_back("multiplyPlain", [&] { ev.multiply_plain(a, pt, out); });
    ops.emplace_back("multiplyRelinearize", [&] {
        ev.multiply(a, b, out);
        ev.relinearize_inplace(out, rk);
    });
    ops.emplace_back("multiplyRelinearizeRescale", [&] {
        ev.multiply(a, b, out);
        ev.relinearize_inplace(out, rk);
        ev.rescale_to_next_inplace(out);
    });
    ops.emplace_back("rescale", [&] { ev.rescale_to_next(a, out); });
    ops.emplace_back("rotate", [&] { ev.rotate_vector(a, 1, gk, out); });
    std::ostringstream js;
    js << "{\"peer\":\"Microsoft SEAL " << SEAL_VERSION
#ifdef SEAL_USE_INTEL_HEXL
       << " + Intel HEXL"
#endif
       << "\",\"n\":" << n << ",\"check\":" << (ok ? "true" : "false") << ",\"ms\":{";
    for (size_t i = 0; i < ops.size(); i++)
        js << (i ? "," : "") << "\"" << ops[i].first << "\":" << peer_mean_seconds(ops[i].second, seconds) * 1e3;
    js << "}}";
    std::printf("%s\n", js.str().c_str());
    return ok ? 0 : 1;
}
