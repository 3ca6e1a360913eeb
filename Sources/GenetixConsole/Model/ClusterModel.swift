import Foundation
import GenetixCore
import GenetixAdmin
import GenetixOperations

/// Watches every node of a cluster: polls every node due at each refresh tick, each poll on its own task (so a slow or
/// dead node never holds up the others), keeps its last status, error and metric histories, follows logs and events by
/// cursor, and hands out immutable `ClusterSnapshot`s for the views.
///
/// One clock for the whole cluster, not one sleeping task per node: the polls of a tick go out together, so the event
/// loop and the task pool take them in one burst instead of waking once per node (at 200 nodes that was most of the
/// console's CPU: thread wake-ups, not work).
public actor ClusterModel {
    /// The shortest refresh interval allowed.
    public static let minimumInterval: Duration = .milliseconds(250)
    /// The longest wait between polls of a node that keeps failing.
    public static let maximumBackoff: Duration = .seconds(8)
    /// How long a node holds a watch (`status(ifNoneMatch:wait:)`) open while nothing it shows changes. A hung host
    /// is then noticed within this plus the request timeout (a watch is not retried); a node whose process dies
    /// closes the connection and is noticed at once; a change is seen within a second (the node re-reads its status
    /// once a second while it holds the watch).
    public static let watchWait: Duration = .seconds(4)
    /// The shortest refresh interval at which idle nodes are watched rather than polled: below it a watch would
    /// save little, and the node re-reads its status only once a second anyway.
    public static let shortestWatchedInterval: Duration = .seconds(1)

    public let clusterName: String
    public let thresholds: CheckThresholds
    public private(set) var refreshInterval: Duration
    /// How long one request to a node may take before the node counts as unreachable (the cluster client's timeout).
    public var requestTimeout: Duration { cluster.timeout }
    /// Increases on every change; a renderer can compare it to know whether to draw.
    public private(set) var version: UInt64 = 0
    /// Refresh ticks the clock has run (each gives every reachable node's histories one sample).
    public private(set) var ticks: UInt64 = 0

    private var nodes: [NodeSnapshot]
    /// Where each node is in `nodes` (the first of a name, as a search would find it): a poll finds its row without
    /// walking the list, which at 500 nodes was a few hundred thousand name comparisons a second.
    private let positions: [String: Int]
    /// The operations layer's cluster client: the same admin clients (tokens, TLS, timeouts) the headless commands use.
    private let cluster: ClusterClient
    private var logCursors: [String: UInt64] = [:]
    /// Nodes whose recent lines were read from the syslog collector (once, while they do not answer).
    private var readFromCollector: Set<String> = []
    private var eventCursors: [String: UInt64] = [:]
    /// Each node's process (pid and start time) as of its last status: a restarted node numbers its logs and events
    /// afresh, so its cursors in `streams` are not comparable with ours until we have read from it once.
    private var processes: [String: NodeProcess] = [:]
    /// Each node's status tag as of its last status: sent as `If-None-Match`, so an idle node answers 304 with no
    /// body, nothing is decoded and nothing is redrawn for it.
    private var etags: [String: String] = [:]
    private var logs: [LogEntry] = []
    private var timeline: [TimelineEntry] = []
    private var edge = EdgeHistory()
    /// The balancer whose polls add a sample to `edge` (one sample per refresh, whatever the number of balancers).
    private let edgeClock: String?
    private let logCapacity: Int
    private let timelineCapacity: Int
    private var tasks: [Task<Void, Never>] = []
    /// When each node is next due (its last poll's start plus the refresh interval, or a backoff after failures).
    private var due: [String: ContinuousClock.Instant] = [:]
    /// The poll in flight for each node that has one: a tick skips those rather than piling a second request on a
    /// slow node.
    private var polls: [String: Task<Void, Never>] = [:]
    /// Nodes whose poll in flight is a watch: until it answers, each tick counts them up and unchanged, with no
    /// request and no redraw.
    private var watching: Set<String> = []
    /// The clock's latest tick, and the tick in which each node's histories last got a sample: a status that arrives
    /// in a tick that already has its node's sample replaces that sample, so histories keep one sample per refresh.
    private var currentTick: ContinuousClock.Instant?
    private var sampledAt: [String: ContinuousClock.Instant] = [:]
    /// Counts `stop()` calls: a watch still open when the model stopped (it is not waited for) leaves the schedule be.
    private var run: UInt64 = 0
    private var onChange: (@Sendable () -> Void)?
    /// The node whose detail view is open: the only one read with the host's figures, which only that view shows.
    /// The others are read with `host=0`, so the host's load average moving (every 5 s) does not send every node's
    /// status whole.
    private var focus: String?

    /// A model over the nodes of `cluster`'s configuration; call `start()` to begin polling.
    public init(cluster: ClusterClient, refreshInterval: Duration = .seconds(1), logCapacity: Int? = nil, timelineCapacity: Int = 1000) {
        self.clusterName = cluster.config.cluster
        self.thresholds = cluster.config.thresholds
        self.refreshInterval = max(refreshInterval, Self.minimumInterval)
        self.nodes = cluster.config.nodes.map { NodeSnapshot(node: $0) }
        self.positions = Dictionary(cluster.config.nodes.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
        self.logCapacity = logCapacity ?? cluster.config.logLines
        self.timelineCapacity = timelineCapacity
        self.cluster = cluster
        self.edgeClock = cluster.config.nodes.first { $0.kind == .balancer }?.name
    }

    /// Calls `handler` (from any task) after every change, so a renderer can wake up.
    public func setChangeHandler(_ handler: @escaping @Sendable () -> Void) { onChange = handler }

    /// Starts the refresh clock; every node is polled at once, then whenever it is due.
    public func start() {
        guard tasks.isEmpty else { return }
        tasks.append(Task { await self.tickLoop() })
    }

    /// Stops polling and waits for the clock and every poll in flight to end, except open watches: the HTTP client
    /// cannot cancel them, so they end on their own within `watchWait` plus the request timeout, changing nothing.
    public func stop() async {
        run &+= 1
        let waited = tasks + polls.filter { !watching.contains($0.key) }.map(\.value)
        let running = tasks + Array(polls.values)
        tasks = []
        polls = [:]
        watching = []
        currentTick = nil
        for task in running { task.cancel() }
        for task in waited { await task.value }
    }

    /// Changes the refresh interval (never below 250 ms); returns the interval in effect.
    @discardableResult
    public func setRefreshInterval(_ interval: Duration) -> Duration {
        refreshInterval = max(interval, Self.minimumInterval)
        changed()
        return refreshInterval
    }

    /// The current picture of the cluster.
    public func snapshot(at time: Date = Date()) -> ClusterSnapshot {
        ClusterSnapshot(clusterName: clusterName, takenAt: time, refreshInterval: refreshInterval, nodes: nodes, logs: logs,
                        timeline: timeline, thresholds: thresholds, edge: edge)
    }

    /// Puts an entry in the timeline (the console's own actions and their outcome).
    public func record(_ entry: TimelineEntry) {
        TimeOrderedMerge.merge([entry], into: &timeline, capacity: timelineCapacity, time: \.time)
        changed()
    }

    /// Reads `name` with the host's figures from now on (its detail view opened; nil when none is open): at once, so
    /// the view shows them without waiting for the node's next read.
    public func setFocus(_ name: String?) async {
        guard name != focus else { return }
        focus = name
        if let name { await pollOnce(name) }
    }

    /// Polls one node right away, out of its schedule (after an action, so its effect shows at once).
    public func pollNow(_ name: String) async {
        await pollOnce(name)
    }

    /// The refresh clock: at each tick, starts a poll of every node that is due and not still being polled (a watch
    /// when the node can be watched), and counts each node whose watch is open as up and unchanged.
    private func tickLoop() async {
        let clock = ContinuousClock()
        var tick = clock.now
        while !Task.isCancelled {
            currentTick = tick
            ticks &+= 1
            for index in nodes.indices {
                let name = nodes[index].name
                if polls[name] != nil {
                    if watching.contains(name) { recordUnchanged(name) }
                    continue
                }
                guard (due[name] ?? tick) <= tick else { continue }
                let watch = canWatch(nodes[index])
                if watch {
                    watching.insert(name)
                    recordUnchanged(name)
                }
                // `[tick]`: this tick's instant, not the loop's variable (the task runs once the loop has moved it
                // on to the next tick, which made every node due one interval late: polled every other tick).
                polls[name] = Task { [tick] in await self.scheduledPoll(name, startedAt: tick, watch: watch) }
            }
            tick = tick.advanced(by: refreshInterval)
            if tick < clock.now { tick = clock.now }  // a stalled clock catches up instead of firing a burst of ticks
            try? await Task.sleep(until: tick, clock: clock)
        }
    }

    /// Whether the node's next read is a watch: the refresh is at least `shortestWatchedInterval`, the node answered
    /// its last read and tags its status (an older node without ETags is polled as before).
    private func canWatch(_ node: NodeSnapshot) -> Bool {
        refreshInterval >= Self.shortestWatchedInterval && etags[node.name] != nil && node.lastError == nil && node.status != nil
    }

    /// One scheduled poll; the node is due again one interval after this poll's tick, later after repeated failures.
    private func scheduledPoll(_ name: String, startedAt tick: ContinuousClock.Instant, watch: Bool) async {
        let run = self.run
        let ok = await pollOnce(name, watch: watch)
        guard run == self.run else { return }
        watching.remove(name)
        let failures = positions[name].map { nodes[$0].failures } ?? 0
        var delay = refreshInterval
        if !ok, failures > 1 { delay = min(refreshInterval * (1 << min(failures - 1, 4)), max(Self.maximumBackoff, refreshInterval)) }
        due[name] = tick.advanced(by: delay)
        polls[name] = nil
    }

    /// One round for one node: status (held by the node while unchanged when `watch`), then new logs and events.
    /// Returns whether the status arrived.
    @discardableResult
    private func pollOnce(_ name: String, watch: Bool = false) async -> Bool {
        guard let client = try? cluster.client(name) else { return false }
        let streams: StreamCursors?
        do throws(AdminClientError) {
            let status: NodeStatus
            let withHost = name == focus
            switch try await client.status(ifNoneMatch: etags[name], wait: watch ? Self.watchWait : nil, query: withHost ? [:] : ["host": "0"]) {
            case .changed(var fresh, let etag):
                // A read sent before the node's detail view opened (a watch may be out for seconds) answers without
                // the host: the host figures held stay, and the tag is dropped so the next read is whole.
                let scopeMoved = withHost != (name == focus)
                if scopeMoved, fresh.host == nil, let index = positions[name] { fresh.host = nodes[index].status?.host }
                etags[name] = scopeMoved ? nil : etag
                status = fresh
                let replacing = !startsSample(name)
                update(name) { $0.record(fresh, at: Date(), replacingLastSample: replacing) }
                // The edge graph keeps the tick's sample; the new figures reach it at the next tick.
                if !replacing, name == edgeClock { edge.record(from: nodes) }
            case .unchanged:
                guard let index = positions[name], let known = nodes[index].status else {
                    etags[name] = nil  // nothing held to confirm (cannot happen: a tag comes with a status); read it whole next time
                    return false
                }
                status = known
                recordUnchanged(name)
            }
            let process = NodeProcess(pid: status.pid, startedAt: status.startedAt)
            streams = processes[name] == process ? status.streams : nil
            processes[name] = process
        } catch {
            // The row already names the node: an unreachable one shows the bare reason, a refusal the operations
            // layer's sentence (what to do about a rejected token).
            let message = if case .unreachable(_, let reason) = error { reason } else { OperationError(error).description }
            update(name) { $0.recordFailure(message) }
            if case .unreachable = error { linesFromCollector(name) }
            return false
        }
        // Pages the status says are empty are not asked for: an idle node costs one request per refresh, not three.
        if streams == nil || logCursors[name] != streams?.logs { await followLogs(name, client: client) }
        if streams == nil || eventCursors[name] != streams?.events { await followEvents(name, client: client) }
        return true
    }

    /// A node that does not answer and whose lines this console never read: its recent lines from the syslog
    /// collector's files (the configuration's `collector`), marked `via=collector`, once.
    private func linesFromCollector(_ name: String) {
        guard let directory = cluster.config.collector, logCursors[name] == nil, !readFromCollector.contains(name),
              let query = try? LogQuery() else { return }
        readFromCollector.insert(name)
        let entries = CollectorLogs.read(directory: directory, node: name, query: query, limit: min(500, logCapacity)).map(Self.folded)
        guard !entries.isEmpty else { return }
        TimeOrderedMerge.merge(entries, into: &logs, capacity: logCapacity, time: \.time)
        changed()
    }

    /// Fields folded into the message as the log view shows them (` key=value`, keys sorted): one string per line
    /// instead of a dictionary holds the log buffer in about half the memory.
    private static func folded(_ entry: LogEntry) -> LogEntry {
        guard !entry.fields.isEmpty else { return entry }
        var folded = entry
        folded.message += entry.fields.map { " \($0.key)=\($0.value)" }.joined()  // in key order
        folded.fields = [:]
        return folded
    }

    private func followLogs(_ name: String, client: AdminClient) async {
        for _ in 0..<4 {
            // First contact: only the node's newest page, not its whole backlog (a busy node holds 10 000 lines, and
            // decoding them all would cost time and memory for lines the buffer drops at once).
            let cursor = logCursors[name] ?? 0
            let tail = logCursors[name] == nil ? min(500, logCapacity) : nil
            guard let page = try? await client.logs(after: cursor, limit: 500, tail: tail) else { return }
            logCursors[name] = max(cursor, page.next)
            guard !page.entries.isEmpty else { return }
            let entries = page.entries.map { entry -> LogEntry in
                var tagged = entry
                if tagged.node == nil { tagged.node = name }
                return Self.folded(tagged)
            }
            TimeOrderedMerge.merge(entries, into: &logs, capacity: logCapacity, time: \.time)
            changed()
            if page.entries.count < 500 { return }
        }
    }

    private func followEvents(_ name: String, client: AdminClient) async {
        for _ in 0..<4 {
            let cursor = eventCursors[name] ?? 0
            let tail = eventCursors[name] == nil ? min(500, timelineCapacity) : nil
            guard let page = try? await client.events(after: cursor, limit: 500, tail: tail) else { return }
            eventCursors[name] = max(cursor, page.next)
            guard !page.events.isEmpty else { return }
            TimeOrderedMerge.merge(page.events.map { TimelineEntry(event: $0, node: name) }, into: &timeline, capacity: timelineCapacity, time: \.time)
            changed()
            if page.events.count < 500 { return }
        }
    }

    /// The node answered (or its watch is open, so it is up) and shows what it showed: its age is reset and its
    /// histories repeat their last sample, unless this tick already gave them one. The next frame (the clock's,
    /// within a second) draws its age; only a node that was failing asks for a frame now.
    private func recordUnchanged(_ name: String) {
        guard let index = positions[name] else { return }
        let sample = startsSample(name)
        if nodes[index].recordUnchanged(at: Date(), repeatingSamples: sample) { changed() }
        if sample, name == edgeClock { edge.record(from: nodes) }
    }

    /// Whether a status recorded now is the first of this tick for `name` (then it appends a sample; else it replaces
    /// the tick's sample). Without a running clock (`pollNow` alone) every status appends.
    private func startsSample(_ name: String) -> Bool {
        guard let currentTick else { return true }
        defer { sampledAt[name] = currentTick }
        return sampledAt[name] != currentTick
    }

    private func update(_ name: String, _ change: (inout NodeSnapshot) -> Void) {
        guard let index = positions[name] else { return }
        change(&nodes[index])
        changed()
    }

    private func changed() {
        version &+= 1
        onChange?()
    }

}

/// One run of a node's process, told apart by pid and start time.
private struct NodeProcess: Equatable {
    var pid: Int32
    var startedAt: Date
}
