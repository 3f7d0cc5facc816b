/**
 * A Keras-style {@code Sequential} model and its layers, built as TensorFlow Java graph ops from Keras' own JSON config.
 * Depends on TensorFlow Java only.
 */
package io.github.cam4j.model;
