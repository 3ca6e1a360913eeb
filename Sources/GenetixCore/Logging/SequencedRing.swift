import Synchronization

/// A bounded, thread-safe ring of records numbered 1, 2, 3… with cursor paging and long-poll waiting; the common core of
/// `LogStore` and `EventStore`.
///
/// Waiters are continuations resumed by `append` (or by their timeout or task cancellation); nothing polls.
final class SequencedRing<Element: Sendable>: Sendable {
    private struct Waiter {
        var after: UInt64
        var continuation: CheckedContinuation<Bool, Never>
        var timeout: Task<Void, Never>?
    }

    private struct State {
        var buffer: [Element] = []
        /// Index in `buffer` of the oldest element once the buffer is full.
        var head = 0
        /// The seq of the newest element (0 when empty).
        var latest: UInt64 = 0
        var waiters: [UInt64: Waiter] = [:]
        var nextWaiterID: UInt64 = 0

        var count: Int { buffer.count }
        var oldest: UInt64 { latest - UInt64(buffer.count) + 1 }

        func element(seq: UInt64, capacity: Int) -> Element {
            let offset = Int(seq - oldest)
            return buffer[(head + offset) % capacity]
        }

        /// True when `page(after:)` has something to return.
        func hasElements(after: UInt64) -> Bool {
            latest > after || (after > latest && !buffer.isEmpty)
        }
    }

    /// The most elements kept; older ones are dropped first.
    let capacity: Int
    private let state = Mutex(State())

    init(capacity: Int) {
        precondition(capacity > 0, "a ring needs room for at least one element")
        self.capacity = capacity
    }

    /// Numbers and stores an element made by `make` from its seq, then wakes the waiters it satisfies.
    /// `whileLocked` runs under the lock with the element, so side effects (file writes) keep seq order.
    @discardableResult
    func append(_ make: (UInt64) -> Element, whileLocked: (Element) -> Void = { _ in }) -> Element {
        let (element, woken): (Element, [Waiter]) = state.withLock { s in
            s.latest += 1
            let element = make(s.latest)
            if s.buffer.count < capacity {
                s.buffer.append(element)
            } else {
                s.buffer[s.head] = element
                s.head = s.head + 1 == capacity ? 0 : s.head + 1
            }
            whileLocked(element)
            guard !s.waiters.isEmpty else { return (element, []) }
            var woken: [Waiter] = []
            for (id, waiter) in s.waiters where waiter.after < s.latest {
                woken.append(waiter)
                s.waiters[id] = nil
            }
            return (element, woken)
        }
        for waiter in woken {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: true)
        }
        return element
    }

    /// Numbers and stores `count` elements, `make(index, seq)` making each, under one lock (a batch of access records
    /// costs one lock and one wake-up, not one per record); `whileLocked` runs under the lock after them, with the
    /// first one's seq (the others follow it in order).
    func append(count: Int, _ make: (Int, UInt64) -> Element, whileLocked: (_ firstSeq: UInt64) -> Void) {
        guard count > 0 else { return }
        let woken: [Waiter] = state.withLock { s in
            let firstSeq = s.latest + 1
            for index in 0..<count {
                s.latest += 1
                let element = make(index, s.latest)
                if s.buffer.count < capacity {
                    s.buffer.append(element)
                } else {
                    s.buffer[s.head] = element
                    s.head = s.head + 1 == capacity ? 0 : s.head + 1
                }
            }
            whileLocked(firstSeq)
            guard !s.waiters.isEmpty else { return [] }
            var woken: [Waiter] = []
            for (id, waiter) in s.waiters where waiter.after < s.latest {
                woken.append(waiter)
                s.waiters[id] = nil
            }
            return woken
        }
        for waiter in woken {
            waiter.timeout?.cancel()
            waiter.continuation.resume(returning: true)
        }
    }

    /// Up to `limit` elements with seq > `after` that pass `include`, oldest first, and the cursor to ask with next.
    ///
    /// A cursor older than the ring starts at the oldest element kept; a cursor newer than the newest element (the
    /// process restarted and numbering began again) also starts at the oldest. The returned cursor moves past elements
    /// that `include` rejected, so they are not scanned again.
    func page(after: UInt64, limit: Int, include: (Element) -> Bool = { _ in true }) -> (elements: [Element], next: UInt64) {
        state.withLock { s in
            guard !s.buffer.isEmpty else { return ([], 0) }
            // after == latest: nothing new; after inside the ring: continue; older or newer than the ring: the oldest.
            var seq = (after >= s.oldest && after <= s.latest) ? after + 1 : s.oldest
            var result: [Element] = []
            var lastScanned: UInt64? = nil
            while seq <= s.latest, result.count < limit {
                let element = s.element(seq: seq, capacity: capacity)
                if include(element) { result.append(element) }
                lastScanned = seq
                seq += 1
            }
            return (result, lastScanned ?? min(after, s.latest))
        }
    }

    /// The seq of the newest element, 0 when empty.
    var latest: UInt64 { state.withLock { $0.latest } }

    /// The number of elements kept.
    var count: Int { state.withLock { $0.count } }

    /// Waits until an element with seq > `after` exists (true) or `timeout` passes or the task is cancelled (false).
    func wait(after: UInt64, timeout: Duration) async -> Bool {
        if state.withLock({ $0.hasElements(after: after) }) { return true }
        let id = state.withLock { s in
            s.nextWaiterID += 1
            return s.nextWaiterID
        }
        return await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Bool, Never>) in
                let immediate: Bool? = state.withLock { s in
                    if s.hasElements(after: after) { return true }
                    if Task.isCancelled { return false }
                    s.waiters[id] = Waiter(after: after, continuation: continuation, timeout: nil)
                    return nil
                }
                if let immediate {
                    continuation.resume(returning: immediate)
                    return
                }
                let timer = Task { [weak self] in
                    try? await Task.sleep(for: timeout)
                    self?.expire(id)
                }
                let stillWaiting = state.withLock { s in
                    guard s.waiters[id] != nil else { return false }
                    s.waiters[id]!.timeout = timer
                    return true
                }
                if !stillWaiting { timer.cancel() }
            }
        } onCancel: {
            expire(id)
        }
    }

    /// Resumes waiter `id` with false if it is still waiting.
    private func expire(_ id: UInt64) {
        let waiter = state.withLock { $0.waiters.removeValue(forKey: id) }
        guard let waiter else { return }
        waiter.timeout?.cancel()
        waiter.continuation.resume(returning: false)
    }
}
