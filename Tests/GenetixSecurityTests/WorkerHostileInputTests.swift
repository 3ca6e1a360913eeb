import Foundation
import GenetixNet
import GenetixTesting
import Testing

extension SecurityTests {
    /// Hostile HTTP at a worker (the webapp router on the worker's server configuration, real PostgreSQL): every
    /// smuggling variant and oversized part gets its status and a close, nothing smuggled runs, slow and vanishing
    /// clients do not stop the worker from serving.
    @Suite(.serialized) struct WorkerHostileInputTests {
        @Test func smugglingVariantsAndOversizedPartsAreRefusedAndNothingSmuggledRuns() async throws {
            try await WebappHarness.with { worker in
                for hostile in HostileRequests.smuggling + HostileRequests.oversized {
                    let answer = try await HostileClients.send(hostile.bytes, port: worker.port)
                    #expect(answer.status == hostile.status, "\(hostile): answered \(answer.text.prefix(120))")
                    #expect(answer.responses == 1, "\(hostile): \(answer.responses) responses; a smuggled request was answered")
                    #expect(answer.closes, "\(hostile): the connection is not closed after the refusal")
                }
                // The worker still serves, and the smuggled signup never ran.
                #expect(try await worker.call("GET", "/healthz").status == 200)
                #expect(try await worker.pg.psql("SELECT count(*) FROM customers WHERE email = 'smuggled@example.com'") == "0")
            }
        }

        @Test func wellFormedVariantsStillWork() async throws {
            try await WebappHarness.with { worker in
                // A tab after the colon is legal whitespace; chunked framing with an extension and a trailer is legal; the
                // pipelined request after it is a real second request and is answered in order.
                let chunked = "POST /api/nope HTTP/1.1\r\nHost: a\r\nTransfer-Encoding:\tChunked\r\n\r\n2;ext=1\r\n{}\r\n0\r\nX-Sum: 1\r\n\r\n"
                    + "GET /healthz HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n"
                let answer = try await HostileClients.send(Array(chunked.utf8), port: worker.port)
                #expect(answer.responses == 2)
                #expect(answer.status == 404)
                #expect(answer.text.contains("HTTP/1.1 200 "))
                // Equal duplicate Content-Lengths are one length (RFC 9112 §6.3); the body is read once.
                let same = "POST /api/nope HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}"
                let duplicate = try await HostileClients.send(Array(same.utf8), port: worker.port)
                #expect(duplicate.responses == 1)
                #expect([400, 404].contains(duplicate.status))
            }
        }

        @Test func athousandSlowClientsDoNotStopANormalOne() async throws {
            #expect(HostileClients.raiseFileLimit(to: 4096) >= 2100)
            try await WebappHarness.with(configure: { $0.headerTimeout = .seconds(2) }) { worker in
                let slow = try await HostileClients.slowClients(1000, port: worker.port)
                for i in 0..<20 {
                    let answer = try await worker.call("GET", i % 2 == 0 ? "/healthz" : "/readyz")
                    #expect(answer.status == 200, "normal request \(i) answered \(answer.status) beside 1000 slow clients")
                }
                // The slow clients are cut off with 408 once the header timeout passes.
                var timedOut = 0
                for socket in slow.prefix(50) {
                    let text = await socket.readAll()
                    if text.hasPrefix("HTTP/1.1 408 ") { timedOut += 1 }
                }
                #expect(timedOut == 50)
                #expect(try await worker.call("GET", "/healthz").status == 200)
            }
        }

        @Test func clientsVanishingMidBodyLeaveNoTraceAndServingContinues() async throws {
            try await WebappHarness.with { worker in
                let head = "POST /api/signup HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\n"
                for i in 0..<60 {
                    try await HostileClients.vanishMidBody(port: worker.port, head: head, declared: 4096, sent: i * 30, reset: i % 2 == 0)
                }
                #expect(try await worker.call("GET", "/healthz").status == 200)
                let token = try await worker.customer("after-vanish@example.com")
                #expect(try await worker.call("GET", "/api/kits", token: token).status == 200)
                #expect(try await worker.pg.psql("SELECT count(*) FROM customers") == "1")
            }
        }
    }
}
