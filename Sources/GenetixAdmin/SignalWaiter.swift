import CSystem
import Foundation
import GenetixCore
import Glibc
import Synchronization

/// Turns signals into async waits and callbacks: SIGTERM and SIGINT start a graceful shutdown; SIGHUP (when a
/// handler is registered with `onHangup`) reopens log files and reloads what can change live.
///
/// A C handler writes each signal to a pipe (async-signal-safe, whichever thread the kernel delivers to); one
/// thread of our own reads the pipe — never the cooperative pool — and hands each signal to a waiter, a hang-up
/// handler, or keeps it for the next `wait`. Call `install()` early so a signal that arrives during start-up is
/// kept, not fatal.
public enum SignalWaiter {
    private static let hub = SignalHub()

    /// Ignores SIGPIPE for the process (writes to closed sockets must fail with EPIPE, not kill us).
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Starts catching `signals` now; returns the pipe they are written to.
    @discardableResult
    public static func install(_ signals: [Int32] = [SIGTERM, SIGINT]) -> Int32 {
        let fd = signals.withUnsafeBufferPointer { csystem_watch_signals($0.baseAddress, Int32($0.count)) }
        hub.startReading(fd)
        return fd
    }

    /// Returns the first of `signals` the process receives (installing the handler if needed).
    public static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) async -> Int32 {
        install(signals)
        return await withCheckedContinuation { continuation in
            hub.wait(for: Set(signals), continuation)
        }
    }

    /// Calls `handler` on the signal thread for every SIGHUP from now on (SIGHUP no longer ends the process).
    public static func onHangup(_ handler: @escaping @Sendable () -> Void) {
        hub.addHangupHandler(handler)
        install([SIGHUP])
    }
}

/// The reader of the signal pipe and the state behind `SignalWaiter`.
final class SignalHub: Sendable {
    private struct State {
        var reading = false
        var pending: [Int32] = []
        var waiters: [(signals: Set<Int32>, continuation: CheckedContinuation<Int32, Never>)] = []
        var hangup: [@Sendable () -> Void] = []
    }
    private let state = Mutex(State())

    func startReading(_ fd: Int32) {
        guard fd >= 0, state.withLock({ s in defer { s.reading = true }; return !s.reading }) else { return }
        let thread = Thread { [self] in
            ThreadName.setCurrent("signals")
            var byte: UInt8 = 0
            while true {
                let n = read(fd, &byte, 1)
                if n < 0, csystem_errno() == EINTR { continue }
                if n <= 0 { deliver(SIGTERM); return }
                deliver(Int32(byte))
            }
        }
        thread.start()
    }

    func wait(for signals: Set<Int32>, _ continuation: CheckedContinuation<Int32, Never>) {
        let ready: Int32? = state.withLock { s in
            if let index = s.pending.firstIndex(where: { signals.contains($0) }) { return s.pending.remove(at: index) }
            s.waiters.append((signals, continuation))
            return nil
        }
        if let ready { continuation.resume(returning: ready) }
    }

    func addHangupHandler(_ handler: @escaping @Sendable () -> Void) {
        state.withLock { $0.hangup.append(handler) }
    }

    private func deliver(_ signo: Int32) {
        enum Action { case hangup([@Sendable () -> Void]), resume(CheckedContinuation<Int32, Never>), keep }
        let action: Action = state.withLock { s in
            if signo == SIGHUP, !s.hangup.isEmpty { return .hangup(s.hangup) }
            if let index = s.waiters.firstIndex(where: { $0.signals.contains(signo) }) { return .resume(s.waiters.remove(at: index).continuation) }
            s.pending.append(signo)
            return .keep
        }
        switch action {
        case .hangup(let handlers): handlers.forEach { $0() }
        case .resume(let continuation): continuation.resume(returning: signo)
        case .keep: break
        }
    }
}
