/**
 * Prequential (test-then-train) metrics of models on a stream, per task: log loss, accuracy and AUC
 * of binary classifiers, log loss and accuracy of multiclass classifiers, RMSE and MAE of
 * regressors; since a starting point and over a sliding window, with versioned binary serialization
 * so that they survive checkpoints.
 */
package dev.tributary.evaluator.prequential;
