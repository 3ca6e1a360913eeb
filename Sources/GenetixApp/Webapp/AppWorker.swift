import Foundation
import GenetixCore
import GenetixNet
import Glibc
import GenetixAdmin

/// How a worker process is configured (`genetix app-worker` flags).
public struct AppWorkerConfiguration: Sendable {
    public var id: Int
    /// Where to listen; port 0 picks a free port, announced in the `listening` log line's `address` field.
    public var listen: SocketAddress
    /// The conninfo for writes (multi-host with `target_session_attrs=read-write` follows a promotion).
    public var database: String
    /// An optional conninfo for reads (e.g. `target_session_attrs=prefer-standby`).
    public var readDatabase: String?
    /// A file whose first line is the database password, added to both conninfos inside the worker (never on a
    /// command line).
    public var databasePasswordFile: String?
    public var secretsPath: String
    /// Event-loop threads.
    public var threads: Int = 1
    /// Database connections per pool.
    public var poolSize: Int = 3
    /// How long in-flight requests may take to finish after SIGTERM.
    public var shutdownGrace: Duration = .seconds(10)

    public init(id: Int, listen: SocketAddress, database: String, readDatabase: String? = nil, secretsPath: String) {
        self.id = id
        self.listen = listen
        self.database = database
        self.readDatabase = readDatabase
        self.secretsPath = secretsPath
    }
}

/// One webapp worker process: loads the secrets (refusing to start without them), opens the database pools, serves
/// the webapp until SIGTERM, then stops accepting, lets in-flight requests finish and returns.
public enum AppWorker {
    /// Entries a worker keeps in memory. Its log goes to stderr, where the supervisor turns each line into an entry
    /// of the node's log (the one `GET /admin/v1/logs` serves); nothing reads the worker's own ring, so a full-size
    /// one (10 000 entries, about 6 MiB of a worker's heap at the soak's rate) would only be memory that fills for
    /// minutes and looks like a leak.
    static let logCapacity = 64

    /// Runs the worker until SIGTERM/SIGINT; returns the exit code. Logs go to stderr as text lines the supervisor
    /// turns back into log entries.
    public static func run(_ configuration: AppWorkerConfiguration) async -> Int32 {
        signal(SIGPIPE, SIG_IGN)
        HeapTrimmer.start()
        guard let log = try? LogStore(capacity: logCapacity, mirrorToStderr: true) else { return 70 }
        let logger = log.logger("worker-\(configuration.id)")
        let secrets: AppSecrets
        do throws(AppSecretsError) { secrets = try AppSecrets.load(path: configuration.secretsPath) } catch {
            logger.critical("refusing to start: \(error)")
            log.flush()
            return 78
        }
        var database = configuration.database
        var readDatabase = configuration.readDatabase
        if let path = configuration.databasePasswordFile {
            do throws(DatabasePasswordFileError) {
                let password = try DatabasePasswordFile.read(path: path)
                database = DatabasePasswordFile.conninfo(database, password: password)
                readDatabase = readDatabase.map { DatabasePasswordFile.conninfo($0, password: password) }
            } catch {
                logger.critical("refusing to start: \(error)")
                log.flush()
                return 78
            }
        }
        let primary = PostgresPool(conninfo: database, size: configuration.poolSize, name: "pg-write")
        let reader = readDatabase.map { PostgresPool(conninfo: $0, size: configuration.poolSize, name: "pg-read") }
        let registry = MetricsRegistry()
        registry.registerStandardMetrics(host: nil)
        let metrics = RequestMetrics(registry: registry)
        let webapp = Webapp(store: CustomerStore(primary: primary, reader: reader), secrets: secrets, metrics: metrics, logger: logger,
                            ownHost: configuration.listen.host)
        let group: EventLoopGroup
        let server: HTTPServer
        do {
            group = try EventLoopGroup(count: max(1, configuration.threads), name: "worker")
            var listen = HTTPServerConfiguration(address: configuration.listen)
            listen.errorFormat = .json
            server = try HTTPServer(configuration: listen, group: group, handler: webapp.router().handler)
        } catch {
            logger.critical("cannot listen on \(configuration.listen): \(error) — is another process using the port?")
            log.flush()
            return 75
        }
        logger.info("listening", fields: ["address": server.localAddress.description, "pid": String(getpid())])
        let signo = await SignalWaiter.wait()
        logger.info("stopping on signal \(signo): finishing \(metrics.inFlight) in-flight requests")
        await server.shutdown(grace: configuration.shutdownGrace)
        webapp.shutdown()
        primary.shutdown()
        reader?.shutdown()
        group.shutdown()
        logger.info("stopped", fields: ["requests": String(metrics.requests)])
        log.flush()
        return 0
    }
}
