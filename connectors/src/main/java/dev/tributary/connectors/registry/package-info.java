/**
 * The model registry on a local file system: immutable model versions published atomically with
 * their manifest, the champion pointer, and loading with SHA-256 verification.
 */
package dev.tributary.connectors.registry;
