import Foundation
@testable import GenetixAdmin
import GenetixCore
import GenetixNet
import Testing

/// `GET /admin/v1/status?host=0`: the host's figures are left out of the answer and of its tag, whose generations are
/// its own, so a reader that does not show them (the console's overview) is not sent a status each time they move.
@Suite struct StatusHostScopeTests {
    @Test func aReadWithoutTheHostLeavesItOutOfTheAnswerAndOfItsTag() async throws {
        let f = try StatusTaggerFixture()
        let full = try await f.get()
        #expect(try GenetixJSON.decode(NodeStatus.self, from: full.body).host != nil)
        let fullTag = try #require(full.headers["ETag"])
        // The process's own figures (CPU, memory) may move at the shown precision on a busy machine between two
        // reads: a few tries at most, the verdict on the answers.
        var bareTag = ""
        var confirmed = false
        for _ in 0..<5 where !confirmed {
            let bare = try await f.get("?host=0")
            #expect(bare.status == 200)
            #expect(try GenetixJSON.decode(NodeStatus.self, from: bare.body).host == nil)
            bareTag = try #require(bare.headers["ETag"])
            confirmed = try await f.get("?host=0", [("If-None-Match", bareTag)]).status == 304
        }
        #expect(confirmed, "a read without the host never answered 304 to its own tag")
        #expect(bareTag != fullTag)
        // A tag of one scope never matches in the other.
        #expect(try await f.get("?host=0", [("If-None-Match", fullTag)]).status == 200)
        #expect(try await f.get("?host=1", [("If-None-Match", bareTag)]).status == 200)
        await f.stop()
    }

    @Test func aHostOtherThan0Or1IsRefusedNamingHost() async throws {
        let f = try StatusTaggerFixture()
        let requests = f.node.statusRequests
        for value in ["2", "true", "", "no"] {
            let answer = try await f.get("?host=\(QueryString.encode(value))")
            #expect(answer.status == 400, "host=\(value): \(answer.status)")
            let body = try GenetixJSON.decode(APIErrorBody.self, from: answer.body)
            #expect(body.error.field == "host" && body.error.code == "bad_request", "host=\(value): \(body.error)")
            #expect(body.error.message == "'host' must be 0 (leave the host's figures out) or 1")
        }
        #expect(f.node.statusRequests == requests, "a refused read reached the node")
        await f.stop()
    }
}
