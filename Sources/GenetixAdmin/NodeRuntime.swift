import Foundation
import GenetixCore
import GenetixNet

/// Settings every node process shares, from the common flags (`--name`, `--admin-listen`, `--admin-tokens`,
/// `--admin-allow`, `--admin-cert`/`--admin-key`, `--log-file`, `--log-level`).
public struct NodeOptions: Sendable {
    public var name: String
    public var kind: NodeKind
    public var adminListen: SocketAddress
    public var tokens: [AdminToken]
    public var allow: [CIDRBlock]
    public var adminTLS: TLSContext?
    public var logFile: String?
    public var logLevel: LogLevel
    /// Mirror logs to stderr (a node run in the foreground).
    public var logToStderr: Bool
    public var dataDirectory: String?
    /// Event-loop threads for this process's servers.
    public var loops: Int

    public init(name: String, kind: NodeKind, adminListen: SocketAddress, tokens: [AdminToken], allow: [CIDRBlock] = [],
                adminTLS: TLSContext? = nil, logFile: String? = nil, logLevel: LogLevel = .info, logToStderr: Bool = false,
                dataDirectory: String? = nil, loops: Int = System.coreCount) {
        self.name = name
        self.kind = kind
        self.adminListen = adminListen
        self.tokens = tokens
        self.allow = allow
        self.adminTLS = adminTLS
        self.logFile = logFile
        self.logLevel = logLevel
        self.logToStderr = logToStderr
        self.dataDirectory = dataDirectory
        self.loops = loops
    }
}

/// Why a node could not start.
public enum NodeStartError: Error, Sendable, CustomStringConvertible {
    case logFile(String)
    case eventLoop(String)
    case adminListen(String, String)

    public var description: String {
        switch self {
        case .logFile(let why): "cannot open the log file: \(why)"
        case .eventLoop(let why): "cannot start event loops: \(why)"
        case .adminListen(let address, let why): "cannot serve the admin API on \(address): \(why) (is another node using that port? pick another with --admin-listen)"
        }
    }
}

/// What every node process has: its logs, events, metrics, event loops and admin server, and a graceful shutdown on
/// SIGTERM or SIGINT.
public final class NodeRuntime: Sendable {
    public let options: NodeOptions
    public let logs: LogStore
    public let events: EventStore
    public let metrics: MetricsRegistry
    public let group: EventLoopGroup
    public let startedAt = Date()

    public init(options: NodeOptions) throws(NodeStartError) {
        SignalWaiter.ignoreSIGPIPE()
        SignalWaiter.install()
        HeapTrimmer.start()
        self.options = options
        do {
            logs = try LogStore(minimumLevel: options.logLevel, file: options.logFile.map { LogStore.FileOptions(path: $0) },
                                mirrorToStderr: options.logToStderr)
        } catch { throw .logFile(error.description) }
        events = EventStore(log: logs)
        metrics = MetricsRegistry()
        metrics.registerStandardMetrics(host: HostSampler(diskPath: options.dataDirectory ?? "/"))
        do { group = try EventLoopGroup(count: options.loops, name: options.name) } catch { throw .eventLoop(error.description) }
    }

    /// A logger for one part of the node.
    public func logger(_ source: String) -> Logger { logs.logger(source) }

    /// Starts the admin API for `node`.
    public func serveAdmin(_ node: any AdminNode) throws(NodeStartError) -> AdminServer {
        let config = AdminServerConfiguration(name: options.name, kind: options.kind, listen: options.adminListen, tokens: options.tokens,
                                              allow: options.allow, tls: options.adminTLS, startedAt: startedAt,
                                              dataDirectory: options.dataDirectory)
        do {
            let server = try AdminServer(configuration: config, node: node, logs: logs, events: events, metrics: metrics, group: group)
            logger("admin").info("admin API listening on \(server.url)")
            return server
        } catch { throw .adminListen(options.adminListen.description, error.description) }
    }

    /// Waits for SIGTERM or SIGINT and logs it.
    public func waitForTermination() async -> Int32 {
        let signo = await SignalWaiter.wait()
        logger(options.kind.rawValue).notice("received \(signo == SIGTERM ? "SIGTERM" : "SIGINT"); shutting down")
        return signo
    }

    /// Stops the event loops and flushes the log file; call last.
    public func finish() {
        logs.flush()
        group.shutdown()
    }
}
