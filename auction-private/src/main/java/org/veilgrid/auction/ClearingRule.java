package org.veilgrid.auction;

/**
 * The clearing and rationing rules, stated once for the cleartext reference and the MPC program
 * (which computes exactly these formulas on shares).
 *
 * <p>With aggregate demand D(k) (non-increasing) and supply S(k) (non-decreasing) on the grid,
 * c<sub>k</sub> = [D(k) &ge; S(k)] is 1 up to the crossing and 0 after it. The traded volume
 * min(D, S) is S on the ones and D on the zeros, so it is largest at the last one, k* (volume
 * S(k*)), or at the first zero, k*+1 (volume D(k*+1)):
 * <ul>
 *   <li>e<sub>k</sub> = c<sub>k</sub> - c<sub>k+1</sub> (c<sub>K</sub> = 0) marks k*, and
 *       f<sub>k</sub> = c<sub>k-1</sub> - c<sub>k</sub> (c<sub>-1</sub> = 1) marks k*+1;</li>
 *   <li>S* = &Sigma; e<sub>k</sub>S(k), D* = &Sigma; f<sub>k</sub>D(k), b = [S* &ge; D*];</li>
 *   <li>the clearing index is k* if b (the lower price wins a tie in volume) else k*+1, and the
 *       volume V = b&middot;S* + (1-b)&middot;D* — a price that maximizes the traded volume.</li>
 * </ul>
 * Where several prices trade the same largest volume (a flat stretch of supply or demand), the
 * rule still picks k* or k*+1, never a price further away from the crossing. No crossing: if
 * demand covers supply everywhere, k* is the top price; if it never does, the
 * auction clears at the lowest price with volume D(0). V = 0 means no trade, and then no price is
 * published.
 *
 * <p>Rationing: at the clearing index each institution wants q<sub>i</sub> (its demand, or its
 * supply). On each side, institutions are served in the public lottery order of
 * {@link Institutions#priority}: fill<sub>i</sub> = min(q<sub>i</sub>, max(0, V - &Sigma;<sub>j before
 * i</sub> q<sub>j</sub>)). The short side is filled completely, the long side until V is used up.
 */
public final class ClearingRule {
    private ClearingRule() {
    }
}
