import Foundation
import GenetixCore

/// One sample of what the server reports (taken every second by `ReplicationMonitor`).
public struct DatabaseObservation: Sendable, Equatable {
    public var sampledAt = Date()
    /// The postmaster process is alive.
    public var postmasterUp = false
    /// The server answered the sample's queries.
    public var reachable = false
    public var inRecovery = false
    /// `default_transaction_read_only` is on (set by the `fence` action).
    public var fenced = false
    public var timeline = 0
    public var currentLSN: WALPosition?
    public var receiveLSN: WALPosition?
    public var replayLSN: WALPosition?
    public var lagBytes: Int64 = 0
    public var lagSeconds: Double?
    public var replayPaused = false
    /// The WAL receiver's status (`streaming`…) and the primary it streams from.
    public var receiverStatus: String?
    public var upstream: String?
    /// `synchronous_standby_names` is set.
    public var synchronous = false
    /// The value of `synchronous_standby_names` (empty when off).
    public var synchronousStandbyNames = ""
    public var clients: [ReplicationStatus.Client] = []
    public var connections: [String: Int] = [:]
    public var transactionsPerSecond = 0.0
    public var cacheHitRatio = 0.0
    public var sizeBytes: Int64 = 0
    /// Raw counters behind the per-second figures.
    var transactionsTotal: Int64 = 0
    var blocksHit: Int64 = 0
    var blocksRead: Int64 = 0
    /// Why the last sample failed, when it did.
    public var error: String?

    public init() {}

    /// `primary` or `replica`; nil before the first successful sample.
    public var role: String? { reachable ? (inRecovery ? "replica" : "primary") : nil }

    /// A replica whose WAL receiver streams.
    public var isStreamingReplica: Bool { reachable && inRecovery && receiverStatus == "streaming" }

    /// The writable primary: not in recovery and not fenced.
    public var isWritablePrimary: Bool { reachable && !inRecovery && !fenced }
}
