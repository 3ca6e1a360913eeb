import Foundation
import GenetixAdmin
import GenetixCommandLine
import GenetixCore
import GenetixDatabase

/// `genetix database`: the agent that owns one PostgreSQL 15 server (a primary, or a streaming replica with
/// `--replica-of`) and serves the admin API with the promote / fence / follow / rejoin / sync actions.
enum DatabaseCommand: Command {
    static let spec = CommandSpec(
        name: "database",
        abstract: "Run a database node: a PostgreSQL 15 primary or streaming replica and its agent.",
        discussion: """
            First start: initdb (a primary) or pg_basebackup from --replica-of (a replica). Later starts reuse --data and \
            keep its role. As root, postgres runs as the 'postgres' system account. A postgres left running by an agent \
            that died is adopted. Health endpoints for load balancers: GET /primary, /replica?lag=BYTES, /health.
            """,
        options: NodeCommandOptions.options(defaultName: "db-1", defaultAdminPort: 9301) + [
            OptionSpec("data", valueName: "dir", help: "The PostgreSQL data directory (created on first start).", isRequired: true),
            OptionSpec("pg-listen", valueName: "host:port", help: "Where PostgreSQL listens.", defaultValue: "127.0.0.1:5433"),
            OptionSpec("replica-of", valueName: "host:port", help: "Clone from this primary on first start and stream from it."),
            OptionSpec("db-name", valueName: "name", help: "The application database created on the primary.", defaultValue: "genetix"),
            OptionSpec("db-user", valueName: "name", help: "The application's login role.", defaultValue: "genetix"),
            OptionSpec("db-password-file", valueName: "file", help: "File holding the application role's password (SCRAM)."),
            OptionSpec("client-network", valueName: "cidr", help: "Where application clients connect from.", defaultValue: "127.0.0.1/32"),
            OptionSpec("replication-network", valueName: "cidr", help: "Where replicas and pg_rewind connect from.", defaultValue: "127.0.0.1/32"),
            OptionSpec("replication-password-file", valueName: "file",
                       help: "File holding the replication role's password; the same on every node (a primary generates one when absent)."),
            OptionSpec("peers", valueName: "name=url", help: "The other database agents' admin URLs, for fencing during promote.",
                       isRepeatable: true, isCommaSeparated: true),
            OptionSpec("peer-token-file", valueName: "file", help: "File holding an operator token secret for the peers' admin APIs."),
            OptionSpec("peer-ca", valueName: "pem", help: "CA certificate to verify https:// peer admin URLs against (default: the system store)."),
            OptionSpec("lag-threshold", valueName: "bytes", help: "Replica lag above which the node is degraded.", defaultValue: "16777216"),
            OptionSpec("pg-bin", valueName: "dir", help: "Directory of the PostgreSQL 15 programs (default: found automatically)."),
            OptionSpec("dcs", valueName: "url[,url…]",
                       help: "etcd client URLs: etcd decides who is primary (leader lease, automatic failover). Without it roles change only by operator actions.",
                       isRepeatable: true, isCommaSeparated: true),
            OptionSpec("dcs-ca", valueName: "pem", help: "CA certificate to verify https:// etcd URLs against."),
            OptionSpec("dcs-credentials-file", valueName: "file", help: "File holding USER:PASSWORD for etcd authentication."),
            OptionSpec("cluster-scope", valueName: "name", help: "The cluster's name in etcd (keys under /genetix/NAME/).", defaultValue: "genetix"),
            OptionSpec("dcs-ttl", valueName: "seconds", help: "The leader lease's TTL; the leader demotes itself 3/8 of it (at least 1 s) before it can expire.", defaultValue: "4"),
        ],
        flags: [
            FlagSpec("nofailover", help: "Never take the leader key automatically (a planned switchover still may)."),
            NodeConfigCheck.flag,
        ])

