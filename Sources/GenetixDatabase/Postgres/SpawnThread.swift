import Foundation
import GenetixCore
import Synchronization

/// One thread that lives as long as the process and forks the postmaster. PR_SET_PDEATHSIG fires when the *thread*
/// that forked exits, not the process: a postmaster forked from a cooperative-pool or Dispatch thread could receive
/// its parent-death signal whenever the runtime retires that thread. Forking from this thread, which never exits,
/// ties the postmaster to the agent process itself.
final class SpawnThread: Sendable {
    static let shared = SpawnThread()

    private let jobs = Mutex<[@Sendable () -> Void]>([])
    private let ready = DispatchSemaphore(value: 0)

    private init() {
        let thread = Thread { [self] in
            ThreadName.setCurrent("pg-spawner")
            serve()
        }
        thread.start()
    }

    /// The thread's body: run each job as it arrives, forever.
    private func serve() -> Never {
        while true {
            ready.wait()
            let job = jobs.withLock { $0.isEmpty ? nil : $0.removeFirst() }
            job?()
        }
    }

    /// Runs `body` on the spawner thread and returns its result.
    func run<T: Sendable>(_ body: @escaping @Sendable () throws(DatabaseError) -> T) async throws(DatabaseError) -> T {
        let result: Result<T, DatabaseError> = await withCheckedContinuation { continuation in
            jobs.withLock { $0.append { continuation.resume(returning: Result { () throws(DatabaseError) -> T in try body() }) } }
            ready.signal()
        }
        return try result.get()
    }
}
