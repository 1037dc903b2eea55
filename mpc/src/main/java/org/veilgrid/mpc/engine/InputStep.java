package org.veilgrid.mpc.engine;

/**
 * A party's private input ({@link MpcSession#input}), one round: Shamir's sharing (1979) by the
 * owner. The owner draws a random polynomial of degree t per element, its coefficients from its
 * dealer PRG (AES-CTR keyed from {@code SecureRandom}), keeps its own share and sends every other
 * party its share, m elements each; the others send nothing and take what the owner sent.
 */
final class InputStep extends Step {

    private final PartyContext party;
    private final int owner;
    private final long[] values;
    private final Shared out;
    private int offset;

    /** {@code values}: the packed elements on the owner, null on the others. */
    InputStep(PartyContext party, int owner, long[] values, Shared out) {
        this.party = party;
        this.owner = owner;
        this.values = values;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        int self = party.self;
        if (owner == self) {
            long[][] shares = party.scheme.share(values, out.length, party.dealerPrg);
            for (int k = 0; k < party.n; k++) {
                if (k != self) {
                    r.send(k, shares[k]);
                }
            }
            out.data = shares[self];
        } else {
            offset = r.expect(owner, out.length);
        }
    }

    @Override
    void receive(Round r) {
        if (owner != party.self) {
            long[] d = new long[2 * out.length];
            System.arraycopy(r.received[owner], 2 * offset, d, 0, d.length);
            out.data = d;
        }
    }
}
