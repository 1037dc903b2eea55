package org.veilgrid.grid.encrypted;

import org.veilgrid.core.errors.ErrorKind;
import org.veilgrid.core.errors.VeilException;

/**
 * A neural request named evaluation keys the node does not hold (never uploaded, or evicted from
 * its bounded cache): the client uploads them again and repeats the request.
 */
public final class UnknownKeyException extends VeilException {
    private static final long serialVersionUID = 1L;

    public UnknownKeyException(String message) {
        super(ErrorKind.PARAMETER, message);
    }
}
