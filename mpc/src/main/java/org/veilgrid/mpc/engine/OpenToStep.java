package org.veilgrid.mpc.engine;

/**
 * Opening a shared vector to one party only ({@link MpcSession#openTo}), one round.
 *
 * <p>The members of the receiver's degree-t reconstruction set (the receiver and the first t
 * other parties) send it their shares, m elements each; the receiver interpolates f(0) and the
 * others learn nothing (their {@link PrivateOutput} holds no values). Every party still runs the
 * step, so that the rounds line up.
 *
 * <p><b>Malicious mode:</b> every other party sends the receiver its shares, and the receiver
 * checks that all n lie on one polynomial of degree t, as {@link CheckedOpenStep} does for an
 * opening to all; if not it aborts (naming the sender when the errors identify it) and tells
 * the others. The step then runs only after a {@link VerifyStep} ({@code after}).
 */
final class OpenToStep extends Step {

    private final PartyContext party;
    private final Shared x;
    private final int receiver;
    private final PrivateOutput out;
    private int[] offsets;

    OpenToStep(PartyContext party, Shared x, int receiver, PrivateOutput out, Node... after) {
        super(CheckedOpenStep.with(x, after));
        this.party = party;
        this.x = x;
        this.receiver = receiver;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        Reconstruction degreeT = party.degreeT;
        if (party.malicious()) {
            if (receiver == party.self) {
                offsets = new int[party.n];
                for (int k = 0; k < party.n; k++) {
                    if (k != party.self) {
                        offsets[k] = r.expect(k, x.length);
                    }
                }
            } else {
                r.send(receiver, x.data);
            }
        } else if (receiver == party.self) {
            offsets = degreeT.expectFrom(r, x.length);
        } else if (degreeT.sendsTo(receiver)) {
            r.send(receiver, x.data);
        }
    }

    @Override
    void receive(Round r) {
        int m = x.length;
        if (receiver != party.self) {
            out.data = new long[0];
        } else if (party.malicious()) {
            long[][] all = CheckedOpenStep.gather(party, r, x.data, offsets, m);
            boolean[] ok = new boolean[m];
            long[] f0 = CheckedOpenStep.open(party, all, m, ok);
            if (!CheckedOpenStep.allTrue(ok)) {
                throw CheckedOpenStep.abortAttributed(party, all, m, ok, "a value opened to this party");
            }
            out.data = f0;
        } else {
            out.data = party.degreeT.interpolate(x.data, r.received, offsets, m);
        }
    }
}
