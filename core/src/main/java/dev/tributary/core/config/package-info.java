/**
 * The YAML job file, parsed once into immutable, validated records. A bad file fails at start-up
 * with the key path, the value and what was expected.
 */
package dev.tributary.core.config;
