/** Quoting outside text safely in one-line messages: {@link org.veilgrid.core.text.SafeText}. */
package org.veilgrid.core.text;
