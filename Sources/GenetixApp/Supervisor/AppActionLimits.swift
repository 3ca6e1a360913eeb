/// The ranges the app node's actions accept, shared by the readers of their bodies and their OpenAPI schemas.
public enum AppActionLimits {
    /// Most workers one app node runs.
    public static let maxWorkers = 64
    /// `scale {"workers": N}`.
    public static let workers = 0...maxWorkers
    /// `scale {"delta": ±K}`.
    public static let delta = -maxWorkers...maxWorkers
    /// `restart {"worker": ID}`: worker ids are counted from 1.
    public static let workerId = 1...1_000_000_000
    /// `autoscale {"min"}`.
    public static let autoscaleMin = 0...maxWorkers
    /// `autoscale {"max"}`.
    public static let autoscaleMax = 1...maxWorkers
    /// `autoscale {"target": {"inFlightPerWorker" | "rpsPerWorker": X}}`.
    public static let target = 0.01...1_000_000.0
    /// `autoscale {"scaleDownWindowSeconds"}`: up to a day.
    public static let scaleDownWindowSeconds = 0.0...86_400.0
}
