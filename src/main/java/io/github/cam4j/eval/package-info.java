/**
 * Measuring explanation quality: seeded translated-MNIST canvases, localisation and faithfulness metrics, baselines
 * (centre, noise, randomised weights), and the report (markdown, JSON, OpenCV charts, example grids). Depends on
 * {@code cam}, {@code savedmodel} and {@code model} (to re-draw weights), {@code data} and {@code render}.
 */
package io.github.cam4j.eval;
