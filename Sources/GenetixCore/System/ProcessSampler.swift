import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// One reading of a process's resource use from /proc.
public struct ProcessSample: Sendable, Equatable {
    /// The process id.
    public var pid: Int32
    /// User plus system CPU time consumed, in seconds.
    public var cpuSeconds: Double
    /// Resident set size in bytes.
    public var residentBytes: Int64
    /// Virtual memory size in bytes.
    public var virtualBytes: Int64
    /// Open file descriptors.
    public var openFDs: Int
    /// The soft limit on open file descriptors, when known.
    public var maxFDs: Int64?
    /// When the process started, in unix seconds.
    public var startTimeSeconds: Double
    /// Threads.
    public var threads: Int
    /// When the sample was taken, in `MonotonicClock` nanoseconds (for rates between samples).
    public var sampledAtNanoseconds: UInt64

    /// When the process started.
    public var startTime: Date { Date(timeIntervalSince1970: startTimeSeconds) }

    /// Share of one core used between `earlier` and this sample, in percent (100 = one core busy; up to cores × 100).
    public func cpuPercent(since earlier: ProcessSample) -> Double {
        guard sampledAtNanoseconds > earlier.sampledAtNanoseconds else { return 0 }
        let wall = Double(sampledAtNanoseconds - earlier.sampledAtNanoseconds) / 1e9
        return max(0, cpuSeconds - earlier.cpuSeconds) / wall * 100
    }
}

/// Reads a process's CPU time, memory, descriptors, threads and start time from /proc (Linux).
public struct ProcessSampler: Sendable {
    /// The process sampled.
    public let pid: Int32
    private let directory: String

    /// Samples `pid`, or the calling process when nil.
    public init(pid: Int32? = nil) {
        self.pid = pid ?? getpid()
        directory = "/proc/\(self.pid)"
    }

    /// Reads the figures now; throws when the process is gone or /proc is unreadable.
    public func sample() throws(SystemSampleError) -> ProcessSample {
        let now = MonotonicClock.nanoseconds()
        let statPath = directory + "/stat"
        let stat = try ProcFile.read(statPath)
        // The command name (field 2) is in parentheses and may contain spaces: split after the last ')'.
        guard let close = stat.lastIndex(of: ")") else { throw .malformed(path: statPath, detail: "no ')' after the command name") }
        let fields = stat[stat.index(after: close)...].split(separator: " ", omittingEmptySubsequences: true)
        // fields[0] is field 3 (state); field N of proc(5) is fields[N - 3].
        guard fields.count >= 22, let utime = Double(fields[11]), let stime = Double(fields[12]),
              let threads = Int(fields[17]), let startTicks = Double(fields[19]) else {
            throw .malformed(path: statPath, detail: "expected at least 24 numeric fields")
        }
        let statmPath = directory + "/statm"
        let statm = try ProcFile.read(statmPath).split(separator: " ")
        guard statm.count >= 2, let virtualPages = Int64(statm[0]), let residentPages = Int64(statm[1]) else {
            throw .malformed(path: statmPath, detail: "expected size and resident page counts")
        }
        let fds = try ProcFile.countEntries(directory + "/fd")
        return ProcessSample(
            pid: pid,
            cpuSeconds: (utime + stime) / ProcFile.clockTicksPerSecond,
            residentBytes: residentPages * ProcFile.pageSize,
            virtualBytes: virtualPages * ProcFile.pageSize,
            openFDs: fds,
            maxFDs: try? maxOpenFiles(),
            startTimeSeconds: try ProcFile.bootTime() + startTicks / ProcFile.clockTicksPerSecond,
            threads: threads,
            sampledAtNanoseconds: now)
    }

    /// The soft `Max open files` limit from /proc/PID/limits (nil when unlimited).
    private func maxOpenFiles() throws(SystemSampleError) -> Int64? {
        let text = try ProcFile.read(directory + "/limits")
        for line in text.split(separator: "\n") where line.hasPrefix("Max open files") {
            let words = line.dropFirst("Max open files".count).split(separator: " ")
            return words.first.flatMap { Int64($0) }
        }
        return nil
    }
}
