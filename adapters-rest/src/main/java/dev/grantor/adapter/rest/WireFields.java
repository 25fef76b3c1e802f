package dev.grantor.adapter.rest;

import dev.grantor.application.json.GrantorJson;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A problem's field as the HTTP API names it. The engine names a command's field in its own terms, by the path of
 * record components that leads to it ({@code customer.email}, {@code pageSize}); the wire names each component as the
 * codec writes it ({@link GrantorJson#memberName}: {@code page_size}), so a field in an error and the same member in an
 * answer follow one rule. A path is renamed only as far as it follows the components of the use cases' commands: past
 * a map (metadata, headers, integration_config) the keys are the caller's own and stay as sent, and a path that names
 * no component (one the edge or the domain already wrote in wire terms) stays as it is.
 */
final class WireFields {

    private final Set<Class<?>> commands;

    private WireFields(Set<Class<?>> commands) {
        this.commands = commands;
    }

    /**
     * The commands are the records nested in the primary ports that {@code useCases} (a record of ports) holds,
     * directly or through a record grouping several ports (the offline-verification ones).
     */
    static WireFields of(Class<? extends Record> useCases) {
        var commands = new LinkedHashSet<Class<?>>();
        addCommands(useCases, commands);
        return new WireFields(Set.copyOf(commands));
    }

    private static void addCommands(Class<?> ports, Set<Class<?>> commands) {
        for (RecordComponent port : ports.getRecordComponents()) {
            for (Class<?> type : types(port.getGenericType())) {
                if (type.isRecord()) {
                    addCommands(type, commands);
                    continue;
                }
                for (Class<?> nested : type.getDeclaredClasses()) {
                    if (nested.isRecord()) {
                        commands.add(nested);
                    }
                }
            }
        }
    }

    /**
     * A problem's message names another field only by a command component ({@code needs an oauthUrl}); each such
     * word is renamed as a field is. Other words are left alone: a word with no capital letter reads the same in
     * both namings, and one that names no component is not an engine name.
     */
    String message(String message) {
        var out = new StringBuilder(message.length() + 8);
        int start = 0;
        for (int i = 0; i <= message.length(); i++) {
            if (i == message.length() || !Character.isJavaIdentifierPart(message.charAt(i))) {
                String word = message.substring(start, i);
                boolean named = !word.equals(word.toLowerCase(java.util.Locale.ROOT)) && !components(commands, word).isEmpty();
                out.append(named ? GrantorJson.memberName(word) : word);
                if (i < message.length()) {
                    out.append(message.charAt(i));
                }
                start = i + 1;
            }
        }
        return out.toString();
    }

    String field(String path) {
        var out = new StringBuilder(path.length() + 8);
        Set<Class<?>> within = commands;
        int start = 0;
        while (start <= path.length()) {
            int dot = path.indexOf('.', start);
            int end = dot < 0 ? path.length() : dot;
            String segment = path.substring(start, end);
            int bracket = segment.indexOf('[');
            String name = bracket < 0 ? segment : segment.substring(0, bracket);
            var components = components(within, name);
            if (components.isEmpty()) {
                return out.append(path, start, path.length()).toString();
            }
            out.append(GrantorJson.memberName(name)).append(segment, name.length(), segment.length());
            if (dot < 0) {
                return out.toString();
            }
            out.append('.');
            var next = new LinkedHashSet<Class<?>>();
            components.forEach(component -> next.addAll(records(component.getGenericType())));
            within = next;
            start = dot + 1;
        }
        return out.toString();
    }

    /** Commands may share a component name (each names it the same way); the path goes on through all of them. */
    private static java.util.List<RecordComponent> components(Set<Class<?>> records, String name) {
        var found = new ArrayList<RecordComponent>();
        for (Class<?> record : records) {
            for (RecordComponent component : record.getRecordComponents()) {
                if (component.getName().equals(name)) {
                    found.add(component);
                }
            }
        }
        return found;
    }

    /** The records a component leads on to: its own type, or the element type of a list of them. */
    private static Set<Class<?>> records(Type type) {
        var found = new LinkedHashSet<Class<?>>();
        for (Class<?> candidate : types(type)) {
            if (candidate.isRecord()) {
                found.add(candidate);
            }
        }
        if (type instanceof ParameterizedType generic && Iterable.class.isAssignableFrom((Class<?>) generic.getRawType())) {
            for (Type argument : generic.getActualTypeArguments()) {
                found.addAll(records(argument));
            }
        }
        return found;
    }

    /** A type and, for an {@code Option} of it, what it holds. */
    private static java.util.List<Class<?>> types(Type type) {
        var out = new ArrayList<Class<?>>();
        if (type instanceof Class<?> plain) {
            out.add(plain);
        } else if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            out.add(raw);
            if (raw == io.vavr.control.Option.class) {
                for (Type argument : generic.getActualTypeArguments()) {
                    out.addAll(types(argument));
                }
            }
        }
        return out;
    }
}
