import Foundation
import GenetixCore

/// What the supervisor runs and how (`genetix app` flags).
public struct AppSupervisorConfiguration: Sendable {
    /// The executable that serves `app-worker` (normally this very binary, `/proc/self/exe`).
    public var executable: String
    /// Host the workers listen on.
    public var listenHost: String
    /// Worker i listens on basePort + i − 1; 0 lets each worker pick a free port and announce it (tests).
    public var basePort: Int
    /// Workers to start with.
    public var workers: Int
    public var database: String
    public var readDatabase: String?
    /// Passed on to the workers as `--db-password-file` (the password itself never reaches a command line).
    public var databasePasswordFile: String?
    public var secretsPath: String
    /// Restart a worker whose resident memory passes this many bytes.
    public var maxMemoryBytes: Int64?
    /// Seconds a draining worker is given (see `DrainTracker`).
    public var drainTimeout: Double = 10
    /// Event-loop threads per worker.
    public var workerThreads: Int = 1
    /// A worker must answer /readyz within this many seconds of its start, or it counts as crashed.
    public var startTimeout: Double = 30
    public var restartPolicy = RestartPolicy()

    public init(executable: String, listenHost: String = "127.0.0.1", basePort: Int, workers: Int, database: String,
                readDatabase: String? = nil, secretsPath: String) {
        self.executable = executable
        self.listenHost = listenHost
        self.basePort = basePort
        self.workers = workers
        self.database = database
        self.readDatabase = readDatabase
        self.secretsPath = secretsPath
    }

    /// The path of the running executable, for spawning workers of the same build.
    public static var currentExecutable: String {
        (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
    }
}

/// The autoscaler's settings (the `autoscale` action's body).
public struct AutoscalerSettings: Sendable, Equatable {
    /// `inFlightPerWorker` or `rpsPerWorker`.
    public enum Metric: String, Sendable, CaseIterable { case inFlightPerWorker, rpsPerWorker }
    public var enabled = false
    public var min = 1
    public var max = 8
    public var metric = Metric.inFlightPerWorker
    public var target = 10.0
    public var scaleDownWindowSeconds = 300.0

    public init() {}
}
