/**
 * The CAM contract of cam4j SavedModels (signatures, tensor names, metadata asset), their export, the import of
 * foreign (Python Keras) SavedModels, and what a model's graph tells about its feature geometry (where cells sit,
 * whether they are local and zero on blank input). Depends on {@code model}, and on {@code data} for file kinds
 * and folder removal.
 */
package io.github.cam4j.savedmodel;
