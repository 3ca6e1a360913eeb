import Foundation
import GenetixAdmin
import GenetixCore
import GenetixNet

/// Finds backends by polling app nodes' admin status: every interval, for each app node,
/// `GET /admin/v1/status?observer=<balancer name>&idle=<addr>,<addr>`. Routes only to `online` workers; a worker seen
/// `draining` (or `stopping`) stops getting new requests at once. `idle` lists the workers of that node this balancer
/// holds as draining with no request in flight — the app node waits for that before it stops a draining worker.
public final class WorkerDiscovery: Sendable {
    private let backends: BackendSet
    private let clients: [AdminClient]
    private let observer: String
    private let interval: Duration
    private let logger: Logger?
    private let task = TaskHolder()

    /// Polls the app nodes at `urls` with `token`; `https://` ones through `tls` (or, when nil, a context trusting the
    /// system's CAs).
    public init(backends: BackendSet, urls: [HTTPURL], token: String?, tls: TLSContext? = nil, observer: String, interval: Duration,
                logger: Logger?) {
        self.backends = backends
        var https: HTTPClient?
        if urls.contains(where: \.isTLS), let context = tls ?? (try? TLSContext.client(.client())) {
            https = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(2), maxIdlePerOrigin: 2, tls: context))
        }
        var clients: [AdminClient] = []
        for url in urls {
            let http = url.isTLS ? (https ?? AdminClient.sharedHTTP) : AdminClient.sharedHTTP
            if let client = try? AdminClient(url: url.origin, token: token, nodeName: url.origin, timeout: .seconds(2), http: http) {
                clients.append(client)
            }
        }
        self.clients = clients
        self.observer = observer
        self.interval = interval
        self.logger = logger
    }

    /// Starts polling.
    public func start() {
        task.set(Task { [self] in
            var failing: Set<String> = []
            while !Task.isCancelled {
                await withTaskGroup(of: (String, String?).self) { group in
                    for client in clients {
                        group.addTask { (client.nodeName, await self.poll(client)) }
                    }
                    for await (node, failure) in group {
                        if let failure, !failing.contains(node) {
                            failing.insert(node)
                            logger?.warn("cannot read workers from app node \(node): \(failure); keeping the last known list")
                        } else if failure == nil, failing.remove(node) != nil {
                            logger?.notice("reading workers from app node \(node) again")
                        }
                    }
                }
                try? await Task.sleep(for: interval)
            }
        })
    }

    /// Stops polling.
    public func stop() { task.cancel() }

    /// Polls one app node once and applies its worker list; returns why it failed, if it did.
    @discardableResult
    public func poll(_ client: AdminClient) async -> String? {
        let node = client.nodeName
        let idle = backends.all.filter { backend in
            if case .discovered(let from, _) = backend.source, from == node {
                return backend.drainedByDiscovery.load(ordering: .relaxed) && backend.requestsInFlight == 0
            }
            return false
        }.map(\.key)
        var query = ["observer": observer]
        if !idle.isEmpty { query["idle"] = idle.joined(separator: ",") }
        let status: NodeStatus
        do { status = try await client.status(query: query) } catch { return error.description }
        var workers: [DiscoveredWorker] = []
        for worker in status.workers ?? [] {
            let text = worker.address ?? "\(client.baseURL.address.host):\(worker.port)"
            guard let address = try? SocketAddress(parsing: text) else { continue }
            switch worker.state {
            case .online: workers.append(DiscoveredWorker(address: address, workerId: worker.id, draining: false))
            case .draining, .stopping: workers.append(DiscoveredWorker(address: address, workerId: worker.id, draining: true))
            case .starting, .errored: continue
            }
        }
        backends.replaceDiscovered(from: node, with: workers)
        return nil
    }

    /// The clients, one per app node (for tests and one-off polls).
    public var appNodes: [AdminClient] { clients }
}
