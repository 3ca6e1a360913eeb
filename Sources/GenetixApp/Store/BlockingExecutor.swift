import Dispatch
import Foundation
import GenetixCore
import Synchronization

/// A few dedicated threads that run blocking work (libpq calls, password hashing) off the event loops and off Swift's
/// cooperative pool. Each thread owns one `State` made on that thread (a database connection, or nothing) that never
/// leaves it; jobs are taken from one shared queue in order.
final class BlockingExecutor<State>: Sendable {
    typealias Job = @Sendable (State) -> Void

    private struct Queue {
        var jobs: [Job] = []
        var head = 0
        var closed = false
    }

    private let queue = Mutex(Queue())
    private let available = DispatchSemaphore(value: 0)
    private let threadCount: Int

    /// Starts `threads` threads named `name-N`; each calls `makeState` once, on itself.
    init(threads: Int, name: String, makeState: @escaping @Sendable () -> State) {
        threadCount = max(1, threads)
        for i in 0..<threadCount {
            let thread = Thread { [self] in
                ThreadName.setCurrent("\(name)-\(i)")
                let state = makeState()
                while let job = self.next() { job(state) }
            }
            thread.stackSize = 1 << 20
            thread.start()
        }
    }

    /// Queues `job`; returns false when the executor is closed.
    @discardableResult
    func submit(_ job: @escaping Job) -> Bool {
        let accepted = queue.withLock { q -> Bool in
            guard !q.closed else { return false }
            q.jobs.append(job)
            return true
        }
        if accepted { available.signal() }
        return accepted
    }

    /// Runs `work` on one of the threads and returns its result, or `timeoutError` when it has not finished within
    /// `timeout` (the thread finishes the work later; its result is dropped). A closed executor answers `closedError`.
    func run<T: Sendable, E: Error>(timeout: Duration?, timeoutError: E, closedError: E,
                                    _ work: @escaping @Sendable (State) -> Result<T, E>) async -> Result<T, E> {
        await withCheckedContinuation { (continuation: CheckedContinuation<Result<T, E>, Never>) in
            let once = ResumeOnce(continuation)
            if let timeout {
                let nanos = Int(clamping: timeout.nanoseconds)
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanos)) { once.resume(.failure(timeoutError)) }
            }
            let accepted = submit { state in
                guard !once.isDone else { return }
                once.resume(work(state))
            }
            if !accepted { once.resume(.failure(closedError)) }
        }
    }

    /// Stops the threads after the jobs already queued; later submissions are refused.
    func shutdown() {
        queue.withLock { $0.closed = true }
        for _ in 0..<threadCount { available.signal() }
    }

    private func next() -> Job? {
        while true {
            available.wait()
            let (job, closed) = queue.withLock { q -> (Job?, Bool) in
                guard q.head < q.jobs.count else { return (nil, q.closed) }
                let job = q.jobs[q.head]
                q.head += 1
                if q.head > 64, q.head * 2 > q.jobs.count {
                    q.jobs.removeFirst(q.head)
                    q.head = 0
                }
                return (job, q.closed)
            }
            if let job { return job }
            if closed { return nil }
        }
    }
}

/// Resumes a continuation exactly once, whichever of the work or its timer finishes first.
final class ResumeOnce<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, Never>?>

    init(_ continuation: CheckedContinuation<T, Never>) { self.continuation = Mutex(continuation) }

    /// Whether it has been resumed already.
    var isDone: Bool { continuation.withLock { $0 == nil } }

    /// Resumes with `value` if nobody did before.
    func resume(_ value: T) {
        let c = continuation.withLock { c -> CheckedContinuation<T, Never>? in
            defer { c = nil }
            return c
        }
        c?.resume(returning: value)
    }
}
