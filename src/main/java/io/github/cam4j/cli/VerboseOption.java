package io.github.cam4j.cli;

import picocli.CommandLine.Option;

/**
 * {@code --verbose}, shared by every command ({@code @Mixin}): stack traces on failure ({@link ErrorHandler}) and
 * TensorFlow's native logging ({@link NativeEnvironment}).
 */
final class VerboseOption {
    @Option(names = "--verbose", description = "show stack traces and TensorFlow's logging")
    boolean on;
}
