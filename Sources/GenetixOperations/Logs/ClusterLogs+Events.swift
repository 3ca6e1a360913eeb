import Foundation
import GenetixAdmin
import GenetixCore

/// The incident timeline of many nodes: read once with the cursors to go on from, then followed by long polls.
extension ClusterLogs {
    /// What reading every node's events gave: the events merged by time, each node's cursor, the nodes that failed.
    public struct EventsRead: Sendable {
        /// Every event read, merged by time.
        public var events: [NodeEvent]
        /// Each node's cursor after its newest event, to follow from.
        public var cursors: [String: UInt64]
        /// The nodes that could not be read, and why.
        public var failures: [OperationError]
    }

    /// Every node's events (audited actions included) from `since`, merged by time, with the cursor of each node
    /// that `followEvents` goes on from.
    public func readEvents(since: Date?) async -> EventsRead {
        let results = await withTaskGroup(of: (String, [NodeEvent], UInt64, OperationError?).self) { group in
            for name in cluster.config.nodes.map(\.name) {
                guard let client = try? cluster.client(name) else { continue }
                group.addTask {
                    var cursor: UInt64 = 0
                    var out: [NodeEvent] = []
                    do throws(AdminClientError) {
                        while true {
                            let page = try await client.events(after: cursor, limit: pageSize)
                            out += page.events.filter { since == nil || $0.time >= since! }.map { var e = $0; e.node = name; return e }
                            if page.events.isEmpty || page.next <= cursor { cursor = max(cursor, page.next); break }
                            cursor = page.next
                        }
                        return (name, out, cursor, nil)
                    } catch { return (name, out, cursor, OperationError(error)) }
                }
            }
            var all: [(String, [NodeEvent], UInt64, OperationError?)] = []
            for await r in group { all.append(r) }
            return all
        }
        var cursors: [String: UInt64] = [:]
        for (name, _, cursor, _) in results { cursors[name] = cursor }
        return EventsRead(events: TimelineMerge.events(results.map { $0.1 }), cursors: cursors, failures: results.compactMap { $0.3 })
    }

    /// Follows every node's events from `cursors`: `handle` gets each batch of new events as it arrives, until the
    /// task is cancelled. Each node has its own long poll (`wait` seconds), so a dead node delays no one; a node
    /// that fails is reported once per outage and asked again every second.
    public func followEvents(from cursors: [String: UInt64], wait: Double = 10,
                             handle: @escaping @Sendable ([NodeEvent]) async -> Void,
                             failure: @escaping @Sendable (OperationError) async -> Void) async {
        let names = cluster.config.nodes.map(\.name)
        let poller = NodePoller(clients: names.compactMap { name in (try? cluster.client(name)).map { (name, $0, cursors[name] ?? 0) } })
        await poller.run(fetch: { [pageSize] name, client, cursor throws(AdminClientError) in
            let page = try await client.events(after: cursor, limit: pageSize, wait: wait)
            return (page.events.map { var e = $0; e.node = name; return e }, page.next)
        }, handle: handle, failure: failure)
    }
}
