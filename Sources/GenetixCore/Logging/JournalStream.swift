import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Whether standard error is systemd's journal, and the syslog priorities it understands.
///
/// systemd sets `JOURNAL_STREAM=DEVICE:INODE` for a service whose output goes to the journal; the variable is
/// inherited by children whose stderr may be something else, so it counts only when fd 2 is that very stream
/// (sd_journal_stream_fd(3), "JOURNAL_STREAM" in systemd.exec(5)).
public enum JournalStream {
    /// True when fd 2 is the stream `JOURNAL_STREAM` names.
    public static func isStderr(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard let value = environment["JOURNAL_STREAM"] else { return false }
        let parts = value.split(separator: ":")
        guard parts.count == 2, let device = UInt64(parts[0]), let inode = UInt64(parts[1]) else { return false }
        var st = stat()
        guard fstat(2, &st) == 0 else { return false }
        return UInt64(st.st_dev) == device && UInt64(st.st_ino) == inode
    }

    /// The syslog priority of `level` (`<N>` prefix): critical 2, error 3, warn 4, notice 5, info 6, debug and trace 7.
    public static func priority(_ level: LogLevel) -> Int {
        switch level {
        case .critical: 2
        case .error: 3
        case .warn: 4
        case .notice: 5
        case .info: 6
        case .debug, .trace: 7
        }
    }
}
