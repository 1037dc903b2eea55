package org.veilgrid.zk.sigma;

import java.security.SecureRandom;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * Schnorr proof of knowledge of x with X = x·B for a public base B.
 *
 * <p>Prover: k random, R = k·B, c = challenge(transcript ‖ B ‖ X ‖ R), s = k + c·x.
 * Verifier: s·B − c·X − R = 0. Encoding: R ‖ s (64 bytes).
 */
public final class DlogProof {
    public static final int LENGTH = 64;
    static final String PROTOCOL = "veilgrid/zk/sigma/dlog";

    private final RistrettoPoint r;
    private final Scalar s;

    DlogProof(RistrettoPoint r, Scalar s) {
        this.r = r;
        this.s = s;
    }

    private static Scalar challenge(Transcript t, String domain, RistrettoPoint base, RistrettoPoint x, RistrettoPoint r) {
        t.append("dom-sep", domain);
        t.append("B", base);
        t.append("X", x);
        t.append("R", r);
        return t.challengeScalar("c");
    }

    /** Proves knowledge of x = log_B X on a fresh transcript. */
    public static DlogProof prove(RistrettoPoint base, Scalar x, SecureRandom rng) {
        return prove(new Transcript(PROTOCOL), PROTOCOL, base, x, rng);
    }

    static DlogProof prove(Transcript t, String domain, RistrettoPoint base, Scalar x, SecureRandom rng) {
        RistrettoPoint bigX = base.mul(x);
        Scalar k = Scalar.random(rng);
        RistrettoPoint r = base.mul(k);
        Scalar c = challenge(t, domain, base, bigX, r);
        return new DlogProof(r, k.add(c.mul(x)));
    }

    /** @throws VerificationFailedException unless the proof shows knowledge of log_B X */
    public void verify(RistrettoPoint base, RistrettoPoint x) {
        verify(new Transcript(PROTOCOL), PROTOCOL, base, x);
    }

    void verify(Transcript t, String domain, RistrettoPoint base, RistrettoPoint x) {
        Scalar c = challenge(t, domain, base, x, r);
        RistrettoPoint check = new MultiScalar(3).add(s, base).add(c.negate(), x)
                .add(Scalar.ONE.negate(), r).vartime();
        if (!check.isIdentity()) {
            throw new VerificationFailedException(domain + " proof does not verify");
        }
    }

    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        r.encode(out, 0);
        s.toBytes(out, 32);
        return out;
    }

    public static DlogProof fromBytes(byte[] b) {
        ProofBytes.expectLength("DlogProof", b, LENGTH);
        return new DlogProof(ProofBytes.point("DlogProof.R", b, 0), ProofBytes.scalar("DlogProof.s", b, 32));
    }
}
