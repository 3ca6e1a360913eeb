import CSystem
import Foundation
import Glibc

/// Turns termination signals into an async wait: SIGTERM and SIGINT start a graceful shutdown.
///
/// A C handler writes each signal to a pipe (async-signal-safe, whichever thread the kernel delivers to); `wait`
/// reads the pipe on a thread of its own, never on the cooperative pool. Call `install()` early so a signal that
/// arrives during start-up is kept, not fatal.
public enum SignalWaiter {
    /// Ignores SIGPIPE for the process (writes to closed sockets must fail with EPIPE, not kill us).
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts catching `signals` now; returns the pipe to read them from.
    @discardableResult
    public static func install(_ signals: [Int32] = [SIGTERM, SIGINT]) -> Int32 {
        signals.withUnsafeBufferPointer { csystem_watch_signals($0.baseAddress, Int32($0.count)) }
    }

    /// Returns the first of `signals` the process receives (installing the handler if needed).
    public static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) async -> Int32 {
        let fd = install(signals)
        return await withCheckedContinuation { continuation in
            let thread = Thread {
                var byte: UInt8 = 0
                while true {
                    let n = read(fd, &byte, 1)
                    if n == 1, signals.contains(Int32(byte)) { break }
                    if n < 0, csystem_errno() == EINTR { continue }
                    if n <= 0 { byte = UInt8(SIGTERM); break }
                }
                continuation.resume(returning: Int32(byte))
            }
            thread.name = "signal-wait"
            thread.start()
        }
    }
}
