import Synchronization

/// The standard process and host metrics, named as Prometheus' client libraries name them.
extension MetricsRegistry {
    /// Registers `process_*` metrics for `process` and, when `host` is given, `host_*` metrics; both are sampled once
    /// per rendering. Values keep their last good reading when a sample fails (NaN before the first one).
    public func registerStandardMetrics(process: ProcessSampler = ProcessSampler(), host: HostSampler? = HostSampler()) {
        registerProcessMetrics(process)
        if let host { registerHostMetrics(host) }
    }

    /// Registers `process_cpu_seconds_total`, `process_resident_memory_bytes`, `process_virtual_memory_bytes`,
    /// `process_open_fds`, `process_max_fds`, `process_start_time_seconds` and `process_threads` for `sampler`'s process,
    /// with `labels` (e.g. `["worker": "3"]` when a supervisor exports its workers).
    public func registerProcessMetrics(_ sampler: ProcessSampler, labels: [String: String] = [:]) {
        let latest = Mutex<ProcessSample?>(nil)
        addCollector {
            if let s = try? sampler.sample() { latest.withLock { $0 = s } }
        }
        func read(_ pick: @escaping @Sendable (ProcessSample) -> Double) -> @Sendable () -> Double {
            { latest.withLock { $0.map(pick) } ?? .nan }
        }
        counter("process_cpu_seconds_total", help: "Total user and system CPU time spent in seconds.", labels: labels,
                value: read { $0.cpuSeconds })
        gauge("process_resident_memory_bytes", help: "Resident memory size in bytes.", labels: labels,
              value: read { Double($0.residentBytes) })
        gauge("process_virtual_memory_bytes", help: "Virtual memory size in bytes.", labels: labels,
              value: read { Double($0.virtualBytes) })
        gauge("process_open_fds", help: "Number of open file descriptors.", labels: labels, value: read { Double($0.openFDs) })
        gauge("process_max_fds", help: "Maximum number of open file descriptors.", labels: labels,
              value: read { $0.maxFDs.map(Double.init) ?? .infinity })
        gauge("process_start_time_seconds", help: "Start time of the process since unix epoch in seconds.", labels: labels,
              value: read { $0.startTimeSeconds })
        gauge("process_threads", help: "Number of OS threads in the process.", labels: labels, value: read { Double($0.threads) })
    }

    /// Registers `host_cpu_percent`, `host_load1`, `host_load5`, `host_load15`, `host_memory_total_bytes`,
    /// `host_memory_available_bytes`, and (when the sampler has a disk path) `host_disk_free_bytes`, `host_disk_total_bytes`.
    public func registerHostMetrics(_ sampler: HostSampler) {
        let latest = Mutex<HostFigures?>(nil)
        addCollector {
            if let f = try? sampler.sample() { latest.withLock { $0 = f } }
        }
        func read(_ pick: @escaping @Sendable (HostFigures) -> Double?) -> @Sendable () -> Double {
            { latest.withLock { $0.flatMap(pick) } ?? .nan }
        }
        gauge("host_cpu_percent", help: "Share of all CPUs busy since the previous sample, in percent.", value: read { $0.cpuPercent })
        gauge("host_load1", help: "Load average over 1 minute.", value: read { $0.load1 })
        gauge("host_load5", help: "Load average over 5 minutes.", value: read { $0.load5 })
        gauge("host_load15", help: "Load average over 15 minutes.", value: read { $0.load15 })
        gauge("host_memory_total_bytes", help: "Total memory in bytes.", value: read { Double($0.memoryTotalBytes) })
        gauge("host_memory_available_bytes", help: "Memory available for new work in bytes.",
              value: read { Double($0.memoryAvailableBytes) })
        if let path = sampler.diskPath {
            gauge("host_disk_free_bytes", help: "Free disk space for unprivileged users in bytes.", labels: ["path": path],
                  value: read { $0.diskFreeBytes.map(Double.init) })
            gauge("host_disk_total_bytes", help: "Disk size in bytes.", labels: ["path": path],
                  value: read { $0.diskTotalBytes.map(Double.init) })
        }
    }
}
