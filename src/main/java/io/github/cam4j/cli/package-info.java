/**
 * The {@code cam4j} command line: one class per subcommand; the root command only wires them.
 */
package io.github.cam4j.cli;
