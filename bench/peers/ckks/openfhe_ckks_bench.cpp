// CKKS peer benchmark: OpenFHE CKKSRNS at the same ring degree, depth and scale (2^40) as a
// Veilgrid CKKS preset, manual rescaling, 128-bit classical security, single thread.
//
//   openfhe_ckks_bench SECONDS N DEPTH FIRST_MOD_BITS   -> one JSON object, milliseconds per operation
//
// OpenFHE chooses its own primes and key-switching modulus for these settings; the JSON says
// which. Where it refuses the depth at that N for 128-bit security (its special modulus is
// larger than Veilgrid's one prime), the largest depth it accepts is taken and reported. A
// product and a rotation are decrypted and checked first.
#include "openfhe.h"
#include "timing.h"
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <sstream>

using namespace lbcrypto;

int main(int argc, char **argv)
{
    if (argc < 5)
    {
        std::fprintf(stderr, "usage: %s SECONDS N DEPTH FIRST_MOD_BITS\n", argv[0]);
        return 64;
    }
    double seconds = std::atof(argv[1]);
    uint32_t n = std::atoi(argv[2]);
    uint32_t depth = std::atoi(argv[3]);
    uint32_t first = std::atoi(argv[4]);
    CryptoContext<DCRTPoly> cc;
    for (;; depth--)
    {
        CCParams<CryptoContextCKKSRNS> p;
        p.SetMultiplicativeDepth(depth);
        p.SetScalingModSize(40);
        p.SetFirstModSize(first);
        p.SetRingDim(n);
        p.SetBatchSize(n / 2);
        p.SetScalingTechnique(FIXEDMANUAL);
        p.SetSecurityLevel(HEStd_128_classic);
        try
        {
            cc = GenCryptoContext(p);
            break;
        }
        catch (const std::exception &e)
        {
            if (depth == 1)
                throw;
        }
    }
    cc->Enable(PKE);
    cc->Enable(KEYSWITCH);
    cc->Enable(LEVELEDSHE);
    auto keys = cc->KeyGen();
    cc->EvalMultKeyGen(keys.secretKey);
    cc->EvalRotateKeyGen(keys.secretKey, { 1 });
    std::vector<double> vals(n / 2);
    for (size_t i = 0; i < vals.size(); i++)
        vals[i] = std::sin(0.001 * i);
    Plaintext pt = cc->MakeCKKSPackedPlaintext(vals);
    auto a = cc->Encrypt(keys.publicKey, pt);
    auto b = cc->Encrypt(keys.publicKey, pt);
    bool ok = true;
    {
        Plaintext r1, r2;
        cc->Decrypt(keys.secretKey, cc->Rescale(cc->EvalMult(a, b)), &r1);
        cc->Decrypt(keys.secretKey, cc->EvalRotate(a, 1), &r2);
        r1->SetLength(vals.size());
        r2->SetLength(vals.size());
        auto v1 = r1->GetRealPackedValue();
        auto v2 = r2->GetRealPackedValue();
        for (size_t i = 0; i < vals.size(); i++)
        {
            ok &= std::fabs(v1[i] - vals[i] * vals[i]) < 1e-4;
            ok &= std::fabs(v2[i] - vals[(i + 1) % vals.size()]) < 1e-4;
        }
    }
    Ciphertext<DCRTPoly> out;
    Plaintext ptOut, pt2;
    std::vector<std::pair<std::string, std::function<void()>>> ops;
    ops.emplace_back("encode", [&] { pt2 = cc->MakeCKKSPackedPlaintext(vals); });
    ops.emplace_back("encryptPublic", [&] { out = cc->Encrypt(keys.publicKey, pt); });
    ops.emplace_back("decryptDecode", [&] { cc->Decrypt(keys.secretKey, a, &ptOut); });
    ops.emplace_back("add", [&] { out = cc->EvalAdd(a, b); });
    ops.emplace_back("multiplyPlain", [&] { out = cc->EvalMult(a, pt); });
    ops.emplace_back("multiplyRelinearize", [&] { out = cc->EvalMult(a, b); });
    ops.emplace_back("multiplyRelinearizeRescale", [&] { out = cc->Rescale(cc->EvalMult(a, b)); });
    ops.emplace_back("rescale", [&] { out = cc->Rescale(a); });
    ops.emplace_back("rotate", [&] { out = cc->EvalRotate(a, 1); });
    auto cp = cc->GetCryptoParameters();
    auto elem = cc->GetElementParams();
    std::ostringstream js;
    js << "{\"peer\":\"OpenFHE " << GetOPENFHEVersion() << " CKKSRNS\",\"n\":" << cc->GetRingDimension()
       << ",\"depth\":" << depth << ",\"logQ\":" << elem->GetModulus().GetMSB() << ",\"towers\":" << elem->GetParams().size()
       << ",\"check\":" << (ok ? "true" : "false") << ",\"ms\":{";
    for (size_t i = 0; i < ops.size(); i++)
        js << (i ? "," : "") << "\"" << ops[i].first << "\":" << peer_mean_seconds(ops[i].second, seconds) * 1e3;
    js << "}}";
    std::printf("%s\n", js.str().c_str());
    return ok ? 0 : 1;
}
