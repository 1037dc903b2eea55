package org.veilgrid.auction;

/** Which way a limit order trades. */
public enum Side {
    /** Takes up to its quantity at any price at or below its limit. */
    BUY,
    /** Gives up to its quantity at any price at or above its limit. */
    SELL
}
