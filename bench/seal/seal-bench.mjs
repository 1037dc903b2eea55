// Times Microsoft SEAL's BFV (node-seal 6.0.3, WebAssembly) on the operations and parameters
// that bench/src/main/java/org/veilgrid/bench/BfvBenchmark.java measures in Veilgrid:
// the same N, SEAL's default 128-bit moduli (the last prime is the special prime in both), and
// t = the 20-bit batching prime PlainModulus.Batching(N, 20).
// Usage: node seal-bench.mjs [N ...]   Prints one JSON object per (N, op) on stdout.
import SEALPromise from 'node-seal';

const PRIMES = { 4096: [36, 36, 37], 8192: [43, 43, 44, 44, 44], 16384: [48, 48, 48, 49, 49, 49, 49, 49, 49] };
const seal = await SEALPromise();
const sizes = process.argv.slice(2).map(Number);

function time(fn, minMillis = 1000) {
  for (let i = 0; i < 3; i++) fn(); // warm-up
  let n = 0;
  const start = performance.now();
  let now = start;
  while (now - start < minMillis) {
    fn();
    n++;
    now = performance.now();
  }
  return ((now - start) * 1000) / n; // microseconds per call
}

for (const N of sizes.length ? sizes : [8192, 16384]) {
  const parms = seal.EncryptionParameters(seal.SchemeType.bfv);
  parms.setPolyModulusDegree(N);
  parms.setCoeffModulus(seal.CoeffModulus.Create(N, Int32Array.from(PRIMES[N])));
  const plainModulus = seal.PlainModulus.Batching(N, 20);
  const t = plainModulus.value;
  parms.setPlainModulus(plainModulus);
  const context = seal.Context(parms, true, seal.SecurityLevel.tc128);
  if (!context.parametersSet()) throw new Error('SEAL refused the parameters: ' + context.parametersErrorMessage());
  const kg = seal.KeyGenerator(context);
  const sk = kg.secretKey();
  const pk = kg.createPublicKey();
  const rk = kg.createRelinKeys();
  const gk = kg.createGaloisKeys(Int32Array.from([1]));
  const encoder = seal.BatchEncoder(context);
  const encryptor = seal.Encryptor(context, pk, sk);
  const decryptor = seal.Decryptor(context, sk);
  const evaluator = seal.Evaluator(context);
  const values = BigUint64Array.from({ length: N }, (_, i) => (BigInt(i) * 7919n) % t);
  const plain = encoder.encode(values);
  const a = encryptor.encrypt(plain);
  const b = encryptor.encrypt(plain);
  const dest = seal.CipherText();
  const ops = {
    keygen: () => {
      const g = seal.KeyGenerator(context);
      const p = g.createPublicKey();
      const r = g.createRelinKeys();
      p.delete(); r.delete(); g.delete();
    },
    encryptPublic: () => { encryptor.encrypt(plain, dest); },
    encryptSymmetric: () => { encryptor.encryptSymmetric(plain, dest); },
    decrypt: () => { decryptor.decrypt(a); },
    add: () => { evaluator.add(a, b, dest); },
    multiplyPlain: () => { evaluator.multiplyPlain(a, plain, dest); },
    multiplyRelinearize: () => { evaluator.multiply(a, b, dest); evaluator.relinearize(dest, rk, dest); },
    rotateRows: () => { evaluator.rotateRows(a, 1, gk, dest); },
  };
  for (const [op, fn] of Object.entries(ops)) {
    const micros = time(fn);
    console.log(JSON.stringify({ peer: 'node-seal 6.0.3 (SEAL, WebAssembly)', n: N, t: t.toString(), op, micros }));
  }
}
