package org.veilgrid.zk.bulletproofs;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.zk.commit.PedersenGens;
import org.veilgrid.zk.commit.VectorPedersen;
import org.veilgrid.zk.group.FixedBases;
import org.veilgrid.zk.group.MultiScalar;
import org.veilgrid.zk.group.RistrettoPoint;

/**
 * The vector generators G_0..G_{N-1}, H_0..H_{N-1} of the range proofs, N = n·m up to
 * {@link #MAX_CAPACITY}. Each is hash-to-group of a label and its index ("veilgrid/zk/
 * bulletproofs/G/i", ".../H/i"), so provers and verifiers derive the same points and nobody
 * knows relations among them. Derived once per process and shared (hashing 8192 points takes a
 * moment); a set of capacity N serves every proof with n·m ≤ N.
 */
public final class BulletproofGens {
    public static final int MAX_CAPACITY = 64 * 64;
    static final String G_LABEL = "veilgrid/zk/bulletproofs/G";
    static final String H_LABEL = "veilgrid/zk/bulletproofs/H";

    /**
     * Up to this capacity the generators also get fixed-base tables (about 2.6 MB at 256). Above
     * it Pippenger is faster: at 2 x 512 bases it beats the tables by 1.4x with IFMA, and they
     * tie on the serial C (native, 2-vCPU EPYC Zen4).
     */
    static final int TABLE_CAPACITY = 256;

    private static volatile BulletproofGens shared;
    private static volatile BulletproofGens small;

    private final MultiScalar.PackedPoints g;
    private final MultiScalar.PackedPoints h;
    /** Tables over G_0..G_{c-1}, H_0..H_{c-1}, B, B̃ (c = capacity), or null. */
    private final FixedBases table;

    private BulletproofGens(int capacity, BulletproofGens prefix) {
        RistrettoPoint[] gs = new RistrettoPoint[capacity];
        RistrettoPoint[] hs = new RistrettoPoint[capacity];
        int have = prefix == null ? 0 : prefix.capacity();
        for (int i = 0; i < capacity; i++) {
            gs[i] = i < have ? prefix.g.get(i) : VectorPedersen.generator(G_LABEL, i);
            hs[i] = i < have ? prefix.h.get(i) : VectorPedersen.generator(H_LABEL, i);
        }
        this.g = new MultiScalar.PackedPoints(gs);
        this.h = new MultiScalar.PackedPoints(hs);
        if (capacity <= TABLE_CAPACITY) {
            RistrettoPoint[] all = new RistrettoPoint[2 * capacity + 2];
            System.arraycopy(gs, 0, all, 0, capacity);
            System.arraycopy(hs, 0, all, capacity, capacity);
            all[2 * capacity] = PedersenGens.standard().g();
            all[2 * capacity + 1] = PedersenGens.standard().h();
            this.table = new FixedBases(all);
        } else {
            this.table = null;
        }
    }

    /** The fixed-base tables (G_i at i, H_i at capacity + i, B, B̃ last), or null for large sets. */
    FixedBases table() {
        return table;
    }

    /** Generators for at least {@code capacity} bits (n·m). */
    public static BulletproofGens forCapacity(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new ParameterException("generator capacity must be in [1, " + MAX_CAPACITY + "], got " + capacity);
        }
        if (capacity <= TABLE_CAPACITY) {
            BulletproofGens t = small;
            if (t == null) {
                synchronized (BulletproofGens.class) {
                    if (small == null) {
                        small = new BulletproofGens(TABLE_CAPACITY, shared);
                    }
                    t = small;
                }
            }
            return t;
        }
        BulletproofGens s = shared;
        if (s != null && s.capacity() >= capacity) {
            return s;
        }
        synchronized (BulletproofGens.class) {
            s = shared;
            if (s == null || s.capacity() < capacity) {
                int cap = Integer.highestOneBit(Math.max(capacity, 64) - 1) << 1;
                s = new BulletproofGens(Math.min(cap, MAX_CAPACITY), s != null ? s : small);
                shared = s;
            }
            return s;
        }
    }

    public int capacity() {
        return g.size();
    }

    MultiScalar.PackedPoints g() {
        return g;
    }

    MultiScalar.PackedPoints h() {
        return h;
    }

    public RistrettoPoint g(int i) {
        return g.get(i);
    }

    public RistrettoPoint h(int i) {
        return h.get(i);
    }
}
