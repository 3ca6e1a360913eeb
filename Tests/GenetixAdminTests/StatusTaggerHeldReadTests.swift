import Foundation
@testable import GenetixAdmin
import GenetixCore
import GenetixNet
import Testing

/// `GET /admin/v1/status?wait=S` (issue 18): a read whose `If-None-Match` names the current tag is held until a shown
/// figure changes (200) or S passes (304); anything else answers at once, a bad `wait` is a 400 naming it.
@Suite struct StatusTaggerHeldReadTests {
    @Test func aHeldReadAnswersWithTheNewStatusAsSoonAsAShownFigureChanges() async throws {
        let f = try StatusTaggerFixture()
        var tag = try await f.currentTag()
        var reading: StatusReading = .unchanged
        // The host's shown figures (load, free memory) may move on a busy machine and end a hold with rps still 25:
        // then hold again on the new tag, a few times at most.
        for _ in 0..<5 {
            let reads = f.node.statusReads
            let requests = f.node.statusRequests
            let held = Task { [client = f.client, tag] in try await client.status(ifNoneMatch: tag, wait: .seconds(30)) }
            // Two status reads for one request: the first and a re-read, so the read is being held.
            await f.waitForReads(beyond: reads, count: 2)
            #expect(f.node.statusRequests == requests + 1)
            f.node.setRequestsPerSecond(40)
            reading = try await held.value
            if case .changed(let status, let etag) = reading {
                if status.figures?.requestsPerSecond == 40 { break }
                tag = try #require(etag)
                f.node.setRequestsPerSecond(25)
            }
        }
        guard case .changed(let status, let newTag) = reading else {
            Issue.record("a held read whose figure changed answered \(reading)")
            await f.stop()
            return
        }
        #expect(status.figures?.requestsPerSecond == 40 && status.name == "app-1")
        #expect(newTag != nil && newTag != tag)
        await f.stop()
    }

    @Test func aHeldReadAnswers304WithTheTagWhenTheWaitPassesUnchanged() async throws {
        let f = try StatusTaggerFixture()
        var tag = try await f.currentTag()
        var notModified: HTTPClientResponse?
        for _ in 0..<5 where notModified == nil {
            let reads = f.node.statusReads
            let answer = try await f.get("?wait=1.5", [("If-None-Match", tag)])
            if answer.status == 304 {
                notModified = answer
                // Held: read at first, then re-read once a second until the wait passed.
                #expect(f.node.statusReads >= reads + 2)
            } else {
                #expect(answer.status == 200)
                tag = try #require(answer.headers["ETag"])  // a host figure moved during the hold
            }
        }
        let answer = try #require(notModified, "an unchanged node never answered 304 at the deadline")
        #expect(answer.body.isEmpty && answer.headers["ETag"] == tag)
        // The client's reading of the same.
        var reading = try await f.client.status(ifNoneMatch: tag, wait: .seconds(1))
        for _ in 0..<5 {
            guard case .changed(_, let t) = reading else { break }
            reading = try await f.client.status(ifNoneMatch: t, wait: .seconds(1))
        }
        #expect(reading == .unchanged)
        await f.stop()
    }

    @Test func aWaitOutOfRangeOrNotANumberIsRefusedNamingWait() async throws {
        let f = try StatusTaggerFixture()
        let tag = try await f.currentTag()
        let requests = f.node.statusRequests
        for value in ["0", "-1", "30.5", "31", "abc", "nan", "inf", "", "1s"] {
            let answer = try await f.get("?wait=\(QueryString.encode(value))", [("If-None-Match", tag)])
            #expect(answer.status == 400, "wait=\(value): \(answer.status)")
            let body = try GenetixJSON.decode(APIErrorBody.self, from: answer.body)
            #expect(body.error.field == "wait" && body.error.code == "bad_request", "wait=\(value): \(body.error)")
            #expect(body.error.message == "'wait' must be more than 0 and at most 30 seconds")
        }
        #expect(f.node.statusRequests == requests, "a refused read reached the node")
        await #expect(throws: AdminClientError.refused(node: "app-1", status: 400, code: "bad_request",
                                                       message: "'wait' must be more than 0 and at most 30 seconds")) {
            try await f.client.status(ifNoneMatch: tag, wait: .seconds(40))
        }
        await f.stop()
    }

    @Test func aReadWithWaitButNoMatchingTagAnswersAtOnce() async throws {
        let f = try StatusTaggerFixture()
        for headers in [[("If-None-Match", "W/\"another-1\"")], [], [("If-None-Match", "\"")]] {
            let reads = f.node.statusReads
            let answer = try await f.get("?wait=30", headers)
            #expect(answer.status == 200)
            #expect(try GenetixJSON.decode(NodeStatus.self, from: answer.body).name == "app-1")
            #expect(answer.headers["ETag"] != nil)
            // At once: one status read for the request, no re-read.
            #expect(f.node.statusReads == reads + 1, "\(headers): \(f.node.statusReads - reads) status reads")
        }
        await f.stop()
    }

    @Test func aNodeShuttingDownAnswersItsHeldReadsAtOnce() async throws {
        let f = try StatusTaggerFixture()
        // Without the host's figures (`host=0`), whose moves on a busy machine would end the hold with a 200 before
        // the shutdown; the node's own figures are fixed.
        let tag = try #require(try await f.get("?host=0").headers["ETag"])
        let reads = f.node.statusReads
        let held = Task { [client = f.client] in try await client.status(ifNoneMatch: tag, wait: .seconds(30), query: ["host": "0"]) }
        await f.waitForReads(beyond: reads, count: 2)
        await f.server.shutdown(grace: .seconds(20))
        let outcome = await held.result
        await f.http.shutdown()
        f.group.shutdown()
        guard case .failure(let error as AdminClientError) = outcome, error.status == 503 else {
            Issue.record("a held read at shutdown gave \(outcome)")
            return
        }
        #expect(error.description.contains("shutting down"))
    }
}
