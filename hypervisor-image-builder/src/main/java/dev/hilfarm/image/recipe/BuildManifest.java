package dev.hilfarm.image.recipe;

import static dev.hilfarm.image.ManifestJson.number;
import static dev.hilfarm.image.ManifestJson.quote;
import static dev.hilfarm.image.ManifestJson.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What a recipe build left in its output directory ({@code manifest.json}): every artefact with
 * its sha256, size, load address and the inputs it was made from, and how U-Boot boots the
 * result from each medium. Rewritten after every step, so an interrupted build still describes
 * what it finished ({@code complete} false).
 */
public record BuildManifest(String recipe, String recipeSource, String board, boolean complete,
                            List<Artefact> artefacts, List<BootMedium> boot) {
    public static final String FILE_NAME = "manifest.json";
    static final int FORMAT = 1;

    /**
     * One file of the build.
     *
     * @param step   digest of everything the step that made it read; equal digests allow reuse
     * @param inputs what it was made from, readable: other artefacts as {@code NAME@sha256:…}, a
     *               source package as {@code u-boot 2023.01+dfsg-2+deb12u3}
     */
    public record Artefact(String file, String kind, String sha256, long size, OptionalLong loadAddress,
                           OptionalLong entry, String step, List<String> inputs) {
        public Artefact {
            inputs = List.copyOf(inputs);
        }
    }

    /**
     * A medium the build can boot from: the image to put on it and what to type at U-Boot's
     * prompt to boot it from there.
     *
     * @param medium {@code sd} or {@code flash}
     * @param bank   for {@code flash}, which NOR bank the image belongs in
     */
    public record BootMedium(String medium, String file, int bank, List<String> commands) {
        public BootMedium {
            commands = List.copyOf(commands);
        }
    }

    public BuildManifest {
        artefacts = List.copyOf(artefacts);
        boot = List.copyOf(boot);
    }

    public Optional<Artefact> artefact(String file) {
        return artefacts.stream().filter(a -> a.file().equals(file)).findFirst();
    }

    public Optional<BootMedium> medium(String medium) {
        return boot.stream().filter(b -> b.medium().equals(medium)).findFirst();
    }

    public String toJson() {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"format\": ").append(FORMAT).append(",\n");
        json.append("  \"recipe\": ").append(quote(recipe)).append(",\n");
        json.append("  \"recipeSource\": ").append(quote(recipeSource)).append(",\n");
        json.append("  \"board\": ").append(quote(board)).append(",\n");
        json.append("  \"complete\": ").append(complete).append(",\n");
        json.append("  \"artefacts\": [");
        String sep = "\n";
        for (Artefact a : artefacts) {
            json.append(sep).append("    {\"file\": ").append(quote(a.file()))
                    .append(", \"kind\": ").append(quote(a.kind()))
                    .append(", \"sha256\": ").append(quote(a.sha256()))
                    .append(", \"size\": ").append(a.size())
                    .append(", \"loadAddress\": ").append(hex(a.loadAddress()))
                    .append(", \"entry\": ").append(hex(a.entry()))
                    .append(", \"step\": ").append(quote(a.step()))
                    .append(", \"inputs\": ").append(strings(a.inputs())).append('}');
            sep = ",\n";
        }
        json.append("\n  ],\n  \"boot\": [");
        sep = "\n";
        for (BootMedium b : boot) {
            json.append(sep).append("    {\"medium\": ").append(quote(b.medium()))
                    .append(", \"file\": ").append(quote(b.file()))
                    .append(", \"bank\": ").append(b.bank())
                    .append(", \"commands\": ").append(strings(b.commands())).append('}');
            sep = ",\n";
        }
        return json.append("\n  ]\n}\n").toString();
    }

    /** Parses a manifest; the message says what is wrong, the caller adds which file. */
    public static BuildManifest parse(String json) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(FILE_NAME).build()).loadFromString(json);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        if (!(document instanceof Map<?, ?> root)) {
            throw new IllegalArgumentException("the manifest is not a JSON object");
        }
        if (number(root, "format") != FORMAT) {
            throw new IllegalArgumentException("unsupported manifest format " + root.get("format") + " (expected " + FORMAT + ")");
        }
        List<Artefact> artefacts = new ArrayList<>();
        for (Object o : list(root, "artefacts")) {
            Map<?, ?> a = object(o, "an artefact");
            artefacts.add(new Artefact(text(a, "file"), text(a, "kind"), text(a, "sha256"), number(a, "size"),
                    address(a, "loadAddress"), address(a, "entry"), text(a, "step"), textList(a, "inputs")));
        }
        List<BootMedium> boot = new ArrayList<>();
        for (Object o : list(root, "boot")) {
            Map<?, ?> b = object(o, "a boot medium");
            boot.add(new BootMedium(text(b, "medium"), text(b, "file"), (int) number(b, "bank"), textList(b, "commands")));
        }
        if (!(root.get("complete") instanceof Boolean complete)) {
            throw new IllegalArgumentException("\"complete\" is missing or not true/false");
        }
        return new BuildManifest(text(root, "recipe"), text(root, "recipeSource"), text(root, "board"), complete,
                artefacts, boot);
    }

    private static String hex(OptionalLong value) {
        return value.isPresent() ? quote("0x" + Long.toHexString(value.getAsLong())) : "null";
    }

    private static OptionalLong address(Map<?, ?> object, String key) {
        Object v = object.get(key);
        if (v == null) {
            return OptionalLong.empty();
        }
        if (v instanceof String s && s.matches("0x[0-9a-f]{1,16}")) {
            return OptionalLong.of(Long.parseUnsignedLong(s.substring(2), 16));
        }
        throw new IllegalArgumentException("\"" + key + "\" is not null or a hex address like \"0x60100000\"");
    }

    private static String strings(List<String> values) {
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; i < values.size(); i++) {
            s.append(i == 0 ? "" : ", ").append(quote(values.get(i)));
        }
        return s.append(']').toString();
    }

    private static List<?> list(Map<?, ?> object, String key) {
        if (object.get(key) instanceof List<?> l) {
            return l;
        }
        throw new IllegalArgumentException("\"" + key + "\" is missing or not a list");
    }

    private static List<String> textList(Map<?, ?> object, String key) {
        List<String> out = new ArrayList<>();
        for (Object o : list(object, key)) {
            if (!(o instanceof String s)) {
                throw new IllegalArgumentException("\"" + key + "\" holds something other than strings");
            }
            out.add(s);
        }
        return out;
    }

    private static Map<?, ?> object(Object value, String what) {
        if (value instanceof Map<?, ?> m) {
            return m;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }
}
