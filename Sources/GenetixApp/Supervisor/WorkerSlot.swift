import Foundation
import GenetixCore

/// The supervisor's record of one worker (one id, one port), across its restarts.
struct WorkerSlot: Sendable {
    let id: Int
    var port: Int
    var state: WorkerStatus.State = .starting
    var process: WorkerProcess?
    /// Bumped at every spawn, so late news about an earlier process is ignored.
    var generation = 0
    var startedAt = 0.0
    var startedDate: Date?
    var restarts = 0
    var consecutiveCrashes = 0
    var crashTimes: [Double] = []
    var lastExit: String?
    /// When a crashed worker is due to start again.
    var restartAt: Double?
    /// The worker is on its way out (draining or stopping): its exit is expected.
    var retiring = false
    var drainingSince: Double?
    var stopRequestedAt: Double?
    /// Being replaced by a rolling restart (memory limit or operator).
    var replacing = false
    var stats: WorkerStats?
    var cpuPercent: Double?
    var residentBytes: Int64?
    var lastSample: ProcessSample?

    init(id: Int, port: Int) {
        self.id = id
        self.port = port
    }

    /// A member counts toward the desired worker count: not on its way out.
    var isMember: Bool { !retiring }
    var pid: Int32 { process?.pid ?? 0 }
}
