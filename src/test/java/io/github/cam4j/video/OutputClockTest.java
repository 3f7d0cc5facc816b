package io.github.cam4j.video;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The output's clock, from the numbers FFmpeg gives (average and base frame rates, time base, the picture's lag behind
 * the sound), each case worked out by hand; {@code OutputTimingTest} checks the same through FFmpeg, slowly. Rates are
 * compared exactly: each is a ratio of the inputs or one of them.
 */
class OutputClockTest {
    /** Average and base rate the same number (25/1 and 50/2), picture with its sound: the frame rate, a tick a frame. */
    @Test
    void aConstantRateIsItsOwnClock() {
        assertEquals(25.0, OutputClock.rate(25, 25, 1, 50, 2, 1, 12800, 0));
        // No average known (a pipe's stream): nothing tells the rates apart, the frame rate as well.
        assertEquals(25.0, OutputClock.rate(25, 0, 0, 25, 1, 1, 12800, 0));
        // The same number written with other terms: 50/2 against 25/1, either way round.
        assertEquals(25.0, OutputClock.rate(25, 50, 2, 25, 1, 1, 12800, 0));
        // A rate of 0/1, or with a denominator of 0, is unknown as well (FFmpeg's "0/1" and "25/0"), not a rate of 0.
        assertEquals(25.0, OutputClock.rate(25, 0, 1, 25, 1, 1, 12800, 0));
        assertEquals(25.0, OutputClock.rate(25, 25, 0, 25, 1, 1, 12800, 0));
        assertEquals(25.0, OutputClock.rate(25, 25, 1, 0, 1, 1, 12800, 0));
        assertEquals(25.0, OutputClock.rate(25, 25, 1, 25, 0, 1, 12800, 0));
    }

    /**
     * Average and base differ (a fragmented mp4's 24.946 against 25): the time base's 12800 ticks a second, so each frame
     * keeps its time; a time base of 90000 (MPEG-TS's, phones') is brought under 24000 by the least divisor, 4: 22500.
     */
    @Test
    void aVariableRateGetsTheTimeBasesClock() {
        assertEquals(12800.0, OutputClock.rate(24.946, 12473, 500, 25, 1, 1, 12800, 0));
        assertEquals(22500.0, OutputClock.rate(29.97, 2997, 100, 30, 1, 1, 90000, 0));
    }

    /**
     * A time base coarser than the rates (an avi's 1/25): the base rate when it is finer than the average by more than
     * 1 % and at most 8 times it (50 for 25), else the average itself (25.1 is within 1 %; 201 is past 8 times).
     */
    @Test
    void aCoarseTimeBaseFallsBackToTheBaseRateWithinReason() {
        assertEquals(50.0, OutputClock.rate(25, 25, 1, 50, 1, 1, 25, 0));
        assertEquals(200.0, OutputClock.rate(25, 25, 1, 200, 1, 1, 25, 0), "8 times is still taken");
        assertEquals(25.0, OutputClock.rate(25, 25, 1, 251, 10, 1, 25, 0));
        assertEquals(25.0, OutputClock.rate(25, 25, 1, 201, 1, 1, 25, 0));
        // A base rate given as 100/2 is 50.
        assertEquals(50.0, OutputClock.rate(25, 25, 1, 100, 2, 1, 25, 0));
        // Exactly 1 % finer is not more than 1 % (100 x 1.01 is 101.0 exactly in doubles): the average, 100.
        assertEquals(100.0, OutputClock.rate(100, 100, 1, 101, 1, 1, 100, 0));
        // A time base exactly as fine as the base rate is the clock: 25.1 ticks would not hold 25.1 fps frames.
        assertEquals(30.0, OutputClock.rate(29.97, 2997, 100, 30, 1, 1, 30, 0));
    }

    /**
     * A picture 0.39 s after its sound at 5 fps is 10 ms off the grid of 0.2 s frames: a fine clock (12800), or it was
     * written at 0.4 s; 0.4005 s is on the grid (0.5 ms, within the millisecond of timestamps' rounding), and 0.15 s,
     * less than a frame, starts with the sound: the frame rate both times.
     */
    @Test
    void aPictureOffTheFrameGridAfterItsSoundGetsAFineClock() {
        assertEquals(12800.0, OutputClock.rate(5, 5, 1, 5, 1, 1, 12800, 390_000));
        assertEquals(5.0, OutputClock.rate(5, 5, 1, 5, 1, 1, 12800, 400_500));
        assertEquals(5.0, OutputClock.rate(5, 5, 1, 5, 1, 1, 12800, 150_000));
        // A base rate of n/0 is unknown, not infinite: the picture off the grid still gets the fine clock.
        assertEquals(12800.0, OutputClock.rate(5, 5, 1, 5, 0, 1, 12800, 390_000));
        assertTrue(OutputClock.onGrid(401_000, 5), "1 ms off is on the grid");
        assertFalse(OutputClock.onGrid(401_001, 5));
        assertTrue(OutputClock.onGrid(399_000, 5), "1 ms early likewise");
    }

    /**
     * Picture and sound start together when the picture is less than a frame (less the millisecond's tolerance) after
     * the sound: at 25 fps, 38.999 ms is, 39 ms is not; a picture before its sound is, and so is any with no rate.
     */
    @Test
    void lessThanAFrameAfterTheSoundStartsTogether() {
        assertTrue(OutputClock.startTogether(38_999, 25));
        assertFalse(OutputClock.startTogether(39_000, 25));
        assertTrue(OutputClock.startTogether(-500_000, 25));
        assertTrue(OutputClock.startTogether(5_000_000, 0));
    }

    /** Ticks per frame for the encoder: 12800 / 25 = 512; 22500 / 29.97 = 750.75, rounded 751; 1 on a clock no finer. */
    @Test
    void ticksPerFrameIsTheClockOverTheFrameRate() {
        assertEquals(512, OutputClock.ticksPerFrame(12800, 25));
        assertEquals(751, OutputClock.ticksPerFrame(22500, 30000.0 / 1001));
        assertEquals(1, OutputClock.ticksPerFrame(25, 25));
        assertEquals(1, OutputClock.ticksPerFrame(20, 25));
        assertEquals(1, OutputClock.ticksPerFrame(24000, 0));
    }

    /**
     * The time base's own rate up to 24000 (12800, Matroska's 1000, 30000/1001); finer, divided by the least whole
     * number that brings it under (48000 by 2, 90000 by 4); 24001, which no number up to 24 divides, and a time base
     * not of the form 1/n, or unknown, get 24000.
     */
    @Test
    void theFineClockIsTheTimeBaseBroughtUnder24000() {
        assertEquals(12800.0, OutputClock.fine(1, 12800));
        assertEquals(1000.0, OutputClock.fine(1, 1000));
        assertEquals(30000.0 / 1001, OutputClock.fine(1001, 30000));
        assertEquals(24000.0, OutputClock.fine(1, 24000));
        assertEquals(24000.0, OutputClock.fine(1, 48000));
        assertEquals(22500.0, OutputClock.fine(1, 90000));
        assertEquals(24000.0, OutputClock.fine(1, 24001));
        // The divisor may go up to the one that leaves 1000 ticks a second: 24 007 000 (1000 x the prime 24 007),
        // which nothing smaller brings under 24000, by 24 007.
        assertEquals(1000.0, OutputClock.fine(1, 24_007_000));
        assertEquals(24000.0, OutputClock.fine(2, 180000));
        assertEquals(24000.0, OutputClock.fine(0, 0));
        assertEquals(24000.0, OutputClock.fine(1, 0));
    }
}
