import Foundation
import Testing
import GenetixTesting
@testable import GenetixCore

@Suite struct LogStoreTests {
    static func store(capacity: Int = 100, file: LogStore.FileOptions? = nil) throws -> LogStore {
        try LogStore(capacity: capacity, minimumLevel: .trace, file: file)
    }

    @Test func seqStartsAtOneAndPagesFollowTheCursor() throws {
        let s = try Self.store()
        #expect(s.page(after: 0, limit: 10) == LogPage(entries: [], next: 0))
        for i in 1...10 { s.append(level: .info, source: "test", message: "m\(i)") }
        let first = s.page(after: 0, limit: 4)
        #expect(first.entries.map(\.seq) == [1, 2, 3, 4])
        #expect(first.entries.map(\.message) == ["m1", "m2", "m3", "m4"])
        #expect(first.next == 4)
        let second = s.page(after: first.next, limit: 100)
        #expect(second.entries.map(\.seq) == Array(5...10))
        #expect(second.next == 10)
        #expect(s.page(after: 10, limit: 100) == LogPage(entries: [], next: 10))
        #expect(s.latestSeq == 10)
    }

    @Test func levelFilterSkipsLowerLevelsAndTheCursorMovesPastThem() throws {
        let s = try Self.store()
        let levels: [LogLevel] = [.debug, .info, .warn, .debug, .error, .critical, .info]
        for level in levels { s.append(level: level, source: "test", message: level.rawValue) }
        let page = s.page(after: 0, limit: 2, minLevel: .warn)
        #expect(page.entries.map(\.level) == [.warn, .error])
        #expect(page.next == 5)
        let rest = s.page(after: page.next, limit: 10, minLevel: .warn)
        #expect(rest.entries.map(\.level) == [.critical])
        #expect(rest.next == 7)
    }

    @Test func minimumLevelDropsEntriesBeforeTheyAreNumbered() throws {
        let s = try LogStore(minimumLevel: .info)
        #expect(s.append(level: .debug, source: "t", message: "dropped") == nil)
        #expect(!s.isEnabled(.debug) && s.isEnabled(.warn))
        #expect(s.append(level: .info, source: "t", message: "kept")?.seq == 1)
        s.minimumLevel = .debug
        #expect(s.minimumLevel == .debug)
        #expect(s.append(level: .debug, source: "t", message: "kept now")?.seq == 2)
    }

    @Test func ringOverflowKeepsTheNewestAndOldCursorsStartAtTheOldest() throws {
        let s = try Self.store(capacity: 5)
        for i in 1...12 { s.append(level: .info, source: "t", message: "\(i)") }
        #expect(s.count == 5)
        let page = s.page(after: 2, limit: 100)
        #expect(page.entries.map(\.seq) == [8, 9, 10, 11, 12])
        #expect(page.entries.map(\.message) == ["8", "9", "10", "11", "12"])
        #expect(page.next == 12)
        #expect(s.page(after: 9, limit: 2).entries.map(\.seq) == [10, 11])
        // A cursor from before a restart (newer than anything here) starts over at the oldest.
        #expect(s.page(after: 500, limit: 1).entries.map(\.seq) == [8])
    }

