/**
 * Reading IDX image/label files, locating a dataset folder, and downloading MNIST with checksum verification; and
 * removing a folder tree ({@code FileTrees}), which every layer above needs. Depends on nothing else in cam4j.
 */
package io.github.cam4j.data;
