package io.github.cam4j.cli;

import io.github.cam4j.savedmodel.BundledModels;
import io.github.cam4j.savedmodel.ModelLoadException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a {@code --model} argument names: an existing folder as given; otherwise, when it is the bare name of a bundled
 * model ({@code mnist-pooled}, {@code mnist-unpooled}), that model, copied out of the cam4j jar
 * ({@link BundledModels}). A folder of that name in the working directory wins, so a retrained model is never hidden.
 */
final class ModelPaths {
    /** Bundled models' copies' paths, and the names the user typed for them: messages say the name. */
    private static final java.util.Map<String, String> TYPED = new java.util.concurrent.ConcurrentHashMap<>();

    private ModelPaths() {}

    /**
     * @param given what {@code --model} says
     * @return the folder to open: {@code given} when it exists, else the
     *     bundled model's copy
     * @throws ModelLoadException when {@code given} is a link to nothing, or neither there nor a bundled model's name:
     *     one line naming
     *     {@code --model} and, for a bare name, the bundled names (a typo of one, "mnist-poled", had been
     *     "model folder mnist-poled does not exist or is not a folder", from the loader)
     * @throws UsageException when {@code given} is a file: a path of the wrong kind, said in the loader's words
     */
    static Path resolve(Path given) throws ModelLoadException {
        boolean bareName = given.getNameCount() == 1 && !given.isAbsolute();
        if (bareName && BundledModels.isBundled(given.toString()) && Files.isRegularFile(given)) {
            // Said as the folder case below says it: "is a file, not a SavedModel folder" left the user wondering why
            // the bundled model was not taken (helper-223). A path of the wrong kind, as below (exit 2).
            throw new UsageException("--model " + given + ": the file " + given.toAbsolutePath() + " is taken before"
                    + " the bundled model of that name, and it is a file, not a SavedModel folder; rename it, or run"
                    + " cam4j from another folder, to use the bundled model");
        }
        if (Files.isRegularFile(given)) {
            // A file where the model's folder goes is a path of the wrong kind, a usage error as --out naming a file is
            // (exit 2); it had exited 1, as a model that fails to load does. In the loader's words (a Keras file gets
            // how to export it, a saved_model.pb the folder that holds it).
            try {
                io.github.cam4j.savedmodel.CamModelLoader.readMetaGraph(given);
            } catch (ModelLoadException e) {
                throw new UsageException("--model " + e.getMessage(), e);
            }
        }
        if (Files.isSymbolicLink(given) && !Files.exists(given)) {
            // The loader said "model folder X does not exist or is not a folder" of a link to nothing, where the user
            // sees the link there: named as a link, with where it points, as an --out link to nothing is.
            throw new ModelLoadException("--model " + given + " " + io.github.cam4j.data.FileTrees.danglingLinkSaid(given));
        }
        if (Files.exists(given) || Files.isSymbolicLink(given)) {
            if (bareName && BundledModels.isBundled(given.toString()) && Files.isDirectory(given)
                    && !Files.exists(given.resolve("saved_model.pb"))) {
                // The loader's "mnist-pooled is not a SavedModel" left the user wondering why the bundled model was
                // not taken (helper-152): a folder of its name is, by design, and this one holds no model.
                throw new ModelLoadException("--model " + given + ": the folder " + given.toAbsolutePath()
                        + " is taken before the bundled model of that name, and it is not a SavedModel (it has no"
                        + " saved_model.pb); rename it, or run cam4j from another folder, to use the bundled model");
            }
            return given;
        }
        if (!bareName || !BundledModels.isBundled(given.toString())) {
            throw new ModelLoadException("--model " + given + ": no such folder" + (bareName
                    ? ", nor a bundled model's name (" + String.join(", ", BundledModels.NAMES) + ")" : ""));
        }
        Path copy = BundledModels.locate(given.toString());
        TYPED.put(copy.toString(), given.toString());
        return copy;
    }

    /**
     * @param message a message that may name a bundled model by its copy's path ({@code ~/.cache/cam4j/models/<hash>/...})
     * @return the message naming it as the user did, with the copy's path once in parentheses
     */
    static String asTyped(String message) {
        String out = message;
        for (java.util.Map.Entry<String, String> e : TYPED.entrySet()) {
            String copy = e.getKey();
            String name = e.getValue();
            int at = out.indexOf(copy);
            if (at >= 0) {
                out = out.substring(0, at) + name + " (bundled, at " + copy + ")"
                        + out.substring(at + copy.length()).replace(copy, name);
            }
        }
        return out;
    }
}
