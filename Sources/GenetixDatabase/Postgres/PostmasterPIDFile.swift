import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// What `postmaster.pid` says about a running (or dead) postmaster: its pid, data directory and port.
struct PostmasterPIDFile: Sendable, Equatable {
    let pid: pid_t
    let dataDirectory: String
    let port: Int?

    /// Reads the file; nil when it is missing or malformed.
    init?(path: String) {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard lines.count >= 2, let pid = pid_t(lines[0].trimmingCharacters(in: .whitespaces)), pid > 0 else { return nil }
        self.pid = pid
        dataDirectory = lines[1]
        port = lines.count > 3 ? Int(lines[3].trimmingCharacters(in: .whitespaces)) : nil
    }

    /// Whether `pid` is a live (not zombie) process whose program is postgres.
    static func isLivePostgres(_ pid: pid_t) -> Bool {
        guard kill(pid, 0) == 0 || errno == EPERM else { return false }
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return false }
        let state = stat[stat.index(close, offsetBy: 2)...].first
        if state == "Z" || state == "X" { return false }
        guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline") else { return false }
        let argv0 = String(decoding: cmdline.prefix { $0 != 0 }, as: UTF8.self)
        return (argv0 as NSString).lastPathComponent == "postgres"
    }
}
