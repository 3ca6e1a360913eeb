import GenetixCore

/// The supervisor's per-worker series (`genetix_app_worker_*{worker="N"}`).
extension MetricsRegistry {
    static let workerGauges: [(name: String, help: String)] = [
        ("genetix_app_worker_requests_per_second", "Requests per second answered by the worker."),
        ("genetix_app_worker_in_flight_requests", "Requests the worker is answering now."),
        ("genetix_app_worker_resident_memory_bytes", "Resident memory of the worker process."),
        ("genetix_app_worker_cpu_percent", "CPU use of the worker process, percent of one core."),
        ("genetix_app_worker_restarts", "Restarts of the worker since the supervisor started."),
        ("genetix_app_worker_p99_seconds", "99th percentile latency of the worker over the last second."),
    ]

    /// Updates the series of one worker.
    func setWorker(_ status: WorkerStatus) {
        let labels = ["worker": String(status.id)]
        let values: [Double?] = [status.requestsPerSecond, status.inFlight.map(Double.init), status.residentBytes.map(Double.init),
                                 status.cpuPercent, status.restarts.map(Double.init), status.p99Ms.map { $0 / 1000 }]
        for (gauge, value) in zip(Self.workerGauges, values) {
            if let value { self.gauge(gauge.name, help: gauge.help, labels: labels).set(value) }
        }
    }

    /// Removes the series of a worker that is gone.
    func removeWorker(_ id: Int) {
        for gauge in Self.workerGauges { remove(gauge.name, labels: ["worker": String(id)]) }
    }
}
