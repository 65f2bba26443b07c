/**
 * Flattened device trees: reading, editing and writing {@code .dtb} blobs byte for byte as dtc
 * lays them out. Shared by the emulator (the dtb it boots Linux with) and the image builder
 * (FIT images are device trees), so it lives below both.
 */
package dev.hilfarm.board.fdt;
