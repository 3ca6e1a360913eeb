import Foundation
import GenetixAdmin
import GenetixCore

/// Reads logs and events of many nodes: pages through each node's ring, tags entries with the node, merges them by
/// time; follows them with long polls.
public struct ClusterLogs: Sendable {
    public let cluster: ClusterClient
    /// Entries read per request.
    public var pageSize = 1000

    public init(cluster: ClusterClient) { self.cluster = cluster }

    /// What one node gave: its entries and the cursor to follow from, or why it gave nothing.
    public struct NodeLogs: Sendable {
        public var node: String
        public var entries: [LogEntry]
        public var next: UInt64
        public var error: OperationError?
    }

    /// Every matching entry the nodes hold, merged by time, and the nodes that could not be read.
    public func read(_ query: LogQuery) async throws(OperationError) -> (entries: [LogEntry], cursors: [String: UInt64], failures: [OperationError]) {
        let names = try selected(query.nodes)
        let results = await withTaskGroup(of: NodeLogs.self) { group in
            for name in names {
                guard let client = try? cluster.client(name) else { continue }
                group.addTask { await Self.readAll(client, node: name, query: query, pageSize: pageSize) }
            }
            var all: [NodeLogs] = []
            for await r in group { all.append(r) }
            return all
        }
        var cursors: [String: UInt64] = [:]
        for r in results { cursors[r.node] = r.next }
        var lists = results.map(\.entries)
        // A node whose admin API is gone: its recent lines from the syslog collector, marked via=collector.
        if let directory = cluster.config.collector {
            for r in results where r.entries.isEmpty {
                if case .unreachable = r.error { lists.append(CollectorLogs.read(directory: directory, node: r.node, query: query)) }
            }
        }
        return (TimelineMerge.logs(lists), cursors, results.compactMap(\.error))
    }

    /// Follows the nodes from `cursors`: `handle` gets each batch of new matching entries as it arrives (in time order
    /// within the batch), until the task is cancelled. Each node has its own long poll, so a dead node delays no one.
    public func follow(_ query: LogQuery, from cursors: [String: UInt64], wait: Double = 10,
                       handle: @escaping @Sendable ([LogEntry]) async -> Void, failure: @escaping @Sendable (OperationError) async -> Void) async throws(OperationError) {
        let names = try selected(query.nodes)
        let poller = NodePoller(clients: names.compactMap { name in (try? cluster.client(name)).map { (name, $0, cursors[name] ?? 0) } })
        await poller.run(fetch: { name, client, cursor throws(AdminClientError) in
            let page = try await client.logs(after: cursor, limit: 1000, level: query.level, wait: wait)
            return (page.entries.filter(query.matches).map { var e = $0; e.node = name; return e }, page.next)
        }, handle: handle, failure: failure)
    }

    /// Every node's events (audited actions included), merged by time, from `since`.
    public func events(since: Date?) async -> (events: [NodeEvent], failures: [OperationError]) {
        let read = await readEvents(since: since)
        return (read.events, read.failures)
    }

    private func selected(_ nodes: [String]) throws(OperationError) -> [String] {
        for n in nodes { _ = try cluster.node(n) }
        return nodes.isEmpty ? cluster.config.nodes.map(\.name) : nodes
    }

    static func readAll(_ client: AdminClient, node: String, query: LogQuery, pageSize: Int) async -> NodeLogs {
        var cursor: UInt64 = 0
        var entries: [LogEntry] = []
        do throws(AdminClientError) {
            while true {
                let page = try await client.logs(after: cursor, limit: pageSize, level: query.level)
                entries += page.entries.filter(query.matches).map { var e = $0; e.node = node; return e }
                if page.entries.isEmpty || page.next <= cursor { cursor = max(cursor, page.next); break }
                cursor = page.next
            }
            return NodeLogs(node: node, entries: entries, next: cursor, error: nil)
        } catch {
            return NodeLogs(node: node, entries: entries, next: cursor, error: OperationError(error))
        }
    }
}
