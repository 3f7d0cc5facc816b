package io.github.cam4j.savedmodel.keras;

import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which other signatures of a SavedModel hold a tensor the imported one lacks. Import keeps only what the chosen
 * signature's outputs need, so a layer of another head (a second signature's) is not in its graph: named with
 * {@code --features} or {@code --logits}, it was refused as a name the model does not have at all, and nothing said
 * that {@code --signature} chooses the graph that has it.
 */
final class OtherSignatures {
    private OtherSignatures() {}

    /**
     * @param opened the signature imported, whose graph lacks the tensor
     * @param tensor the name as given, {@code NAME} or {@code NAME:INDEX}; as the import finds it
     *     ({@link CamLocator}), a node's whole name or its end after a '/'
     * @return the other signatures whose inlined graph has such a node, sorted; empty when none has (a signature that
     *     cannot be inlined has none: it could not be imported either), or when the imported graph has the node itself
     *     (the name's output index is what it lacks, and the other signatures hold no more outputs of it)
     */
    static List<String> holding(OpenedGraph opened, String tensor) {
        String node = InputRef.graphForm(tensor).name();
        Set<String> imported = new HashSet<>();
        opened.frozen.graphDef().getNodeList().forEach(n -> imported.add(n.getName()));
        if (names(imported, node)) {
            return List.of();
        }
        return others(opened.dir, opened.metaGraph, opened.signatureKey, tensor);
    }

    /**
     * @param dir the SavedModel folder
     * @param metaGraph its serving MetaGraphDef
     * @param importedKey the signature imported, left out
     * @param tensor the name as given, {@code NAME} or {@code NAME:INDEX}
     * @return the signatures but {@code importedKey} whose inlined graph has such a node, sorted
     */
    static List<String> others(Path dir, org.tensorflow.proto.MetaGraphDef metaGraph, String importedKey,
            String tensor) {
        String node = InputRef.graphForm(tensor).name();
        List<String> holding = new ArrayList<>();
        for (String key : metaGraph.getSignatureDefMap().keySet().stream().sorted().toList()) {
            if (key.equals(importedKey) || key.equals(SavedModelProto.INIT_OP_SIGNATURE_KEY)) {
                continue;
            }
            try {
                if (names(FrozenGraphBuilder.nodeNames(dir, metaGraph, key), node)) {
                    holding.add(key);
                }
            } catch (ModelLoadException | RuntimeException e) {
                // Only a hint: a signature import cannot rebuild is not one to point to.
            }
        }
        return holding;
    }

    /** @return whether one of the nodes is {@code node}, or ends with it after a '/' */
    static boolean names(Set<String> nodes, String node) {
        return nodes.contains(node) || nodes.stream().anyMatch(n -> n.endsWith("/" + node));
    }
}
