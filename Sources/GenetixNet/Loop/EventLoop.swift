import CSystem
import Foundation
import GenetixCore
import Glibc
import Synchronization

/// Something registered with an event loop that reacts to readiness of its file descriptor.
/// Called only on the loop's thread.
public protocol EventLoopSelectable: AnyObject {
    /// `events` is the epoll event mask (EPOLLIN, EPOLLOUT, EPOLLHUP, EPOLLERR…).
    func handleEvents(_ events: UInt32)
}

/// One thread that owns an epoll instance, an eventfd for cross-thread wake-ups and a timer heap.
///
/// Everything registered with a loop is touched only on that loop's thread; other threads hand it work with
/// `execute(_:)`, which is the only thread-safe entry point besides `stop()`.
public final class EventLoop: @unchecked Sendable {
    // @unchecked Sendable: `pending` is guarded by its Mutex; every other stored property is touched only on the
    // loop thread after `start()` (checked by `preconditionInLoop` in debug builds).
    public let name: String
    private let epfd: Int32
    private let wakeFD: Int32
    private var registrations = RegistrationTable()
    private var generation: UInt32 = 0
    private var timers = TimerHeap()
    private let pending = Mutex<(tasks: [@Sendable () -> Void], stopping: Bool)>(([], false))
    private let threadID = Mutex<pthread_t?>(nil)
    private let finished = DispatchSemaphore(value: 0)
    private var running = true
    /// Monotonic nanoseconds read once per turn of the loop, when `epoll_wait` returned: for deadlines, which need no
    /// finer clock than that (as nginx's cached time), so a request does not read the clock for each one it sets.
    /// Loop thread only; measure durations with `Syscall.monotonicNanos()`.
    // Written and read only on the loop's thread, a plain number: no access can overlap another, so no runtime check.
    @exclusivity(unchecked) public private(set) var turnStartedAt: UInt64 = Syscall.monotonicNanos()
    private static let wakeToken: UInt64 = .max

    /// Creates a loop; call `start()` to run it on its own thread.
    public init(name: String) throws(SystemError) {
        self.name = name
        epfd = epoll_create1(Int32(EPOLL_CLOEXEC))
        if epfd < 0 { throw SystemError("epoll_create1") }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        if wakeFD < 0 { throw SystemError("eventfd") }
        if csystem_epoll_ctl(epfd, EPOLL_CTL_ADD, wakeFD, EPOLLIN.rawValue, Self.wakeToken) < 0 {
            throw SystemError("epoll_ctl(eventfd)")
        }
    }

    deinit {
        close(epfd)
        close(wakeFD)
    }

    /// Starts the loop's thread.
    public func start() {
        let started = DispatchSemaphore(value: 0)
        let thread = Thread { [self] in
            ThreadName.setCurrent(name)
            threadID.withLock { $0 = pthread_self() }
            started.signal()
            run()
            finished.signal()
        }
        thread.name = name
        thread.stackSize = 1 << 20
        thread.start()
        started.wait()
    }

    /// Whether the caller runs on this loop's thread.
    public var inEventLoop: Bool {
        guard let id = threadID.withLock({ $0 }) else { return false }
        return pthread_equal(id, pthread_self()) != 0
    }

    /// Runs `task` on the loop thread: at once when already there, else soon.
    public func execute(_ task: @escaping @Sendable () -> Void) {
        if inEventLoop {
            task()
            return
        }
        enqueue(task)
    }

    /// Queues `task` for the loop's next turn, even when called on the loop thread.
    public func enqueue(_ task: @escaping @Sendable () -> Void) {
        let wasEmpty = pending.withLock { state -> Bool in
            let empty = state.tasks.isEmpty
            state.tasks.append(task)
            return empty
        }
        if wasEmpty { wake() }
    }

