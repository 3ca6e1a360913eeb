import Foundation
@testable import GenetixDatabase
import GenetixCore
import GenetixTesting
import Testing

/// The postgres log tailer keeps at most `maxLineBytes` of a line: a client can make postgres log a statement of any
/// length, and neither the held partial line nor the log entry may grow with it.
@Suite struct PostgresLogTailerTests {
    @Test func anOverlongLineIsCutAndCountedAndThePartialLineStaysBounded() async throws {
        let directory = try TemporaryDirectory(prefix: "pg-tailer")
        defer { directory.remove() }
        let path = directory.file("server.log")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        let logs = try LogStore(capacity: 100)
        let tailer = PostgresLogTailer(path: path, store: logs)
        await tailer.start()
        let handle = try #require(FileHandle(forWritingAtPath: path))
        defer { try? handle.close() }
        let prefix = "2026-12-02 04:00:00.000 UTC [4242] ERROR:  syntax error at or near \"x\"\n2026-12-02 04:00:00.000 UTC [4242] STATEMENT:  "
        try handle.write(contentsOf: Data(prefix.utf8))
        // 10 MiB of one statement without a newline, in 1 MiB writes with a poll after each.
        let chunk = Data(repeating: UInt8(ascii: "x"), count: 1 << 20)
        for _ in 0..<10 {
            try handle.write(contentsOf: chunk)
            await tailer.poll()
            #expect(await tailer.bufferedBytes <= PostgresLogTailer.maxLineBytes)
        }
        try handle.write(contentsOf: Data("\n2026-12-02 04:00:01.000 UTC [4242] LOG:  next line\n".utf8))
        await tailer.stop()
        let entries = logs.page(after: 0, limit: 100).entries.filter { $0.source == "postgres" }
        #expect(entries.count == 3)
        let statement = try #require(entries.first { $0.message.contains("xxxx") })
        #expect(statement.message.utf8.count < PostgresLogTailer.maxLineBytes + 100)
        #expect(statement.message.hasSuffix("more bytes of this line dropped]"))
        #expect(entries.last?.message == "next line")
        #expect(await tailer.bufferedBytes == 0)
    }
}
