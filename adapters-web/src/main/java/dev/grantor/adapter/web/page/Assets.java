package dev.grantor.adapter.web.page;

import io.vavr.collection.HashMap;
import io.vavr.collection.Map;
import io.vavr.control.Option;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The stylesheet and script files, read from the jar once. Each is served under a name that carries a hash of its
 * content ({@code grantor.3f2a9c1b04.css}), so it can be cached for a year: a changed file is a new name.
 */
public final class Assets {

    static final String CACHE_FOREVER = "public, max-age=31536000, immutable";
    private static final String FOLDER = "/dev/grantor/adapter/web/assets/";
    private static final java.util.List<String> FILES = java.util.List.of("grantor.css", "grantor.js");

    record Asset(String versionedName, byte[] content, String contentType) {}

    private final Map<String, Asset> byName;
    private final Map<String, Asset> byVersionedName;

    private Assets(Map<String, Asset> byName) {
        this.byName = byName;
        this.byVersionedName = byName.values().toMap(Asset::versionedName, a -> a);
    }

    static Assets fromJar() {
        Map<String, Asset> assets = HashMap.empty();
        for (String file : FILES) {
            byte[] content = read(file);
            int dot = file.lastIndexOf('.');
            String versioned = file.substring(0, dot) + "." + shortHash(content) + file.substring(dot);
            String type = file.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8";
            assets = assets.put(file, new Asset(versioned, content, type));
        }
        return new Assets(assets);
    }

    /** The versioned name of {@code file}, such as {@code grantor.3f2a9c1b04.css}. */
    public String versioned(String file) {
        return byName.get(file).map(Asset::versionedName)
                .getOrElseThrow(() -> new IllegalArgumentException("no asset " + file));
    }

    Option<Asset> find(String versionedName) {
        return byVersionedName.get(versionedName);
    }

    private static byte[] read(String file) {
        try (InputStream in = Assets.class.getResourceAsStream(FOLDER + file)) {
            if (in == null) {
                throw new IllegalStateException("the jar lacks the asset " + file);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the asset " + file, e);
        }
    }

    private static String shortHash(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content)).substring(0, 10);
        } catch (NoSuchAlgorithmException impossible) {
            throw new IllegalStateException("every JDK provides SHA-256", impossible);
        }
    }
}
