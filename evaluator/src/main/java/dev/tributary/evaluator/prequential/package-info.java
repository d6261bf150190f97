/**
 * Prequential (test-then-train) metrics of models on a stream, per task: log loss, accuracy, AUC,
 * precision, recall, F1 and expected calibration error of binary classifiers, the same but AUC of
 * multiclass classifiers, RMSE and MAE of regressors; since a starting point, over a sliding window
 * and with a fading factor, with versioned binary serialization so that they survive checkpoints.
 */
package dev.tributary.evaluator.prequential;
