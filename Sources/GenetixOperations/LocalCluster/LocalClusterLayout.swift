import Foundation
import GenetixConsensus
import GenetixCore

/// The nodes, ports and command lines of a local cluster (`genetix up`), all on 127.0.0.1, derived from a base port P:
/// balancer HTTP P and HTTPS P+1 (the balancer's secure default: plain HTTP redirects pages with 308 and refuses API
/// calls, HTTPS sends HSTS — so clients, the load generator included, use `httpsURL`); admin APIs from P+10 (lb-1, app-1…, db-1…); PostgreSQL from P+50; the workers of
/// app node i from P+100+20(i−1); etcd (one member, the database nodes' `--dcs`) client P+70 and peer P+71.
public struct LocalClusterLayout: Sendable, Equatable {
    /// One node to start.
    public struct Node: Sendable, Equatable, Codable {
        public var name: String
        public var kind: NodeKind
        public var adminPort: Int
        /// Database nodes: the PostgreSQL port. App nodes: the first worker's port. Balancer: the HTTP port.
        public var servicePort: Int
        /// The arguments after the executable (`database --name db-1 …`).
        public var arguments: [String]
        public var adminURL: String { "http://127.0.0.1:\(adminPort)" }
    }

    public var basePort: Int
    public var appNodes: Int
    public var workers: Int
    public var replicas: Int
    /// Start order: etcd, databases (primary first), app nodes, the balancer.
    public var nodes: [Node]
    /// The local etcd that decides which database node is primary (data under the state's data root).
    public var etcd: EtcdMember
    /// The cluster scope the database nodes use in etcd.
    public static let clusterScope = "local"

    /// Most workers an app node's port block holds.
    public static let workerPortBlock = 20

    /// Checks the figures and lays the cluster out in `state`.
    public init(state: StateDirectory, basePort: Int = 8080, appNodes: Int = 2, workers: Int = 2, replicas: Int = 1) throws(OperationError) {
        guard (1024...65000 - 100 - Self.workerPortBlock * 10).contains(basePort) else {
            throw .invalidArgument("--base-port must be from 1024 to \(65000 - 100 - Self.workerPortBlock * 10)")
        }
        guard (1...10).contains(appNodes) else { throw .invalidArgument("--app-nodes must be from 1 to 10") }
        guard (1...Self.workerPortBlock).contains(workers) else { throw .invalidArgument("--workers must be from 1 to \(Self.workerPortBlock)") }
        guard (0...5).contains(replicas) else { throw .invalidArgument("--replicas must be from 0 to 5") }
        self.basePort = basePort
        self.appNodes = appNodes
        self.workers = workers
        self.replicas = replicas
        let tokens = state.tokensFile
        let dbNames = (1...(replicas + 1)).map { "db-\($0)" }
        let appNames = (1...appNodes).map { "app-\($0)" }
        var admin = basePort + 10
        func nextAdmin() -> Int { defer { admin += 1 }; return admin }
        let lbAdmin = nextAdmin()
        let appAdmins = appNames.map { _ in nextAdmin() }
        let dbAdmins = dbNames.map { _ in nextAdmin() }
        let pgPorts = dbNames.indices.map { basePort + 50 + $0 }
        etcd = EtcdMember(name: "genetix-etcd", dataDirectory: state.dataRoot + "/etcd", clientPort: basePort + 70, peerPort: basePort + 71)
        var nodes: [Node] = []
        for (i, name) in dbNames.enumerated() {
            let peers = zip(dbNames, dbAdmins).filter { $0.0 != name }.map { "\($0)=http://127.0.0.1:\($1)" }
            var args = ["database", "--name", name, "--data", state.dataDirectory(name), "--pg-listen", "127.0.0.1:\(pgPorts[i])",
                        "--admin-listen", "127.0.0.1:\(dbAdmins[i])", "--admin-tokens", tokens,
                        "--db-name", "genetix", "--db-user", "genetix", "--db-password-file", state.databasePasswordFile,
                        "--replication-password-file", state.replicationPasswordFile, "--peer-token-file", state.tokenFile("peer")]
            if !peers.isEmpty { args += ["--peers", peers.joined(separator: ",")] }
            args += ["--dcs", etcd.clientURL, "--cluster-scope", Self.clusterScope]
            if i > 0 { args += ["--replica-of", "127.0.0.1:\(pgPorts[0])"] }
            nodes.append(Node(name: name, kind: .database, adminPort: dbAdmins[i], servicePort: pgPorts[i], arguments: args))
        }
        for (i, name) in appNames.enumerated() {
            let listenBase = basePort + 100 + Self.workerPortBlock * i
            nodes.append(Node(name: name, kind: .app, adminPort: appAdmins[i], servicePort: listenBase, arguments: [
                "app", "--name", name, "--admin-listen", "127.0.0.1:\(appAdmins[i])", "--admin-tokens", tokens,
                "--listen-base", "127.0.0.1:\(listenBase)", "--workers", String(workers),
                "--db", Self.conninfo(pgPorts: pgPorts), "--db-password-file", state.databasePasswordFile, "--secrets", state.secretsFile,
            ]))
        }
        nodes.append(Node(name: "lb-1", kind: .balancer, adminPort: lbAdmin, servicePort: basePort, arguments: [
            "balancer", "--name", "lb-1", "--listen", "127.0.0.1:\(basePort)", "--tls-listen", "127.0.0.1:\(basePort + 1)",
            "--cert", state.certificateFile, "--key", state.privateKeyFile, "--admin-listen", "127.0.0.1:\(lbAdmin)", "--admin-tokens", tokens,
            "--app-admin", appAdmins.map { "http://127.0.0.1:\($0)" }.joined(separator: ","), "--app-token-file", state.tokenFile("balancer"),
        ]))
        self.nodes = nodes
    }

