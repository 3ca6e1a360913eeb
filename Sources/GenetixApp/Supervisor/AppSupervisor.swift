import Foundation
import GenetixCore
import GenetixNet
import Glibc

/// The PM2-grade supervisor of an app node: spawns `genetix app-worker` processes, watches them through their exits,
/// output and `/readyz`, restarts crashed ones with backoff, stops crash loops, scales (draining before stopping),
/// rolls restarts without losing capacity, and runs the autoscaler.
///
/// Worker states: starting → online (after /readyz answered 200) → draining → stopping; errored after a crash loop.
public actor AppSupervisor {
    public let configuration: AppSupervisorConfiguration
    let logs: LogStore
    let events: EventStore
    let logger: Logger
    let metrics: MetricsRegistry?
    let http = HTTPClient(configuration: HTTPClientConfiguration(timeout: .seconds(1), maxIdlePerOrigin: 2))

    var slots: [Int: WorkerSlot] = [:]
    var desired: Int
    var drains: DrainTracker
    var autoscaler = AutoscalerSettings()
    var autoscalerHistory: [AutoscalerRecommendation] = []
    var lastDecision: AutoscalerDecision?
    var lastDecisionAt: Date?
    var loop: Task<Void, Never>?
    var stopped = false

    public init(configuration: AppSupervisorConfiguration, logs: LogStore, events: EventStore, metrics: MetricsRegistry? = nil) {
        self.configuration = configuration
        self.logs = logs
        self.events = events
        self.metrics = metrics
        logger = logs.logger("supervisor")
        desired = configuration.workers
        drains = DrainTracker(timeout: configuration.drainTimeout)
        // Exported from 0, so that the first crash is already an increase.
        _ = metrics?.counter("genetix_app_worker_crash_restarts_total", help: Self.crashRestartsHelp)
    }

    static let crashRestartsHelp = "Workers the supervisor restarted after they exited unexpectedly (crashed, or killed when hung)."

    /// Seconds on the monotonic clock.
    static var now: Double { Double(MonotonicClock.nanoseconds()) / 1e9 }

    /// Starts the configured workers and the supervision loop.
    public func start() {
        guard loop == nil else { return }
        for _ in 0..<configuration.workers { addWorker() }
        loop = Task { [weak self] in
            var tick = 0
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(200))
                guard let self else { return }
                await self.tick(poll: tick % 5 == 0)
                tick += 1
            }
        }
    }

    /// Drains every worker the way a scale-down does — the balancers see them `draining`, stop routing to them and
    /// report them idle, then each gets SIGTERM — for at most `timeout` seconds. The node calls it on SIGTERM while its
    /// admin API still answers, before `stop()`, so restarting a node does not cut requests in flight.
    public func drainAll(timeout: Double) async {
        scale(to: 0, reason: "the node is stopping")
        let deadline = Self.now + timeout
        while slots.values.contains(where: { $0.process != nil }), Self.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
    }

    /// Stops every worker (SIGTERM, then SIGKILL after the drain timeout) and the loop.
    public func stop() async {
        stopped = true
        loop?.cancel()
        for id in slots.keys {
            slots[id]!.retiring = true
            slots[id]!.restartAt = nil
            slots[id]!.process?.send(SIGTERM)
        }
        let deadline = Self.now + configuration.drainTimeout
        while slots.values.contains(where: { $0.process != nil }), Self.now < deadline {
            try? await Task.sleep(for: .milliseconds(50))
        }
        for slot in slots.values { slot.process?.send(SIGKILL) }
        while slots.values.contains(where: { $0.process != nil }), Self.now < deadline + 2 {
            try? await Task.sleep(for: .milliseconds(20))
        }
        await http.shutdown()
    }

    /// Adds a worker at the lowest free id (so a freed port is reused) and starts it.
    @discardableResult
    func addWorker() -> Int {
        var id = 1
        while slots[id] != nil { id += 1 }
        let port = configuration.basePort == 0 ? 0 : configuration.basePort + id - 1
        slots[id] = WorkerSlot(id: id, port: port)
        spawn(id)
        return id
    }

    /// Starts (or restarts) the process of worker `id`.
    func spawn(_ id: Int) {
        guard var slot = slots[id], !stopped else { return }
        slot.generation += 1
        slot.state = .starting
        slot.restartAt = nil
        slot.stats = nil
        slot.lastSample = nil
        slot.startedAt = Self.now
        slot.startedDate = Date()
        if configuration.basePort == 0 { slot.port = 0 }
        let generation = slot.generation
        var arguments = ["app-worker", "--id", String(id), "--listen", "\(configuration.listenHost):\(slot.port)",
                         "--db", configuration.database, "--secrets", configuration.secretsPath,
                         "--threads", String(configuration.workerThreads)]
        if let read = configuration.readDatabase { arguments += ["--read-db", read] }
        if let passwordFile = configuration.databasePasswordFile { arguments += ["--db-password-file", passwordFile] }
        let source = "worker-\(id)"
        let logs = self.logs
        do throws(SupervisorError) {
            slot.process = try WorkerProcess.spawn(executable: configuration.executable, arguments: arguments, onLine: { [weak self] line, stderr in
                let parsed = WorkerLogLine(parsing: line, fromStderr: stderr)
                logs.append(level: parsed.level, source: source, message: parsed.message)
                if let address = parsed.listeningAddress, let port = Int(address.split(separator: ":").last ?? "") {
                    Task { await self?.announced(id: id, generation: generation, port: port) }
                }
            }, onExit: { [weak self] description in
                Task { await self?.exited(id: id, generation: generation, description: description) }
            })
            slots[id] = slot
            logger.info("started worker \(id)", fields: ["pid": String(slot.pid), "port": String(slot.port)])
            if configuration.basePort != 0 { watchReadiness(id: id, generation: generation) }
        } catch {
            slots[id] = slot
            logger.error("\(error)")
            crashed(id: id, description: error.description)
        }
    }

    /// A worker with an ephemeral port announced where it listens.
    func announced(id: Int, generation: Int, port: Int) {
        guard var slot = slots[id], slot.generation == generation, slot.port == 0 else { return }
        slot.port = port
        slots[id] = slot
        watchReadiness(id: id, generation: generation)
    }

    /// Polls the worker's /readyz until it answers 200 (→ online), it dies, or the start timeout passes.
    func watchReadiness(id: Int, generation: Int) {
        guard let slot = slots[id] else { return }
        let url = "http://\(configuration.listenHost):\(slot.port)/readyz"
        let timeout = configuration.startTimeout
        let http = self.http
        Task { [weak self] in
            let started = Self.now
            while Self.now - started < timeout {
                guard let self, await self.isStarting(id: id, generation: generation) else { return }
                if let response = try? await http.get(url, timeout: .seconds(1)), response.status == 200 {
                    await self.markOnline(id: id, generation: generation)
                    return
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            await self?.startTimedOut(id: id, generation: generation)
        }
    }

    func isStarting(id: Int, generation: Int) -> Bool {
        guard let slot = slots[id] else { return false }
        return slot.generation == generation && slot.state == .starting && slot.process != nil
    }

    func markOnline(id: Int, generation: Int) {
        guard var slot = slots[id], slot.generation == generation, slot.state == .starting else { return }
        slot.state = .online
        slots[id] = slot
        events.emit(type: "worker.online", message: "worker \(id) is online at \(address(slot)) (pid \(slot.pid))",
                    target: "worker-\(id)", fields: ["pid": String(slot.pid), "address": address(slot)])
    }

    func startTimedOut(id: Int, generation: Int) {
        guard let slot = slots[id], slot.generation == generation, slot.state == .starting else { return }
        logger.error("worker \(id) did not become ready within \(Int(configuration.startTimeout)) s; killing it")
        slot.process?.send(SIGKILL)
    }

    /// A worker process ended.
    func exited(id: Int, generation: Int, description: String) {
        guard var slot = slots[id], slot.generation == generation else { return }
        slot.process = nil
        slot.lastExit = description
        if slot.retiring || stopped {
            slots[id] = nil
            metrics?.removeWorker(id)
            events.emit(type: "worker.stopped", message: "worker \(id) stopped (\(description))", target: "worker-\(id)",
                        fields: ["exit": description])
            return
        }
        slots[id] = slot
        crashed(id: id, description: description)
    }

    /// Schedules the restart of a crashed worker, or marks it errored when it is crash-looping.
    func crashed(id: Int, description: String) {
        guard var slot = slots[id] else { return }
        let now = Self.now
        let uptime = slot.startedAt > 0 ? now - slot.startedAt : 0
        let policy = configuration.restartPolicy
        slot.consecutiveCrashes = policy.consecutiveCrashes(after: slot.consecutiveCrashes, uptime: uptime)
        slot.crashTimes = (slot.crashTimes + [now]).filter { now - $0 <= policy.crashLoopWindow }
        slot.process = nil
        slot.lastExit = description
        events.emit(type: "worker.crashed", severity: .warn, message: "worker \(id) \(description) after \(Int(uptime)) s",
                    target: "worker-\(id)", fields: ["exit": description, "uptimeSeconds": String(Int(uptime))])
        if policy.isCrashLoop(crashTimes: slot.crashTimes, now: now) {
            slot.state = .errored
            slot.restartAt = nil
            slots[id] = slot
            events.emit(type: "worker.errored", severity: .crit,
                        message: "worker \(id) crashed \(slot.crashTimes.count) times in \(Int(policy.crashLoopWindow)) s; not restarting it (last: \(description)); see its log lines (source worker-\(id)), fix the cause, then restart it",
                        target: "worker-\(id)", fields: ["exit": description])
            return
        }
        let delay = policy.delay(consecutiveCrashes: slot.consecutiveCrashes)
        slot.state = .starting
        slot.restartAt = now + delay
        slots[id] = slot
        logger.warn("worker \(id) \(description); restarting in \(Int(delay * 1000)) ms")
    }

    /// Restarts crashed workers whose backoff has passed.
    func restartDue(now: Double) {
        for (id, slot) in slots where slot.restartAt.map({ $0 <= now }) ?? false && !slot.retiring {
            slots[id]!.restarts += 1
            // Only grows, across every worker the supervisor ever ran: `increase(...[10m])` finds a crash loop.
            metrics?.counter("genetix_app_worker_crash_restarts_total", help: Self.crashRestartsHelp).increment()
            spawn(id)
            events.emit(type: "worker.restarted", message: "worker \(id) restarted (restart \(slots[id]?.restarts ?? 0), pid \(slots[id]?.pid ?? 0))",
                        target: "worker-\(id)", fields: ["pid": String(slots[id]?.pid ?? 0)])
        }
    }

    func address(_ slot: WorkerSlot) -> String { "\(configuration.listenHost):\(slot.port)" }

    /// Records a balancer's status poll (`observer`, `idle`) for the drain protocol.
    public func observe(query: [String: String]) {
        drains.observe(query: query, now: Self.now)
    }
}
