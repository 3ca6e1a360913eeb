import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Why a log file could not be opened, written or rotated.
public enum LogFileError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Opening (creating) the file failed.
    case cannotOpen(path: String, errno: Int32)
    /// Writing a line failed (disk full, file system read-only…).
    case cannotWrite(path: String, errno: Int32)
    /// Renaming the file to `file.1` failed.
    case cannotRotate(path: String, errno: Int32)

    public var description: String {
        switch self {
        case .cannotOpen(let p, let e):
            "cannot open the log file \(p): \(String(cString: strerror(e))) — check that its directory exists and is writable"
        case .cannotWrite(let p, let e):
            "cannot write to the log file \(p): \(String(cString: strerror(e))) — check free disk space; entries stay in memory"
        case .cannotRotate(let p, let e):
            "cannot rotate the log file \(p): \(String(cString: strerror(e))) — check permissions on its directory"
        }
    }
}

/// Appends lines to a file and rotates it by size: `file` → `file.1` → … → `file.N` (the oldest is dropped).
final class LogFileWriter: Sendable {
    let path: String
    let maxBytes: Int
    let maxFiles: Int

    private struct State {
        var fd: Int32
        var size: Int
        var lastError: LogFileError?
    }
    private let state: Mutex<State>

    /// Opens (creates) `path` for appending.
    init(path: String, maxBytes: Int, maxFiles: Int) throws(LogFileError) {
        self.path = path
        self.maxBytes = max(1, maxBytes)
        self.maxFiles = max(0, maxFiles)
        let fd = try Self.open(path)
        var st = stat()
        let size = fstat(fd, &st) == 0 ? Int(st.st_size) : 0
        state = Mutex(State(fd: fd, size: size, lastError: nil))
    }

    deinit {
        state.withLock { s in if s.fd >= 0 { close(s.fd) } }
    }

    /// The most recent failure, if any; cleared by the next successful write.
    var lastError: LogFileError? { state.withLock { $0.lastError } }

    /// Appends `line` (which ends with a newline), rotating first if it would push the file past `maxBytes`.
    func write(_ line: [UInt8]) {
        write(lines: [line])
    }

    /// Appends `lines` (each ending with a newline) with as few write(2) calls as rotation allows: one per file the
    /// lines land in. The file is rotated before a line that would push it past `maxBytes`.
    func write(lines: [[UInt8]]) {
        state.withLock { s in
            var chunk: [UInt8] = []
            for line in lines {
                if s.size + chunk.count > 0, s.size + chunk.count + line.count > maxBytes {
                    guard append(chunk, &s) else { return }
                    chunk.removeAll(keepingCapacity: true)
                    do throws(LogFileError) { try rotate(&s) } catch { s.lastError = error }
                }
                chunk += line
            }
            _ = append(chunk, &s)
        }
    }

    /// Writes all of `bytes` at the end of the file; false (and `lastError` set) when the write failed.
    private func append(_ bytes: [UInt8], _ s: inout State) -> Bool {
        guard !bytes.isEmpty else { return true }
        guard s.fd >= 0 else { return false }
        var written = 0
        while written < bytes.count {
            let n = bytes.withUnsafeBytes { Glibc.write(s.fd, $0.baseAddress! + written, bytes.count - written) }
            if n < 0 {
                if errno == EINTR { continue }
                s.lastError = .cannotWrite(path: path, errno: errno)
                return false
            }
            written += n
        }
        s.size += written
        s.lastError = nil
        return true
    }

    /// Closes the file and opens `path` again (after logrotate renamed it: the next lines go to a new file).
    func reopen() {
        state.withLock { s in
            if s.fd >= 0 { close(s.fd); s.fd = -1 }
            do throws(LogFileError) {
                s.fd = try Self.open(path)
                var st = stat()
                s.size = fstat(s.fd, &st) == 0 ? Int(st.st_size) : 0
                s.lastError = nil
            } catch {
                s.lastError = error
            }
        }
    }

    private func rotate(_ s: inout State) throws(LogFileError) {
        if s.fd >= 0 { close(s.fd); s.fd = -1 }
        if maxFiles == 0 {
            unlink(path)
        } else {
            var i = maxFiles - 1
            while i >= 1 {
                rename("\(path).\(i)", "\(path).\(i + 1)")
                i -= 1
            }
            if rename(path, "\(path).1") != 0 { throw .cannotRotate(path: path, errno: errno) }
        }
        s.fd = try Self.open(path)
        s.size = 0
    }

    private static func open(_ path: String) throws(LogFileError) -> Int32 {
        let fd = Glibc.open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw .cannotOpen(path: path, errno: errno) }
        return fd
    }
}
