package org.veilgrid.mpc.engine;

/**
 * Opening a shared vector to every party ({@link MpcSession#open}), one round.
 *
 * <p>Each party sends its degree-t share of each element to the parties whose reconstruction set
 * contains it, and interpolates f(0) from its own set: itself and the first t other parties
 * ({@link Reconstruction}). So a party receives t messages and sends to between 0 and n − 1
 * parties, m elements each. Semi-honest: nothing checks that the shares lie on one polynomial;
 * {@link CheckedOpenStep} does, at n − 1 messages per party.
 */
final class OpenStep extends Step {

    private final Reconstruction degreeT;
    private final Shared x;
    private final Public out;
    private int[] offsets;

    OpenStep(Reconstruction degreeT, Shared x, Public out) {
        super(x);
        this.degreeT = degreeT;
        this.x = x;
        this.out = out;
    }

    @Override
    boolean interactive() {
        return true;
    }

    @Override
    void send(Round r) {
        degreeT.sendTo(r, x.data);
        offsets = degreeT.expectFrom(r, x.length);
    }

    @Override
    void receive(Round r) {
        out.data = degreeT.interpolate(x.data, r.received, offsets, x.length);
    }
}
