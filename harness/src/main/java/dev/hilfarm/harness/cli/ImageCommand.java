package dev.hilfarm.harness.cli;

import dev.hilfarm.board.fdt.DeviceTree;
import dev.hilfarm.board.fdt.DeviceTreeNode;
import dev.hilfarm.board.fdt.DeviceTreeProperty;
import dev.hilfarm.image.format.ImageInspection;
import dev.hilfarm.image.format.UbootRsaKey;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code hil image inspect FILE}: the structure of an image file, checked as it is read. */
@Command(name = "image", description = "Image files: 'hil image build RECIPE --out DIR' builds a recipe;"
        + " 'hil image inspect FILE' prints the structure of a uImage, FIT, dtb,"
        + " Android sparse or boot image, or MBR/GPT disk image", subcommands = {ImageCommand.Inspect.class, ImageBuildCommand.class, ImageBuildCommand.Recipes.class})
final class ImageCommand implements Runnable {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    @Command(name = "inspect", description = "Print the structure of FILE; a corrupt or truncated file is named with the byte offset where it goes wrong")
    static final class Inspect implements Callable<Integer> {
        @Parameters(paramLabel = "FILE")
        Path file;

        @Option(names = "--key", paramLabel = "CONTROL_DTB",
                description = "U-Boot control dtb whose /signature/key-NAME nodes check a FIT's signatures")
        Path controlDtb;

        @Override
        public Integer call() throws Exception {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException(file + ": no such file");
            }
            Map<String, RSAPublicKey> keys = new LinkedHashMap<>();
            if (controlDtb != null) {
                if (!Files.isRegularFile(controlDtb)) {
                    throw new IllegalArgumentException(controlDtb + ": no such file");
                }
                DeviceTree control = DeviceTree.read(controlDtb);
                for (DeviceTreeNode key : control.node("/signature").map(DeviceTreeNode::children).orElse(java.util.List.of())) {
                    String name = key.property("key-name-hint").flatMap(DeviceTreeProperty::asString).orElse(key.name().replaceFirst("^key-", ""));
                    keys.put(name, UbootRsaKey.from(key));
                }
            }
            System.out.println(ImageInspection.describe(file, keys));
            return 0;
        }
    }
}
