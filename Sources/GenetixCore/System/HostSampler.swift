import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Reads the machine's CPU use, load, memory and disk space into `HostFigures` (Linux /proc and statvfs).
///
/// CPU use is measured between consecutive calls of `sample()` (the first call reports the average since boot).
public final class HostSampler: Sendable {
    /// The directory whose file system's free space is reported (e.g. a data directory); nil to skip disk figures.
    public let diskPath: String?
    private let previous = Mutex<CPUTimes?>(nil)

    struct CPUTimes: Sendable {
        var busy: UInt64
        var total: UInt64
    }

    /// A sampler reporting disk space of the file system holding `diskPath`.
    public init(diskPath: String? = "/") {
        self.diskPath = diskPath
    }

    /// Reads the figures now.
    public func sample() throws(SystemSampleError) -> HostFigures {
        let times = try Self.cpuTimes()
        let cpu: Double = previous.withLock { last in
            let base = last ?? CPUTimes(busy: 0, total: 0)
            last = times
            let total = times.total &- base.total
            guard total > 0, times.total >= base.total, times.busy >= base.busy else { return 0 }
            return Double(times.busy - base.busy) / Double(total) * 100
        }
        let load = try ProcFile.read("/proc/loadavg").split(separator: " ")
        guard load.count >= 3, let l1 = Double(load[0]), let l5 = Double(load[1]), let l15 = Double(load[2]) else {
            throw .malformed(path: "/proc/loadavg", detail: "expected three load averages")
        }
        let memory = ProcFile.keyedNumbers(try ProcFile.read("/proc/meminfo"))
        guard let totalKiB = memory["MemTotal"], let availableKiB = memory["MemAvailable"] else {
            throw .malformed(path: "/proc/meminfo", detail: "no MemTotal or MemAvailable")
        }
        var figures = HostFigures(cpuPercent: cpu, load1: l1, load5: l5, load15: l15,
                                  memoryTotalBytes: totalKiB * 1024, memoryAvailableBytes: availableKiB * 1024)
        if let diskPath {
            let (free, total) = try Self.diskSpace(diskPath)
            figures.diskFreeBytes = free
            figures.diskTotalBytes = total
        }
        return figures
    }

    /// Free (available to unprivileged users) and total bytes of the file system holding `path`.
    public static func diskSpace(_ path: String) throws(SystemSampleError) -> (free: Int64, total: Int64) {
        var s = statvfs()
        guard statvfs(path, &s) == 0 else { throw .unreadable(path: path, errno: errno) }
        let unit = Int64(s.f_frsize)
        return (Int64(s.f_bavail) * unit, Int64(s.f_blocks) * unit)
    }

    /// The first `cpu` line of /proc/stat: busy = total − idle − iowait.
    static func cpuTimes() throws(SystemSampleError) -> CPUTimes {
        let text = try ProcFile.read("/proc/stat")
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix("cpu ") }) else {
            throw .malformed(path: "/proc/stat", detail: "no aggregate cpu line")
        }
        let values = line.split(separator: " ").dropFirst().compactMap { UInt64($0) }
        guard values.count >= 4 else { throw .malformed(path: "/proc/stat", detail: "fewer than 4 cpu time columns") }
        // user nice system idle iowait irq softirq steal [guest guest_nice — already included in user and nice].
        let total = values.prefix(8).reduce(0, +)
        let idle = values[3] + (values.count > 4 ? values[4] : 0)
        return CPUTimes(busy: total - idle, total: total)
    }
}
