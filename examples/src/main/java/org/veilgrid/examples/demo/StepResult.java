package org.veilgrid.examples.demo;

import java.util.Map;

/**
 * What one demo step found.
 *
 * @param ok      whether the step succeeded
 * @param summary a short phrase for the demo's one-line summary, e.g. "NTT check ok"
 * @param detail  one line on what was done or what went wrong
 * @param data    machine-readable facts for {@code --json} (values as {@code Json} writes them)
 */
public record StepResult(boolean ok, String summary, String detail, Map<String, Object> data) {

    public StepResult {
        data = data == null ? Map.of() : data;
    }
}
