package org.veilgrid.auction;

import java.security.SecureRandom;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.mpc.net.InputClient;

/** A client's side of inventory matching: submits its interest with masks, unmasks its matches. */
public final class MatchingParticipant {
    private final InventoryMatching.Interest interest;
    private final OneTimeMasks masks;

    public MatchingParticipant(InventoryMatching.Interest interest) {
        this.interest = interest;
        this.masks = new OneTimeMasks(2 * interest.buy.length, new SecureRandom());
    }

    public String client() {
        return interest.client;
    }

    public void submit(PartiesConfig config, TlsIdentity identity) {
        int s = interest.buy.length;
        long[] packed = new long[2 * 4 * s];
        System.arraycopy(FieldVectors.fromLongs(interest.buy), 0, packed, 0, 2 * s);
        System.arraycopy(FieldVectors.fromLongs(interest.sell), 0, packed, 2 * s, 2 * s);
        System.arraycopy(masks.packed(), 0, packed, 4 * s, 4 * s);
        try (InputClient client = new InputClient(config, identity)) {
            client.submitElements(InventoryMatching.INTEREST, packed, 4 * s);
        } finally {
            java.util.Arrays.fill(packed, 0);
        }
    }

    /** {bought[S], sold[S]} from the opened masked values. */
    public long[][] unmask(long[] opened) {
        int s = interest.buy.length;
        long[] v = masks.unmask(opened, interest.client);
        long[][] out = new long[2][s];
        System.arraycopy(v, 0, out[0], 0, s);
        System.arraycopy(v, s, out[1], 0, s);
        return out;
    }
}
