import Foundation
@testable import GenetixCore
import Testing

@Suite struct ThreadNameTests {
    /// Runs `body` on a new thread and returns what it returned.
    private func onNewThread<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T {
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var result: T?
        let thread = Thread {
            result = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return result!
    }

    @Test func theKernelShowsTheNameGiven() {
        let (shown, comm) = onNewThread {
            ThreadName.setCurrent("probe-loop-3")
            let comm = (try? ProcFile.read("/proc/thread-self/comm")) ?? ""
            return (ThreadName.current(), comm.trimmingCharacters(in: .whitespacesAndNewlines))
        }
        #expect(shown == "probe-loop-3")
        #expect(comm == "probe-loop-3", "/proc/thread-self/comm says \(comm)")
    }

    @Test func aLongNameIsCutToFifteenBytesOnACharacterBoundary() {
        let long = onNewThread {
            ThreadName.setCurrent("database-agent-replica-7")
            return ThreadName.current()
        }
        #expect(long == "database-agent-")
        // "é" is two bytes: fourteen ASCII letters and then "é" would be sixteen, so the "é" goes whole.
        let accented = onNewThread {
            ThreadName.setCurrent("abcdefghijklmné-x")
            return ThreadName.current()
        }
        #expect(accented == "abcdefghijklmn")
    }
}
