package io.github.cam4j.savedmodel.keras;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.tensorflow.proto.RewriterConfig;

/** The imported graph's session options: only Grappler passes that change nothing on a CPU are off. */
class OpenedGraphTest {

    @Test
    void sessionTurnsOffOnlyThePassesThatChangeNoValue() {
        RewriterConfig r = OpenedGraph.SESSION_CONFIG.getGraphOptions().getRewriteOptions();
        // Each of these copied VGG16's whole frozen graph on its first run (14 s, 4 s) and changed nothing.
        assertEquals(RewriterConfig.MemOptType.NO_MEM_OPT, r.getMemoryOptimization());
        assertEquals(RewriterConfig.Toggle.OFF, r.getLayoutOptimizer());
        assertTrue(r.getDisableTfgOptimizer());
        // These change values: without constant folding VGG16's outputs moved in their last bits, with one round
        // ResNet50's. They stay at TensorFlow's defaults.
        assertEquals(RewriterConfig.Toggle.DEFAULT, r.getConstantFolding());
        assertEquals(RewriterConfig.Toggle.DEFAULT, r.getArithmeticOptimization());
        assertEquals(RewriterConfig.Toggle.DEFAULT, r.getRemapping());
        assertEquals(RewriterConfig.NumIterationsType.DEFAULT_NUM_ITERS, r.getMetaOptimizerIterations());
        assertFalse(r.getDisableMetaOptimizer());
        assertFalse(OpenedGraph.SESSION_CONFIG.getGraphOptions().hasOptimizerOptions());
    }
}
