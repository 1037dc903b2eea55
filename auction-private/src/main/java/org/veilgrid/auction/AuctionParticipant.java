package org.veilgrid.auction;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import org.veilgrid.auction.proof.FillProof;
import org.veilgrid.auction.proof.ProvedOrder;
import org.veilgrid.auction.proof.ResultStatement;
import org.veilgrid.auction.proof.SignedResult;
import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.errors.ProtocolAbortException;
import org.veilgrid.core.errors.VerificationFailedException;
import org.veilgrid.core.identity.AgentKey;
import org.veilgrid.core.identity.AgentPublicKey;
import org.veilgrid.mpc.config.PartiesConfig;
import org.veilgrid.mpc.field.FieldVectors;
import org.veilgrid.core.tls.TlsIdentity;
import org.veilgrid.mpc.net.InputClient;

/**
 * An institution's side of the auction: turns its orders into schedules, secret-shares them and
 * its one-time masks to the compute parties, and later removes the masks from its opened fill.
 * The institution is not a compute party; it never sees anyone else's input or fill.
 *
 * <p>Two modes. <b>Proved</b> (the default of {@code veil auction}; constructed with the
 * auction id and the institution's Ed25519 {@link AgentKey}): the institution publishes a signed
 * {@link org.veilgrid.auction.proof.CommittedOrder} with range proofs, shares the committed
 * values and their blinding limbs ({@link ProvedOrder}), checks the parties' signed result and
 * can prove its fill ({@link FillProof}). <b>Plain</b> (benchmarks, {@code --no-proofs}): only
 * the schedules and two masks uniform in [0, 2^126), as {@link AuctionProgram} reads them.
 */
public final class AuctionParticipant {
    private final String institution;
    private final Schedule schedule;
    private final OneTimeMasks masks;
    private final ProvedOrder proved;
    /** Proved mode: the institution's signing key (orders and fill proofs); null in plain mode. */
    private final AgentKey key;
    private UnaryOperator<long[]> shareTamper = UnaryOperator.identity();

    /** Plain mode. */
    public AuctionParticipant(String institution, List<Order> orders, PriceGrid grid) {
        this.institution = Institutions.requireValid(institution);
        this.schedule = Schedule.of(institution, orders, grid);
        this.masks = new OneTimeMasks(2, new SecureRandom());
        this.proved = null;
        this.key = null;
    }

    /** Proved mode: commits, proves and signs at once (the cost of proving is paid here). */
    public AuctionParticipant(String institution, List<Order> orders, PriceGrid grid, byte[] auctionId, AgentKey key) {
        this.institution = Institutions.requireValid(institution);
        this.schedule = Schedule.of(institution, orders, grid);
        this.masks = null;
        this.key = Objects.requireNonNull(key, "key");
        this.proved = ProvedOrder.create(auctionId, institution, grid, schedule.demand, schedule.supply, key,
                new SecureRandom());
    }

    private AuctionParticipant(String institution, ProvedOrder proved, AgentKey key) {
        this.institution = Institutions.requireValid(institution);
        this.schedule = null;
        this.masks = null;
        this.proved = proved;
        this.key = key;
    }

    /**
     * <b>Test hook</b>: a proved participant with arbitrary schedule vectors — e.g. a
     * non-monotone one, which {@link OrdersCsv} cannot produce — to show that the parties
     * reject it. Honest code never calls this.
     */
    public static AuctionParticipant crafted(String institution, PriceGrid grid, byte[] auctionId, AgentKey key,
                                             long[] demand, long[] supply) {
        return new AuctionParticipant(institution, ProvedOrder.create(auctionId, institution, grid, demand, supply,
                key, new SecureRandom()), key);
    }

    /**
     * <b>Test hook</b>: changes the packed field elements this participant shares (after
     * committing), e.g. to share x + 1 while having committed x. Honest code never calls this.
     */
    public AuctionParticipant tamperShares(UnaryOperator<long[]> tamper) {
        this.shareTamper = tamper;
        return this;
    }

