package dev.hilfarm.image.uboot;

import static dev.hilfarm.image.ManifestJson.number;
import static dev.hilfarm.image.ManifestJson.quote;
import static dev.hilfarm.image.ManifestJson.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;

/**
 * What a U-Boot build directory holds and what it was built from: written last into the
 * directory (manifest.json), it marks the build as complete. JSON, one file per line, written by
 * hand (the shape is small and fixed) and read with the YAML 1.2 loader, of which JSON is a subset.
 *
 * @param fragment the fragment's settings in canonical form, empty without one
 * @param fitKey   "NAME sha256,rsa2048 required=conf" for the FIT signature key in the control dtb, or empty
 * @param toolchain the cross compiler's name and version, for the record (not part of the key)
 */
public record UBootManifest(String sourcePackage, String sourceVersion, String upstreamVersion, String defconfig,
                            String fragmentSha256, List<String> fragment, String fitKey, String cacheKey,
                            String toolchain,
                            long sourceDateEpoch, List<UBootArtefact> files) {

    public static final int FORMAT = 1;
    public static final String FILE_NAME = "manifest.json";

    public UBootManifest {
        fragment = List.copyOf(fragment);
        files = List.copyOf(files);
    }

    public Optional<UBootArtefact> first(UBootArtefact.Role role) {
        return files.stream().filter(file -> file.role() == role).findFirst();
    }

    public String toJson() {
        StringBuilder json = new StringBuilder("{\n");
        json.append("  \"format\": ").append(FORMAT).append(",\n");
        field(json, "sourcePackage", sourcePackage);
        field(json, "sourceVersion", sourceVersion);
        field(json, "upstreamVersion", upstreamVersion);
        field(json, "defconfig", defconfig);
        field(json, "fragmentSha256", fragmentSha256);
        json.append("  \"fragment\": [");
        String separator = "";
        for (String setting : fragment) {
            json.append(separator).append(quote(setting));
            separator = ", ";
        }
        json.append("],\n");
        field(json, "fitKey", fitKey);
        field(json, "cacheKey", cacheKey);
        field(json, "toolchain", toolchain);
        json.append("  \"sourceDateEpoch\": ").append(sourceDateEpoch).append(",\n");
        json.append("  \"files\": [");
        separator = "\n";
        for (UBootArtefact file : files) {
            json.append(separator).append("    {\"path\": ").append(quote(file.path()))
                    .append(", \"role\": ").append(quote(file.role().jsonName()))
                    .append(", \"size\": ").append(file.size())
                    .append(", \"sha256\": ").append(quote(file.sha256())).append('}');
            separator = ",\n";
        }
        json.append("\n  ]\n}\n");
        return json.toString();
    }

    /** Parses a manifest; the exception's message says what is wrong, the caller adds which file. */
    public static UBootManifest parse(String text) {
        Object document;
        try {
            document = new Load(LoadSettings.builder().setLabel(FILE_NAME).build()).loadFromString(text);
        } catch (YamlEngineException e) {
            throw new IllegalArgumentException("not valid JSON: " + e.getMessage().lines().findFirst().orElse(""), e);
        }
        Map<?, ?> root = object(document, "the manifest");
        if (!(root.get("format") instanceof Number format) || format.intValue() != FORMAT) {
            throw new IllegalArgumentException("unsupported manifest format " + root.get("format")
                    + " (expected " + FORMAT + ")");
        }
        List<UBootArtefact> files = new ArrayList<>();
        for (Object item : list(root, "files")) {
            Map<?, ?> file = object(item, "a file entry");
            files.add(new UBootArtefact(text(file, "path"), UBootArtefact.Role.fromJson(text(file, "role")),
                    number(file, "size"), text(file, "sha256")));
        }
        List<String> fragment = new ArrayList<>();
        for (Object setting : list(root, "fragment")) {
            if (!(setting instanceof String line)) {
                throw new IllegalArgumentException("\"fragment\" holds a non-string");
            }
            fragment.add(line);
        }
        return new UBootManifest(text(root, "sourcePackage"), text(root, "sourceVersion"),
                text(root, "upstreamVersion"), text(root, "defconfig"), text(root, "fragmentSha256"), fragment,
                text(root, "fitKey"), text(root, "cacheKey"), text(root, "toolchain"), number(root, "sourceDateEpoch"), files);
    }

    private static void field(StringBuilder json, String name, String value) {
        json.append("  ").append(quote(name)).append(": ").append(quote(value)).append(",\n");
    }

    private static Map<?, ?> object(Object value, String what) {
        if (value instanceof Map<?, ?> map) {
            return map;
        }
        throw new IllegalArgumentException(what + " is not a JSON object");
    }

    private static List<?> list(Map<?, ?> object, String key) {
        if (object.get(key) instanceof List<?> items) {
            return items;
        }
        throw new IllegalArgumentException("\"" + key + "\" is missing or not a list");
    }
}
