package org.veilgrid.auction;

import java.security.SecureRandom;
import java.util.List;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.field.FieldVectors;
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
    private final OneTimeMasks masks = new OneTimeMasks(2, new SecureRandom());

    public AuctionParticipant(String institution, List<Order> orders, PriceGrid grid) {
        this.institution = Institutions.requireValid(institution);
        this.schedule = Schedule.of(institution, orders, grid);
    }

    public String institution() {
        return institution;
    }

    /** Sends the schedules and masks to every compute party (mutual TLS), as one input. */
    public void submit(PartiesConfig config, TlsIdentity identity) {
        int k = schedule.demand.length;
        long[] packed = new long[2 * (2 * k + 2)];
        System.arraycopy(FieldVectors.fromLongs(schedule.demand), 0, packed, 0, 2 * k);
        System.arraycopy(FieldVectors.fromLongs(schedule.supply), 0, packed, 2 * k, 2 * k);
        System.arraycopy(masks.packed(), 0, packed, 4 * k, 4);
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
        long[] v = masks.unmask(masked, institution);
        return new Fill(v[0], v[1]);
    }
}
