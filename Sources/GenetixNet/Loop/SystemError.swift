import CSystem
import Glibc

/// A failed system call: which call, on what, and errno — e.g. "bind(127.0.0.1:8080): Address already in use (errno 98)".
public struct SystemError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The system call that failed.
    public var call: String
    /// What it was called on (an address, a path), if known.
    public var subject: String?
    /// The errno value.
    public var code: Int32

    public init(_ call: String, subject: String? = nil, code: Int32 = csystem_errno()) {
        self.call = call
        self.subject = subject
        self.code = code
    }

    public var description: String {
        let what = subject.map { "\(call)(\($0))" } ?? call
        return "\(what): \(String(cString: strerror(code))) (errno \(code))"
    }
}

/// Wrappers that retry EINTR, as every syscall on the loop needs, and read the monotonic clock.
public enum Syscall {
    /// Calls `body` until it does not fail with EINTR; returns its result, throws on failure.
    @inline(__always)
    public static func retrying(_ name: String, subject: String? = nil, _ body: () -> Int) throws(SystemError) -> Int {
        while true {
            let r = body()
            if r >= 0 { return r }
            let e = csystem_errno()
            if e == EINTR { continue }
            throw SystemError(name, subject: subject, code: e)
        }
    }

    /// Monotonic time in nanoseconds.
    @inline(__always)
    public static func monotonicNanos() -> UInt64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return UInt64(ts.tv_sec) &* 1_000_000_000 &+ UInt64(ts.tv_nsec)
    }
}
