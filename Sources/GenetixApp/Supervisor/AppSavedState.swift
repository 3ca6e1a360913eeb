import GenetixAdmin
import GenetixCore

/// The app node's operator decisions kept across restarts: `workers` (the last `scale`) and `autoscaler` (the last
/// `autoscale`), in the node's `NodeStateFile`.
public enum AppSavedState {
    /// Declares the command line's values, then applies the saved ones to `configuration` (the worker count) and
    /// returns the saved autoscaler settings to configure once the supervisor exists. A saved value out of range is
    /// logged, reported as an event and ignored.
    public static func restore(_ file: NodeStateFile, configuration: inout AppSupervisorConfiguration, logger: Logger,
                               events: EventStore) -> AutoscalerSettings? {
        file.commandLine("workers", .number(Double(configuration.workers)))
        file.commandLine("autoscaler", json(AutoscalerSettings()))
        func reject(_ key: String, _ value: JSONValue) {
            let message = "saved \(key) \(value.compactText) in \(file.path ?? "?") is out of range; using the command line's value"
            logger.error(message)
            events.emit(type: "state.corrupt", severity: .warn, message: message, fields: ["path": file.path ?? "", "key": key])
        }
        if let value = file.saved("workers") {
            if let workers = value.intValue, (0...64).contains(workers) { configuration.workers = workers } else { reject("workers", value) }
        }
        guard let value = file.saved("autoscaler") else { return nil }
        guard let settings = autoscaler(from: value) else { reject("autoscaler", value); return nil }
        return settings
    }

    /// Autoscaler settings as saved: `{"enabled", "min", "max", "metric", "target", "scaleDownWindowSeconds"}`.
    public static func json(_ settings: AutoscalerSettings) -> JSONValue {
        .object(["enabled": .bool(settings.enabled), "min": .number(Double(settings.min)), "max": .number(Double(settings.max)),
                 "metric": .string(settings.metric.rawValue), "target": .number(settings.target),
                 "scaleDownWindowSeconds": .number(settings.scaleDownWindowSeconds)])
    }

    /// Saved autoscaler settings, or nil when any field is missing or outside what the `autoscale` action accepts.
    public static func autoscaler(from value: JSONValue) -> AutoscalerSettings? {
        guard case .object(let o) = value, case .bool(let enabled)? = o["enabled"], let min = o["min"]?.intValue,
              let max = o["max"]?.intValue, case .string(let metricName)? = o["metric"],
              let metric = AutoscalerSettings.Metric(rawValue: metricName), let target = o["target"]?.doubleValue,
              let window = o["scaleDownWindowSeconds"]?.doubleValue else { return nil }
        guard min >= 0, max >= Swift.max(1, min), max <= 64, target > 0, window >= 0 else { return nil }
        var settings = AutoscalerSettings()
        settings.enabled = enabled
        settings.min = min
        settings.max = max
        settings.metric = metric
        settings.target = target
        settings.scaleDownWindowSeconds = window
        return settings
    }
}