    public String institution() {
        return institution;
    }

    public boolean proved() {
        return proved != null;
    }

    /** The signed committed order to publish to the parties (proved mode). */
    public byte[] committedOrder() {
        return requireProved().committed().toBytes();
    }

    /** The institution's secret side (proved mode), e.g. for fill proofs. */
    public ProvedOrder provedOrder() {
        return requireProved();
    }

    private ProvedOrder requireProved() {
        if (proved == null) {
            throw new ParameterException(institution + " takes part without proofs");
        }
        return proved;
    }

    /** Sends the input to every compute party (mutual TLS), as one input. */
    public void submit(PartiesConfig config, TlsIdentity identity) {
        long[] packed = packed();
        try (InputClient client = new InputClient(config, identity)) {
            client.submitElements(AuctionProgram.ORDER, packed, packed.length / 2);
        } finally {
            java.util.Arrays.fill(packed, 0);
        }
    }

    /** Sends the input to every compute party over {@code client}'s channels, as one input. */
    public void submit(InputClient client) {
        long[] packed = packed();
        try {
            client.submitElements(AuctionProgram.ORDER, packed, packed.length / 2);
        } finally {
            java.util.Arrays.fill(packed, 0);
        }
    }

    /** The packed field elements this institution shares (its one client input). */
    long[] packed() {
        if (proved != null) {
            return shareTamper.apply(proved.sharedElements());
        }
        int k = schedule.demand.length;
        long[] packed = new long[2 * (2 * k + 2)];
        System.arraycopy(FieldVectors.fromLongs(schedule.demand), 0, packed, 0, 2 * k);
        System.arraycopy(FieldVectors.fromLongs(schedule.supply), 0, packed, 2 * k, 2 * k);
        System.arraycopy(masks.packed(), 0, packed, 4 * k, 4);
        return packed;
    }

    /**
     * This institution's fill from the masked values the parties opened (packed {bought, sold}),
     * plain mode.
     *
     * @throws ProtocolAbortException if the unmasked values are not plausible quantities
     */
    public Fill unmask(long[] masked) {
        if (masks == null) {
            throw new ParameterException(institution + " takes part with proofs: use acceptResult");
        }
        long[] v = masks.unmask(masked, institution);
        return new Fill(v[0], v[1]);
    }

    /** Proved mode: the key this institution signs with (its public half is the registered one). */
    public AgentPublicKey publicKey() {
        requireProved();
        return key.publicKey();
    }

    /**
     * Proved mode: checks that every party signed the result (under {@code partyKeys}), that it
     * lists this institution's committed order unchanged, and that the unmasked fill lies within
     * the committed quantity at the clearing index; returns the fill.
     *
     * @throws VerificationFailedException if a signer or the listing fails
     * @throws ProtocolAbortException if the fill contradicts the committed order
     */
    public Fill acceptResult(SignedResult result, List<AgentPublicKey> partyKeys) {
        ProvedOrder p = requireProved();
        result.requireSignedBy(partyKeys);
        ResultStatement st = result.statement();
        ResultStatement.Entry e = st.accepted().get(institution);
        if (e == null || !MessageDigest.isEqual(e.orderDigest(), p.committed().digest())) {
            throw new VerificationFailedException("the signed result does not list " + institution
                    + "'s committed order");
        }
        if (!st.traded()) {
            return new Fill(0, 0);
        }
        long[] f = FillProof.unmask(p, st); // checks 0 ≤ fill ≤ committed quantity on both sides
        return new Fill(f[0], f[1]);
    }

    /** Proved mode: a signed proof of this institution's fill for third parties (result must have traded). */
    public FillProof proveFill(ResultStatement result) {
        return FillProof.prove(requireProved(), result, key, new SecureRandom());
    }
}