    static func run(_ given: ParsedArguments) async throws -> Int32 {
        if try given.flag("check") {
            return NodeConfigCheck.run("database", given) { arguments in
                let checked = try Self.settings(from: arguments)
                _ = try NodeCommandOptions.nodeOptions(arguments, kind: .database, dataDirectory: checked.dataDirectory)
            }
        }
        let arguments = try NodeCommandOptions.withConfigFile(given)
        let settings = try settings(from: arguments)
        let options = try NodeCommandOptions.nodeOptions(arguments, kind: .database, dataDirectory: settings.dataDirectory)
        let runtime = try NodeRuntime(options: options)
        let agent = try DatabaseAgent(settings: settings, logs: runtime.logs, events: runtime.events, metrics: runtime.metrics)
        do { try await agent.start(waitUntilReady: false, readyTimeout: .seconds(300)) } catch {
            runtime.logger("database").critical("cannot start: \(error)")
            runtime.finish()
            throw error
        }
        // The admin API comes up before postgres is ready, so an operator can still rejoin a node whose server fails.
        let server = try runtime.serveAdmin(DatabaseNode(agent: agent))
        let readiness = Task {
            do {
                try await agent.waitUntilReady(timeout: .seconds(300))
                runtime.notifyReady("PostgreSQL accepts connections; admin API on \(server.url)")
            } catch {
                runtime.logger("database").error("postgres is not ready: \(error)")
            }
        }
        _ = await runtime.waitForTermination()
        readiness.cancel()
        await server.shutdown()
        await agent.shutdown()
        runtime.finish()
        return 0
    }

    /// The agent's settings from the flags (and the config file under them).
    static func settings(from arguments: ParsedArguments) throws -> DatabaseSettings {
        var settings = DatabaseSettings(name: try arguments.string("name"), dataDirectory: try arguments.string("data"))
        let listen = try arguments.hostPort("pg-listen")
        settings.listenHost = listen.host
        settings.port = Int(listen.port)
        if let replicaOf = try arguments.optionalString("replica-of") { settings.replicaOf = try PeerEndpoint(parsing: replicaOf) }
        settings.databaseName = try arguments.string("db-name")
        settings.databaseUser = try arguments.string("db-user")
        settings.databasePassword = try secret(arguments, "db-password-file")
        settings.clientNetwork = try arguments.string("client-network")
        settings.replicationNetwork = try arguments.string("replication-network")
        settings.replicationPassword = try secret(arguments, "replication-password-file")
        settings.peers = try arguments.strings("peers").map { text throws in try PeerAddress(parsing: text) }
        settings.peerToken = try secret(arguments, "peer-token-file")
        settings.peerCAFile = try arguments.optionalString("peer-ca")
        guard let threshold = Int64(try arguments.string("lag-threshold")), threshold >= 0 else {
            throw NodeCommandError.invalid("--lag-threshold", "must be a number of bytes")
        }
        settings.lagThresholdBytes = threshold
        settings.binDirectory = try arguments.optionalString("pg-bin")
        let endpoints = try arguments.strings("dcs")
        if !endpoints.isEmpty {
            var ha = HASettings(endpoints: endpoints)
            ha.caFile = try arguments.optionalString("dcs-ca")
            ha.credentialsFile = try arguments.optionalString("dcs-credentials-file")
            ha.scope = try arguments.string("cluster-scope")
            guard let ttl = Int(try arguments.string("dcs-ttl")), (2...600).contains(ttl) else {
                throw NodeCommandError.invalid("--dcs-ttl", "must be a whole number of seconds from 2 to 600")
            }
            ha.ttlSeconds = ttl
            ha.noFailover = try arguments.flag("nofailover")
            let admin = try arguments.hostPort("admin-listen")
            let tls = try arguments.optionalString("admin-cert") != nil
            ha.adminURL = "\(tls ? "https" : "http")://\(admin.host == "0.0.0.0" ? settings.listenHost : admin.host):\(admin.port)"
            settings.ha = ha
        }
        return settings
    }

    /// The first line of the file named by `flag`, if given.
    private static func secret(_ arguments: ParsedArguments, _ flag: String) throws -> String? {
        guard let path = try arguments.optionalString(flag) else { return nil }
        do {
            let text = try String(contentsOfFile: path, encoding: .utf8)
            let line = text.split(separator: "\n").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
            guard !line.isEmpty else { throw NodeCommandError.invalid("--\(flag)", "\(path) is empty") }
            return line
        } catch let error as NodeCommandError {
            throw error
        } catch {
            throw DatabaseError.fileUnreadable(path: path, reason: (error as NSError).localizedDescription)
        }
    }
}
