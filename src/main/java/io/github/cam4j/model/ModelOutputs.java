package io.github.cam4j.model;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * The tensors of a built {@link Sequential} that class activation maps need.
 *
 * @param features the last convolutional activations, {@code [N, h, w, K]}: what global average pooling reduces
 * @param pooled the pooled features {@code [N, K]}
 * @param logits the classifier's pre-activation {@code [N, classes]}
 * @param probabilities the classifier's output {@code [N, classes]}
 */
public record ModelOutputs(Operand<TFloat32> features, Operand<TFloat32> pooled, Operand<TFloat32> logits,
        Operand<TFloat32> probabilities) {}
