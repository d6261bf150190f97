package dev.tributary.trainer.learn;

import java.util.Arrays;
import java.util.BitSet;
import java.util.Objects;

/**
 * One named parameter tensor of {@code rows x cols} doubles, row-major, with the optimizer's
 * per-coordinate state beside it ({@link #slot}: one array of the same shape per state variable,
 * such as AdaGrad's sum of squared gradients).
 *
 * <p>A <em>sparse</em> block has one row per coordinate of the hashed feature space; a step reads
 * and updates only the rows its batch touches (gathered into a compact {@code [U, cols]} tensor by
 * the ONNX backend), and {@link #touched} records which rows ever changed, so that a checkpoint
 * stores those alone. A <em>dense</em> block is read and updated whole.
 *
 * <p>Weights are always stored, whatever the optimizer: FTRL-Proximal, whose weight is a function
 * of its state, rewrites the weight after each update, so that predictors read one array.
 */
public final class Block {

    private final String name;
    private final int rows;
    private final int cols;
    private final boolean sparse;
    private final boolean regularized;
    final double[] weights;
    final double[][] slots;
    private final BitSet touched;

    Block(String name, int rows, int cols, boolean sparse, boolean regularized, int slotCount) {
        this.name = Objects.requireNonNull(name, "name");
        if (rows < 1 || cols < 1 || (long) rows * cols > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException(
                    "block " + name + " of " + rows + " x " + cols + " is empty or too large");
        }
        this.rows = rows;
        this.cols = cols;
        this.sparse = sparse;
        this.regularized = regularized;
        this.weights = new double[rows * cols];
        this.slots = new double[slotCount][rows * cols];
        this.touched = sparse ? new BitSet(rows) : null;
    }

    public String name() {
        return name;
    }

    public int rows() {
        return rows;
    }

    public int cols() {
        return cols;
    }

    public boolean isSparse() {
        return sparse;
    }

    /**
     * Whether the optimizer's regularisation applies: false for biases, since shrinking an
     * intercept towards zero pulls every prediction towards the origin and buys no generalisation.
     */
    public boolean isRegularized() {
        return regularized;
    }

    public int slotCount() {
        return slots.length;
    }

    /** The weights, row-major; live, not a copy. */
    public double[] weights() {
        return weights;
    }

    /** The optimizer's state variable {@code k}, row-major; live, not a copy. */
    public double[] slot(int k) {
        return slots[k];
    }

    /** Marks a sparse row as changed by a step; a dense block is always stored whole. */
    void touch(int row) {
        if (sparse) {
            touched.set(row);
        }
    }

    /** Whether a row must be stored: every row of a dense block, touched rows of a sparse one. */
    public boolean isStored(int row) {
        return !sparse || touched.get(row);
    }

    /** The number of rows {@link #isStored} stores. */
    public int storedRows() {
        return sparse ? touched.cardinality() : rows;
    }

    /** The next stored row at or after {@code row}, or -1. */
    public int nextStoredRow(int row) {
        if (!sparse) {
            return row < rows ? row : -1;
        }
        return touched.nextSetBit(row);
    }

    /**
     * Copies another block's weights and touched rows (not its optimizer state): how a model is
     * frozen into a serving copy.
     */
    public void copyWeightsFrom(Block other) {
        if (other.rows != rows || other.cols != cols || other.sparse != sparse) {
            throw new IllegalArgumentException("cannot copy " + other + " into " + this);
        }
        System.arraycopy(other.weights, 0, weights, 0, weights.length);
        if (sparse) {
            touched.clear();
            touched.or(other.touched);
        }
    }

    /** Sets the initial weights; each row's value must be a function of the row alone. */
    void initialize(RowInitializer initializer) {
        double[] row = new double[cols];
        for (int r = 0; r < rows; r++) {
            Arrays.fill(row, 0.0);
            initializer.fill(r, row);
            System.arraycopy(row, 0, weights, r * cols, cols);
        }
    }

    /** Initial values of one row. */
    @FunctionalInterface
    interface RowInitializer {
        void fill(int row, double[] values);
    }

    @Override
    public String toString() {
        return name + "[" + rows + " x " + cols + (sparse ? ", sparse" : "") + "]";
    }
}
