package dev.ephpm.host.safety;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * The served directory, and the only way to turn a request path into a file. A file is returned only when its
 * real location (symlinks resolved) lies inside the document root or one of the configured symlink targets, so a
 * symlink planted inside the root cannot expose {@code /etc}.
 */
public final class DocumentRoot {
    private final Path root;
    private final String rootPrefix;
    private final List<String> allowedPrefixes;

    /** A file or directory found inside the root. */
    public record Found(Path path, BasicFileAttributes attributes) {
        public boolean isFile() {
            return attributes.isRegularFile();
        }

        public boolean isDirectory() {
            return attributes.isDirectory();
        }
    }

    /**
     * @throws IOException when the root itself cannot be resolved
     */
    public DocumentRoot(Path root, List<Path> symlinkTargets) throws IOException {
        this.root = root.toRealPath();
        this.rootPrefix = withSlash(this.root);
        List<String> prefixes = new ArrayList<>();
        prefixes.add(rootPrefix);
        for (Path t : symlinkTargets) {
            prefixes.add(withSlash(t.toRealPath()));
        }
        this.allowedPrefixes = List.copyOf(prefixes);
    }

    /** The real path of the root: what SCRIPT_FILENAME and DOCUMENT_ROOT are built from. */
    public Path path() {
        return root;
    }

    /**
     * Finds {@code decodedPath} (a path from {@link RequestPath#decoded()}, or a rewrite target) under the root.
     *
     * @return null when it does not exist, or resolves outside the allowed directories
     */
    public Found find(String decodedPath) {
        String relative = decodedPath.startsWith("/") ? decodedPath.substring(1) : decodedPath;
        Path candidate = relative.isEmpty() ? root : root.resolve(relative);
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(candidate, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        if (!attrs.isSymbolicLink() && !mayContainSymlink(candidate)) {
            return new Found(candidate, attrs);
        }
        try {
            Path real = candidate.toRealPath();
            if (!isAllowed(real)) {
                return null;
            }
            return new Found(candidate, Files.readAttributes(real, BasicFileAttributes.class));
        } catch (IOException | RuntimeException e) {
            return null; // a dangling link, or a race with a delete
        }
    }

    private boolean isAllowed(Path real) {
        String s = withSlash(real);
        for (String prefix : allowedPrefixes) {
            if (s.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a directory between the root and {@code candidate} is a symlink. Checked per component with lstat:
     * cheaper than realpath for the usual case of one or two levels, and exact.
     */
    private boolean mayContainSymlink(Path candidate) {
        Path p = candidate.getParent();
        while (p != null && p.getNameCount() > root.getNameCount()) {
            if (Files.isSymbolicLink(p)) {
                return true;
            }
            p = p.getParent();
        }
        return false;
    }

    private static String withSlash(Path p) {
        String s = p.toString();
        return s.endsWith("/") ? s : s + "/";
    }
}
