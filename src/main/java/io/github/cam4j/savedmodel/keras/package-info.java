/**
 * Import of SavedModels exported by Python Keras (TF 2.x): op allow-list check, freezing of variables into constants,
 * inlining of the library functions into one plain graph, and location of the CAM tensors (features, logits, kernel).
 * Depends on TensorFlow Java and {@code io.github.cam4j.savedmodel} (its exceptions, classifier activation, input crop
 * and LeakyRelu remapping) only.
 */
package io.github.cam4j.savedmodel.keras;
