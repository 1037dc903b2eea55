package org.veilgrid.auction;

import java.math.BigInteger;
import java.security.SecureRandom;
import java.util.List;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.field.Mersenne127;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.net.InputClient;

/**
 * An institution's side of the auction: turns its orders into schedules, secret-shares them and
 * two one-time masks to the compute parties, and later removes the masks from its opened fill.
 * The institution is not a compute party; it never sees anyone else's input or fill.
 */
public final class AuctionParticipant {
    private final String institution;
    private final Schedule schedule;
    private final long[] masks = new long[4]; // two field elements, packed

    public AuctionParticipant(String institution, List<Order> orders, PriceGrid grid) {
        this.institution = Institutions.requireValid(institution);
        this.schedule = Schedule.of(institution, orders, grid);
        SecureRandom random = new SecureRandom();
        for (int i = 0; i < 2; i++) {
            // Uniform in [0, 2^126): statistically close to uniform in F_p for p = 2^127 - 1.
            Mersenne127.fromBigInteger(new BigInteger(126, random), masks, 2 * i);
        }
    }

    public String institution() {
        return institution;
    }

    /** Sends the schedules and masks to every compute party (mutual TLS). */
    public void submit(PartiesConfig config, TlsIdentity identity) {
        int k = schedule.demand.length;
        long[] packed = new long[2 * (2 * k + 2)];
        System.arraycopy(FieldVectors.fromLongs(schedule.demand), 0, packed, 0, 2 * k);
        System.arraycopy(FieldVectors.fromLongs(schedule.supply), 0, packed, 2 * k, 2 * k);
        System.arraycopy(masks, 0, packed, 4 * k, 4);
        try (InputClient client = new InputClient(config, identity)) {
            client.submitElements(AuctionProgram.ORDER, packed, 2 * k + 2);
        } finally {
            java.util.Arrays.fill(packed, 0);
        }
    }

    /**
     * This institution's fill from the masked values the parties opened (packed {bought, sold}).
     *
     * @throws ProtocolAbortException if the unmasked values are not plausible quantities
     */
    public Fill unmask(long[] masked) {
        if (masked == null || masked.length != 4) {
            throw new ParameterException("expected two masked field elements");
        }
        long[] out = new long[2];
        long[] tmp = new long[2];
        for (int i = 0; i < 2; i++) {
            Mersenne127.sub(masked[2 * i], masked[2 * i + 1], masks[2 * i], masks[2 * i + 1], tmp, 0);
            try {
                out[i] = Mersenne127.toLong(tmp[0], tmp[1]);
            } catch (ArithmeticException e) {
                out[i] = -1;
            }
            if (out[i] < 0 || out[i] > Order.MAX_VALUE) {
                throw new ProtocolAbortException(null, "an opened fill for " + institution + " is not a quantity");
            }
        }
        return new Fill(out[0], out[1]);
    }
}
