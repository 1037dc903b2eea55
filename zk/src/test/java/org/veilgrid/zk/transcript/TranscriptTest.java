package org.veilgrid.zk.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.security.MessageDigest;
import org.junit.jupiter.api.Test;
import org.veilgrid.zk.group.Scalar;

class TranscriptTest {
    private static Scalar run(String proto, String l1, byte[] d1, String l2, byte[] d2) {
        return new Transcript(proto).append(l1, d1).append(l2, d2).challengeScalar("c");
    }

    @Test
    void sameInputsSameChallenge() {
        assertEquals(run("p", "a", new byte[] {1, 2}, "b", new byte[] {3}),
                run("p", "a", new byte[] {1, 2}, "b", new byte[] {3}));
    }

    @Test
    void boundariesLabelsAndDomainsSeparate() {
        Scalar base = run("p", "a", new byte[] {1, 2}, "b", new byte[] {3});
        // moving a byte across the boundary between two appends
        assertNotEquals(base, run("p", "a", new byte[] {1}, "b", new byte[] {2, 3}));
        // moving bytes between label and data
        assertNotEquals(base, run("p", "a", new byte[] {1, 2}, "b\u0003", new byte[0]));
        assertNotEquals(base, run("p", "x", new byte[] {1, 2}, "b", new byte[] {3}));
        assertNotEquals(base, run("q", "a", new byte[] {1, 2}, "b", new byte[] {3}));
    }

    @Test
    void successiveChallengesDifferAndFollowTheConstruction() throws Exception {
        Transcript t = new Transcript("p");
        Scalar c1 = t.challengeScalar("c");
        Scalar c2 = t.challengeScalar("c");
        assertNotEquals(c1, c2);

        // recompute c1 from the documented construction
        MessageDigest md = MessageDigest.getInstance("SHA-512");
        md.update("veilgrid-transcript-v1".getBytes());
        md.update((byte) 0);
        md.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
        md.update((byte) 'p');
        byte[] h = md.digest();
        md.update(h);
        md.update((byte) 2);
        md.update(new byte[] {0, 0, 0, 0, 0, 0, 0, 1});
        md.update((byte) 'c');
        assertEquals(Scalar.fromBytesWide(md.digest()), c1);
    }

    @Test
    void forkIsIndependent() {
        Transcript t = new Transcript("p").append("a", new byte[] {1});
        Transcript f = t.fork();
        assertEquals(t.fork().challengeScalar("c"), f.fork().challengeScalar("c"));
        f.append("x", new byte[0]);
        assertNotEquals(t.challengeScalar("c"), f.challengeScalar("c"));
    }
}