    /// Runs `body` on the loop and returns its result to an async caller.
    public func submit<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            execute {
                do { continuation.resume(returning: try body()) } catch { continuation.resume(throwing: error) }
            }
        }
    }

    /// Stops the loop after the current turn and waits for its thread to end (not callable on the loop itself).
    public func stop() {
        precondition(!inEventLoop, "EventLoop.stop() called on the loop's own thread")
        let wasRunning = pending.withLock { state -> Bool in
            let was = !state.stopping
            state.stopping = true
            return was
        }
        guard wasRunning else { return }
        wake()
        if threadID.withLock({ $0 }) != nil { finished.wait() }
    }

    private func wake() {
        var one: UInt64 = 1
        _ = withUnsafeBytes(of: &one) { Glibc.write(wakeFD, $0.baseAddress, 8) }
    }

    // MARK: Loop-thread API

    /// Registers `fd` for `events` (EPOLLIN / EPOLLOUT); loop thread only.
    public func register(fd: Int32, events: UInt32, handler: any EventLoopSelectable) throws(SystemError) {
        preconditionInLoop()
        generation &+= 1
        let token = UInt64(generation) << 32 | UInt64(UInt32(bitPattern: fd))
        if csystem_epoll_ctl(epfd, EPOLL_CTL_ADD, fd, events, token) < 0 { throw SystemError("epoll_ctl(ADD)") }
        registrations[fd] = (generation: generation, handler: handler)
    }

    /// Changes the event mask of a registered `fd`; loop thread only.
    public func modify(fd: Int32, events: UInt32) {
        preconditionInLoop()
        guard let reg = registrations[fd] else { return }
        let token = UInt64(reg.generation) << 32 | UInt64(UInt32(bitPattern: fd))
        _ = csystem_epoll_ctl(epfd, EPOLL_CTL_MOD, fd, events, token)
    }

    /// Removes `fd` from the loop (before closing it); loop thread only.
    public func deregister(fd: Int32) {
        preconditionInLoop()
        if registrations.remove(fd) {
            _ = csystem_epoll_ctl(epfd, EPOLL_CTL_DEL, fd, 0, 0)
        }
    }

    /// Runs `action` on the loop after `delay`; loop thread only. Returns an id for `cancelTimer`.
    @discardableResult
    public func schedule(after delay: Duration, _ action: @escaping () -> Void) -> UInt64 {
        preconditionInLoop()
        let (s, atto) = delay.components
        let nanos = UInt64(max(0, s)) &* 1_000_000_000 &+ UInt64(max(0, atto / 1_000_000_000))
        return timers.insert(deadline: Syscall.monotonicNanos() &+ nanos, action)
    }

    /// Cancels a timer from `schedule`; loop thread only.
    public func cancelTimer(_ id: UInt64) {
        preconditionInLoop()
        timers.cancel(id)
    }

    @inline(__always)
    private func preconditionInLoop() {
        assert(inEventLoop, "\(name): loop-only API called from another thread")
    }

    private func run() {
        var events = [UInt32](repeating: 0, count: 256)
        var data = [UInt64](repeating: 0, count: 256)
        while running {
            var timeout: Int32 = -1
            if let deadline = timers.earliest {
                let now = Syscall.monotonicNanos()
                timeout = deadline <= now ? 0 : Int32(min((deadline - now + 999_999) / 1_000_000, 60_000))
            }
            let n = events.withUnsafeMutableBufferPointer { ev in
                data.withUnsafeMutableBufferPointer { d in
                    csystem_epoll_wait(epfd, ev.baseAddress, d.baseAddress, 256, timeout)
                }
            }
            turnStartedAt = Syscall.monotonicNanos()
            if n > 0 {
                for i in 0..<Int(n) {
                    let token = data[i]
                    if token == Self.wakeToken {
                        var value: UInt64 = 0
                        _ = withUnsafeMutableBytes(of: &value) { Glibc.read(wakeFD, $0.baseAddress, 8) }
                        continue
                    }
                    let fd = Int32(bitPattern: UInt32(truncatingIfNeeded: token))
                    let gen = UInt32(truncatingIfNeeded: token >> 32)
                    guard let reg = registrations[fd], reg.generation == gen else { continue }
                    reg.handler.handleEvents(events[i])
                }
            }
            if let deadline = timers.earliest {
                let now = Syscall.monotonicNanos()
                if deadline <= now { for action in timers.popDue(now: now) { action() } }
            }
            // Swapping the queue out (instead of copying it and clearing with kept capacity) costs no allocation on
            // the turns where nothing was queued, which is nearly every turn under load.
            var tasks: [@Sendable () -> Void] = []
            let stopping = pending.withLock { state in
                if !state.tasks.isEmpty { swap(&tasks, &state.tasks) }
                return state.stopping
            }
            for task in tasks { task() }
            if stopping { running = false }
        }
        registrations.removeAll()
    }
}
