import Foundation
import GenetixCore
@testable import GenetixOperations
import Testing

@Suite struct LoadMixTests {
    @Test func getMixSendsOnlyReads() {
        let kinds = Set((0..<40).map { LoadRequestKind.pick(tick: $0, mix: .get) })
        #expect(kinds == [.page, .staticFile])
    }

    @Test func postMixSendsSignupsAndKitRegistrations() {
        let kinds = Set((0..<40).map { LoadRequestKind.pick(tick: $0, mix: .post) })
        #expect(kinds == [.signup, .registerKit])
    }

    @Test func signupMixSendsOnlySignups() {
        #expect((0..<40).allSatisfy { LoadRequestKind.pick(tick: $0, mix: .signup) == .signup })
    }

    @Test func mixedMixSeesEveryKindInOneCycle() {
        #expect(Set((0..<20).map { LoadRequestKind.pick(tick: $0) }) == Set(LoadRequestKind.allCases))
    }

    @Test func aSampleRecordsWhatItCreatedAndOmitsWhatItDidNot() throws {
        let sample = LoadStatistics.Sample(time: Date(timeIntervalSince1970: 0), kind: "signup", status: 201, ms: 3, error: nil,
                                           method: "POST", id: "a@example.test", created: "7")
        let json = try GenetixJSON.decode(JSONValue.self, from: GenetixJSON.encode(sample))
        #expect(json["id"]?.stringValue == "a@example.test")
        #expect(json["created"]?.stringValue == "7")
        let bare = LoadStatistics.Sample(time: Date(timeIntervalSince1970: 0), kind: "page", status: 200, ms: 1, error: nil)
        let bareJSON = try GenetixJSON.decode(JSONValue.self, from: GenetixJSON.encode(bare))
        #expect(bareJSON["id"] == nil)
    }

    @Test func withoutAccountsAFewSignupsAreSentThenPages() async {
        let session = LoadSession()
        var kinds: [LoadRequestKind] = []
        for _ in 0..<20 { kinds.append(await LoadRequestKind.registerKit.request(session: session).kind) }
        #expect(kinds.prefix(LoadRequestKind.maxFallbackSignups).allSatisfy { $0 == .signup })
        #expect(kinds.dropFirst(LoadRequestKind.maxFallbackSignups).allSatisfy { $0 == .page })
        let pending = await session.pendingSignups
        #expect(pending == LoadRequestKind.maxFallbackSignups)
    }
}
