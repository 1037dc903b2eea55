package org.veilgrid.kernels;

import java.util.List;

/**
 * NTT tables for an RNS polynomial: one ring degree N and k distinct primes. An RNS polynomial
 * is stored as k &middot; N longs, the residues modulo prime i at [i&middot;N, (i+1)&middot;N),
 * and one call transforms all k of them.
 */
public final class RnsNttTables {
    /** Most primes in one RNS basis (the native bridge copies moduli to a fixed buffer). */
    public static final int MAX_PRIMES = 256;

    private final int n;
    private final int logN;
    private final List<NttTables> perPrime;
    final long[] moduli;
    final long[] roots;
    final long[] rootsShoup;
    final long[] invRoots;
    final long[] invRootsShoup;
    final long[] nInv;
    final long[] nInvShoup;

    private RnsNttTables(List<NttTables> tables) {
        this.perPrime = List.copyOf(tables);
        this.n = tables.get(0).n();
        this.logN = tables.get(0).logN();
        int k = tables.size();
        moduli = new long[k];
        nInv = new long[k];
        nInvShoup = new long[k];
        roots = new long[k * n];
        rootsShoup = new long[k * n];
        invRoots = new long[k * n];
        invRootsShoup = new long[k * n];
        for (int i = 0; i < k; i++) {
            NttTables t = tables.get(i);
            moduli[i] = t.modulus().value();
            nInv[i] = t.nInv;
            nInvShoup[i] = t.nInvShoup;
            System.arraycopy(t.roots, 0, roots, i * n, n);
            System.arraycopy(t.rootsShoup, 0, rootsShoup, i * n, n);
            System.arraycopy(t.invRoots, 0, invRoots, i * n, n);
            System.arraycopy(t.invRootsShoup, 0, invRootsShoup, i * n, n);
        }
    }

    /**
     * @throws KernelArgumentException if the list is empty, longer than {@value #MAX_PRIMES},
     *     mixes ring degrees, repeats a prime, or would not fit one Java array
     */
    public static RnsNttTables of(List<NttTables> tables) {
        if (tables.isEmpty()) {
            throw new KernelArgumentException("an RNS basis needs at least one prime");
        }
        if (tables.size() > MAX_PRIMES) {
            throw new KernelArgumentException("an RNS basis has at most " + MAX_PRIMES + " primes, got " + tables.size());
        }
        int n = tables.get(0).n();
        if ((long) n * tables.size() > Integer.MAX_VALUE - 8) {
            throw new KernelArgumentException("k * N = " + ((long) n * tables.size()) + " does not fit a Java array");
        }
        for (int i = 0; i < tables.size(); i++) {
            NttTables t = tables.get(i);
            if (t.n() != n) {
                throw new KernelArgumentException("all primes of an RNS basis need the same N; prime " + i
                        + " has N = " + t.n() + ", prime 0 has " + n);
            }
            for (int j = 0; j < i; j++) {
                if (tables.get(j).modulus().equals(t.modulus())) {
                    throw new KernelArgumentException("RNS primes must be distinct; prime " + j + " and " + i
                            + " are both " + t.modulus().value());
                }
            }
        }
        return new RnsNttTables(tables);
    }

    /** Builds the tables for N and each of the given primes. */
    public static RnsNttTables create(int n, long... primes) {
        NttTables[] ts = new NttTables[primes.length];
        for (int i = 0; i < primes.length; i++) {
            ts[i] = NttTables.create(n, primes[i]);
        }
        return of(List.of(ts));
    }

    public int n() {
        return n;
    }

    public int logN() {
        return logN;
    }

    /** Number of primes k. */
    public int size() {
        return perPrime.size();
    }

    public NttTables get(int i) {
        return perPrime.get(i);
    }

    @Override
    public String toString() {
        return "RnsNttTables(N=" + n + ", k=" + perPrime.size() + ")";
    }
}
