package io.github.cam4j.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.cam4j.cam.CamResult;
import io.github.cam4j.render.Box;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What {@code cam4j explain --json} prints: one JSON array, whatever happens. An entry per overlay written, in the order
 * written; when the run stops on a failure, a last entry {@code {"image": FILE or null, "error": "..."}} says which
 * image stopped it (null when the failure was no one image's, e.g. the model) and why, in the words of the error line
 * on standard error. A reader that parses standard output then always gets a document, and finds in it what was
 * written before the failure: with nothing written yet it printed nothing at all, which no JSON parser takes. Under
 * {@code --keep-going} each image skipped gets such an entry where its results would have been.
 */
final class ExplainJson {
    private final ObjectMapper mapper = new ObjectMapper();
    private final ArrayNode entries = mapper.createArrayNode();
    private final String method;
    /** Whether the maps were smoothed ({@code --eigen-smooth}): recorded beside the method, whose name it leaves alone. */
    private final boolean eigenSmooth;
    private final String heat;
    /** Whether the maps were averaged over six variants of each picture ({@code --aug-smooth}). */
    private final boolean augSmooth;
    /** The target layers whose maps were fused ({@code --layers}); null for the model's one layer. */
    private final java.util.List<String> layers;
    /** How they were fused ({@code --layers-form}); null for the model's one layer. */
    private final String layersForm;
    /** The method's own settings ({@link MethodOptions#recorded}), each entry's {@code "method_settings"}. */
    private final java.util.Map<String, Object> methodSettings;

    /**
     * @param method the method the maps were made by, as titles name it ("CAM", "Grad-CAM", ...); null for a document
     *     of failures only
     * @param heat how the overlays colour the maps ({@code --heat}: minmax or positive); null with {@code method}
     */
    ExplainJson(String method, String heat) {
        this(method, heat, false, false, null, null, java.util.Map.of());
    }

    /**
     * @param method the method the maps were made by, as titles name it ("CAM", "Grad-CAM", ...)
     * @param heat how the overlays colour the maps ({@code --heat}: minmax or positive)
     * @param eigenSmooth whether its maps were smoothed ({@code --eigen-smooth}), each entry's {@code "eigen_smooth"}
     * @param augSmooth whether the maps were averaged over six variants of each picture ({@code --aug-smooth})
     * @param layers the target layers whose maps were fused ({@code --layers}), each entry's {@code "layers"}; null
     *     for the model's one layer
     * @param layersForm how they were fused ({@code --layers-form}: pytorch-grad-cam or torch-cam), each entry's
     *     {@code "layers_form"}; null for the model's one layer
     * @param methodSettings the method's own settings, defaults included ({@link MethodOptions#recorded}: e.g.
     *     {@code finer_alpha} and {@code finer_ranks} for Finer-CAM), each entry's {@code "method_settings"}; empty for
     *     a method that takes none
     */
    ExplainJson(String method, String heat, boolean eigenSmooth, boolean augSmooth, java.util.List<String> layers,
            String layersForm, java.util.Map<String, Object> methodSettings) {
        this.layers = layers == null ? null : java.util.List.copyOf(layers);
        this.layersForm = layersForm;
        // A null value (KPCA-CAM's default gamma) stays one: Map.copyOf refuses nulls.
        this.methodSettings = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(methodSettings));
        this.method = method;
        this.eigenSmooth = eigenSmooth;
        this.heat = heat;
        this.augSmooth = augSmooth;
    }

    /**
     * Adds one overlay's result.
     *
     * @param file the image
     * @param r the map explained
     * @param box its CAM box, if any
     * @param framed the part of the image the model saw, when it was framed ({@code "seen"}: the part a model that
     *     crops its input saw, {@link CamResult#seenRegion()})
     * @param png the overlay written
     * @param predicted the image's predicted class
     * @param overlayScale how many times the overlay is enlarged
     */
    void addResult(Path file, CamResult r, Optional<Box> box, Optional<Box> framed, Path png, int predicted,
            int overlayScale) {
        ObjectNode node = entries.addObject();
        node.put("image", file.toString());
        node.put("class", r.classIndex());
        node.put("label", r.label());
        node.put("probability", r.probability());
        node.put("predicted", predicted);
        // The overlays of every method are named NAME-cam.png and look alike: the method was said nowhere.
        node.put("method", method);
        // The maps of Finer-CAM at another alpha, or FEM at another k, differ under the same name: said beside it.
        node.set("method_settings", mapper.valueToTree(methodSettings));
        node.put("eigen_smooth", eigenSmooth);
        node.put("heat", heat);
        node.put("aug_smooth", augSmooth);
        if (layers == null) {
            node.putNull("layers");
        } else {
            layers.forEach(node.putArray("layers")::add);
        }
        // The mean and torch-cam's maximum of the same layers are other maps under the same "layers".
        node.put("layers_form", layersForm);
        int[] peak = ExplainOverlay.peak(r);
        if (peak == null) {
            node.putNull("peak_xy");
        } else {
            node.putArray("peak_xy").add(peak[1]).add(peak[0]);
        }
        putBox(node, "box", box);
        putBox(node, "framed", framed);
        putBox(node, "seen", ExplainOverlay.seenPart(r));
        node.put("overlay", png.toString());
        node.put("overlay_scale", overlayScale);
    }

    /**
     * Adds a failure: the one that stopped the run, as the last entry, or an image skipped under {@code --keep-going}.
     *
     * @param image the image it is about, or null when it is no one image's
     * @param message the one-line error
     */
    void addFailure(Path image, String message) {
        ObjectNode node = entries.addObject();
        if (image == null) {
            node.putNull("image");
        } else {
            node.put("image", image.toString());
        }
        node.put("error", message);
    }

    /** Prints the document. */
    void print(PrintWriter out) {
        try {
            out.println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(entries));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a tree of plain values always serialises", e);
        }
        out.flush();
    }

    private static void putBox(ObjectNode node, String name, Optional<Box> box) {
        box.ifPresentOrElse(b -> node.putObject(name).put("x", b.x()).put("y", b.y()).put("width", b.width())
                .put("height", b.height()), () -> node.putNull(name));
    }
}
