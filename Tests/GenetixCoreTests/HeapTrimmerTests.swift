#if canImport(Glibc)
import Glibc
#endif
@testable import GenetixCore
import Testing

@Suite struct HeapTrimmerTests {
    /// The process's resident anonymous memory in KiB.
    private func residentAnonymousKiB() throws -> Int {
        let status = try ProcFile.read("/proc/self/status")
        let line = try #require(status.split(separator: "\n").first { $0.hasPrefix("RssAnon:") })
        return try #require(Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]))
    }

    @Test func trimmingReturnsTheFreePagesBetweenLiveBlocks() throws {
        // 500 000 blocks of 96 bytes (46 MiB), then every block freed but one in 128: no page-sized hole is at the top of the
        // heap, so glibc keeps all of it resident until trimmed.
        let count = 500_000
        var blocks = [UnsafeMutableRawPointer?](repeating: nil, count: count)
        for i in 0..<count {
            let block = try #require(malloc(96))
            memset(block, 0x5A, 96)
            blocks[i] = block
        }
        for i in 0..<count where i % 128 != 0 { free(blocks[i]); blocks[i] = nil }
        let before = try residentAnonymousKiB()
        HeapTrimmer.trimNow()
        let after = try residentAnonymousKiB()
        for i in stride(from: 0, to: count, by: 128) { free(blocks[i]) }
        #expect(before - after >= 16 * 1024, "resident anonymous memory \(before) KiB before trimming, \(after) KiB after")
    }
}
