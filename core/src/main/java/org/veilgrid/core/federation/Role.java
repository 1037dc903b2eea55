package org.veilgrid.core.federation;

import java.util.Arrays;
import java.util.stream.Collectors;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.core.tls.TlsRole;

/** What a participant does in a federation, and so which TLS usage its certificate carries. */
public enum Role {
    /** An MPC compute party (auction or engine): serves its peers and calls them. */
    COMPUTE_PARTY("compute-party", TlsRole.PEER),
    /** An auction institution: submits orders to the compute parties. */
    INSTITUTION("institution", TlsRole.CLIENT),
    /**
     * The one-shot aggregation server: serves clients and committee members, and calls its
     * unmasking replicas when it has them.
     */
    AGGREGATION_SERVER("aggregation-server", TlsRole.PEER),
    /**
     * The aggregation server's unmasking, run as stateless replicas of the server's organisation
     * (one card, one address per replica): only the roster's aggregation server may call it.
     */
    AGGREGATION_UNMASKER("aggregation-unmasker", TlsRole.SERVER),
    /** A client of a one-shot aggregation round. */
    AGGREGATION_CLIENT("aggregation-client", TlsRole.CLIENT),
    /** A member of an aggregation round's unmasking committee. */
    COMMITTEE_MEMBER("committee-member", TlsRole.CLIENT),
    /** A grid node serving byte completions. */
    GRID_NODE("grid-node", TlsRole.SERVER),
    /** A grid client asking nodes for completions. */
    GRID_CLIENT("grid-client", TlsRole.CLIENT);

    private final String label;
    private final TlsRole tls;

    Role(String label, TlsRole tls) {
        this.label = label;
        this.tls = tls;
    }

    /** The name used on the command line and in cards, e.g. {@code compute-party}. */
    public String label() {
        return label;
    }

    /** The TLS role (extended key usage) a certificate of this role carries. */
    public TlsRole tls() {
        return tls;
    }

    /** Whether participants of this role accept connections (and so need a port). */
    public boolean listens() {
        return tls != TlsRole.CLIENT;
    }

    /**
     * The role named {@code label}.
     *
     * @throws ParameterException listing the roles if there is none of that name
     */
    public static Role of(String label) {
        for (Role r : values()) {
            if (r.label.equals(label)) {
                return r;
            }
        }
        throw new ParameterException("unknown role '" + org.veilgrid.core.text.SafeText.abbreviate(String.valueOf(label), 40)
                + "'; one of " + Arrays.stream(values()).map(Role::label).collect(Collectors.joining(", ")));
    }
}
