import Foundation
@testable import GenetixAdmin
import GenetixCore
import GenetixNet
import Synchronization
import Testing

/// An app-kind node whose figures are fixed (so the server samples none of its own) until a test changes them. It
/// counts status requests (one per HTTP read) and status reads (one per read, and one per re-read of a held read).
final class FixedFiguresNode: AdminNode {
    private let requestsPerSecond = Mutex(25.0)
    private let counts = Mutex((requests: 0, reads: 0))

    func setRequestsPerSecond(_ value: Double) { requestsPerSecond.withLock { $0 = value } }
    var statusRequests: Int { counts.withLock { $0.requests } }
    var statusReads: Int { counts.withLock { $0.reads } }

    func statusRequested(query: [String: String], by caller: String) async { counts.withLock { $0.requests += 1 } }

    func status() async -> NodeStatus {
        counts.withLock { $0.reads += 1 }
        var s = NodeStatus(name: "", kind: .app, role: "supervisor", version: "", startedAt: Date(), pid: 0)
        s.workers = (1...2).map { WorkerStatus(id: $0, pid: 0, port: 8100 + $0, state: .online) }
        s.autoscaler = AutoscalerStatus()
        s.figures = NodeFigures(requestsPerSecond: requestsPerSecond.withLock { $0 }, p50Ms: 2, p99Ms: 12, cpuPercent: 1,
                                residentBytes: 40 << 20)
        return s
    }
    func isReady() async -> Bool { true }
    var actions: [AdminAction] { [] }
}

/// The status route's ETag and `If-None-Match` (issue 18): an unchanged node answers 304 without a body; a changed
/// shown figure, no header, or a header that is garbage or too long gets the whole status.
@Suite struct StatusTaggerTests {
    static func status(rps: Double = 25, residentBytes: Int64 = 40 << 20, memoryAvailable: Int64 = 3_000_000_000,
                       hostCPU: Double = 3, lease: Int? = 4000) -> NodeStatus {
        var s = NodeStatus(name: "app-1", kind: .app, role: "supervisor", version: "1", startedAt: Date(timeIntervalSince1970: 1000), pid: 42)
        s.figures = NodeFigures(requestsPerSecond: rps, p99Ms: 12, cpuPercent: 0.5, residentBytes: residentBytes)
        s.host = HostFigures(cpuPercent: hostCPU, load1: 0.4, load5: 0.3, load15: 0.2, memoryTotalBytes: 8_000_000_000,
                             memoryAvailableBytes: memoryAvailable, diskFreeBytes: 1234, diskTotalBytes: 5678)
        s.ha = HAStatus(mode: "auto", ttlSeconds: 10, leaseRemainingMs: lease)
        s.workers = [WorkerStatus(id: 1, pid: 7, port: 8101, state: .online)]
        s.streams = StreamCursors(logs: 3, events: 1)
        return s
    }

    @Test func theSameShownFiguresKeepTheirTagAndAChangedOneGetsANewTag() {
        let tagger = StatusTagger()
        let first = tagger.tag(for: Self.status())
        #expect(first.hasPrefix("W/\"") && first.hasSuffix("\""))
        // Moves below what the console shows, or in figures no observer shows: the same tag.
        #expect(tagger.tag(for: Self.status(residentBytes: (40 << 20) + 3000, memoryAvailable: 3_000_004_096, hostCPU: 7.3, lease: 3100)) == first)
        #expect(tagger.tag(for: Self.status(rps: 25.3)) == first)  // shown as `25`
        // A shown figure changes: a new tag, and going back is a third one (never a tag that could mean two pictures).
        let second = tagger.tag(for: Self.status(rps: 26))
        #expect(second != first)
        var restarted = Self.status()
        restarted.pid = 43
        #expect(tagger.tag(for: restarted) != second)
        var newLine = Self.status()
        newLine.streams = StreamCursors(logs: 4, events: 1)
        #expect(tagger.tag(for: newLine) != tagger.tag(for: restarted))
        // Two servers never share tags, so one from before a restart matches nothing.
        #expect(StatusTagger().tag(for: Self.status()) != first)
    }

