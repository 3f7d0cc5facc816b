package io.github.cam4j.savedmodel.keras;

/**
 * What to tell the owner of a Keras model built channels first ({@code data_format="channels_first"}): cam4j feeds
 * pictures and reads feature maps channels last, and a Keras model's weights do not depend on the layout, so the same
 * layers rebuilt channels last take them as they are. Checked on a Keras 3.15 MNIST model (two Conv2D, MaxPooling2D,
 * GlobalAveragePooling2D, Dense; helper-182): rebuilt so, its probabilities equalled the channels-first model's to
 * 1.8e-7 and cam4j's CAM of its export equalled the channels-first model's own to 1.4e-7 of the map's largest value.
 * Wrapping the model behind a {@code Permute} is no way round: its layers stay channels first.
 */
final class ChannelsLast {
    private ChannelsLast() {}

    /** The advice, to follow a refusal's colon. */
    static final String REBUILD = "rebuild the Keras model with the same layers channels last (data_format="
            + "\"channels_last\", BatchNormalization(axis=-1); Input((H, W, C))), copy its weights, whose shapes do not"
            + " change, new.set_weights(model.get_weights()), check new.predict against model.predict on a few pictures"
            + " (a Flatten before a Dense orders that Dense's weights by the layout), and export that, new.export(DIR);"
            + " a Permute in front of the model leaves its layers channels first (docs/keras-models.md)";
}
