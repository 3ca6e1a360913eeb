import Foundation
import GenetixCore
import GenetixNet

extension AppSupervisor {
    /// One pass of the supervision loop (every 200 ms): due restarts, drain progress; once a second (`poll`) also
    /// worker figures, the memory limit and the autoscaler.
    func tick(poll: Bool) async {
        guard !stopped else { return }
        restartDue(now: Self.now)
        let watched = slots.values.filter { poll ? ($0.state == .online || $0.state == .draining) : $0.state == .draining }
            .map { (id: $0.id, generation: $0.generation, url: "http://\(address($0))/internal/stats") }
        var inFlight: [Int: Int] = [:]
        if !watched.isEmpty {
            let http = self.http
            let results = await withTaskGroup(of: (Int, Int, WorkerStats?).self) { group in
                for worker in watched {
                    group.addTask { (worker.id, worker.generation, await Self.fetchStats(http, worker.url)) }
                }
                var all: [(Int, Int, WorkerStats?)] = []
                for await result in group { all.append(result) }
                return all
            }
            for (id, generation, stats) in results {
                guard let stats, slots[id]?.generation == generation else { continue }
                slots[id]!.stats = stats
                inFlight[id] = stats.inFlight
            }
        }
        advanceDrains(inFlight: inFlight, now: Self.now)
        guard poll else { return }
        sampleProcesses()
        enforceMemoryLimit()
        evaluateAutoscaler(now: Self.now)
        if let metrics { for worker in workerStatuses() { metrics.setWorker(worker) } }
    }

    static func fetchStats(_ http: HTTPClient, _ url: String) async -> WorkerStats? {
        guard let response = try? await http.get(url, timeout: .seconds(1)), response.status == 200 else { return nil }
        return try? GenetixJSON.decode(WorkerStats.self, from: response.body)
    }

    /// CPU % and resident memory of every worker process, from /proc.
    func sampleProcesses() {
        for (id, slot) in slots {
            guard let pid = slot.process?.pid, let sample = try? ProcessSampler(pid: pid).sample() else { continue }
            if let last = slot.lastSample { slots[id]!.cpuPercent = sample.cpuPercent(since: last) }
            slots[id]!.residentBytes = sample.residentBytes
            slots[id]!.lastSample = sample
        }
    }

    /// Replaces (rolling) an online worker whose resident memory passed `--max-memory`.
    func enforceMemoryLimit() {
        guard let limit = configuration.maxMemoryBytes else { return }
        for slot in slots.values where slot.state == .online && !slot.replacing && !slot.retiring {
            guard let resident = slot.residentBytes, resident > limit else { continue }
            events.emit(type: "worker.memory_limit", severity: .warn,
                        message: "worker \(slot.id) uses \(resident >> 20) MiB, over the \(limit >> 20) MiB limit; replacing it",
                        target: "worker-\(slot.id)", fields: ["residentBytes": String(resident)])
            let id = slot.id
            slots[id]!.replacing = true
            Task { [weak self] in
                await self?.clearReplacing(id)
                _ = await self?.restart(ids: [id], reason: "memory limit")
            }
        }
    }

    func clearReplacing(_ id: Int) { slots[id]?.replacing = false }

    /// Runs the target-tracking policy and scales when it says so; decisions that change something (or change the
    /// kind of answer) are events.
    func evaluateAutoscaler(now: Double) {
        guard autoscaler.enabled else { return }
        let members = slots.values.filter { $0.isMember && $0.state != .errored }
        let reporting = members.filter { $0.state == .online && $0.stats != nil }
        let metric: Double? = reporting.isEmpty ? nil : reporting.reduce(0.0) { sum, slot in
            sum + (autoscaler.metric == .rpsPerWorker ? slot.stats!.requestsPerSecond : Double(slot.stats!.inFlight))
        } / Double(max(1, members.count))
        let current = members.count
        let decision = AutoscalerPolicy.decide(current: current, metricPerWorker: metric, target: autoscaler.target,
                                               min: autoscaler.min, max: autoscaler.max, history: autoscalerHistory,
                                               now: now, window: autoscaler.scaleDownWindowSeconds)
        if let recommendation = decision.recommendation {
            autoscalerHistory.append(AutoscalerRecommendation(at: now, desired: recommendation))
            autoscalerHistory.removeAll { now - $0.at > autoscaler.scaleDownWindowSeconds }
        }
        let kind = decision.reason.prefix { $0 != " " }
        let previousKind = lastDecision?.reason.prefix { $0 != " " }
        if decision.desired != current || lastDecision == nil || previousKind != kind || lastDecision?.desired != decision.desired {
            events.emit(type: "autoscale.decision", severity: .info, message: decision.reason, actor: "autoscaler",
                        fields: ["current": String(current), "desired": String(decision.desired),
                                 "metric": metric.map { String(format2: $0) } ?? "missing"])
        }
        lastDecision = decision
        lastDecisionAt = Date()
        if decision.desired != current {
            scale(to: decision.desired + slots.values.filter { $0.isMember && $0.state == .errored }.count,
                  actor: "autoscaler", reason: decision.reason)
        }
    }

    /// Changes the autoscaler's settings.
    public func configureAutoscaler(_ settings: AutoscalerSettings, actor: String = "system") {
        autoscaler = settings
        autoscalerHistory = []
        lastDecision = nil
        events.emit(type: "autoscale.configured",
                    message: settings.enabled
                        ? "autoscaler on: \(settings.metric.rawValue) target \(String(format2: settings.target)), \(settings.min)…\(settings.max) workers, scale-down window \(AutoscalerPolicy.format(settings.scaleDownWindowSeconds.rounded())) s"
                        : "autoscaler off",
                    actor: actor)
    }
}
