package io.github.cam4j.video;

/**
 * Where a run's output time starts: the shift that moves a decoded stream starting below zero, and the other with it,
 * to zero; and the output clock's zero, set from where picture and sound start.
 *
 * @param source the run's input
 * @param info what the input says of itself
 * @param timeShift added to every decoded picture's and sound's time when the sound is decoded: a stream that starts
 *     before zero (Opus's pre-skip, an MP3's encoder delay in Matroska: a few milliseconds) is moved to start at zero,
 *     the other with it. The pipeline reads a time below zero as unknown, and such sound was written from the
 *     output's start whatever the picture's lead: a picture 0.2 s after it came out 0.2 s early (helper-79). Set
 *     before the stages start.
 */
record OutputStart(FrameSource source, VideoInfo info, long timeShift) {
    /**
     * @param soundStart the sound's start as its stream states it, microseconds; -1 when unknown
     * @param pictureStart the picture's, likewise
     * @return how far to move every time so that neither stream starts below zero: 0 when both start at or after it
     */
    static long shiftToZero(long soundStart, long pictureStart) {
        long earliest = Math.min(soundStart == -1 ? 0 : soundStart, pictureStart == -1 ? 0 : pictureStart);
        return Math.max(0, -earliest);
    }

    /** @return an input time moved by {@link #timeShift()}; -1 (unknown) stays unknown */
    long shifted(long micros) {
        return micros == -1 ? -1 : micros + timeShift;
    }

    /**
     * Sets the output's zero from where picture and sound start, before anything is written. Sound that starts a
     * frame or more before the picture is written from the zero, and the picture keeps its distance from it (the
     * clock is fine enough for that distance, {@link OutputClock}). Less than a frame before it (an AAC encoder's
     * priming, which MPEG-TS cannot mark), the picture starts at the zero and the sound is cut there, copied (by the
     * mp4's edit list) or re-encoded ({@link SoundTimeline}) alike: the re-encoded sound was written from its own
     * start while the picture was put at 0, 21 ms late on a phone's clip and 190 ms at 5 fps (helper-75, F3).
     *
     * @param first the first item of the run, picture or sound
     */
    void startClock(OutputTimeline timeline, Item first, CopiedSound copy) {
        // Copied sound does not come through the queue: its first packet says where it starts. Decoded sound that
        // comes after the first picture is known by its stream's start, and a picture after the first sound by its.
        long soundStart = copy != null ? copy.startMicros()
                : first.image == null ? first.micros : shifted(source.soundStartMicros());
        if (copy != null && soundStart < -1) {
            // Copied sound stated to start below zero (its encoder's priming: AAC, MP3 or Opus in Matroska) is
            // heard from zero, as players take it, the part below cut by the mp4's edit list. Taken for sound of
            // unknown start, a picture 0.4 s after it was moved to the output's zero and the sound's first
            // 0.42 s cut with it (helper-84's audit).
            soundStart = 0;
        }
        long pictureStart = first.image != null ? first.micros : shifted(source.videoStartMicros());
        if (soundStart >= 0 && (pictureStart < 0
                || !OutputClock.startTogether(pictureStart - soundStart, info.frameRate()))) {
            timeline.startAt(soundStart);
        } else if (pictureStart >= 0) {
            timeline.startAt(pictureStart);
        }
    }
}
