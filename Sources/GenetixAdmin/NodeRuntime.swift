import Foundation
import GenetixCore
import GenetixNet
import Synchronization

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
    /// The `--admin-tokens` file, re-read on SIGHUP.
    public var tokensFile: String?
    /// Whether this kind keeps operator decisions across restarts (app, balancer).
    public var persistsState = false
    /// Where the state file goes (`--state-dir`, else `$STATE_DIRECTORY`, else the `--log-file` directory); nil: nowhere.
    public var stateDirectory: String?
    /// `--ignore-saved-state`: start from the command line and set the saved file aside.
    public var ignoreSavedState = false
    /// `--syslog SOCKET`: also send every log line to the host's syslog daemon there (RFC 5424), e.g. /dev/log.
    public var syslogSocket: String?

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
    /// The operator decisions kept across restarts; nil for kinds that keep none.
    public let stateFile: NodeStateFile?
    /// systemd's notification socket (`NOTIFY_SOCKET`), when the node runs under `Type=notify`.
    public let notifier: SystemdNotifier?
    /// `WATCHDOG=1` pings from the event loops once the node is ready, when systemd set `WATCHDOG_USEC`.
    private let watchdog = Mutex<SystemdWatchdog?>(nil)
    /// What SIGHUP runs after reopening the log files.
    private let reloaders = Mutex<[@Sendable () -> Void]>([])

    public init(options: NodeOptions) throws(NodeStartError) {
        SignalWaiter.ignoreSIGPIPE()
        SignalWaiter.install()
        HeapTrimmer.start()
        self.options = options
        do {
            logs = try LogStore(minimumLevel: options.logLevel, file: options.logFile.map { LogStore.FileOptions(path: $0) },
                                mirrorToStderr: options.logToStderr,
                                syslog: options.syslogSocket.map { SyslogSink(path: $0, node: options.name) })
        } catch { throw .logFile(error.description) }
        events = EventStore(log: logs)
        metrics = MetricsRegistry()
        stateFile = options.persistsState
            ? NodeStateFile(directory: options.stateDirectory, node: options.name, kind: options.kind,
                            ignoreSaved: options.ignoreSavedState, logger: logs.logger("state"), events: events)
            : nil
        metrics.registerStandardMetrics(host: HostSampler(diskPath: options.dataDirectory ?? "/"))
        metrics.gauge("genetix_build_info", help: "Always 1; the labels say which genetix build and node kind this is.",
                      labels: ["version": GenetixVersion.string, "kind": options.kind.rawValue, "node": options.name]) { 1 }
        if let syslog = logs.syslog {
            metrics.counter("genetix_syslog_dropped_total", help: "Log lines not sent to syslog (its queue or socket buffer full, or no daemon at --syslog).") {
                Double(syslog.dropped)
            }
        }
        do { group = try EventLoopGroup(count: options.loops, name: options.name) } catch { throw .eventLoop(error.description) }
        notifier = SystemdNotifier.fromEnvironment()
        let hangupLogger = logs.logger("signal")
        SignalWaiter.onHangup { [weak self] in
            LogStore.reopenAllFiles()
            hangupLogger.notice("SIGHUP: reopened the log files")
            for reload in self?.reloaders.withLock({ $0 }) ?? [] { reload() }
        }
    }

    /// Adds work to do on SIGHUP after the log files are reopened (reloading token files, backends…). Runs on the
    /// signal thread: keep it short, or start a task.
    public func onReload(_ work: @escaping @Sendable () -> Void) {
        reloaders.withLock { $0.append(work) }
    }

    /// Tells systemd (`Type=notify`) that the node serves — call once every listener is bound — and starts the
    /// `WATCHDOG=1` pings when `WATCHDOG_USEC` is set. Does nothing without `NOTIFY_SOCKET`.
    public func notifyReady(_ status: String) {
        guard let notifier else { return }
        let sent = notifier.notify("READY=1\nSTATUS=\(status)\nMAINPID=\(getpid())")
        let logger = logger("systemd")
        if sent { logger.info("told systemd READY=1 (\(status))") } else {
            logger.warn("cannot send READY=1 to NOTIFY_SOCKET=\(notifier.socketPath): \(String(cString: strerror(errno)))")
        }
        guard let interval = SystemdNotifier.watchdogInterval() else { return }
        watchdog.withLock { current in
            guard current == nil else { return }
            current = SystemdWatchdog(notifier: notifier, interval: interval, group: group)
            logger.info("sending WATCHDOG=1 to \(notifier.socketPath) every \(interval) while every event loop runs")
        }
    }

    /// Exports when the certificate that `listener` (`admin`, `https`) serves expires, as
    /// `genetix_tls_certificate_expiry_timestamp_seconds{listener}`. Read once, as the listener loads its certificate
    /// once: a renewed file takes effect (listener and gauge) at the next restart. A file that cannot be read is
    /// logged and leaves the gauge out.
    public func exportCertificateExpiry(listener: String, certificateChainPath path: String) {
        do {
            let notAfter = try CertificateExpiry.notAfter(pemFile: path)
            metrics.gauge("genetix_tls_certificate_expiry_timestamp_seconds",
                          help: "When the TLS certificate the listener serves expires (notAfter), seconds since the Unix epoch.",
                          labels: ["listener": listener]).set(Double(notAfter))
        } catch {
            logger("tls").warn("cannot read the expiry of the \(listener) certificate: \(error)")
        }
    }

    /// A logger for one part of the node.
    public func logger(_ source: String) -> Logger { logs.logger(source) }

    /// Starts the admin API for `node`.
    public func serveAdmin(_ node: any AdminNode) throws(NodeStartError) -> AdminServer {
        let config = AdminServerConfiguration(name: options.name, kind: options.kind, listen: options.adminListen, tokens: options.tokens,
                                              allow: options.allow, tls: options.adminTLS, startedAt: startedAt,
                                              dataDirectory: options.dataDirectory, stateFile: stateFile)
        do {
            let server = try AdminServer(configuration: config, node: node, logs: logs, events: events, metrics: metrics, group: group)
            logger("admin").info("admin API listening on \(server.url)")
            if let path = options.adminTLS?.configuration.certificateChainPath { exportCertificateExpiry(listener: "admin", certificateChainPath: path) }
            if let path = options.tokensFile {
                let logger = logger("reload"), events = self.events
                onReload { [weak server] in
                    do {
                        let tokens = try AdminTokenFile.load(path)
                        server?.authenticator.replaceTokens(tokens)
                        logger.notice("SIGHUP: reloaded \(tokens.count) admin token(s) from \(path)")
                        events.emit(type: "reload.tokens", message: "admin tokens reloaded from \(path) (\(tokens.count))", fields: ["path": path])
                    } catch {
                        logger.error("SIGHUP: kept the current admin tokens: \(path): \(error)")
                        events.emit(type: "reload.failed", severity: .warn, message: "admin tokens not reloaded: \(path): \(error); the current ones stay",
                                    fields: ["path": path])
                    }
                }
            }
            return server
        } catch { throw .adminListen(options.adminListen.description, error.description) }
    }

    /// Waits for SIGTERM or SIGINT and logs it.
    public func waitForTermination() async -> Int32 {
        let signo = await SignalWaiter.wait()
        logger(options.kind.rawValue).notice("received \(signo == SIGTERM ? "SIGTERM" : "SIGINT"); shutting down")
        notifier?.notify("STOPPING=1\nSTATUS=shutting down")
        return signo
    }

    /// Stops the event loops and flushes the log file; call last.
    public func finish() {
        watchdog.withLock { $0?.stop() }
        logs.flush()
        group.shutdown()
    }
}
