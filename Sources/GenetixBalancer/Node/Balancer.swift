import Foundation
import GenetixCore
import GenetixNet

/// Why a balancer could not start.
public enum BalancerStartError: Error, Sendable, CustomStringConvertible {
    case listen(String, String)
    case accessLog(String)

    public var description: String {
        switch self {
        case .listen(let address, let why):
            "cannot listen on \(address): \(why) (is another process using that port? pick another with --listen/--tls-listen)"
        case .accessLog(let why): "cannot open the access log file: \(why)"
        }
    }
}

/// A running balancer: the edge servers (HTTP and optionally HTTPS), the proxy, health checks, discovery and the
/// status the admin API shows. Built from a configuration and the node's loops, metrics, logs and events.
public final class Balancer: Sendable {
    public let configuration: BalancerConfiguration
    public let backends: BackendSet
    public let proxy: BalancerProxy
    public let health: HealthChecker
    public let discovery: WorkerDiscovery?
    /// The plain HTTP listener.
    public let http: HTTPServer
    /// The HTTPS listener, when configured.
    public let https: HTTPServer?
    let events: EventStore?
    let logger: Logger?
    let sampler = RateSampler()
    private let metricsTask = TaskHolder()

    /// Starts listening and checking; discovery and health checks run until `shutdown()`.
    public init(configuration: BalancerConfiguration, group: EventLoopGroup, metrics: MetricsRegistry, logs: LogStore?,
                events: EventStore?) throws(BalancerStartError) {
        self.configuration = configuration
        self.events = events
        logger = logs?.logger("proxy")
        backends = BackendSet(ejection: configuration.ejection)
        backends.addStatic(configuration.backends)
        let balancerMetrics = BalancerMetrics(registry: metrics)
        var accessLog: AccessLog?
        if configuration.accessLog != .off, let logs {
            do { accessLog = try AccessLog(mode: configuration.accessLog, store: logs, filePath: configuration.accessLogFile,
                                          queueLimit: configuration.accessLogQueueLimit) } catch {
                throw .accessLog(error.description)
            }
        }
        proxy = BalancerProxy(configuration: configuration, backends: backends, metrics: balancerMetrics, group: group,
                              accessLog: accessLog, logger: logger)
        var listen = configuration.listen
        listen.errorFormat = .json
        do { http = try HTTPServer(configuration: listen, group: group, handler: proxy.handler) } catch {
            throw .listen(configuration.listen.address.description, error.description)
        }
        if var tlsConfig = configuration.tlsListen {
            tlsConfig.errorFormat = .json
            do { https = try HTTPServer(configuration: tlsConfig, group: group, handler: proxy.handler) } catch {
                throw .listen(tlsConfig.address.description, error.description)
            }
            proxy.setHTTPSPort(https!.localAddress.port)
        } else {
            https = nil
        }
        health = HealthChecker(backends: backends, configuration: configuration, group: group, events: events, logger: logger)
        discovery = configuration.appAdminURLs.isEmpty ? nil
            : WorkerDiscovery(backends: backends, urls: configuration.appAdminURLs, token: configuration.appToken,
                              tls: configuration.appTLS, observer: configuration.name, interval: configuration.discoveryInterval, logger: logger)
        let logger = self.logger
        backends.setEjectionObserver { [events] backend, duration in
            logger?.warn("backend \(backend.key) ejected for \(duration): \(configuration.ejection.consecutiveFailures) connect errors or 5xx answers in a row")
            events?.emit(type: "backend.ejected", severity: .warn,
                         message: "backend \(backend.key) ejected for \(duration) after \(configuration.ejection.consecutiveFailures) consecutive failures",
                         target: backend.key)
        }
        registerMetrics(balancerMetrics, registry: metrics)
        health.start()
        discovery?.start()
        logger?.info("balancer \(configuration.name) listening on \(listeners.joined(separator: ", "))")
    }

    /// The public listeners as URLs.
    public var listeners: [String] {
        var urls = ["http://\(http.localAddress)"]
        if let https { urls.append("https://\(https.localAddress)") }
        return urls
    }

    private func registerMetrics(_ metrics: BalancerMetrics, registry: MetricsRegistry) {
        let http = self.http, https = self.https
        registry.gauge("balancer_open_connections", help: "Client connections open on the edge listeners.") {
            Double(http.openConnections + (https?.openConnections ?? 0))
        }
        registry.counter("balancer_rejected_requests", help: "Client requests refused as malformed, too large or too slow.") {
            Double(http.rejectedRequests + (https?.rejectedRequests ?? 0))
        }
        if let accessLog = proxy.accessLog {
            registry.counter("balancer_access_log_dropped", help: "Access records dropped because the access log's queue was full.") {
                Double(accessLog.dropped)
            }
            registry.gauge("balancer_access_log_queued", help: "Access records waiting for the access log's writer.") { Double(accessLog.pending) }
        }
        let stats = proxy.cacheStatistics
        registry.gauge("balancer_cache_entries", help: "Responses held by the edge cache.") { Double(stats.entries.load(ordering: .relaxed)) }
        registry.gauge("balancer_cache_bytes", help: "Bytes held by the edge cache.") { Double(stats.bytes.load(ordering: .relaxed)) }
        registry.counter("balancer_cache_coalesced", help: "Cache misses that waited for another request's fetch of the same object.") {
            Double(stats.coalesced.load(ordering: .relaxed))
        }
        registry.counter("balancer_cache_stale", help: "Answers served stale from the edge cache (stale-while-revalidate, stale-if-error).") {
            Double(stats.stale.load(ordering: .relaxed))
        }
        let backends = self.backends
        metricsTask.set(Task {
            var known: [String: Backend] = [:]
            var generation = 0
            while !Task.isCancelled {
                if backends.generation != generation {
                    generation = backends.generation
                    let now = Dictionary(backends.all.map { ($0.key, $0) }, uniquingKeysWith: { a, _ in a })
                    for (key, b) in known where now[key] == nil { metrics.removeBackend(b) }
                    for (key, b) in now where known[key] == nil { metrics.registerBackend(b) }
                    known = now
                }
                try? await Task.sleep(for: .milliseconds(500))
            }
        })
    }

    /// Stops accepting, lets requests in progress finish for up to `grace`, then closes upstream connections.
    public func shutdown(grace: Duration = .seconds(5)) async {
        discovery?.stop()
        metricsTask.cancel()
        await health.stop()
        async let plain: Void = http.shutdown(grace: grace)
        async let secure: Void? = https?.shutdown(grace: grace)
        _ = await (plain, secure)
        await proxy.shutdown()
    }
}
