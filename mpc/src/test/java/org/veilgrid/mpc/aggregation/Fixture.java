package org.veilgrid.mpc.aggregation;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A round with a committee of fresh members, for tests. */
final class Fixture {
    final Round round;
    final Map<String, CommitteeMember> members = new LinkedHashMap<>();

    /**
     * Registers clients c0, c1, ... up to the round's maximum and lets a sum cover a single client
     * (the tests that need more say so with the other constructor).
     */
    Fixture(AggregationParams params, int committee, int threshold, SecureRandom random) {
        this(params, committee, threshold, clientIds(params.maxClients()), 1, random);
    }

    Fixture(AggregationParams params, int committee, int threshold, List<String> clients, int minCounted,
            SecureRandom random) {
        Map<String, java.security.PublicKey> candidates = new LinkedHashMap<>();
        Map<String, KeyPair> keys = new LinkedHashMap<>();
        for (int i = 0; i < committee + 3; i++) {
            KeyPair kp = ShareCipher.newKeyPair();
            keys.put("member-" + i, kp);
            candidates.put("member-" + i, kp.getPublic());
        }
        byte[] id = new byte[Round.ID_BYTES];
        byte[] seed = new byte[SeedHomomorphicPrg.SEED_BYTES];
        random.nextBytes(id);
        random.nextBytes(seed);
        List<Round.Seat> seats = Round.selectCommittee(seed, candidates, committee);
        round = new Round(id, seed, params, seats, threshold, clients, minCounted);
        for (Round.Seat s : seats) {
            members.put(s.memberId, new CommitteeMember(s.memberId, keys.get(s.memberId).getPrivate()));
        }
    }

    static List<String> clientIds(int n) {
        List<String> ids = new ArrayList<>();
        for (int c = 0; c < n; c++) {
            ids.add("c" + c);
        }
        return ids;
    }

    CommitteeMember member(int seat) {
        return members.get(round.committee().get(seat - 1).memberId);
    }

    static long[] randomInput(SecureRandom r, AggregationParams params) {
        long[] x = new long[params.length()];
        long b = params.inputBound();
        for (int i = 0; i < x.length; i++) {
            x[i] = (long) (r.nextDouble() * (2 * b + 1)) - b;
        }
        return x;
    }

    static List<Integer> seats(int from, int to) {
        List<Integer> out = new ArrayList<>();
        for (int s = from; s <= to; s++) {
            out.add(s);
        }
        return out;
    }
}
