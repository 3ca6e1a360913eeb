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
            AdminAction(name: "scale",
                        summary: "Set the number of workers: {\"workers\": N} or {\"delta\": ±K}. Extra workers drain before they stop. "
                            + "Stopping the last workers (to 0) needs {\"force\": true}.",
                        bodySchema: ActionBodySchema.object(["workers": ActionBodySchema.integer(AppActionLimits.workers),
                                                             "delta": ActionBodySchema.integer(AppActionLimits.delta),
                                                             "force": ActionBodySchema.boolean])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["workers", "delta", "force"])
                let workers = try body.int("workers", in: AppActionLimits.workers)
                let delta = try body.int("delta", in: AppActionLimits.delta)
                let force = try body.bool("force") ?? false
                guard (workers == nil) != (delta == nil) else {
                    throw .badRequest("give exactly one of 'workers' (a count) or 'delta' (±K)", field: workers == nil ? "workers" : "delta")
                }
                let current = await supervisor.memberCount()
                let target = workers ?? current + (delta ?? 0)
                guard AppActionLimits.workers.contains(target) else {
                    throw .badRequest("the worker count must be between 0 and \(AppActionLimits.maxWorkers) (asked for \(target))",
                                      field: workers == nil ? "delta" : "workers")
                }
                if await supervisor.autoscalerEnabled() {
                    throw .conflict("the autoscaler is on and owns the worker count; turn it off with the autoscale action ({\"enabled\": false}) first")
                }
                if target == 0, current > 0, !force {
                    throw .conflict("scaling to 0 would stop all \(current) workers of this node and it would serve nothing; "
                                    + "send {\"force\": true} with the body (genetix scale NODE 0 --force) to do it anyway")
                }
                let previous = await supervisor.scale(to: target, actor: context.actor)
                stateFile?.record("workers", .number(Double(target)), actor: context.actor)
                return .object(["previous": .number(Double(previous)), "workers": .number(Double(target))])
            },
            AdminAction(name: "restart", summary: "Rolling restart of one worker ({\"worker\": ID}) or all ({}): replacements come online before the old ones drain.",
                        bodySchema: ActionBodySchema.object(["worker": ActionBodySchema.integer(AppActionLimits.workerId)])) { context throws(ActionError) in
                let body = try ActionBody(context.body, allowed: ["worker"])
                var ids: [Int] = []
                if let id = try body.int("worker", in: AppActionLimits.workerId) {
                    guard await supervisor.isMember(id) else { throw .notFound("there is no worker \(id)") }
                    ids = [id]
                }
                let restarted = await supervisor.restart(ids: ids, actor: context.actor)
                return .object(["restarted": .array(restarted.map { .number(Double($0)) })])
            },
            AdminAction(name: "autoscale",
                        summary: "Configure the autoscaler: {\"enabled\", \"min\", \"max\", \"target\": {\"inFlightPerWorker\"|\"rpsPerWorker\": X}, \"scaleDownWindowSeconds\"}.",
                        bodySchema: Self.autoscaleSchema) { context throws(ActionError) in
                var settings = await supervisor.autoscalerSettings()
                let body = try ActionBody(context.body, allowed: ["enabled", "min", "max", "target", "scaleDownWindowSeconds"])
                settings.enabled = try body.bool("enabled") ?? settings.enabled
                settings.min = try body.int("min", in: AppActionLimits.autoscaleMin) ?? settings.min
                settings.max = try body.int("max", in: AppActionLimits.autoscaleMax) ?? settings.max
                settings.scaleDownWindowSeconds = try body.double("scaleDownWindowSeconds", in: AppActionLimits.scaleDownWindowSeconds)
                    ?? settings.scaleDownWindowSeconds
                if let target = try body.object("target") {
                    guard target.count == 1, let (key, value) = target.first, let metric = AutoscalerSettings.Metric(rawValue: key) else {
                        throw .badRequest("'target' must be {\"inFlightPerWorker\": X} or {\"rpsPerWorker\": X}", field: "target")
                    }
                    let range = AppActionLimits.target
                    guard let number = value.doubleValue, range.contains(number) else {
                        throw .badRequest("'target.\(key)' must be a number from \(range.lowerBound) to \(ActionNumber.text(range.upperBound))",
                                          field: "target")
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

    static let autoscaleSchema: JSONValue = {
        let target = ActionBodySchema.number(AppActionLimits.target)
        return ActionBodySchema.object([
            "enabled": ActionBodySchema.boolean, "min": ActionBodySchema.integer(AppActionLimits.autoscaleMin),
            "max": ActionBodySchema.integer(AppActionLimits.autoscaleMax),
            "target": ActionBodySchema.object(["inFlightPerWorker": target, "rpsPerWorker": target]),
            "scaleDownWindowSeconds": ActionBodySchema.number(AppActionLimits.scaleDownWindowSeconds),
        ])
    }()
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
