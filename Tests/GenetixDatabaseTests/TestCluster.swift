import Foundation
import GenetixDatabase
import GenetixTesting
import Synchronization

/// A temporary directory (short path under /tmp) holding a few database nodes; everything is stopped and removed
/// afterwards, whether the test passes or fails.
final class TestCluster: Sendable {
    let directory: TemporaryDirectory
    private let nodes = Mutex<[TestDatabaseNode]>([])

    private init() throws {
        directory = try TemporaryDirectory(prefix: "db")
    }

    /// Runs `body` with a fresh cluster and cleans up after it.
    static func with(_ body: (TestCluster) async throws -> Void) async throws {
        let cluster = try TestCluster()
        do { try await body(cluster) } catch {
            await cluster.stopAll()
            throw error
        }
        await cluster.stopAll()
    }

    /// Reserved ports (postgres, admin) for `count` nodes, so peers can be named before they start.
    func reservePorts(_ count: Int) -> [(pg: Int, admin: Int)] {
        var seen = Set<Int>()
        var result: [(Int, Int)] = []
        while result.count < count {
            let pg = FreePort.next(), admin = FreePort.next()
            guard pg != admin, !seen.contains(pg), !seen.contains(admin) else { continue }
            seen.formUnion([pg, admin])
            result.append((pg, admin))
        }
        return result
    }

    /// Starts a node and registers it for cleanup.
    func start(_ name: String, ports: (pg: Int, admin: Int), replicaOf: Int? = nil, peers: [PeerAddress] = [],
               dcs: String? = nil) async throws -> TestDatabaseNode {
        let node = try await TestDatabaseNode(name: name, directory: directory.path, port: ports.pg, adminPort: ports.admin,
                                              replicaOf: replicaOf, peers: peers, dcs: dcs)
        nodes.withLock { $0.append(node) }
        return node
    }

    func stopAll() async {
        let all = nodes.withLock { list in
            defer { list.removeAll() }
            return list
        }
        for node in all.reversed() { await node.stop() }
        directory.remove()
    }
}

/// Polls `condition` every 50 ms until it is true or `timeout` passes; returns whether it became true.
func eventually(timeout: Duration = .seconds(20), _ condition: () async -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if await condition() { return true }
        try? await Task.sleep(for: .milliseconds(50))
    }
    return await condition()
}
