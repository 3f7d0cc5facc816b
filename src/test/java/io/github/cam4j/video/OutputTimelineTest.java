package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Where each frame lands on the output's clock, worked out by hand (tick = first tick + round(time since the first
 * frame x ticks per second), never at or before the previous frame's), without encoding a video: {@code
 * OutputTimingTest} checks the same through FFmpeg, slowly.
 */
class OutputTimelineTest {
    /** Constant-rate input: one tick per frame, 40 ms apart at 25 frames/s. */
    @Test
    void aConstantRateIsOneTickPerFrame() {
        OutputTimeline timeline = new OutputTimeline(25, 25);
        assertArrayEquals(new int[] {0, 1, 2}, ticks(timeline, 1_000_000, 1_040_000, 1_080_000));
        assertEquals(1_000_000, timeline.zeroMicros(), "the first picture's time, no sound before it");
    }

    /**
     * Variable rate: a frame a second after the first is 30 ticks on at 30 ticks/s, not the next tick; one 10 ms later
     * (30.3 ticks, rounded to 30, taken) goes one tick after it.
     */
    @Test
    void aFrameGoesAtItsOwnTimeAndAfterThePrevious() {
        assertArrayEquals(new int[] {0, 30, 31, 45},
                ticks(new OutputTimeline(30, 30), 0, 1_000_000, 1_010_000, 1_500_000));
    }

    /**
     * Frames with no time of their own (a raw H.264 stream's, all at 0, or unknown) follow the previous one by a frame
     * period of the stated rate: 2 ticks on a 50-tick clock for 25 frames/s, not 1 (twice the speed).
     */
    @Test
    void untimedFramesFollowByAFramePeriod() {
        assertArrayEquals(new int[] {0, 2, 4}, ticks(new OutputTimeline(50, 25), 0, 0, 0));
        assertArrayEquals(new int[] {0, 2}, ticks(new OutputTimeline(50, 25), -1, -1));
        // A clock as coarse as the stated rate, or a rate unknown: one tick.
        assertArrayEquals(new int[] {0, 1}, ticks(new OutputTimeline(25, 25), -1, -1));
        assertArrayEquals(new int[] {0, 1}, ticks(new OutputTimeline(50, 0), -1, -1));
    }

    /**
     * Sound that starts before the picture sets the output's zero: a picture 1 s after it starts at tick 25 of a
     * 25-tick clock, the frames after it counted from there.
     */
    @Test
    void soundBeforeThePictureMovesItsFirstFrame() {
        OutputTimeline timeline = new OutputTimeline(25, 25);
        timeline.startAt(1_000_000);
        assertEquals(1_000_000, timeline.zeroMicros());
        assertArrayEquals(new int[] {25, 26}, ticks(timeline, 2_000_000, 2_040_000));
        // Sound from the input's very start (0 µs, the usual case) is a start too: the picture at 1 s is tick 25.
        OutputTimeline fromZero = new OutputTimeline(25, 25);
        fromZero.startAt(0);
        assertEquals(25, fromZero.frameNumber(1_000_000));
        assertEquals(0, fromZero.zeroMicros());
        // Sound starting after the picture does not move it.
        OutputTimeline late = new OutputTimeline(25, 25);
        late.startAt(3_000_000);
        assertEquals(0, late.frameNumber(2_000_000));
    }

    /**
     * The first picture's tick is rounded down (a picture is never shown before its time) with a millisecond's grace
     * for timestamps' rounding: on a 100-tick clock 389.5 ms is 38.95 ticks, within 0.1 tick (1 ms) of 39, so 39; 385 ms
     * (38.5) is 38, where the nearest would be 39. On a 1000-tick clock, finer than 2 ms, the nearest: 2.4 ms is 2,
     * 2.6 ms 3.
     */
    @Test
    void theFirstPicturesTickIsRoundedDownWithAMillisecondsGrace() {
        assertEquals(39, firstTick(100, 389_500));
        assertEquals(38, firstTick(100, 385_000));
        assertEquals(2, firstTick(1000, 2_400));
        assertEquals(3, firstTick(1000, 2_600));
    }

    /** @return the ticks of frames at these input times, in turn */
    private static int[] ticks(OutputTimeline timeline, long... micros) {
        int[] ticks = new int[micros.length];
        for (int i = 0; i < micros.length; i++) {
            ticks[i] = timeline.frameNumber(micros[i]);
        }
        return ticks;
    }

    private static int firstTick(double ticksPerSecond, long afterSound) {
        OutputTimeline timeline = new OutputTimeline(ticksPerSecond, ticksPerSecond);
        timeline.startAt(10_000_000);
        return timeline.frameNumber(10_000_000 + afterSound);
    }

    /**
     * A frame's length in ticks, at least one: 100 ms at 25 ticks/s is 2.5, rounded to 3; 1 µs is 1; an unknown length
     * is a frame period of the stated rate (2 ticks on a 50-tick clock for 25 frames/s).
     */
    @Test
    void aFramesDurationIsInTicksAndAtLeastOne() {
        OutputTimeline timeline = new OutputTimeline(25, 25);
        assertEquals(1, timeline.durationTicks(40_000));
        assertEquals(3, timeline.durationTicks(100_000));
        assertEquals(1, timeline.durationTicks(1));
        assertEquals(1, timeline.durationTicks(0));
        assertEquals(2, new OutputTimeline(50, 25).durationTicks(-1));
        assertEquals(2, new OutputTimeline(50, 25).durationTicks(0));
    }
}
