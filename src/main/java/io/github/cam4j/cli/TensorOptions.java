package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.AmbiguousTensorException;
import io.github.cam4j.savedmodel.CamIdentityException;
import io.github.cam4j.savedmodel.InputAsLayerException;
import io.github.cam4j.savedmodel.ModelLoadException;
import io.github.cam4j.savedmodel.NamedTensorException;
import io.github.cam4j.savedmodel.TensorChannelsException;
import io.github.cam4j.savedmodel.TensorRankException;
import io.github.cam4j.savedmodel.UnknownTensorException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The tensor names the user gave ({@code --features}, {@code --logits}, {@code --input}, {@code --kernel},
 * {@code --bias}, {@code --layers}, or evaluate's {@code --also-at}: {@link #of}), and a model's refusal of one of them (a tensor the graph lacks, one of another
 * rank than the option takes, features of other channels than the classifier weighs or of its channels but not the
 * tensor its pooling reduces, or the model's input named as a layer) put in that option's words as a usage error (exit 2): {@code --features nope} had failed
 * the work (exit 1) with the loader's words, naming no option, where a mistyped {@code --method} is a usage error.
 */
final class TensorOptions {
    /** Option name to the names it gave, in the order options are checked. */
    private final Map<String, List<String>> given = new LinkedHashMap<>();

    /**
     * @param features {@code --features}, or null
     * @param logits {@code --logits}, or null
     * @param input {@code --input}, or null
     * @param kernel {@code --kernel}, or null
     * @param bias {@code --bias}, or null
     * @param layers {@code --layers}, or null
     */
    TensorOptions(String features, String logits, String input, String kernel, String bias, List<String> layers) {
        given.put("--features", features == null ? List.of() : List.of(features));
        given.put("--layers", layers == null ? List.of() : layers);
        given.put("--logits", logits == null ? List.of() : List.of(logits));
        given.put("--input", input == null ? List.of() : List.of(input));
        given.put("--kernel", kernel == null ? List.of() : List.of(kernel));
        given.put("--bias", bias == null ? List.of() : List.of(bias));
    }

    /** Options that gave no names: {@link #of} puts the one it is for. */
    private TensorOptions() {}

    /**
     * @param option an option that names layers besides the ones the constructor takes (evaluate's {@code --also-at})
     * @param names the names it gave, as typed
     * @return that option's names alone, for {@link #refusal} to say a model's refusal of one in its words
     */
    static TensorOptions of(String option, List<String> names) {
        TensorOptions one = new TensorOptions();
        one.given.put(option, names);
        return one;
    }

    /**
     * @param e a failure to open the model
     * @param model {@code --model} as typed, for the inspect command the message points to
     * @param methodOption the option that picks another method, offered where CAM refuses a layer that method takes:
     *     explain's {@code --method}, compare's {@code --methods}
     * @return a usage error naming the option, when {@code e} (or what caused it) is the graph lacking a tensor that
     *     option named, that tensor's rank not the one it takes, its channels not the ones the classifier weighs (or
     *     they are, but it is not what the pooling reduces), a short
     *     name that ends several of its nodes' names, or that tensor the model's input; else empty (a model whose own files name a tensor it lacks is a failure of the model)
     */
    Optional<UsageException> refusal(ModelLoadException e, String model, String methodOption) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NamedTensorException named) {
                return given(named).map(g -> new UsageException(g.option() + " " + g.name() + " "
                        + problem(named, g.option(), methodOption) + " ('cam4j inspect --model " + model + inspected(named)
                        + "' lists them)", e));
            }
        }
        return Optional.empty();
    }

    /**
     * @param e a failure to open the model
     * @return whether CAM refused a features tensor as not the one the classifier's kernel weighs: of other channels,
     *     or of its channels but not what the global average pooling reduces (a layer that a command taking any layer,
     *     such as concepts, can open by another method)
     */
    static boolean camRefusedLayer(ModelLoadException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof TensorChannelsException || t instanceof CamIdentityException) {
                return true;
            }
        }
        return false;
    }

    /** @return what is wrong with the name an option gave, in that option's words, offering explain's --method */
    static String problem(NamedTensorException named, String option) {
        return problem(named, option, "--method");
    }

    /**
     * @param methodOption the option that picks another method ({@code --method}, compare's {@code --methods})
     * @return what is wrong with the name an option gave, in that option's words
     */
    static String problem(NamedTensorException named, String option, String methodOption) {
        if (named instanceof TensorRankException rank) {
            // --features dense/MatMul had exited 1 with "features tensor 'dense/MatMul' has rank 2 ...".
            return "has rank " + rank.actual() + ": " + accepted(option, rank.expected());
        }
        if (named instanceof AmbiguousTensorException ambiguous) {
            // --features Relu in a model of two convolutions had exited 1, naming no option.
            return "ends the names of several layers of the model's graph (" + String.join(", ",
                    ambiguous.candidates()) + "): give more of the name";
        }
        if (named instanceof TensorChannelsException channels) {
            // --features conv_a_1/Relu for CAM on a foreign model had exited 1 with the loader's words, naming no option.
            return "has " + channels.channels() + " channels, but " + channels.weigher() + " weighs " + channels.weighed()
                    + ": CAM weighs the channels of the tensor the classifier's global average pooling reduces; name"
                    + " that one, or explain this layer by a method that takes any layer (e.g. " + methodOption
                    + " gradcam)";
        }
        if (named instanceof CamIdentityException pooled) {
            // --features concatenate_1/concat (the 64 channels before the pooled max pooling) had exited 1 with the
            // loader's words, naming no option.
            return String.format(java.util.Locale.ROOT, "has the %d channels the classifier's kernel weighs, but is not"
                    + " the tensor its global average pooling reduces: on a probe image the logit of class %d is %.6g"
                    + " but mean(features)·kernel + bias is %.6g; name that one, or explain this layer by a method that"
                    + " takes any layer (e.g. %s gradcam)", pooled.channels(), pooled.classIndex(),
                    pooled.logit(), pooled.fromMap(), methodOption);
        }
        if (named instanceof InputAsLayerException) {
            return "is the model's input, which the pictures are fed to: name a layer the images flow through";
        }
        if (named instanceof UnknownTensorException unknown && !unknown.otherSignatures().isEmpty()) {
            // A layer of another head: "is not a tensor of the model's graph" sent the user to a name the model has.
            List<String> others = unknown.otherSignatures();
            return "is not in the graph of signature '" + unknown.signature() + "', the one imported; "
                    + (others.size() == 1 ? "signature '" + others.get(0) + "' has it: give --signature " + others.get(0)
                            : "signatures " + String.join(", ", others) + " have it: give --signature with one of them")
                    + " to import that one";
        }
        return "is not a tensor of the model's graph: " + accepted(option);
    }

    /** @return the {@code --signature} inspect takes to list the layers of the one signature that has the name, or "" */
    private static String inspected(NamedTensorException named) {
        return named instanceof UnknownTensorException unknown && unknown.otherSignatures().size() == 1
                ? " --signature " + unknown.otherSignatures().get(0) : "";
    }

    /** An option and the name it gave, as typed. */
    private record Given(String option, String name) {}

    /**
     * @return the option that gave the refused name, and the name as typed: the loader holds it as given, or (the
     *     model's input) as the imported graph's full name with its index; empty when no option gave it (a model whose
     *     own files name a tensor it lacks)
     */
    private Optional<Given> given(NamedTensorException refused) {
        for (Map.Entry<String, List<String>> option : given.entrySet()) {
            for (String name : option.getValue()) {
                if (refused.tensor().equals(name) || refused.tensor().equals(name + ":0")) {
                    return Optional.of(new Given(option.getKey(), name));
                }
            }
        }
        return Optional.empty();
    }

    /** @return what {@code option} takes, its rank said as the loader required it */
    private static String accepted(String option, int rank) {
        return rank == 4 ? accepted(option) : "it takes a rank-" + rank + " tensor of the graph, NAME or NAME:INDEX";
    }

    private static String accepted(String option) {
        return switch (option) {
            case "--features" -> "it takes a rank-4 layer's tensor, NAME or NAME:INDEX";
            case "--layers", "--also-at" -> "it takes rank-4 layers' tensors, NAME or NAME:INDEX";
            default -> "it takes a tensor of the graph, NAME or NAME:INDEX";
        };
    }
}
