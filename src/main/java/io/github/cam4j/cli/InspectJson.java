package io.github.cam4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.util.Map;
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
                "gradient_layers"}) {
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
