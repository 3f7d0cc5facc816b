package io.github.cam4j;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import me.tongfei.progressbar.ProgressBar;
import org.junit.jupiter.api.Test;

/** The house progress bar as a log file or CI run shows it (tests run without a terminal). */
class ProgressBarsTest {
    /**
     * Without a terminal the library assumed 80 columns: a long task name squeezed the bar to "[ ]" and the rate was
     * cut to "1.4". The bar is drawn at {@value ProgressBars#LOG_WIDTH} columns instead, whole.
     */
    @Test
    void aBarInALogKeepsItsBarItsRateAndItsTimeLeft() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            try (ProgressBar bar = ProgressBars.builder("mnist-unpooled, with faithfulness", " canvases", 1, 1000)
                    .setConsumer(ProgressBars.console(out)).build()) {
                bar.stepTo(500);
                bar.refresh();
            }
        }
        String[] lines = bytes.toString(StandardCharsets.UTF_8).split("[\r\n]+");
        String last = lines[lines.length - 1];
        assertTrue(last.endsWith("canvases/s"), "rate cut off: " + last);
        assertTrue(last.contains("500/1000 canvases ("), last);
        assertTrue(last.chars().filter(c -> c == '=').count() >= 20, "bar squeezed: " + last);
    }
}
