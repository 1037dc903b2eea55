package org.veilgrid.mpc.aggregation;

import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.veilgrid.core.draw.PublicDraw;
import org.veilgrid.core.errors.ParameterException;

/**
 * One aggregation round as everybody sees it: its id, the public seed (which fixes the PRG's
 * matrix A and the committee), the parameters, and the committee with its threshold. Immutable.
 */
public final class Round {
    public static final int ID_BYTES = 16;

    /** A committee seat: index 1..m, the member's id and X25519 public key. */
    public static final class Seat {
        public final int index;
        public final String memberId;
        public final PublicKey publicKey;

        public Seat(int index, String memberId, PublicKey publicKey) {
            this.index = index;
            this.memberId = memberId;
            this.publicKey = publicKey;
        }
    }

    private final byte[] id;
    private final byte[] publicSeed;
    private final AggregationParams params;
    private final List<Seat> committee;
    private final int threshold;
    private volatile SeedHomomorphicPrg prg;

    public Round(byte[] id, byte[] publicSeed, AggregationParams params, List<Seat> committee, int threshold) {
        if (id == null || id.length != ID_BYTES) {
            throw new ParameterException("a round id has " + ID_BYTES + " bytes");
        }
        if (publicSeed == null || publicSeed.length != SeedHomomorphicPrg.SEED_BYTES) {
            throw new ParameterException("a round's public seed has " + SeedHomomorphicPrg.SEED_BYTES + " bytes");
        }
        if (committee.isEmpty() || committee.size() > AggregationParams.MAX_COMMITTEE) {
            throw new ParameterException("a committee has 1 to " + AggregationParams.MAX_COMMITTEE + " members, got "
                    + committee.size());
        }
        for (int i = 0; i < committee.size(); i++) {
            if (committee.get(i).index != i + 1) {
                throw new ParameterException("committee seats must be numbered 1.." + committee.size() + " in order");
            }
        }
        if (threshold < 1 || threshold > committee.size()) {
            throw new ParameterException("threshold must lie in [1, " + committee.size() + "], got " + threshold);
        }
        if (2 * threshold <= committee.size()) {
            // Each member answers once; with a majority threshold a server that tells members
            // different client lists cannot collect two threshold groups, so it cannot unmask
            // two different sums and subtract them to isolate a client.
            throw new ParameterException("threshold " + threshold + " must be a majority of the committee of "
                    + committee.size() + " (at least " + (committee.size() / 2 + 1) + ")");
        }
        this.id = id.clone();
        this.publicSeed = publicSeed.clone();
        this.params = params;
        this.committee = List.copyOf(committee);
        this.threshold = threshold;
    }

    /**
     * The committee for a round, chosen from public randomness: the m candidates whose
     * SHA-256(seed || id) come first. Anyone with the seed and the candidate list can check it.
     */
    public static List<Seat> selectCommittee(byte[] publicSeed, Map<String, PublicKey> candidates, int size) {
        if (size < 1 || size > Math.min(candidates.size(), AggregationParams.MAX_COMMITTEE)) {
            throw new ParameterException("cannot seat a committee of " + size + " from " + candidates.size() + " candidates");
        }
        List<String> ids = PublicDraw.order("veilgrid/opa/committee/v1", publicSeed, candidates.keySet());
        List<Seat> seats = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            seats.add(new Seat(i + 1, ids.get(i), candidates.get(ids.get(i))));
        }
        return seats;
    }

    public byte[] id() {
        return id.clone();
    }

    public byte[] publicSeed() {
        return publicSeed.clone();
    }

    public AggregationParams params() {
        return params;
    }

    public List<Seat> committee() {
        return committee;
    }

    public int threshold() {
        return threshold;
    }

    /** The round's PRG (its matrix A expanded once, on first use). */
    public SeedHomomorphicPrg prg() {
        SeedHomomorphicPrg g = prg;
        if (g == null) {
            synchronized (this) {
                g = prg;
                if (g == null) {
                    g = new SeedHomomorphicPrg(params, publicSeed);
                    prg = g;
                }
            }
        }
        return g;
    }

    boolean sameId(byte[] other) {
        return MessageDigest.isEqual(id, other);
    }

    @Override
    public String toString() {
        return "Round(" + params + ", committee " + committee.size() + ", threshold " + threshold + ")";
    }
}
