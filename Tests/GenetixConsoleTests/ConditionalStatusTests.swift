import Foundation
import GenetixConsole
import GenetixCore
import GenetixOperations
import Synchronization
import Testing

/// Issue 18: an idle node costs the console a tiny request and no decode, is not redrawn, and still counts as up.
@Suite struct ConditionalStatusTests {
    @Test func anUnchangedNodeIsNotRedrawnAndStillCountsAsUp() async throws {
        let node = try StatusServer(name: "idle", behaviour: .tagged("W/\"idle-1\""))
        let model = try ClusterModelTests.model([ConfiguredNode(name: "idle", kind: .app, admin: node.url)], refreshInterval: .milliseconds(250))
        let changes = Mutex(0)
        await model.setChangeHandler { changes.withLock { $0 += 1 } }
        await model.start()
        let first = await ClusterModelTests.eventually(model) { $0.node(named: "idle")?.status != nil }
        let firstSeen = try #require(first.node(named: "idle")?.updatedAt)
        let version = await model.version
        let changesBefore = changes.withLock { $0 }
        // Several more polls, each answered 304.
        let later = await ClusterModelTests.eventually(model) { _ in node.notModified >= 3 }
        #expect(node.full == 1, "the status body was sent \(node.full) times")
        let settled = await ClusterModelTests.eventually(model) { ($0.node(named: "idle")?.updatedAt ?? .distantPast) > firstSeen }
        _ = later
        #expect(await model.version == version, "an unchanged node asked for a frame")
        #expect(changes.withLock { $0 } == changesBefore)
        let idle = try #require(settled.node(named: "idle"))
        #expect(idle.isReachable && idle.failures == 0)
        #expect(idle.status?.figures?.requestsPerSecond == 5)
        #expect(settled.severity(of: idle) == .ok)
        // One sample per poll, whether the poll read the status or heard it was unchanged.
        #expect(idle.samples(.requestsPerSecond).count >= 2)
        #expect(idle.samples(.requestsPerSecond).allSatisfy { $0 == 5 })
        await model.stop()
        await node.stop()
    }

    @Test func aNodeThatAnswersUnchangedAfterFailingIsUpAgainAndRedrawn() {
        var node = NodeSnapshot(node: ConfiguredNode(name: "a", kind: .app, admin: "http://127.0.0.1:1"))
        var status = NodeStatus(name: "a", kind: .app, role: "supervisor", version: "t", startedAt: Date(), pid: 1)
        status.figures = NodeFigures(requestsPerSecond: 7)
        node.record(status, at: Date(timeIntervalSince1970: 10))
        #expect(node.recordUnchanged(at: Date(timeIntervalSince1970: 11)) == false)
        node.recordFailure("no answer")
        #expect(!node.isReachable)
        #expect(node.recordUnchanged(at: Date(timeIntervalSince1970: 13)) == true)
        #expect(node.isReachable && node.failures == 0 && node.updatedAt == Date(timeIntervalSince1970: 13))
        #expect(node.samples(.requestsPerSecond) == [7, 7, 7])
    }
}
