import Foundation
import GenetixCore
import GenetixTesting
@testable import GenetixOperations
import Testing

@Suite struct LoadStatisticsTests {
    /// The nearest-rank percentile of sorted values, as the summary defined it when it kept every sample.
    private func exact(_ sorted: [Double], _ p: Double) -> Double {
        sorted[min(sorted.count - 1, max(0, Int((Double(sorted.count) * p).rounded(.up)) - 1))]
    }

    /// Latencies shaped like a real run's: mostly a few milliseconds, a long tail up to seconds.
    private func latencies(count: Int, seed: UInt64) -> [Double] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in
            let u = max(1e-12, Double(generator.next() >> 11) / Double(1 << 53))
            let tail = Double(generator.next() % 100) == 0 ? 40.0 : 1.0
            return (-log(u) * 4 + 0.05) * tail
        }
    }

    @Test(arguments: [1 as UInt64, 2, 3, 4, 5])
    func streamingPercentilesAreWithinOnePercentOfTheExactOnes(seed: UInt64) async {
        let values = latencies(count: 20_000 + Int(seed) * 1_337, seed: seed)
        let statistics = LoadStatistics()
        for (i, ms) in values.enumerated() {
            await statistics.record(.init(time: Date(), kind: i % 3 == 0 ? "page" : "signup", status: 200, ms: ms, error: nil))
        }
        let summary = await statistics.summary()
        let sorted = values.sorted()
        for (p, reported) in [(0.5, summary.total.p50Ms), (0.99, summary.total.p99Ms)] {
            let truth = exact(sorted, p)
            // 1 % of the histogram plus the 0.005 ms of rounding to two decimals.
            #expect(abs(reported - truth) <= truth * 0.01 + 0.005, "p\(Int(p * 100)): \(reported) ms against exact \(truth) ms")
        }
        #expect(summary.total.maxMs == (sorted.last! * 100).rounded() / 100)
        let pages = values.enumerated().filter { $0.offset % 3 == 0 }.map(\.element).sorted()
        let pageP99 = exact(pages, 0.99)
        #expect(abs(summary.kinds["page"]!.p99Ms - pageP99) <= pageP99 * 0.01 + 0.005)
        #expect(summary.kinds["page"]!.requests == pages.count)
        #expect(summary.requests == values.count)
    }

    @Test func countsStatusesErrorsAndDistinctErrorMessages() async {
        let statistics = LoadStatistics()
        let statuses = [200, 201, 0, 503, 200, 0, 500, 429]
        for (i, status) in statuses.enumerated() {
            await statistics.record(.init(time: Date(), kind: "login", status: status, ms: Double(i + 1),
                                          error: status == 0 ? "connection refused" : nil))
        }
        for i in 0..<30 { await statistics.record(.init(time: Date(), kind: "page", status: 0, ms: 1, error: "reset \(i)")) }
        await statistics.recordSkipped()
        let summary = await statistics.summary()
        let login = summary.kinds["login"]!
        #expect(login.requests == 8)
        #expect(login.statuses == ["200": 2, "201": 1, "0": 2, "503": 1, "500": 1, "429": 1])
        #expect(login.errors == 2)
        #expect(login.serverErrors == 2)
        #expect(login.maxMs == 8)
        #expect(summary.total.errors == 32)
        #expect(summary.skipped == 1)
        #expect(summary.errorSamples.count == 10)
        #expect(summary.errorSamples.first == "connection refused")
    }

    @Test func theSummaryKeepsItsJSONFields() throws {
        let summary = LoadSummary(samples: [.init(time: Date(), kind: "page", status: 200, ms: 2, error: nil)], skipped: 0, seconds: 1)
        let json = try GenetixJSON.decode(JSONValue.self, from: GenetixJSON.encode(summary))
        for key in ["schema", "seconds", "requests", "achievedRps", "skipped", "total", "kinds", "errorSamples"] {
            #expect(json[key] != nil, "missing \(key)")
        }
        for key in ["requests", "statuses", "errors", "serverErrors", "p50Ms", "p99Ms", "maxMs"] {
            #expect(json["total"]?[key] != nil, "missing total.\(key)")
        }
        #expect(json["total"]?["p50Ms"]?.doubleValue == 2)
    }

    @Test func theSessionRemembersOnlyTheNewestAccounts() async {
        let session = LoadSession()
        var last = ""
        for _ in 0..<(LoadSession.maxAccounts + 50) {
            let account = await session.newAccount()
            await session.confirm(email: account.email)
            last = account.email
        }
        let accounts = await session.accounts
        #expect(accounts.count == LoadSession.maxAccounts)
        #expect(accounts.last?.email == last)
        let failed = await session.newAccount()
        await session.abandon(email: failed.email)
        await session.confirm(email: failed.email)
        #expect(await session.accounts.last?.email == last)
    }
}