    @Test func ifNoneMatchUsesTheWeakComparisonAndTreatsGarbageAsNoMatch() {
        let tag = "W/\"abc-7\""
        #expect(StatusTagger.ifNoneMatch([tag], matches: tag))
        #expect(StatusTagger.ifNoneMatch(["\"abc-7\""], matches: tag))
        #expect(StatusTagger.ifNoneMatch(["\"x\", W/\"abc-7\""], matches: tag))
        #expect(StatusTagger.ifNoneMatch(["\"x\"", " W/\"abc-7\" "], matches: tag))
        #expect(StatusTagger.ifNoneMatch(["*"], matches: tag))
        for garbage in ["", ",,,", "W/", "\"abc-7", "abc-7", "W/\"abc-6\"", "W/\"abc-7\"x", "\u{0}\u{7f}ü", String(repeating: "\"", count: 300)] {
            #expect(!StatusTagger.ifNoneMatch([garbage], matches: tag), "\(garbage.debugDescription) must match nothing")
        }
        #expect(!StatusTagger.ifNoneMatch([], matches: tag))
        let hostile = Array(repeating: "W/\"nope\"", count: 600).joined(separator: ",") + ", " + tag
        #expect(!StatusTagger.ifNoneMatch([hostile], matches: tag), "a header past \(StatusTagger.maximumHeaderBytes) bytes is not looked at")
    }

    @Test func aRealServerAnswers304WithoutABodyUntilAShownFigureChanges() async throws {
        let f = try StatusTaggerFixture()
        let node = f.node
        let client = f.client
        func get(_ headers: [(String, String)]) async throws -> HTTPClientResponse { try await f.get("", headers) }
        // No header: the 200 it always was, now with a tag.
        let plain = try await get([])
        #expect(plain.status == 200)
        #expect(try GenetixJSON.decode(NodeStatus.self, from: plain.body).name == "app-1")
        var tag = try #require(plain.headers["ETag"])
        // The tag back: 304, no body, the same tag. (The host's shown figures, load and free memory, may move between
        // two reads on a busy machine: then the 200 carries the new tag, and one of a few tries is a 304.)
        var notModified: HTTPClientResponse?
        for _ in 0..<5 where notModified == nil {
            let answer = try await get([("If-None-Match", tag)])
            if answer.status == 304 { notModified = answer } else { tag = try #require(answer.headers["ETag"]) }
        }
        let unchanged = try #require(notModified, "an unchanged node never answered 304")
        #expect(unchanged.body.isEmpty && unchanged.headers["ETag"] == tag)
        // A shown figure changes: 200 with the body and a new tag.
        node.setRequestsPerSecond(40)
        let changed = try await get([("If-None-Match", tag)])
        #expect(changed.status == 200)
        #expect(try GenetixJSON.decode(NodeStatus.self, from: changed.body).figures?.requestsPerSecond == 40)
        let newTag = try #require(changed.headers["ETag"])
        #expect(newTag != tag)
        // The client's reading of the same.
        guard case .changed(let status, let clientTag) = try await client.status(ifNoneMatch: tag) else {
            Issue.record("a stale tag read as unchanged")
            return
        }
        #expect(status.figures?.requestsPerSecond == 40 && clientTag != nil)
        var reading = StatusReading.changed(status, etag: clientTag)
        for _ in 0..<5 {
            guard case .changed(_, let t) = reading else { break }
            reading = try await client.status(ifNoneMatch: t)
        }
        #expect(reading == .unchanged)
        // Garbage or a hostile size: the whole status (or the parser's 431 for a field past its limit), never a trap.
        for value in ["\"", "W/", String(repeating: "x", count: 6000), String(repeating: "\(newTag),", count: 700)] {
            let answer = try await get([("If-None-Match", value)])
            #expect(answer.status == 200 || answer.status == 431, "If-None-Match of \(value.count) bytes: \(answer.status)")
            if answer.status == 200 { #expect(try GenetixJSON.decode(NodeStatus.self, from: answer.body).name == "app-1") }
        }
        await f.stop()
    }
}
