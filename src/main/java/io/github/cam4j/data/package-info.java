/**
 * Reading IDX image/label files, locating a dataset folder, and downloading MNIST with checksum verification; and
 * removing a folder tree ({@code FileTrees}) and writing a file whole or not at all ({@code AtomicFile}), which
 * every layer above needs. Depends on no other package of cam4j, only its root's
 * exception and progress bars.
 */
package io.github.cam4j.data;
