package org.veilgrid.zk.sigma;

import org.veilgrid.core.errors.MalformedInputException;
import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.group.Scalar;

/** Strict fixed-layout reading of proof encodings: canonical points and scalars, exact length. */
final class ProofBytes {
    private ProofBytes() {
    }

    static void expectLength(String what, byte[] b, int len) {
        if (b == null) {
            throw new MalformedInputException(what, "missing");
        }
        if (b.length != len) {
            throw MalformedInputException.wrongLength(what, len, b.length);
        }
    }

    static RistrettoPoint point(String what, byte[] b, int off) {
        RistrettoPoint p = RistrettoPoint.decodeOrNull(b, off);
        if (p == null) {
            throw new MalformedInputException(what, "bytes at offset " + off + " are not a canonical Ristretto255 point");
        }
        return p;
    }

    static Scalar scalar(String what, byte[] b, int off) {
        try {
            return Scalar.fromCanonicalBytes(b, off);
        } catch (MalformedInputException e) {
            throw new MalformedInputException(what, "scalar at offset " + off + " is not canonical", e);
        }
    }
}
