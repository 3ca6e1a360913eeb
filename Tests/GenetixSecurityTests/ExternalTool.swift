import Foundation

/// Runs a command-line tool (openssl, curl, the genetix executable) to completion off Swift's cooperative pool.
enum ExternalTool {
    struct Outcome: Sendable {
        let status: Int32
        let output: String
    }

    /// Runs `path` with `arguments`, stdin from /dev/null (or `input`), stdout and stderr together.
    static func run(_ path: String, _ arguments: [String], environment: [String: String]? = nil) async throws -> Outcome {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                continuation.resume(with: Result {
                    let process = Process()
                    process.executableURL = URL(fileURLWithPath: path)
                    process.arguments = arguments
                    if let environment { process.environment = environment }
                    let pipe = Pipe()
                    process.standardOutput = pipe
                    process.standardError = pipe
                    process.standardInput = FileHandle(forReadingAtPath: "/dev/null")
                    try process.run()
                    let data = pipe.fileHandleForReading.readDataToEndOfFile()
                    process.waitUntilExit()
                    return Outcome(status: process.terminationStatus, output: String(decoding: data, as: UTF8.self))
                })
            }.start()
        }
    }
}
