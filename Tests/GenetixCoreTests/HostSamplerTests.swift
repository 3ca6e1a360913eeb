import Foundation
import Testing
@testable import GenetixCore

@Suite struct HostSamplerTests {
    @Test func reportsSaneFiguresForThisMachine() throws {
        let sampler = HostSampler(diskPath: "/tmp")
        let first = try sampler.sample()
        #expect(first.memoryTotalBytes > 64 << 20)
        #expect(first.memoryAvailableBytes > 0 && first.memoryAvailableBytes <= first.memoryTotalBytes)
        #expect(first.load1 >= 0 && first.load5 >= 0 && first.load15 >= 0)
        #expect(first.cpuPercent >= 0 && first.cpuPercent <= 100)
        let free = try #require(first.diskFreeBytes), total = try #require(first.diskTotalBytes)
        #expect(total > 0 && free >= 0 && free <= total)
        let second = try sampler.sample()
        #expect(second.cpuPercent >= 0 && second.cpuPercent <= 100)
    }

    @Test func withoutADiskPathDiskFiguresAreAbsent() throws {
        let figures = try HostSampler(diskPath: nil).sample()
        #expect(figures.diskFreeBytes == nil && figures.diskTotalBytes == nil)
    }

    @Test func aMissingDiskPathIsAnError() {
        #expect(throws: SystemSampleError.self) { try HostSampler(diskPath: "/no/such/directory/here").sample() }
    }
}
