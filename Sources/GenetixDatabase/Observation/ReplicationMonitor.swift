import Foundation
import GenetixCore

/// Samples the server every second through libpq (role, timeline, LSNs, lag, replication clients, the WAL receiver,
/// connections by state, transactions per second, cache hit ratio, size), publishes the figures as metrics and
/// emits events on changes: role, replication clients connected or lost, lag crossing the threshold.
actor ReplicationMonitor {
    private let conninfo: String
    private let settings: DatabaseSettings
    private let events: EventStore
    private let logger: Logger
    private let metrics: DatabaseMetrics
    private let postmasterUp: @Sendable () async -> Bool
    private var connection: AsyncPostgresConnection?
    private var task: Task<Void, Never>?
    /// The newest sample.
    private(set) var latest = DatabaseObservation()
    private var previous: DatabaseObservation?
    private var lagHigh = false
    private var knownClients: Set<String> = []
    private var announcedRole: String?

    init(conninfo: String, settings: DatabaseSettings, events: EventStore, logger: Logger, metrics: MetricsRegistry,
         postmasterUp: @escaping @Sendable () async -> Bool) {
        self.conninfo = conninfo
        self.settings = settings
        self.events = events
        self.logger = logger
        self.metrics = DatabaseMetrics(registry: metrics)
        self.postmasterUp = postmasterUp
    }

    /// Samples every `interval` until `stop()`.
    func start(interval: Duration = .seconds(1)) {
        guard task == nil else { return }
        task = Task { [weak self] in
            while !Task.isCancelled {
                await self?.sample()
                try? await Task.sleep(for: interval)
            }
        }
    }

    func stop() async {
        task?.cancel()
        task = nil
        await connection?.close()
        connection = nil
    }

    /// Takes a sample now and returns it.
    @discardableResult
    func sample() async -> DatabaseObservation {
        var observation = DatabaseObservation()
        observation.postmasterUp = await postmasterUp()
        if observation.postmasterUp {
            do {
                let connection = try await currentConnection()
                observation = try await ObservationQueries.sample(connection, previous: previous)
            } catch {
                observation.error = error.description
                await connection?.close()
                connection = nil
            }
        }
        record(observation)
        return observation
    }

    private func currentConnection() async throws(DatabaseError) -> AsyncPostgresConnection {
        if let connection { return connection }
        let fresh = try await AsyncPostgresConnection.connect(conninfo, target: "local postgres")
        connection = fresh
        return fresh
    }

    private func record(_ o: DatabaseObservation) {
        if o.reachable { previous = o }
        let before = latest
        latest = o
        metrics.update(o)
        if let role = o.role, role != announcedRole {
            if let old = announcedRole {
                events.emit(type: "database.role_changed", severity: .warn, message: "role changed from \(old) to \(role)",
                            target: settings.name, fields: ["from": old, "to": role, "timeline": String(o.timeline)])
            }
            announcedRole = role
        }
        if before.postmasterUp && before.reachable && !o.postmasterUp {
            logger.error("postgres is down")
        }
        guard o.reachable else { return }
        let names = Set(o.clients.map(\.name))
        for name in names.subtracting(knownClients).sorted() {
            events.emit(type: "replication.client_connected", message: "replica \(name) connected", target: name)
        }
        for name in knownClients.subtracting(names).sorted() {
            events.emit(type: "replication.client_lost", severity: .warn, message: "replica \(name) disconnected", target: name)
        }
        knownClients = names
        let high = o.inRecovery && o.lagBytes > settings.lagThresholdBytes
        if high != lagHigh {
            lagHigh = high
            if high {
                events.emit(type: "replication.lag_high", severity: .warn,
                            message: "replication lag \(o.lagBytes) bytes is above \(settings.lagThresholdBytes)",
                            target: settings.name, fields: ["lagBytes": String(o.lagBytes)])
            } else {
                events.emit(type: "replication.lag_ok", message: "replication lag is back under \(settings.lagThresholdBytes) bytes",
                            target: settings.name, fields: ["lagBytes": String(o.lagBytes)])
            }
        }
    }
}
