package org.veilgrid.mpc.engine;

/**
 * Gives a value that entered the computation without a MAC its MAC, one round (malicious mode
 * only): a party's or a client's input, a PRSS random value or bounded random integer gets
 * [R·x] = [R]·[x], the PRSS bit b_o of an n = 3 random bit gets [R]·[b_o], and the opened
 * square of a random bit gets [R·r²] = [R·r]·[r] ({@link RandomBits}) — one {@link MultiplyStep.Reduction} of m products. The pair (x, R·x) is
 * recorded for the next {@link VerifyStep}, as in Chida et al. (CRYPTO 2018), where inputs are
 * multiplied by [R] like every other wire. A party that deals its input inconsistently, or adds
 * an error to R·x, is caught there: the verification's degree check covers every recorded sharing.
 */
final class MacStep extends Step {

    private final PartyContext party;
    private final Shared source;
    private final Shared macFactor;
    private final Shared otherFactor;
    private final Shared out;
    private MultiplyStep.Reduction reduction;
    /** out = source with MAC [R]·[source]. */
    MacStep(PartyContext party, Shared source, Shared out) {
        this(party, source, null, source, out);
    }

    /**
     * out = source (its data) with MAC {@code macFactor.mac · otherFactor.data}, e.g. [R·r]·[r]
     * for source = r²; with {@code macFactor} null, [R]·[otherFactor].
     */
    MacStep(PartyContext party, Shared source, Shared macFactor, Shared otherFactor, Shared out) {
        super(inputs(source, macFactor, otherFactor));
        this.party = party;
        this.source = source;
        this.macFactor = macFactor;
        this.otherFactor = otherFactor;
        this.out = out;
    }

    private static Node[] inputs(Shared source, Shared macFactor, Shared otherFactor) {
        return macFactor == null ? new Node[] {source, otherFactor} : new Node[] {source, macFactor, otherFactor};
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        int m = out.length;
        // [R] is one element that multiplies every element of the other factor.
        long[] left = macFactor == null ? party.macKey : macFactor.mac;
        reduction = new MultiplyStep.Reduction(party, out.id, new long[][] {left}, new long[][] {otherFactor.data},
                new int[] {m});
        reduction.send(r);
    }

    @Override
    void receive(Round r) {
        long[] mac = reduction.receive(r);
        reduction = null;
        party.wires.record(source.data, mac, out.length);
        out.mac = mac;
        out.data = source.data;
    }
}
