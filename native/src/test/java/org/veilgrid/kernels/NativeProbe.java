package org.veilgrid.kernels;

/** Entry point for {@link NativeLoadingTest}'s child JVMs: reports which backend loaded. */
public final class NativeProbe {
    private NativeProbe() {
    }

    public static void main(String[] args) {
        Kernels k = Kernels.get();
        Modulus q = Modulus.of(12289);
        NttTables t = NttTables.create(1024, 12289);
        long[] a = new long[1024];
        a[1] = 5;
        long[] f = a.clone();
        k.forward(t, f);
        k.inverse(t, f);
        System.out.println("backend=" + k.backend());
        System.out.println("disabled=" + NativeLibrary.status().disabledByUser());
        System.out.println("result=" + (java.util.Arrays.equals(a, f) && q.value() == 12289 ? "ok" : "wrong"));
    }
}
