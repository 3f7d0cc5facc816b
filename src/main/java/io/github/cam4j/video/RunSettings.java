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
 */
record RunSettings(VideoExplainer explainer, int capacity, Path framesDir, long maxFrames, AudioMode audioMode) {}
