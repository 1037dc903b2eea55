package org.veilgrid.zk.bulletproofs;

import org.veilgrid.zk.group.RistrettoPoint;
import org.veilgrid.zk.transcript.Transcript;

/** The range proof's transcript prefix: protocol label, n, m and the value commitments. */
final class RangeTranscript {
    static final String PROTOCOL = "veilgrid/zk/bulletproofs/range-v1";

    private RangeTranscript() {
    }

    static Transcript start(RangeParameters p, RistrettoPoint[] commitments) {
        Transcript t = new Transcript(PROTOCOL).append("n", p.bits()).append("m", p.values());
        for (RistrettoPoint v : commitments) {
            t.append("V", v);
        }
        return t;
    }
}
