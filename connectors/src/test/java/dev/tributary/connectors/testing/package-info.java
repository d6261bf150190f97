/** Test infrastructure shared by the connectors' tests: a MiniCluster extension for ITCases. */
package dev.tributary.connectors.testing;
