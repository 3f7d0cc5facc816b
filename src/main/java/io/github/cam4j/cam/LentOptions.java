package io.github.cam4j.cam;

import io.github.cam4j.savedmodel.CamModel;
import io.github.cam4j.savedmodel.LoadOptions;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Checks that the options a session is told a lent model was opened with are the ones it was: the session's notes
 * and warnings (the ink, overrides of the metadata) are said for the options it is told, so other options would have
 * it warn of what was not done and keep quiet about what was.
 */
final class LentOptions {
    /** A view's gradient weighting is its own, not the load's: the one option a lent model may differ in. */
    private static final String WEIGHTING = "gradients";

    private LentOptions() {}

    /**
     * @param lent the model lent
     * @param which how the error names it: "the model lent", or the layer it was lent for
     * @param dir the folder it is said to be opened from
     * @param told the options it is said to be opened with
     * @param remedy what to give instead, said after the differences
     * @throws IllegalArgumentException naming every option that differs from those it was opened with
     */
    static void check(CamModel lent, String which, Path dir, LoadOptions told, String remedy) {
        LoadOptions opened = lent.openedWith().orElse(null);
        if (opened == null) {
            return; // Not opened by CamModelLoader.load: nothing recorded to check against.
        }
        List<String> differences = new ArrayList<>();
        for (RecordComponent option : LoadOptions.class.getRecordComponents()) {
            if (option.getName().equals(WEIGHTING)) {
                continue;
            }
            Object given = value(option, told);
            Object actual = value(option, opened);
            if (!Objects.equals(given, actual)) {
                differences.add(option.getName() + " (given " + given + ", opened with " + actual + ")");
            }
        }
        if (!differences.isEmpty()) {
            throw new IllegalArgumentException("the options given with " + which + " are not those " + dir
                    + " was opened with: " + String.join("; ", differences) + ". " + remedy);
        }
    }

    private static Object value(RecordComponent option, LoadOptions options) {
        try {
            return option.getAccessor().invoke(options);
        } catch (IllegalAccessException | InvocationTargetException e) {
            throw new IllegalStateException("reading LoadOptions." + option.getName(), e);
        }
    }
}
