import Dispatch
import Glibc

/// Waits for termination signals without blocking a thread: SIGTERM and SIGINT start a graceful shutdown.
public enum SignalWaiter {
    /// Ignores SIGPIPE for the process (writes to closed sockets must fail with EPIPE, not kill us).
    public static func ignoreSIGPIPE() {
        signal(SIGPIPE, SIG_IGN)
    }

    /// Returns the first of `signals` the process receives.
    public static func wait(for signals: [Int32] = [SIGTERM, SIGINT]) async -> Int32 {
        await withCheckedContinuation { continuation in
            let queue = DispatchQueue(label: "genetix.signals")
            let fired = SignalOnce(continuation)
            var sources: [any DispatchSourceSignal] = []
            for signo in signals {
                signal(signo, SIG_IGN)
                let source = DispatchSource.makeSignalSource(signal: signo, queue: queue)
                source.setEventHandler { fired.fire(signo) }
                source.resume()
                sources.append(source)
            }
            fired.keep(sources)
        }
    }
}

/// Resumes a continuation once and keeps the signal sources alive until then.
private final class SignalOnce: @unchecked Sendable {
    // @unchecked Sendable: every access happens on the one serial queue the sources deliver on, or before they resume.
    private var continuation: CheckedContinuation<Int32, Never>?
    private var sources: [any DispatchSourceSignal] = []

    init(_ continuation: CheckedContinuation<Int32, Never>) { self.continuation = continuation }

    func keep(_ sources: [any DispatchSourceSignal]) { self.sources = sources }

    func fire(_ signo: Int32) {
        guard let c = continuation else { return }
        continuation = nil
        for s in sources { s.cancel() }
        sources = []
        c.resume(returning: signo)
    }
}
