/**
 * The CAM contract of cam4j SavedModels (signatures, tensor names, metadata asset), their export, and the import of
 * foreign (Python Keras) SavedModels. Depends on {@code model}.
 */
package io.github.cam4j.savedmodel;
