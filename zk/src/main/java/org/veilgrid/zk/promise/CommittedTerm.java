package org.veilgrid.zk.promise;

import org.veilgrid.zk.group.RistrettoPoint;

/** A named private term: a Pedersen commitment to an unsigned 64-bit value. */
public record CommittedTerm(String name, RistrettoPoint commitment) {
    public CommittedTerm {
        Names.check(name);
        if (commitment == null) {
            throw new IllegalArgumentException("commitment missing");
        }
    }
}
