package dev.hilfarm.image;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * The manifest as JSON: one file per line so that it diffs well and reads well, written by hand
 * (the shape is fixed and small) and read with the YAML 1.2 loader, of which JSON is a subset.
 */
public final class ManifestJson {

    static final int FORMAT = 1;

    private ManifestJson() {
    }

    static String write(ImageManifest manifest) {
        StringBuilder json = new StringBuilder();
        json.append("{\n");
        json.append("  \"format\": ").append(FORMAT).append(",\n");
        json.append("  \"kernelPackage\": ").append(quote(manifest.kernelPackage())).append(",\n");
        json.append("  \"kernelVersion\": ").append(quote(manifest.kernelVersion())).append(",\n");
        json.append("  \"files\": [");
        String separator = "\n";
        for (ManifestEntry entry : manifest.files()) {
            json.append(separator).append("    {\"path\": ").append(quote(entry.path()))
                    .append(", \"role\": ").append(quote(entry.role().jsonName()))
                    .append(", \"size\": ").append(entry.size())
                    .append(", \"sha256\": ").append(quote(entry.sha256()))
                    .append(", \"package\": ").append(quote(entry.packageName()))
                    .append(", \"version\": ").append(quote(entry.version())).append('}');
            separator = ",\n";
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /** Parses a manifest; the exception's message says what is wrong, the caller adds which file. */
    static ImageManifest read(String text) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel("manifest").build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        Map<?, ?> root = mapping(document, "the manifest");
        Object format = root.get("format");
        if (!(format instanceof Number number) || number.intValue() != FORMAT) {
            throw new IllegalArgumentException("unsupported manifest format " + format + " (expected " + FORMAT + ")");
        }
        if (!(root.get("files") instanceof List<?> files)) {
            throw new IllegalArgumentException("\"files\" is not a list");
        }
        List<ManifestEntry> entries = new ArrayList<>();
        for (Object item : files) {
            Map<?, ?> file = mapping(item, "a file entry");
            entries.add(new ManifestEntry(text(file, "path"), ManifestEntry.Role.fromJson(text(file, "role")),
                    number(file, "size"), text(file, "sha256"), text(file, "package"), text(file, "version")));
        }
        return new ImageManifest(text(root, "kernelPackage"), text(root, "kernelVersion"), entries);
    }

    private static Map<?, ?> mapping(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    /** A required string field of a parsed JSON object; the message names the field. */
    public static String text(Map<?, ?> object, String key) {
        if (object.get(key) instanceof String value) {
            return value;
        }
        throw new IllegalArgumentException("\"" + key + "\" is missing or not a string");
    }

    /** A required number field of a parsed JSON object; the message names the field. */
    public static long number(Map<?, ?> object, String key) {
        if (object.get(key) instanceof Number value) {
            return value.longValue();
        }
        throw new IllegalArgumentException("\"" + key + "\" is missing or not a number");
    }

    /** A JSON string literal for {@code value}, escaped. */
    public static String quote(String value) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\t' -> quoted.append("\\t");
                default -> {
                    if (c < 0x20) {
                        quoted.append(String.format("\\u%04x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