    @Test func fileIsRotatedBySizeAndEveryLineIsALogEntry() async throws {
        try await TemporaryDirectory.with(prefix: "logstore") { dir in
            let path = dir.file("node.log")
            let s = try LogStore(capacity: 50, file: .init(path: path, maxBytes: 4_000, maxFiles: 3))
            for i in 1...300 {
                s.append(level: .warn, source: "rotation", message: "entry number \(i)", fields: ["i": "\(i)", "quote": "a \"b\""])
            }
            s.flush()
            #expect(s.fileError == nil)
            let fm = FileManager.default
            for name in [path, path + ".1", path + ".2", path + ".3"] { #expect(fm.fileExists(atPath: name), "\(name) missing") }
            #expect(!fm.fileExists(atPath: path + ".4"))
            var seqs: [UInt64] = []
            for name in [path + ".3", path + ".2", path + ".1", path] {
                let data = try #require(fm.contents(atPath: name))
                #expect(data.count <= 4_000, "\(name) is \(data.count) bytes")
                for line in data.split(separator: 0x0A) {
                    let entry = try GenetixJSON.decode(LogEntry.self, from: line)
                    #expect(entry.source == "rotation" && entry.fields["i"] == "\(entry.seq)" && entry.fields["quote"] == "a \"b\"")
                    seqs.append(entry.seq)
                }
            }
            // The kept files hold the newest entries, in order, without gaps.
            #expect(seqs.last == 300)
            #expect(seqs == Array(seqs.first!...300))
        }
    }

    /// Entries from many threads reach the file in batches, every one once and in seq order.
    @Test func concurrentAppendsReachTheFileOnceEachInSeqOrder() async throws {
        try await TemporaryDirectory.with(prefix: "logstore") { dir in
            let path = dir.file("node.log")
            let s = try LogStore(capacity: 100, file: .init(path: path))
            await withTaskGroup(of: Void.self) { group in
                for t in 0..<4 {
                    group.addTask { for i in 0..<250 { s.append(level: .info, source: "t\(t)", message: "line \(i)") } }
                }
            }
            s.flush()
            let lines = try #require(FileManager.default.contents(atPath: path)).split(separator: 0x0A)
            let seqs = try lines.map { try GenetixJSON.decode(LogEntry.self, from: $0).seq }
            #expect(seqs == Array(1...1000))
        }
    }

    @Test func reopeningAppendsToTheExistingFile() async throws {
        try await TemporaryDirectory.with(prefix: "logstore") { dir in
            let path = dir.file("node.log")
            do {
                let s = try LogStore(file: .init(path: path))
                s.append(level: .info, source: "a", message: "first run")
                s.flush()
            }
            let s = try LogStore(file: .init(path: path))
            s.append(level: .info, source: "a", message: "second run")
            s.flush()
            let lines = try #require(FileManager.default.contents(atPath: path)).split(separator: 0x0A)
            #expect(lines.count == 2)
        }
    }

    @Test func anUnwritableFileFailsAtStartWithAClearMessage() {
        do {
            _ = try LogStore(file: .init(path: "/no/such/dir/node.log"))
            Issue.record("opening a log file in a missing directory must fail")
        } catch {
            #expect(error == .cannotOpen(path: "/no/such/dir/node.log", errno: ENOENT))
            #expect(error.description.contains("/no/such/dir/node.log") && error.description.contains("directory exists"))
        }
    }

    @Test func waitWakesWhenAnEntryIsAppended() async throws {
        let s = try Self.store()
        s.append(level: .info, source: "t", message: "before")
        async let woke = s.wait(after: 1, timeout: .seconds(60))
        try await Task.sleep(for: .milliseconds(20))
        s.append(level: .info, source: "t", message: "after")
        #expect(await woke)
    }

    @Test func waitReturnsAtOnceWhenEntriesAlreadyExist() async throws {
        let s = try Self.store()
        s.append(level: .info, source: "t", message: "x")
        #expect(await s.wait(after: 0, timeout: .seconds(60)))
    }

    @Test func waitTimesOutWithoutNewEntries() async throws {
        let s = try Self.store()
        s.append(level: .info, source: "t", message: "x")
        #expect(await s.wait(after: 1, timeout: .milliseconds(30)) == false)
        s.append(level: .info, source: "t", message: "y")
        #expect(await s.wait(after: 1, timeout: .seconds(60)))
    }

    @Test func cancellingAWaitReturnsFalse() async throws {
        let s = try Self.store()
        let waiter = Task { await s.wait(after: 0, timeout: .seconds(3600)) }
        try await Task.sleep(for: .milliseconds(20))
        waiter.cancel()
        #expect(await waiter.value == false)
        // An already-cancelled task does not wait at all.
        let cancelledFirst = Task {
            withUnsafeCurrentTask { $0?.cancel() }
            return await s.wait(after: 0, timeout: .seconds(3600))
        }
        #expect(await cancelledFirst.value == false)
    }

    @Test func manyWaitersAllWakeOnOneAppend() async throws {
        let s = try Self.store()
        let results = await withTaskGroup(of: Bool.self) { group in
            for _ in 0..<20 { group.addTask { await s.wait(after: 0, timeout: .seconds(60)) } }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(20))
                s.append(level: .info, source: "t", message: "wake")
                return true
            }
            return await group.reduce(into: [Bool]()) { $0.append($1) }
        }
        #expect(results.count == 21 && results.allSatisfy { $0 })
    }
}
