import Foundation
import Synchronization
import Testing

/// Runs a program from /usr/bin or /bin with `input` on stdin; a program that is not installed fails the test
/// (scripts/setup installs bash, zsh, fish, groff and man), never skips it.
enum Shell {
    static func run(_ program: String, _ arguments: [String], input: String, environment: [String: String]? = nil) throws -> (code: Int32, out: String, err: String) {
        let found = ["/usr/bin/", "/bin/"].map { $0 + program }.first { FileManager.default.isExecutableFile(atPath: $0) }
        let executable = try #require(found, "\(program) is not installed: run scripts/setup")
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        let stdin = Pipe(), stdout = Pipe(), stderr = Pipe()
        process.standardInput = stdin
        process.standardOutput = stdout
        process.standardError = stderr
        try process.run()
        stdin.fileHandleForWriting.write(Data(input.utf8))
        try stdin.fileHandleForWriting.close()
        let err = Mutex<Data>(Data())
        let reader = Thread { err.withLock { $0 = stderr.fileHandleForReading.readDataToEndOfFile() } }
        reader.start()
        let out = stdout.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        while reader.isExecuting || !reader.isFinished { usleep(1000) }
        return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err.withLock { $0 }, as: UTF8.self))
    }
}
