package org.veilgrid.mpc.engine;

/**
 * Opening a shared vector to one party only ({@link MpcSession#openTo}), one round.
 *
 * <p>The members of the receiver's degree-t reconstruction set (the receiver and the first t
 * other parties) send it their shares, m elements each; the receiver interpolates f(0) and the
 * others learn nothing (their {@link PrivateOutput} holds no values). Every party still runs the
 * step, so that the rounds line up.
 */
final class OpenToStep extends Step {

    private final int self;
    private final Reconstruction degreeT;
    private final Shared x;
    private final int receiver;
    private final PrivateOutput out;
    private int[] offsets;

    OpenToStep(int self, Reconstruction degreeT, Shared x, int receiver, PrivateOutput out) {
        super(x);
        this.self = self;
        this.degreeT = degreeT;
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
        if (receiver == self) {
            offsets = degreeT.expectFrom(r, x.length);
        } else if (degreeT.sendsTo(receiver)) {
            r.send(receiver, x.data);
        }
    }

    @Override
    void receive(Round r) {
        out.data = receiver == self
                ? degreeT.interpolate(x.data, r.received, offsets, x.length)
                : new long[0];
    }
}
