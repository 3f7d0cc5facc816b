package io.github.cam4j.video;

import java.nio.file.Path;

/**
 * What a {@link VideoPipeline}'s builder set that each of its runs reads.
 *
 * @param explainer explains and draws the frames; null to transcode only
 * @param capacity frames each queue between two stages holds
 * @param framesDir where each frame's PNG is written too; null for none
 * @param maxFrames the video frames decoded at most; 0 for all
 * @param audioMode what the output's audio is to be
 * @param overwrite whether an existing output and frame PNGs may be replaced
 * @param audioTrack the audio track read, from 1 among the input's audio tracks; 0 for the one a player picks
 * @param deinterlace whether pictures that hold two fields are deinterlaced as they are decoded
 */
record RunSettings(VideoExplainer explainer, int capacity, Path framesDir, long maxFrames, AudioMode audioMode,
        boolean overwrite, int audioTrack, boolean deinterlace) {}
