import Foundation
import GenetixCore
import GenetixOperations

/// What the console knows about one node: its last status, when it arrived, the last error, and metric histories.
public struct NodeSnapshot: Sendable, Equatable {
    public var node: ConfiguredNode
    /// The last status received (kept while the node is unreachable, to show what it was).
    public var status: NodeStatus?
    /// When `status` was received.
    public var updatedAt: Date?
    /// Why the last poll failed; nil when it succeeded.
    public var lastError: String?
    /// Polls that failed in a row.
    public var failures: Int
    public var history: [MetricSeries: MetricHistory]

    public init(node: ConfiguredNode, status: NodeStatus? = nil, updatedAt: Date? = nil, lastError: String? = nil, failures: Int = 0,
                history: [MetricSeries: MetricHistory] = [:]) {
        self.node = node
        self.status = status
        self.updatedAt = updatedAt
        self.lastError = lastError
        self.failures = failures
        self.history = history
    }

    public var name: String { node.name }
    public var kind: NodeKind { node.kind }

    /// Whether the last poll reached the node.
    public var isReachable: Bool { lastError == nil && status != nil }

    /// Seconds since the status arrived, or nil when none ever did.
    public func age(at now: Date) -> TimeInterval? { updatedAt.map { max(0, now.timeIntervalSince($0)) } }

    /// The samples of a series (empty when none yet).
    public func samples(_ series: MetricSeries) -> [Double] { history[series]?.samples ?? [] }

    /// The series the overview's sparkline shows: requests/s, or transactions/s for a database.
    public var headlineSeries: MetricSeries { kind == .database ? .transactionsPerSecond : .requestsPerSecond }

    /// Records a fresh status and appends its figures to the histories; with `replacingLastSample`, its figures take
    /// the place of each history's last sample instead (a status that arrives in a refresh that already has its
    /// sample, so the histories keep one sample per refresh).
    public mutating func record(_ status: NodeStatus, at time: Date, replacingLastSample: Bool = false) {
        self.status = status
        updatedAt = time
        lastError = nil
        failures = 0
        var values: [MetricSeries: Double] = [:]
        if let f = status.figures {
            values[.requestsPerSecond] = f.requestsPerSecond
            values[.p99Ms] = f.p99Ms ?? 0
            values[.errorRate] = f.errorRate
            values[.cpuPercent] = f.cpuPercent
            values[.residentBytes] = Double(f.residentBytes)
        }
        if let r = status.replication { values[.lagBytes] = Double(r.lagBytes) }
        if let d = status.database { values[.transactionsPerSecond] = d.transactionsPerSecond }
        if let c = status.cache { values[.cacheHitRatio] = c.hitRatio }
        for (series, value) in values {
            if replacingLastSample { history[series, default: MetricHistory()].replaceLast(value) } else {
                history[series, default: MetricHistory()].append(value)
            }
        }
    }

    /// Records a poll the node answered with `304 Not Modified` (or a refresh while a watch of it is open): the status
    /// held is still what it shows, as of `time`. With `repeatingSamples` the histories repeat their last sample, so
    /// they keep one sample per refresh (the model passes false when this refresh already has its sample). Returns
    /// whether the picture changed beyond its age: true only when the node was failing before (it now shows up again).
    @discardableResult
    public mutating func recordUnchanged(at time: Date, repeatingSamples: Bool = true) -> Bool {
        let wasFailing = lastError != nil
        updatedAt = time
        lastError = nil
        failures = 0
        guard repeatingSamples else { return wasFailing }
        for series in history.keys {
            if let last = history[series]?.last { history[series]?.append(last) }
        }
        return wasFailing
    }

    /// Records a failed poll.
    public mutating func recordFailure(_ message: String) {
        lastError = message
        failures += 1
    }
}
