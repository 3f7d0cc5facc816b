package io.github.cam4j.video;

import io.github.cam4j.render.Draw;
import java.util.List;

/**
 * The note a run gives when no installed font draws some of the model's labels: their frames are captioned with the
 * class index ({@link FrameExplanation#caption()}), which would otherwise surprise whoever gave the labels.
 */
final class UndrawableLabels {
    private UndrawableLabels() {}

    /**
     * @param labels the model's labels, in class order
     * @return one line naming the first label no installed font draws and how many there are; null when every label
     *     can be drawn
     */
    static String note(List<String> labels) {
        String first = null;
        int count = 0;
        for (String label : labels) {
            if (!Draw.canDraw(label)) {
                first = first == null ? label : first;
                count++;
            }
        }
        if (first == null) {
            return null;
        }
        String which = count == 1 ? "the label '" + first + "'"
                : count + " of the model's labels (the first '" + first + "')";
        return "no installed font draws " + which + "; frames are captioned with class indexes there (installing a"
                + " font that has its characters draws it)";
    }
}
