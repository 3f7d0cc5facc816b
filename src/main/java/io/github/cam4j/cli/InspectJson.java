package io.github.cam4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cam4j.savedmodel.keras.ImportedModel;
import io.github.cam4j.savedmodel.keras.InputRescaling;
import io.github.cam4j.savedmodel.keras.InputStandardisation;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

/**
 * {@code cam4j inspect --json}'s document: one JSON object with what inspect finds as values (a program asking
 * "is this model CAM-ready, and at which tensors?" had to read it out of sentences), and the description itself. Keys
 * are snake_case, as {@code explain --json}'s are.
 */
final class InspectJson {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ObjectNode root = mapper.createObjectNode();

    /**
     * @param typed the model as the command line names it (a bundled model by its name)
     * @param path the folder read
     * @param format {@code "cam4j"} for a model with cam4j's signatures, {@code "foreign"} for any other SavedModel
     * @param explainedBy the signature cam4j explains the model by: {@code cam} for cam4j's, the one imported (or
     *     asked for) for a foreign model
     * @param signatures the model's signatures (TensorFlow's own, {@code __saved_model_init_op}, left out)
     */
    InspectJson(String typed, String path, String format, String explainedBy, Map<String, SignatureDef> signatures) {
        root.put("model", typed);
        root.put("path", path);
        root.put("format", format);
        root.put("signature", explainedBy);
        ArrayNode list = root.putArray("signatures");
        signatures.entrySet().stream().filter(e -> !e.getKey().startsWith("__")).sorted(Map.Entry.comparingByKey())
                .forEach(e -> {
                    ObjectNode s = list.addObject();
                    s.put("name", e.getKey());
                    s.put("method", e.getValue().getMethodName());
                    tensors(s.putArray("inputs"), e.getValue().getInputsMap());
                    tensors(s.putArray("outputs"), e.getValue().getOutputsMap());
                });
        // Every document has every key, in this order; what a kind of model lacks stays null.
        for (String key : new String[] {"cam_ready", "cam_refusal", "cam", "grad_cam", "metadata", "feature_grid",
                "gradient_layers", "input", "layers"}) {
            root.putNull(key);
        }
    }

    /** @return the document's top level, for the fields a kind of model adds */
    ObjectNode root() {
        return root;
    }

    /** @return the mapper, for nodes a caller builds (a metadata asset read as a tree) */
    ObjectMapper mapper() {
        return mapper;
    }

    /** @return the {@code cam} object, for the tensors CAM reads: the model is CAM-ready */
    ObjectNode camReady() {
        root.put("cam_ready", true);
        root.putNull("cam_refusal");
        return root.putObject("cam");
    }

    /** @param refusal why CAM cannot explain the model, as the description says it */
    void notCamReady(String refusal) {
        root.put("cam_ready", false);
        root.put("cam_refusal", refusal);
        root.putNull("cam");
    }

    /**
     * Whether Grad-CAM (and the other gradient methods) applies.
     *
     * @param applies whether it does
     * @param features the feature map it is taken at; null when it does not apply
     * @param logits the class scores it explains; null when it does not apply
     * @param refusal why it does not; null when it does
     */
    void gradCam(boolean applies, String features, String logits, String refusal) {
        ObjectNode g = root.putObject("grad_cam");
        g.put("applies", applies);
        g.put("features", features);
        g.put("logits", logits);
        g.put("refusal", refusal);
    }

    /**
     * How cam4j feeds the model its pixels when no option says otherwise: {@code model input = pixel (0..255) x
     * pixel_scale + pixel_offset}, then what the model does to it first.
     *
     * @param pixelScale what each pixel is multiplied by, a float as fed (written as 0.003921569, as a cam4j model's
     *     metadata writes it, not as the double nearest it)
     * @param pixelOffset what is added after
     * @param assumed whether nothing (no metadata asset, nothing in the graph) said so, and cam4j assumes it
     * @param rescaling a foreign model's own rescaling of its input, if it starts with one
     * @param standardisation its own standardisation, if it starts with one
     */
    void input(float pixelScale, float pixelOffset, boolean assumed, Optional<InputRescaling> rescaling,
            Optional<InputStandardisation> standardisation) {
        ObjectNode input = root.putObject("input");
        input.put("pixel_scale", pixelScale);
        input.put("pixel_offset", pixelOffset);
        input.put("assumed", assumed);
        rescaling.ifPresentOrElse(r -> {
            ObjectNode n = input.putObject("model_rescaling");
            n.put("scale", r.scale());
            n.put("offset", r.offset());
            n.put("layer", r.layer());
        }, () -> input.putNull("model_rescaling"));
        standardisation.ifPresentOrElse(st -> {
            ObjectNode n = input.putObject("model_standardization");
            ArrayNode mean = n.putArray("mean");
            Arrays.stream(st.mean()).forEach(mean::add);
            ArrayNode std = n.putArray("std");
            Arrays.stream(st.std()).forEach(std::add);
            n.put("layer", st.layer());
        }, () -> input.putNull("model_standardization"));
    }

    /** @param layers a foreign model's layer chain from its input to its output, as the description lists it */
    void layers(List<ImportedModel.ChainLayer> layers) {
        ArrayNode list = root.putArray("layers");
        for (ImportedModel.ChainLayer l : layers) {
            ObjectNode layer = list.addObject();
            layer.put("op", l.op());
            layer.put("tensor", l.tensor());
            if (l.shape() == null) {
                layer.putNull("shape");
            } else {
                ArrayNode dims = layer.putArray("shape");
                Arrays.stream(l.shape()).forEach(dims::add);
            }
        }
    }

    /**
     * Prints the document, its description last.
     *
     * @param description what inspect prints without {@code --json}
     * @param out standard output
     */
    void print(String description, PrintWriter out) {
        root.put("description", description);
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(root));
        } catch (JsonProcessingException e) {
            // A tree of strings, numbers and booleans always serialises.
            throw new IllegalStateException(e);
        }
        out.flush();
    }

    private static void tensors(ArrayNode list, Map<String, TensorInfo> tensors) {
        tensors.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            ObjectNode t = list.addObject();
            t.put("key", e.getKey());
            t.put("tensor", e.getValue().getName());
            t.put("dtype", e.getValue().getDtype().name());
            TensorShapeProto shape = e.getValue().getTensorShape();
            if (shape.getUnknownRank()) {
                t.putNull("shape");
            } else {
                ArrayNode dims = t.putArray("shape");
                shape.getDimList().forEach(d -> dims.add(d.getSize()));
            }
        });
    }
}
