import Foundation
import Testing
@testable import GenetixCore

@Suite struct ProcessSamplerTests {
    @Test func samplesTheTestProcessItself() throws {
        let s = try ProcessSampler().sample()
        #expect(s.pid == getpid())
        #expect(s.residentBytes > 1 << 20)
        #expect(s.virtualBytes >= s.residentBytes)
        #expect(s.openFDs > 2)
        #expect(s.threads >= 1)
        #expect(s.cpuSeconds > 0)
        let age = Date().timeIntervalSince(s.startTime)
        #expect(age > -1 && age < 86_400, "start time \(s.startTime) should be within the last day")
        #expect((s.maxFDs ?? Int64.max) >= Int64(s.openFDs))
    }

    @Test func cpuPercentBetweenSamplesReflectsWork() throws {
        let sampler = ProcessSampler()
        let first = try sampler.sample()
        var later = first
        var x = 0.0
        // Burn CPU until the kernel's tick-based accounting moves (a few ticks of 10 ms).
        while later.cpuSeconds - first.cpuSeconds < 0.03 {
            for i in 0..<200_000 { x += sin(Double(i)) }
            later = try sampler.sample()
        }
        #expect(x != 0.5)
        #expect(later.cpuPercent(since: first) > 0)
        #expect(first.cpuPercent(since: first) == 0)
    }

    @Test func samplesAnotherProcessByPid() throws {
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sleep")
        child.arguments = ["30"]
        try child.run()
        defer { kill(child.processIdentifier, SIGKILL); child.waitUntilExit() }
        let s = try ProcessSampler(pid: child.processIdentifier).sample()
        #expect(s.pid == child.processIdentifier)
        #expect(s.threads == 1)
        #expect(s.residentBytes > 0)
        #expect(abs(Date().timeIntervalSince(s.startTime)) < 60)
    }

    @Test func aMissingProcessIsReportedClearly() {
        #expect(throws: SystemSampleError.self) { try ProcessSampler(pid: Int32.max - 1).sample() }
        do { _ = try ProcessSampler(pid: Int32.max - 1).sample() } catch {
            #expect(error.description.contains("/proc/\(Int32.max - 1)/stat"))
            #expect(error.description.contains("exited"))
        }
    }

    @Test func standardMetricsAreRegisteredUnderClientLibraryNames() {
        let r = MetricsRegistry()
        r.registerStandardMetrics(host: HostSampler(diskPath: "/"))
        let snap = r.snapshot()
        #expect((snap.counter("process_cpu_seconds_total") ?? 0) > 0)
        #expect((snap.gauge("process_resident_memory_bytes") ?? 0) > 0)
        #expect((snap.gauge("process_open_fds") ?? 0) > 0)
        #expect((snap.gauge("process_threads") ?? 0) >= 1)
        let start = snap.gauge("process_start_time_seconds") ?? 0
        #expect(start > Date().timeIntervalSince1970 - 86_400 && start <= Date().timeIntervalSince1970 + 1)
        #expect((snap.gauge("host_memory_available_bytes") ?? 0) > 0)
        #expect((snap.gauge("host_disk_free_bytes", labels: ["path": "/"]) ?? -1) >= 0)
        #expect(snap.gauge("host_load1") != nil && snap.gauge("host_cpu_percent") != nil)
    }
}
