/**
 * A Keras-style {@code Sequential} model and its layers, built as TensorFlow Java graph ops from Keras' own JSON config.
 * Depends on TensorFlow Java and Jackson (for the JSON config) only.
 */
package io.github.cam4j.model;
