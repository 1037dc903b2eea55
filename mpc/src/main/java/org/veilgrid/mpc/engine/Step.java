package org.veilgrid.mpc.engine;

/**
 * One step of a program. A local step computes its output from its inputs' data with no
 * communication; an interactive step contributes to a {@link Round} ({@link #send}) and completes
 * from what arrived ({@link #receive}).
 */
abstract class Step {

    final Node[] inputs;

    Step(Node... inputs) {
        this.inputs = inputs;
    }

    boolean ready() {
        for (Node in : inputs) {
            if (!in.done()) {
                return false;
            }
        }
        return true;
    }

    abstract boolean interactive();

    /** Local steps: compute. Interactive steps: add outgoing data and expectations. */
    abstract void send(Round round);

    /** Interactive steps: finish from the received data. */
    void receive(Round round) {
    }

    /**
     * Interactive steps of several rounds: after {@link #receive}, whether the step has another
     * round to run (it is then sent again in the next round with the other ready steps).
     */
    boolean again() {
        return false;
    }
}