    /// One port the cluster listens on, and what listens there (for messages: "port 8151 (app-2 worker 2)").
    public struct Port: Sendable, Equatable {
        public var number: Int
        public var owner: String

        public init(number: Int, owner: String) {
            self.number = number
            self.owner = owner
        }
    }

    /// Every port the cluster listens on as laid out (the workers' at their start count; scaling up takes the next
    /// ports of the node's block).
    public var ports: [Port] {
        var ports = [Port(number: etcd.clientPort, owner: "etcd client"), Port(number: etcd.peerPort, owner: "etcd peer")]
        for node in nodes {
            ports.append(Port(number: node.adminPort, owner: "\(node.name) admin API"))
            switch node.kind {
            case .balancer:
                ports.append(Port(number: node.servicePort, owner: "\(node.name) HTTP"))
                ports.append(Port(number: node.servicePort + 1, owner: "\(node.name) HTTPS"))
            case .database:
                ports.append(Port(number: node.servicePort, owner: "\(node.name) PostgreSQL"))
            case .app:
                for i in 0..<workers { ports.append(Port(number: node.servicePort + i, owner: "\(node.name) worker \(i + 1)")) }
            }
        }
        return ports
    }

    /// The balancer's public HTTP URL (redirects pages to `httpsURL`, refuses API calls).
    public var httpURL: String { "http://127.0.0.1:\(basePort)" }
    /// The balancer's public HTTPS URL.
    public var httpsURL: String { "https://127.0.0.1:\(basePort + 1)" }

    /// The app nodes' multi-host conninfo (writes follow the primary after a promotion); the password is not in it:
    /// the app node reads it from `--db-password-file`, so it never shows on a command line.
    static func conninfo(pgPorts: [Int]) -> String {
        let hosts = pgPorts.map { _ in "127.0.0.1" }.joined(separator: ",")
        let ports = pgPorts.map(String.init).joined(separator: ",")
        return "host=\(hosts) port=\(ports) dbname=genetix user=genetix target_session_attrs=read-write connect_timeout=3"
    }

    /// The console configuration for this cluster: every node with the operator token file.
    public func consoleConfigJSON(state: StateDirectory, cluster: String = "local") -> String {
        let order = nodes.filter { $0.kind == .balancer } + nodes.filter { $0.kind == .app } + nodes.filter { $0.kind == .database }
        let entries: [JSONValue] = order.map { node in
            .object(["name": .string(node.name), "kind": .string(node.kind.rawValue), "admin": .string(node.adminURL),
                     "tokenFile": .string(state.tokenFile("operator"))])
        }
        let root: JSONValue = .object(["cluster": .string(cluster), "refresh": .number(1), "theme": .string("default"), "nodes": .array(entries)])
        return String(decoding: GenetixJSON.encode(root, pretty: true), as: UTF8.self) + "\n"
    }
}
