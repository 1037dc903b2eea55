/**
 * The four typed failures every Veilgrid module throws, so that callers can tell bad bytes,
 * bad configuration, an aborted protocol and a failed proof apart without parsing messages.
 * All of them extend {@link org.veilgrid.core.errors.VeilException}.
 */
package org.veilgrid.core.errors;
