import Foundation
import Testing
@testable import GenetixCore

@Suite struct EventStoreTests {
    @Test func eventsAreNumberedAndPaged() {
        let events = EventStore(capacity: 4)
        for i in 1...6 { events.emit(type: "worker.crashed", severity: .warn, message: "worker \(i) exited", target: "worker-\(i)") }
        #expect(events.latestSeq == 6)
        let page = events.page(after: 0, limit: 3)
        #expect(page.events.map(\.seq) == [3, 4, 5])
        #expect(page.next == 5)
        #expect(page.events.first?.severity == "warn" && page.events.first?.actor == "system" && page.events.first?.target == "worker-3")
        let rest = events.page(after: page.next, limit: 3)
        #expect(rest.events.map(\.seq) == [6] && rest.next == 6)
        #expect(events.page(after: 6, limit: 3) == EventPage(events: [], next: 6))
    }

    @Test func eventsAreAlsoWrittenToTheLog() throws {
        let log = try LogStore(minimumLevel: .info)
        let events = EventStore(log: log)
        events.emit(type: "scale.done", message: "scaled to 4 workers", actor: "ops-token", fields: ["workers": "4"])
        events.emit(type: "database.promoted", severity: .crit, message: "replica promoted", target: "db-2")
        let entries = log.page(after: 0, limit: 10).entries
        #expect(entries.count == 2)
        #expect(entries[0].source == "event" && entries[0].level == .info && entries[0].message == "scaled to 4 workers")
        #expect(entries[0].fields == ["type": "scale.done", "actor": "ops-token", "workers": "4", "eventSeq": "1"])
        #expect(entries[1].level == .critical && entries[1].fields["target"] == "db-2")
    }

    @Test func waitWakesOnEmitAndTimesOutOtherwise() async throws {
        let events = EventStore()
        #expect(await events.wait(after: 0, timeout: .milliseconds(20)) == false)
        async let woke = events.wait(after: 0, timeout: .seconds(60))
        try await Task.sleep(for: .milliseconds(20))
        events.emit(type: "action", message: "drain requested")
        #expect(await woke)
    }

    @Test func eventPageRoundTripsThroughJSON() throws {
        let events = EventStore()
        events.emit(type: "backend.ejected", severity: .warn, message: "5 failures in a row", target: "127.0.0.1:8101")
        let page = events.page(after: 0, limit: 10)
        let decoded = try GenetixJSON.decode(EventPage.self, from: GenetixJSON.encode(page))
        #expect(decoded.events.map(\.message) == page.events.map(\.message) && decoded.next == page.next)
    }
}
