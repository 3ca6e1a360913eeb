import Foundation
import Glibc

/// Why an atomic write failed: which step, on which path, and errno's text.
public struct AtomicFileError: Error, Sendable, CustomStringConvertible {
    public let step: String
    public let path: String
    public let reason: String
    public var description: String { "\(step) \(path): \(reason) (check that the directory exists and the node may write to it)" }
}

/// Replaces a file so that a crash at any moment leaves the old content or the new, never a mix: write `PATH.tmp`,
/// fsync it, rename it over `PATH`, fsync the directory (so the rename itself is durable).
public enum AtomicFile {
    /// Writes `bytes` to `path` atomically and durably, with `mode` (default 0600: node state is private).
    public static func write(_ bytes: [UInt8], to path: String, mode: mode_t = 0o600) throws(AtomicFileError) {
        let temporary = path + ".tmp"
        func fail(_ step: String, _ target: String) -> AtomicFileError {
            AtomicFileError(step: step, path: target, reason: String(cString: strerror(errno)))
        }
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw fail("cannot create", temporary) }
        if mode != 0o600 { fchmod(fd, mode) }
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                let error = fail("cannot write", temporary)
                close(fd)
                unlink(temporary)
                throw error
            }
            written += n
        }
        guard fsync(fd) == 0 else {
            let error = fail("cannot fsync", temporary)
            close(fd)
            unlink(temporary)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else {
            let error = fail("cannot rename \(temporary) to", path)
            unlink(temporary)
            throw error
        }
        let directory = (path as NSString).deletingLastPathComponent
        let dfd = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard dfd >= 0 else { throw fail("cannot open the directory of", path) }
        defer { close(dfd) }
        guard fsync(dfd) == 0 else { throw fail("cannot fsync the directory of", path) }
    }
}
