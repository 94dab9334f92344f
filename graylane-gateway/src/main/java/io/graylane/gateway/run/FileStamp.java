package io.graylane.gateway.run;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What a file's attributes say about its content without reading it: size, modification time and
 * identity (inode), and when they were observed. Immutable.
 *
 * @param size     size in bytes
 * @param modified last modification time
 * @param fileKey  the file's identity where the platform has one (a rename-over changes it), else {@code null}
 * @param observed when the attributes were read
 */
record FileStamp(long size, FileTime modified, Object fileKey, Instant observed) {

    /** A write this close to an observation may have kept the same modification time (coarse clocks). */
    private static final Duration RACY = Duration.ofSeconds(2);

    /** The file's stamp now, or {@code null} when its attributes cannot be read (it is missing, say). */
    static FileStamp of(Path file) {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            return new FileStamp(a.size(), a.lastModifiedTime(), a.fileKey(), Instant.now());
        } catch (IOException e) {
            return null;
        }
    }

    /** Whether {@code other} describes the same size, modification time and file. */
    boolean sameAs(FileStamp other) {
        return other != null && size == other.size && modified.equals(other.modified)
                && Objects.equals(fileKey, other.fileKey);
    }

    /**
     * Whether the file was modified so shortly before this observation that a further write could have
     * left the same stamp; such a stamp does not prove the content unchanged.
     */
    boolean racy() {
        return Duration.between(modified.toInstant(), observed).compareTo(RACY) < 0;
    }
}
