#if canImport(Glibc)
import Glibc
#endif

/// Why a figure could not be read from /proc or the file system.
public enum SystemSampleError: Error, Sendable, Equatable, CustomStringConvertible {
    /// A file could not be opened or read (e.g. the process has exited: ENOENT/ESRCH).
    case unreadable(path: String, errno: Int32)
    /// A file did not have the expected layout.
    case malformed(path: String, detail: String)

    public var description: String {
        switch self {
        case .unreadable(let path, let e):
            "cannot read \(path): \(String(cString: strerror(e))) — if it is a process's file, the process has probably exited"
        case .malformed(let path, let detail):
            "\(path) has an unexpected layout (\(detail)); this kernel's /proc format is not supported"
        }
    }
}

/// Small readers for /proc files, which report a size of 0 and must be read until EOF.
enum ProcFile {
    /// The whole file as text.
    static func read(_ path: String) throws(SystemSampleError) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw .unreadable(path: path, errno: errno) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let n = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw .unreadable(path: path, errno: errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The number of entries in a directory, `.` and `..` excluded.
    static func countEntries(_ path: String) throws(SystemSampleError) -> Int {
        guard let dir = opendir(path) else { throw .unreadable(path: path, errno: errno) }
        defer { closedir(dir) }
        var count = 0
        while let entry = readdir(dir) {
            let isDot = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                raw[0] == 0x2E && (raw[1] == 0 || (raw[1] == 0x2E && raw[2] == 0))
            }
            if !isDot { count += 1 }
        }
        return count
    }

    /// `key: value` lines (as in /proc/meminfo), first numeric word of each value.
    static func keyedNumbers(_ text: String) -> [Substring: Int64] {
        var result: [Substring: Int64] = [:]
        for line in text.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = line[line.startIndex..<colon]
            if let word = line[line.index(after: colon)...].split(separator: " ").first, let n = Int64(word) { result[key] = n }
        }
        return result
    }

    /// Clock ticks per second (`sysconf(_SC_CLK_TCK)`).
    static let clockTicksPerSecond: Double = Double(sysconf(Int32(_SC_CLK_TCK)))

    /// The page size in bytes.
    static let pageSize: Int64 = Int64(sysconf(Int32(_SC_PAGESIZE)))

    /// The boot time in unix seconds (`btime` of /proc/stat).
    static func bootTime() throws(SystemSampleError) -> Double {
        let text = try read("/proc/stat")
        for line in text.split(separator: "\n") where line.hasPrefix("btime ") {
            if let v = Double(line.dropFirst(6).trimmingPrefix(" ")) { return v }
        }
        throw .malformed(path: "/proc/stat", detail: "no btime line")
    }
}
