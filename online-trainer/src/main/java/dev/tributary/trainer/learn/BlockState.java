package dev.tributary.trainer.learn;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;

/**
 * Writes and reads a predictor's blocks: weights and optimizer state, all of a dense block and the
 * touched rows of a sparse one. A row never touched still holds its initial value, which the fresh
 * predictor the state is read into recomputes (see {@link InitialValues}), so a model's checkpoint
 * grows with the features it has seen, not with {@code 2^hashBits}.
 *
 * <p>Format: the block count; per block its name, rows, cols and slot count (checked against the
 * predictor's on read), the number of stored rows, then each stored row as (for a sparse block) its
 * index, its {@code cols} weights, and its {@code cols} values of each slot.
 */
public final class BlockState {

    private BlockState() {}

    public static void write(List<Block> blocks, DataOutput out) throws IOException {
        out.writeInt(blocks.size());
        for (Block block : blocks) {
            out.writeUTF(block.name());
            out.writeInt(block.rows());
            out.writeInt(block.cols());
            out.writeInt(block.slotCount());
            out.writeInt(block.storedRows());
            int cols = block.cols();
            for (int row = block.nextStoredRow(0); row >= 0; row = block.nextStoredRow(row + 1)) {
                if (block.isSparse()) {
                    out.writeInt(row);
                }
                int at = row * cols;
                for (int c = 0; c < cols; c++) {
                    out.writeDouble(block.weights[at + c]);
                }
                for (double[] slot : block.slots) {
                    for (int c = 0; c < cols; c++) {
                        out.writeDouble(slot[at + c]);
                    }
                }
            }
        }
    }

    /**
     * Reads what {@link #write} wrote into the blocks of a freshly constructed predictor of the
     * same configuration.
     *
     * @throws IOException if the state's blocks differ in name, shape or optimizer from these
     */
    public static void read(List<Block> blocks, DataInput in) throws IOException {
        int count = in.readInt();
        if (count != blocks.size()) {
            throw new IOException(
                    "the state has " + count + " parameter blocks but the model has " + blocks);
        }
        for (Block block : blocks) {
            String name = in.readUTF();
            int rows = in.readInt();
            int cols = in.readInt();
            int slotCount = in.readInt();
            if (!name.equals(block.name())
                    || rows != block.rows()
                    || cols != block.cols()
                    || slotCount != block.slotCount()) {
                throw new IOException(
                        "the state's block "
                                + name
                                + "["
                                + rows
                                + " x "
                                + cols
                                + ", "
                                + slotCount
                                + " optimizer slots] does not fit the model's "
                                + block
                                + " with "
                                + block.slotCount()
                                + " slots: was the model's shape, feature space or optimizer"
                                + " changed?");
            }
            int stored = in.readInt();
            if (stored < 0 || stored > rows) {
                throw new IOException("corrupt state: " + stored + " rows of block " + name);
            }
            int previous = -1;
            for (int r = 0; r < stored; r++) {
                int row = block.isSparse() ? in.readInt() : r;
                if (row <= previous || row >= rows) {
                    throw new IOException(
                            "corrupt state: row " + row + " after " + previous + " in " + name);
                }
                previous = row;
                block.touch(row);
                int at = row * cols;
                for (int c = 0; c < cols; c++) {
                    block.weights[at + c] = in.readDouble();
                }
                for (double[] slot : block.slots) {
                    for (int c = 0; c < cols; c++) {
                        slot[at + c] = in.readDouble();
                    }
                }
            }
        }
    }
}
