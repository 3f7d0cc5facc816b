/**
 * Reading IDX image/label files, locating a dataset folder, and downloading MNIST with checksum verification; and
 * removing a folder tree ({@code FileTrees}) and writing a file whole or not at all ({@code AtomicFile}), which
 * every layer above needs. Depends on nothing else in cam4j.
 */
package io.github.cam4j.data;
