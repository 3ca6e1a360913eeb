import Foundation
import Glibc

/// The sd_notify protocol without libsystemd: one datagram of `KEY=VALUE` lines to the AF_UNIX socket named by
/// `NOTIFY_SOCKET` (a path, or an abstract socket written with a leading `@`). With `Type=notify` systemd waits for
/// `READY=1` before it counts the unit as started, and with `WatchdogSec=` it restarts a unit that stops sending
/// `WATCHDOG=1` (it sets `WATCHDOG_USEC`; we ping at half of it).
public struct SystemdNotifier: Sendable {
    /// `NOTIFY_SOCKET` as given.
    public let socketPath: String

    /// A notifier for `NOTIFY_SOCKET`, or nil when systemd (or a test) did not ask for notifications.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> SystemdNotifier? {
        guard let path = environment["NOTIFY_SOCKET"], path.hasPrefix("/") || path.hasPrefix("@"), path.utf8.count < 108 else { return nil }
        return SystemdNotifier(socketPath: path)
    }

    /// How often to send `WATCHDOG=1`: half of `WATCHDOG_USEC`, when it is set and `WATCHDOG_PID` (if set) is this process.
    public static func watchdogInterval(_ environment: [String: String] = ProcessInfo.processInfo.environment) -> Duration? {
        guard let text = environment["WATCHDOG_USEC"], let usec = UInt64(text), usec > 0 else { return nil }
        if let pid = environment["WATCHDOG_PID"], Int32(pid) != getpid() { return nil }
        return .microseconds(Int64(usec / 2))
    }

    /// Sends `state` (e.g. `READY=1\nSTATUS=serving`); returns whether the datagram went out.
    @discardableResult
    public func notify(_ state: String) -> Bool {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketPath.utf8)
        let abstract = path.first == UInt8(ascii: "@")
        if abstract { path[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
        }
        let length = MemoryLayout<sa_family_t>.size + path.count + (abstract ? 0 : 1)
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddr in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), sockaddr, socklen_t(length)) }
            }
        }
        return sent == bytes.count
    }
}
