import CSystem
import Foundation
import Synchronization

/// Hands the memory a process has freed back to the kernel every few seconds, with glibc's `malloc_trim(0)`.
///
/// glibc keeps freed memory in its arenas for reuse and on its own returns only what is free at the top of a heap. A
/// node process has a dozen threads (event loops, the cooperative pool, dispatch queues, database and hashing
/// threads) and so a dozen arenas, each keeping the pages of its busiest moment: the resident size crept up with every
/// new peak of concurrent requests while the memory in use did not grow (heaptrack: a worker's live heap stayed at
/// 1.3–1.5 MiB for 5 minutes while its resident anonymous memory rose 1.5 MiB; the soak in docs/reliability.md).
/// `malloc_trim(0)` releases the wholly free pages inside every arena; the memory in use is not touched, so a real
/// leak still shows.
public enum HeapTrimmer {
    private static let started = Atomic<Bool>(false)

    /// The interval node processes use.
    public static let defaultInterval: Duration = .seconds(10)

    /// Starts the trimming thread, once per process (later calls do nothing).
    public static func start(every interval: Duration = defaultInterval) {
        guard !started.exchange(true, ordering: .relaxed) else { return }
        let seconds = Double(interval.components.seconds) + Double(interval.components.attoseconds) / 1e18
        let thread = Thread {
            ThreadName.setCurrent("heap-trim")
            while true {
                Thread.sleep(forTimeInterval: seconds)
                trimNow()
            }
        }
        thread.start()
    }

    /// Releases the free pages of every arena now; true when some memory went back to the kernel.
    @discardableResult
    public static func trimNow() -> Bool {
        csystem_release_free_memory() == 1
    }
}
