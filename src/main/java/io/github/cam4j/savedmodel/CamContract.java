package io.github.cam4j.savedmodel;

/**
 * The names a cam4j SavedModel promises, and what CamSession, the Python exporter and a TensorFlow Serving
 * deployment rely on. README's "SavedModel contract" section describes the same.
 *
 * <ul>
 *   <li>{@value #SERVING_SIGNATURE}: input {@value #INPUT_IMAGES} float32 {@code [N,H,W,C]}, pixels scaled as the
 *       metadata says (cam4j models: [0,1]) → {@value #OUTPUT_PROBABILITIES} {@code [N,classes]}.</li>
 *   <li>{@value #CAM_SIGNATURE}: input {@value #INPUT_IMAGES} → {@value #OUTPUT_FEATURES} {@code [N,h,w,K]} (the
 *       last convolution's activations, what global average pooling reduces), {@value #OUTPUT_LOGITS} and
 *       {@value #OUTPUT_PROBABILITIES} {@code [N,classes]}, all from one run.</li>
 *   <li>{@value #WEIGHTS_SIGNATURE}: no input → {@value #OUTPUT_KERNEL} {@code [K,classes]} and
 *       {@value #OUTPUT_BIAS} {@code [classes]} of the classifier.</li>
 *   <li>{@code assets/}{@value #METADATA_ASSET}: JSON {@link ModelMetadata}.</li>
 * </ul>
 */
public final class CamContract {
    /** The signature TensorFlow Serving calls by default. */
    public static final String SERVING_SIGNATURE = "serving_default";
    /** The signature that returns features, logits and probabilities together. */
    public static final String CAM_SIGNATURE = "cam";
    /** The signature that returns the classifier's weights. */
    public static final String WEIGHTS_SIGNATURE = "cam_weights";
    /** The images input of {@value #SERVING_SIGNATURE} and {@value #CAM_SIGNATURE}. */
    public static final String INPUT_IMAGES = "images";
    /** The last convolution's activations. */
    public static final String OUTPUT_FEATURES = "features";
    /** The classifier's pre-activation. */
    public static final String OUTPUT_LOGITS = "logits";
    /** The classifier's output. */
    public static final String OUTPUT_PROBABILITIES = "probabilities";
    /** The classifier's kernel {@code [K, classes]}. */
    public static final String OUTPUT_KERNEL = "kernel";
    /** The classifier's bias {@code [classes]}. */
    public static final String OUTPUT_BIAS = "bias";
    /** The metadata file under the SavedModel's {@code assets/}. */
    public static final String METADATA_ASSET = "cam4j.json";
    /** The metadata format this version writes. */
    public static final String FORMAT = "cam4j-savedmodel/1";
    /**
     * The method name every signature carries: TensorFlow Serving's Predict API, as Python's
     * {@code tf.saved_model.save} writes it. A server started with {@code --enable_signature_method_name_check}
     * refuses a Predict call on a signature without it.
     */
    public static final String PREDICT_METHOD = "tensorflow/serving/predict";
    /** The SavedModel tag set cam4j exports and loads. */
    public static final String TAG = "serve";

    private CamContract() {}
}
