package org.veilgrid.zk.sigma;

import java.security.SecureRandom;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;
import org.veilgrid.zk.transcript.Transcript;

/**
 * Proof of knowledge of an opening (v, r) of a Pedersen commitment C = v·G + r·H
 * (Okamoto's protocol). Prover: R = k_v·G + k_r·H, c = challenge(C, R), s_v = k_v + c·v,
 * s_r = k_r + c·r. Verifier: s_v·G + s_r·H − c·C − R = 0. Encoding: R ‖ s_v ‖ s_r (96 bytes).
 */
public final class OpeningProof {
    public static final int LENGTH = 96;
    static final String PROTOCOL = "veilgrid/zk/sigma/opening";

    private final RistrettoPoint r;
    private final Scalar sv;
    private final Scalar sr;

    private OpeningProof(RistrettoPoint r, Scalar sv, Scalar sr) {
        this.r = r;
        this.sv = sv;
        this.sr = sr;
    }

    private static Scalar challenge(RistrettoPoint c, RistrettoPoint r) {
        Transcript t = new Transcript(PROTOCOL);
        PedersenGens pg = PedersenGens.standard();
        t.append("G", pg.g()).append("H", pg.h()).append("C", c).append("R", r);
        return t.challengeScalar("c");
    }

    public static OpeningProof prove(PedersenGens.Opening opening, SecureRandom rng) {
        PedersenGens pg = PedersenGens.standard();
        Scalar kv = Scalar.random(rng);
        Scalar kr = Scalar.random(rng);
        RistrettoPoint r = pg.commit(kv, kr);
        Scalar c = challenge(opening.commitment(), r);
        return new OpeningProof(r, kv.add(c.mul(opening.value())), kr.add(c.mul(opening.blinding())));
    }

    /** @throws VerificationFailedException unless the prover knows an opening of C */
    public void verify(RistrettoPoint commitment) {
        PedersenGens pg = PedersenGens.standard();
        Scalar c = challenge(commitment, r);
        RistrettoPoint check = new MultiScalar(4).add(sv, pg.g()).add(sr, pg.h())
                .add(c.negate(), commitment).add(Scalar.ONE.negate(), r).vartime();
        if (!check.isIdentity()) {
            throw new VerificationFailedException("opening proof does not verify");
        }
    }

    public byte[] toBytes() {
        byte[] out = new byte[LENGTH];
        r.encode(out, 0);
        sv.toBytes(out, 32);
        sr.toBytes(out, 64);
        return out;
    }

    public static OpeningProof fromBytes(byte[] b) {
        ProofBytes.expectLength("OpeningProof", b, LENGTH);
        return new OpeningProof(ProofBytes.point("OpeningProof.R", b, 0),
                ProofBytes.scalar("OpeningProof.s_v", b, 32), ProofBytes.scalar("OpeningProof.s_r", b, 64));
    }
}
