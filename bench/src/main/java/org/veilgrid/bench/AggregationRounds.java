package org.veilgrid.bench;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.veilgrid.mpc.aggregation.AggregationParams;
import org.veilgrid.mpc.aggregation.CommitteeMember;
import org.veilgrid.mpc.aggregation.Round;
import org.veilgrid.mpc.aggregation.ShareCipher;

/** A round with a committee of 10 (threshold 6) for the aggregation benchmarks. */
final class AggregationRounds {
    static final int COMMITTEE = 10;
    static final int THRESHOLD = 6;

    final Round round;
    final Map<String, PrivateKey> keys = new LinkedHashMap<>();

    AggregationRounds(int length, int clients) {
        SecureRandom random = new SecureRandom();
        Map<String, PublicKey> candidates = new LinkedHashMap<>();
        for (int i = 0; i < COMMITTEE; i++) {
            KeyPair kp = ShareCipher.newKeyPair();
            candidates.put("member-" + i, kp.getPublic());
            keys.put("member-" + i, kp.getPrivate());
        }
        byte[] id = new byte[Round.ID_BYTES];
        byte[] seed = new byte[32];
        random.nextBytes(id);
        random.nextBytes(seed);
        List<String> registered = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            registered.add("c" + c); // the ids the benchmarks submit under
        }
        round = new Round(id, seed, AggregationParams.of(length, clients, 1 << 16),
                Round.selectCommittee(seed, candidates, COMMITTEE), THRESHOLD, registered, Math.min(2, clients));
        round.prg(); // expand A outside the timed region, as a long-lived server or client would
    }

    CommitteeMember member(int seat) {
        String id = round.committee().get(seat - 1).memberId;
        return new CommitteeMember(id, keys.get(id));
    }

    static long[] input(int length) {
        long[] x = new long[length];
        for (int i = 0; i < length; i++) {
            x[i] = (i * 7919L) % 65536;
        }
        return x;
    }
}
