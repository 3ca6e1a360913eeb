/// Holds one etcd lease alive: grants it, renews it every `timing.renewInterval`, and knows until when its holder
/// may act on it (`safeUntil`: the send time of the last successful renewal + TTL − margin). A watchdog checks that
/// deadline every 50 ms independently of slow etcd requests and calls `onUnsafe` once when it passes, or when etcd
/// says the lease is gone.
public actor EtcdLeaseKeeper {
    public nonisolated let timing: LeaseTiming
    private let client: EtcdClient
    private let onUnsafe: @Sendable (String) async -> Void
    /// The lease id while one is held.
    public private(set) var lease: Int64?
    /// Until when the holder may act as the lease's owner.
    public private(set) var safeUntil: ContinuousClock.Instant?
    /// The last renewal's outcome.
    public private(set) var lastError: EtcdError?
    private var renewer: Task<Void, Never>?
    private var watchdog: Task<Void, Never>?
    private var warned = false

    public init(client: EtcdClient, timing: LeaseTiming, onUnsafe: @escaping @Sendable (String) async -> Void) {
        self.client = client
        self.timing = timing
        self.onUnsafe = onUnsafe
    }

    /// Starts renewing (and granting when there is no lease).
    public func start() {
        guard renewer == nil else { return }
        renewer = Task { [weak self] in
            while !Task.isCancelled {
                await self?.renewOnce()
                guard let interval = self?.timing.renewInterval else { return }
                try? await Task.sleep(for: interval)
            }
        }
        watchdog = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(50))
                await self?.checkDeadline()
            }
        }
    }

    /// Stops renewing; with `revoke`, revokes the lease so keys under it go at once (a clean shutdown).
    public func stop(revoke: Bool) async {
        renewer?.cancel()
        watchdog?.cancel()
        renewer = nil
        watchdog = nil
        if revoke, let lease { try? await client.revoke(lease, timeout: timing.requestTimeout) }
        lease = nil
        safeUntil = nil
    }

    /// Whether the holder may act on the lease now.
    public var isSafe: Bool {
        guard lease != nil, let safeUntil else { return false }
        return ContinuousClock.now < safeUntil
    }

    /// Milliseconds left of the safe window (0 when none).
    public var remainingMilliseconds: Int {
        guard let safeUntil, lease != nil else { return 0 }
        let left = safeUntil - ContinuousClock.now
        let (seconds, attoseconds) = left.components
        return max(0, Int(seconds) * 1000 + Int(attoseconds / 1_000_000_000_000_000))
    }

    /// Renews now (or grants a lease when none is held).
    public func renewOnce() async {
        let sent = ContinuousClock.now
        do {
            if let lease {
                try await client.keepAlive(lease, timeout: timing.requestTimeout)
            } else {
                let (seconds, _) = timing.ttl.components
                lease = try await client.grantLease(ttl: Int(seconds), timeout: timing.requestTimeout)
            }
            safeUntil = sent + timing.safeWindow
            lastError = nil
            warned = false
        } catch {
            lastError = error
            if case .leaseExpired = error {
                lease = nil
                safeUntil = nil
                await fire("etcd says lease is gone (\(error))")
            }
        }
    }

    private func checkDeadline() async {
        guard let safeUntil, lease != nil, ContinuousClock.now >= safeUntil else { return }
        self.safeUntil = nil
        lease = nil
        await fire("could not renew the leader lease for \(timing.safeWindow) (\(lastError?.description ?? "no answer")); it may expire at etcd within \(timing.margin)")
    }

    private func fire(_ reason: String) async {
        guard !warned else { return }
        warned = true
        await onUnsafe(reason)
    }
}
