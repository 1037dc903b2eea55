package org.veilgrid.grid.encrypted;

import org.veilgrid.core.errors.ParameterException;
import org.veilgrid.grid.model.NGramModel;

/**
 * Where a model row sits in BFV slots: a row's 16 continuation bytes take 8 slots (two bytes a
 * slot, below t = 65537), so a plaintext of N slots holds N/8 rows; row r lies in plaintext
 * r / (N/8) at slots 8·(r mod N/8) .. +8.
 */
final class RowLayout {
    static final int SLOTS_PER_ROW = NGramModel.COMPLETION_BYTES / 2;

    final int slots;
    final int rowsPerPlaintext;

    RowLayout(int slots) {
        this.slots = slots;
        this.rowsPerPlaintext = slots / SLOTS_PER_ROW;
    }

    int groups(int rows) {
        return (rows + rowsPerPlaintext - 1) / rowsPerPlaintext;
    }

    int group(int row) {
        return row / rowsPerPlaintext;
    }

    int firstSlot(int row) {
        return (row % rowsPerPlaintext) * SLOTS_PER_ROW;
    }

    static long[] pack(byte[] completion) {
        if (completion.length != NGramModel.COMPLETION_BYTES) {
            throw new ParameterException("a row has " + NGramModel.COMPLETION_BYTES + " bytes");
        }
        long[] out = new long[SLOTS_PER_ROW];
        for (int i = 0; i < out.length; i++) {
            out[i] = (completion[2 * i] & 0xff) | (completion[2 * i + 1] & 0xff) << 8;
        }
        return out;
    }

    static byte[] unpack(long[] slots, int from) {
        byte[] out = new byte[NGramModel.COMPLETION_BYTES];
        for (int i = 0; i < SLOTS_PER_ROW; i++) {
            long v = slots[from + i];
            out[2 * i] = (byte) v;
            out[2 * i + 1] = (byte) (v >>> 8);
        }
        return out;
    }
}
