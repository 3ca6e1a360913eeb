import Foundation
import GenetixCore

extension AppSupervisor {
    /// Every worker with its figures, by id.
    public func workerStatuses() -> [WorkerStatus] {
        let now = Self.now
        return slots.values.sorted { $0.id < $1.id }.map { slot in
            var status = WorkerStatus(id: slot.id, pid: slot.pid, port: slot.port, state: slot.state)
            status.address = slot.port == 0 ? nil : address(slot)
            status.cpuPercent = slot.cpuPercent
            status.residentBytes = slot.residentBytes
            status.requests = slot.stats?.requests
            status.inFlight = slot.stats?.inFlight
            status.requestsPerSecond = slot.stats?.requestsPerSecond
            status.p50Ms = slot.stats?.p50Ms
            status.p99Ms = slot.stats?.p99Ms
            status.restarts = slot.restarts
            status.uptimeSeconds = slot.process == nil ? nil : max(0, now - slot.startedAt)
            status.startedAt = slot.startedDate
            status.lastExit = slot.lastExit
            return status
        }
    }

    /// The autoscaler's state for status.
    public func autoscalerStatus() -> AutoscalerStatus {
        var status = AutoscalerStatus(enabled: autoscaler.enabled, min: autoscaler.min, max: autoscaler.max)
        status.metric = autoscaler.metric.rawValue
        status.target = autoscaler.target
        status.scaleDownWindowSeconds = autoscaler.scaleDownWindowSeconds
        status.current = slots.values.filter { $0.isMember && $0.state != .errored }.count
        status.desired = autoscaler.enabled ? lastDecision?.desired : desired
        status.lastDecision = lastDecision?.reason
        status.lastDecisionAt = lastDecisionAt
        return status
    }

    /// The node's status: workers, autoscaler, health and headline figures.
    public func nodeStatus() -> NodeStatus {
        var status = NodeStatus(name: "", kind: .app, role: "supervisor", version: GenetixVersion.string, startedAt: Date(), pid: getpid())
        let workers = workerStatuses()
        status.workers = workers
        status.autoscaler = autoscalerStatus()
        let online = workers.filter { $0.state == .online }.count
        var health = Health()
        if online == 0 { health.worsen(to: .down, "no worker is online") }
        let errored = workers.filter { $0.state == .errored }.map(\.id)
        if !errored.isEmpty { health.worsen(to: .degraded, "worker(s) \(errored.map(String.init).joined(separator: ", ")) errored (crash loop)") }
        if online > 0, online < desired { health.worsen(to: .degraded, "\(online) of \(desired) workers online") }
        status.health = health
        let serving = workers.filter { $0.state == .online || $0.state == .draining }
        status.figures = NodeFigures(requestsPerSecond: serving.compactMap(\.requestsPerSecond).reduce(0, +),
                                     p50Ms: serving.compactMap(\.p50Ms).max(), p99Ms: serving.compactMap(\.p99Ms).max(),
                                     inFlight: serving.compactMap(\.inFlight).reduce(0, +),
                                     cpuPercent: workers.compactMap(\.cpuPercent).reduce(0, +),
                                     residentBytes: workers.compactMap(\.residentBytes).reduce(0, +))
        return status
    }

    /// Whether at least one worker is online.
    public func hasOnlineWorker() -> Bool { slots.values.contains { $0.state == .online } }
}
