import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet

/// Talks to every configured node's admin API. Nodes are asked in parallel, each with its own deadline, so a dead
/// or hung node costs at most `timeout` and never holds up the others.
public struct ClusterClient: Sendable {
    public let config: OperatorConfig
    /// The deadline of one status, logs or events request to one node.
    public let timeout: Duration
    private let clients: [String: AdminClient]

    /// Builds one admin client per node. Nodes with a `caFile` get their own HTTPS client trusting that CA.
    /// `observer`, when given, hears of every request made to any node (`genetix -v`).
    public init(config: OperatorConfig, timeout: Duration = .seconds(2),
                observer: (@Sendable (AdminExchange) -> Void)? = nil) throws(OperationError) {
        self.config = config
        self.timeout = timeout
        var clients: [String: AdminClient] = [:]
        var tlsClients: [String: HTTPClient] = [:]
        for node in config.nodes {
            var http = AdminClient.sharedHTTP
            if node.admin.hasPrefix("https://") {
                let key = node.caFile ?? ""
                if let existing = tlsClients[key] { http = existing } else {
                    do {
                        let tls = try TLSContext.client(.client(trustedCAFilePath: node.caFile))
                        http = HTTPClient(configuration: HTTPClientConfiguration(timeout: timeout, maxIdlePerOrigin: 4, tls: tls))
                    } catch {
                        throw .invalidArgument("\(config.path): \(node.name): cannot set up TLS for \(node.admin): \(error)")
                    }
                    tlsClients[key] = http
                }
            }
            do {
                var client = try AdminClient(url: node.admin, token: node.token, nodeName: node.name, timeout: timeout, http: http)
                client.observer = observer
                clients[node.name] = client
            } catch {
                throw .invalidArgument("\(config.path): \(node.name): admin URL \(node.admin) is not usable: \(error)")
            }
        }
        self.clients = clients
    }

    /// The configured node with this name; an `unknownNode` error listing the names otherwise.
    public func node(_ name: String) throws(OperationError) -> ConfiguredNode {
        guard let node = config.node(named: name) else { throw .unknownNode(name, known: config.nodes.map(\.name)) }
        return node
    }

    /// The admin client of a node.
    public func client(_ name: String) throws(OperationError) -> AdminClient {
        guard let client = clients[name] else { throw .unknownNode(name, known: config.nodes.map(\.name)) }
        return client
    }

    /// Every node's status, in configuration order (or only `names`). Never takes much longer than `timeout` (plus
    /// one retry on a refused connection), whatever the nodes do.
    public func statuses(of names: [String]? = nil) async -> [NodeReading] {
        let nodes = names.map { wanted in config.nodes.filter { wanted.contains($0.name) } } ?? config.nodes
        let deadline = timeout * 2 + .milliseconds(250)
        return await withTaskGroup(of: (Int, NodeReading).self) { group in
            for (i, node) in nodes.enumerated() {
                guard let client = clients[node.name] else { continue }
                group.addTask { (i, await Self.read(node, client: client, deadline: deadline)) }
            }
            var readings = [NodeReading?](repeating: nil, count: nodes.count)
            for await (i, reading) in group { readings[i] = reading }
            return readings.compactMap { $0 }
        }
    }

    /// One node's status, or the reason there is none.
    public func status(of name: String) async throws(OperationError) -> NodeStatus {
        let client = try client(name)
        do { return try await client.status() } catch { throw OperationError(error) }
    }

    static func read(_ node: ConfiguredNode, client: AdminClient, deadline: Duration) async -> NodeReading {
        let start = ContinuousClock.now
        let outcome: Result<NodeStatus, AdminClientError> = await Deadline.run(within: deadline) {
            do throws(AdminClientError) { return .success(try await client.status()) } catch { return .failure(error) }
        } onTimeout: {
            .failure(.unreachable(node: node.name, reason: "no answer within \(DurationFormat.short(deadline))"))
        }
        let elapsed = ContinuousClock.now - start
        switch outcome {
        case .success(let status):
            return NodeReading(node: node, status: status, error: nil, unreachable: false, elapsed: elapsed)
        case .failure(let error):
            let unreachable = if case .unreachable = error { true } else { false }
            return NodeReading(node: node, status: nil, error: OperationError(error).description, unreachable: unreachable, elapsed: elapsed)
        }
    }
}
