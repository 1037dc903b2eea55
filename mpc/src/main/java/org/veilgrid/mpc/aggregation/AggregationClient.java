package org.veilgrid.mpc.aggregation;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.kernels.Modulus;

/**
 * The client's side: one call makes the one message of a round. The key k is fresh per round and
 * forgotten afterwards; the client needs no state and never hears back.
 */
public final class AggregationClient {
    private final SecureRandom random;

    public AggregationClient() {
        this(new SecureRandom());
    }

    public AggregationClient(SecureRandom random) {
        this.random = random;
    }

    /**
     * Masks {@code input} and shares the mask's key to the round's committee.
     *
     * @throws ParameterException if the input has the wrong length or a value beyond the round's
     *     bound
     */
    public ClientSubmission submit(Round round, String clientId, long[] input) {
        AggregationParams params = round.params();
        if (!Round.isValidId(clientId)) {
            throw new ParameterException("a client id has 1 to " + Round.MAX_ID_CHARS + " characters and no control characters");
        }
        if (input.length != params.length()) {
            throw new ParameterException("input has " + input.length + " values, the round expects " + params.length());
        }
        long bound = params.inputBound();
        for (int i = 0; i < input.length; i++) {
            if (input[i] > bound || input[i] < -bound) {
                throw new ParameterException("input value " + i + " lies outside [-" + bound + ", " + bound + "]");
            }
        }
        long[] key = SeedHomomorphicPrg.newKey(random);
        long[] masked = round.prg().expand(key);
        long mask = AggregationParams.plainModulus().value() - 1;
        int shift = params.deltaBits();
        for (int i = 0; i < input.length; i++) {
            masked[i] = (masked[i] + (input[i] << shift)) & mask;
        }
        // The check coordinates carry input 0: the mask alone.
        List<Round.Seat> committee = round.committee();
        long[][] shares = KeySharing.share(key, committee.size(), round.threshold(), random);
        Arrays.fill(key, 0);
        List<ShareCipher.Sealed> sealed = new ArrayList<>();
        byte[] roundId = round.id();
        for (Round.Seat seat : committee) {
            byte[] plain = KeySharing.toBytes(shares[seat.index - 1]);
            sealed.add(ShareCipher.seal(seat.publicKey, ShareCipher.context(roundId, clientId, seat.index), plain));
            Arrays.fill(plain, (byte) 0);
            Arrays.fill(shares[seat.index - 1], 0);
        }
        return new ClientSubmission(roundId, clientId, masked, sealed);
    }

    static Modulus p() {
        return AggregationParams.plainModulus();
    }
}
