/**
 * Measuring explanation quality: localisation and faithfulness metrics, canvases, baselines, reports. Depends on {@code cam}.
 */
package io.github.cam4j.eval;
