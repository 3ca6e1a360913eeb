import Synchronization

/// The pauses of the status reads held open by `wait` (`AdminServer.heldStatusResponse`): each pause can be cut short
/// by `release()`, which the server calls when it shuts down, so a held read never keeps a stopping node waiting.
///
/// The HTTP engine gives a handler no signal when its client disconnects, so a held read whose client went away runs
/// on until its own `wait` passes (at most `StatusHolds.longestWait`), re-reading the status once a second; nothing
/// else is left behind.
final class StatusHolds: Sendable {
    /// The longest `wait` a status read may ask for.
    static let longestWait: Duration = .seconds(30)
    /// How often a held read re-reads the status.
    static let rereadInterval: Duration = .seconds(1)

    private let state = Mutex<(released: Bool, next: UInt64, pauses: [UInt64: Task<Void, Never>])>((false, 0, [:]))

    /// Sleeps for `duration`; returns false, at once or as soon as it happens, when the holds were released.
    func pause(for duration: Duration) async -> Bool {
        let sleeper = Task<Void, Never> { try? await Task.sleep(for: duration) }
        let id: UInt64? = state.withLock { state in
            guard !state.released else { return nil }
            state.next &+= 1
            state.pauses[state.next] = sleeper
            return state.next
        }
        guard let id else {
            sleeper.cancel()
            return false
        }
        await sleeper.value
        return state.withLock { state in
            state.pauses[id] = nil
            return !state.released
        }
    }

    /// Ends every pause now and every later one at once (the server is shutting down).
    func release() {
        let pauses = state.withLock { state in
            state.released = true
            defer { state.pauses = [:] }
            return Array(state.pauses.values)
        }
        for pause in pauses { pause.cancel() }
    }
}
