import Foundation
import GenetixAdmin
import GenetixCore
import GenetixTesting
import Testing

/// The state file's contract: what one node saves, another instance of it reads back; a torn, foreign or unreadable
/// file is reported by path and ignored; `ignoreSaved` sets the file aside.
@Suite struct NodeStateFileTests {
    func open(_ dir: TemporaryDirectory, ignore: Bool = false) -> (NodeStateFile, EventStore) {
        let events = EventStore()
        return (NodeStateFile(directory: dir.path, node: "app-t", kind: .app, ignoreSaved: ignore, logger: nil, events: events), events)
    }

    @Test func aSavedDecisionIsRestoredByTheNextInstance() throws {
        let dir = try TemporaryDirectory(prefix: "state")
        defer { dir.remove() }
        let (first, _) = open(dir)
        #expect(first.status().mode == "fresh")
        first.commandLine("workers", .number(2))
        #expect(first.status().settings == [SettingOrigin(name: "workers", value: "2", source: "command-line")])
        first.record("workers", .number(4), actor: "ops")
        #expect(!FileManager.default.fileExists(atPath: dir.file("app-t.state.json.tmp")))
        let (second, events) = open(dir)
        #expect(second.saved("workers") == .number(4))
        let status = second.status()
        #expect(status.mode == "restored" && status.path == dir.file("app-t.state.json"))
        #expect(status.settings.first?.source.hasPrefix("saved 20") == true && status.settings.first?.actor == "ops")
        #expect(events.page(after: 0, limit: 10).events.map(\.type) == ["state.restored"])
    }

    @Test(arguments: ["", "{\"schema\": 1, \"node\": \"app-t\", \"kind\": \"app\", \"savedAt\": \"2026-12-02T04:00:00.000Z\", \"sett",
                      "not json at all", "{\"schema\": 2, \"node\": \"app-t\", \"kind\": \"app\", \"savedAt\": \"2026-12-02T04:00:00.000Z\", \"settings\": {}}",
                      "[1, 2, 3]"])
    func aTornOrForeignFileIsReportedByPathAndIgnored(content: String) throws {
        let dir = try TemporaryDirectory(prefix: "state")
        defer { dir.remove() }
        let path = dir.file("app-t.state.json")
        try content.write(toFile: path, atomically: true, encoding: .utf8)
        let (file, events) = open(dir)
        #expect(file.saved("workers") == nil)
        #expect(file.status().mode == "corrupt")
        let event = try #require(events.page(after: 0, limit: 10).events.first)
        #expect(event.type == "state.corrupt" && event.message.contains(path) && event.severity == "warn")
        // The next decision replaces the bad file with a good one.
        file.record("workers", .number(3), actor: "ops")
        #expect(open(dir).0.saved("workers") == .number(3))
    }

    @Test func ignoringSavedStateMovesTheFileAside() throws {
        let dir = try TemporaryDirectory(prefix: "state")
        defer { dir.remove() }
        open(dir).0.record("workers", .number(5), actor: "ops")
        let (file, events) = open(dir, ignore: true)
        #expect(file.saved("workers") == nil && file.status().mode == "ignored")
        #expect(FileManager.default.fileExists(atPath: dir.file("app-t.state.json.ignored")))
        #expect(events.page(after: 0, limit: 10).events.map(\.type) == ["state.ignored"])
        #expect(open(dir).0.status().mode == "fresh")
    }

    @Test func aNodeWithoutAStateDirectoryKeepsNothing() {
        let file = NodeStateFile(directory: nil, node: "app-t", kind: .app, ignoreSaved: false, logger: nil, events: nil)
        file.record("workers", .number(5), actor: "ops")
        #expect(file.path == nil && file.status().mode == "disabled" && file.saved("workers") == nil)
    }

    @Test func aFailedSaveIsReportedAndTheNodeKeepsRunning() throws {
        let dir = try TemporaryDirectory(prefix: "state")
        let (file, events) = open(dir)
        dir.remove()
        file.record("workers", .number(5), actor: "ops")
        #expect(file.status().problem?.contains("app-t.state.json") == true)
        #expect(events.page(after: 0, limit: 10).events.map(\.type) == ["state.save-failed"])
    }
}
