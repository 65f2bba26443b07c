package dev.hilfarm.board;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

/**
 * Typed, position-aware reading of one YAML mapping. Every value is read through here so that
 * every complaint names the file, the line and the full field path; unknown keys are rejected so
 * a typo in a profile is an error, not a silently ignored setting. Public because every YAML file
 * of hilfarm (board profiles, farm plans, lab inventories) is read the same strict way.
 */
public final class YamlFields {
    private final String file;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();

    public YamlFields(String file, String path, Node node) {
        this.file = file;
        this.path = path;
        this.node = node;
        if (!(node instanceof MappingNode mapping)) {
            throw error(node, path, "expected a mapping of fields");
        }
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                throw error(tuple.getKeyNode(), path, "field names must be plain text");
            }
            if (entries.put(key.getValue(), tuple) != null) {
                throw error(key, field(key.getValue()), "field given twice");
            }
        }
    }

    /** The first document of {@code yaml} as a mapping; {@code file} names the source in errors. */
    public static YamlFields document(String file, String yaml) {
        LoadSettings settings = LoadSettings.builder().setLabel(file).build();
        Node root;
        try {
            Composer composer = new Composer(settings, new ParserImpl(settings, new StreamReader(settings, yaml)));
            if (!composer.hasNext()) {
                throw new ProfileException(file, 0, "", "the file is empty");
            }
            root = composer.next();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().map(m -> m.getLine() + 1).orElse(0);
            throw new ProfileException(file, line, "", "not valid YAML: " + e.getProblem());
        }
        return new YamlFields(file, "", root);
    }

    /** The file these fields were read from, as given. */
    public String file() {
        return file;
    }

    /** The line of this mapping (1-based), for errors about the entry as a whole. */
    public int line() {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** The dotted path of this mapping, e.g. {@code jobs[2]}. */
    public String path() {
        return path;
    }

    /** An error about this mapping as a whole (an entry that conflicts with another). */
    public ProfileException problem(String message) {
        return error(node, path, message);
    }

    public void allowOnly(Set<String> known) {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!known.contains(e.getKey())) {
                throw error(e.getValue().getKeyNode(), field(e.getKey()),
                        "unknown field (known here: " + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    public boolean has(String key) {
        return entries.containsKey(key) && !isNull(entries.get(key).getValueNode());
    }

    /** Text exactly as written: prompts such as "=> " keep their trailing space. */
    public String string(String key) {
        Node value = require(key).getValueNode();
        if (!(value instanceof ScalarNode scalar)) {
            throw error(value, field(key), "expected text");
        }
        return scalar.getValue();
    }

    /** Whether the field is given as plain text (rather than a mapping or a list). */
    public boolean isText(String key) {
        return has(key) && entries.get(key).getValueNode() instanceof ScalarNode;
    }

    public Optional<String> optionalString(String key) {
        return has(key) ? Optional.of(string(key)) : Optional.empty();
    }

    public String stringOr(String key, String fallback) {
        return has(key) ? string(key) : fallback;
    }

    public int positiveInt(String key) {
        return parse(key, "a positive whole number", s -> {
            int v = Integer.parseInt(s);
            if (v <= 0) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    public int nonNegativeInt(String key) {
        return parse(key, "a whole number >= 0", s -> {
            int v = Integer.decode(s);
            if (v < 0) {
                throw new IllegalArgumentException();
            }
            return v;
        });
    }

    /** A 32-bit physical address written in hex, such as 0x60000000. */
    public long address(String key) {
        return parse(key, "a 32-bit address in hex like 0x10009000", s -> {
            if (!s.matches("0[xX][0-9a-fA-F]{1,8}")) {
                throw new IllegalArgumentException();
            }
            return Long.parseLong(s.substring(2), 16);
        });
    }

    /** A size like 512MiB, 1GiB, 64KiB or a plain byte count. */
    public long size(String key) {
        return parse(key, "a size like 512MiB or 1GiB", s -> {
            var m = java.util.regex.Pattern.compile("(\\d+)\\s*(KiB|MiB|GiB)?").matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException();
            }
            long v = Long.parseLong(m.group(1));
            String unit = m.group(2) == null ? "" : m.group(2);
            long scaled = switch (unit) {
                case "KiB" -> v << 10;
                case "MiB" -> v << 20;
                case "GiB" -> v << 30;
                default -> v;
            };
            if (scaled <= 0) {
                throw new IllegalArgumentException();
            }
            return scaled;
        });
    }

    /** A duration like 90s, 10m, 2h or 500ms. */
    public java.time.Duration duration(String key) {
        return parse(key, "a duration like 90s, 10m or 2h", s -> {
            var m = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h)").matcher(s);
            if (!m.matches()) {
                throw new IllegalArgumentException();
            }
            long v = Long.parseLong(m.group(1));
            java.time.Duration d = switch (m.group(2)) {
                case "ms" -> java.time.Duration.ofMillis(v);
                case "s" -> java.time.Duration.ofSeconds(v);
                case "m" -> java.time.Duration.ofMinutes(v);
                default -> java.time.Duration.ofHours(v);
            };
            if (d.isZero()) {
                throw new IllegalArgumentException();
            }
            return d;
        });
    }

    /** A mapping of plain text to plain text, such as lab variables. */
    public Map<String, String> stringMap(String key) {
        YamlFields inner = mapping(key);
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : inner.entries.keySet()) {
            out.put(name, inner.string(name));
        }
        return out;
    }

    public UsbId usbId(String key) {
        return parse(key, "a USB ID like 0451:d00e", s -> {
            UsbId id = UsbId.parseOrNull(s);
            if (id == null) {
                throw new IllegalArgumentException();
            }
            return id;
        });
    }

    public <E extends Enum<E>> E choice(String key, Class<E> type) {
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(e.name().toLowerCase().replace('_', '-'));
        }
        return parse(key, "one of " + String.join(", ", names),
                s -> Enum.valueOf(type, s.toUpperCase().replace('-', '_')));
    }

    public YamlFields mapping(String key) {
        return new YamlFields(file, field(key), require(key).getValueNode());
    }

    public Optional<YamlFields> optionalMapping(String key) {
        return has(key) ? Optional.of(mapping(key)) : Optional.empty();
    }

    public List<YamlFields> mappings(String key) {
        List<YamlFields> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            out.add(new YamlFields(file, field(key) + "[" + i + "]", items.get(i)));
        }
        return out;
    }

    public List<String> strings(String key) {
        List<String> out = new ArrayList<>();
        List<Node> items = sequence(key);
        for (int i = 0; i < items.size(); i++) {
            if (!(items.get(i) instanceof ScalarNode scalar) || isNull(scalar)) {
                throw error(items.get(i), field(key) + "[" + i + "]", "expected text");
            }
            out.add(scalar.getValue());
        }
        return out;
    }

    public List<String> stringsOrEmpty(String key) {
        return has(key) ? strings(key) : List.of();
    }

    public ProfileException problem(String key, String message) {
        NodeTuple tuple = entries.get(key);
        return error(tuple == null ? node : tuple.getValueNode(), field(key), message);
    }

    private List<Node> sequence(String key) {
        Node value = require(key).getValueNode();
        if (!(value instanceof SequenceNode seq)) {
            throw error(value, field(key), "expected a list");
        }
        return seq.getValue();
    }

    private <T> T parse(String key, String expectation, Function<String, T> parser) {
        Node value = require(key).getValueNode();
        if (!(value instanceof ScalarNode scalar)) {
            throw error(value, field(key), "expected " + expectation);
        }
        try {
            return parser.apply(scalar.getValue().strip());
        } catch (RuntimeException e) {
            throw error(value, field(key), "expected " + expectation + ", got '" + scalar.getValue() + "'");
        }
    }

    private NodeTuple require(String key) {
        NodeTuple tuple = entries.get(key);
        if (tuple == null || isNull(tuple.getValueNode())) {
            throw error(tuple == null ? node : tuple.getValueNode(), field(key), "required field is missing");
        }
        return tuple;
    }

    private String field(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static boolean isNull(Node n) {
        return n instanceof ScalarNode s && s.getTag().getValue().endsWith(":null");
    }

    private ProfileException error(Node at, String field, String message) {
        int line = at.getStartMark().map(m -> m.getLine() + 1).orElse(0);
        return new ProfileException(file, line, field, message);
    }
}
