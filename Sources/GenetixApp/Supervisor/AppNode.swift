import GenetixAdmin
import GenetixCore

/// The app node as the admin API sees it: status from the supervisor, readiness (a worker online), the drain reports
/// of balancers (from the status query), and the actions `scale`, `restart` and `autoscale`.
public struct AppNode: AdminNode {
    public let supervisor: AppSupervisor
    /// Where `scale` and `autoscale` decisions are kept across restarts (nil: not kept).
    public let stateFile: NodeStateFile?

    public init(supervisor: AppSupervisor, stateFile: NodeStateFile? = nil) {
        self.supervisor = supervisor
        self.stateFile = stateFile
    }

    public func status() async -> NodeStatus { await supervisor.nodeStatus() }

    public func isReady() async -> Bool { await supervisor.hasOnlineWorker() }

    public func statusRequested(query: [String: String], by caller: String) async {
        await supervisor.observe(query: query)
    }

    public var actions: [AdminAction] {
        let supervisor = self.supervisor, stateFile = self.stateFile
        return [
            AdminAction(name: "scale", summary: "Set the number of workers: {\"workers\": N} or {\"delta\": ±K}. Extra workers drain before they stop.",
                        bodySchema: Self.schema(["workers": "integer", "delta": "integer"])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["workers", "delta"])
                let workers = try body.int("workers"), delta = try body.int("delta")
                guard (workers == nil) != (delta == nil) else {
                    throw .badRequest("give exactly one of 'workers' (a count) or 'delta' (±K)", field: workers == nil ? "workers" : "delta")
                }
                let current = await supervisor.memberCount()
                let target = workers ?? current + delta!
                guard (0...64).contains(target) else {
                    throw .badRequest("the worker count must be between 0 and 64 (asked for \(target))", field: workers == nil ? "delta" : "workers")
                }
                if await supervisor.autoscalerEnabled() {
                    throw .conflict("the autoscaler is on and owns the worker count; turn it off with the autoscale action ({\"enabled\": false}) first")
                }
                let previous = await supervisor.scale(to: target, actor: context.actor)
                stateFile?.record("workers", .number(Double(target)), actor: context.actor)
                return .object(["previous": .number(Double(previous)), "workers": .number(Double(target))])
            },
            AdminAction(name: "restart", summary: "Rolling restart of one worker ({\"worker\": ID}) or all ({}): replacements come online before the old ones drain.",
                        bodySchema: Self.schema(["worker": "integer"])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["worker"])
                var ids: [Int] = []
                if let id = try body.int("worker") {
                    guard await supervisor.isMember(id) else { throw .notFound("there is no worker \(id)") }
                    ids = [id]
                }
                let restarted = await supervisor.restart(ids: ids, actor: context.actor)
                return .object(["restarted": .array(restarted.map { .number(Double($0)) })])
            },
            AdminAction(name: "autoscale",
                        summary: "Configure the autoscaler: {\"enabled\", \"min\", \"max\", \"target\": {\"inFlightPerWorker\"|\"rpsPerWorker\": X}, \"scaleDownWindowSeconds\"}.",
                        bodySchema: Self.schema(["enabled": "boolean", "min": "integer", "max": "integer", "target": "object",
                                                 "scaleDownWindowSeconds": "number"])) { context throws(ActionError) in
                var settings = await supervisor.autoscalerSettings()
                let body = try ActionBody(context.body, allowed: ["enabled", "min", "max", "target", "scaleDownWindowSeconds"])
                settings.enabled = try body.bool("enabled") ?? settings.enabled
                settings.min = try body.int("min") ?? settings.min
                settings.max = try body.int("max") ?? settings.max
                settings.scaleDownWindowSeconds = try body.double("scaleDownWindowSeconds") ?? settings.scaleDownWindowSeconds
                if let target = try body.object("target") {
                    guard target.count == 1, let (key, value) = target.first, let metric = AutoscalerSettings.Metric(rawValue: key) else {
                        throw .badRequest("'target' must be {\"inFlightPerWorker\": X} or {\"rpsPerWorker\": X}", field: "target")
                    }
                    guard let number = value.doubleValue, number > 0 else {
                        throw .badRequest("'target.\(key)' must be a positive number", field: "target")
                    }
                    settings.metric = metric
                    settings.target = number
                }
                guard settings.min >= 0 else { throw .badRequest("'min' must be 0 or more", field: "min") }
                guard settings.max >= max(1, settings.min), settings.max <= 64 else {
                    throw .badRequest("'max' must be at least 'min' (and 1) and at most 64", field: "max")
                }
                guard settings.scaleDownWindowSeconds >= 0 else {
                    throw .badRequest("'scaleDownWindowSeconds' must be 0 or more", field: "scaleDownWindowSeconds")
                }
                await supervisor.configureAutoscaler(settings, actor: context.actor)
                stateFile?.record("autoscaler", AppSavedState.json(settings), actor: context.actor)
                return JSONValue.from(await supervisor.autoscalerStatus())
            },
        ]
    }

    static func schema(_ properties: [String: String]) -> JSONValue {
        .object(["type": .string("object"),
                 "properties": .object(properties.mapValues { .object(["type": .string($0)]) })])
    }
}

extension AppSupervisor {
    /// Workers counting toward the desired count (not draining or stopping).
    public func memberCount() -> Int { slots.values.filter(\.isMember).count }
    /// Whether `id` is a current member.
    public func isMember(_ id: Int) -> Bool { slots[id]?.isMember ?? false }
    /// Whether the autoscaler is on.
    public func autoscalerEnabled() -> Bool { autoscaler.enabled }
    /// The autoscaler's settings.
    public func autoscalerSettings() -> AutoscalerSettings { autoscaler }
}
