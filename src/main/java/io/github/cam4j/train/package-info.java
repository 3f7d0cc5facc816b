/**
 * The training loop: Adam, categorical cross-entropy, shuffled minibatches, validation, progress.
 * Depends on {@code model} and {@code data}.
 */
package io.github.cam4j.train;
