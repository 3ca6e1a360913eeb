import Foundation

/// The `openssl` command-line tool, for interoperability checks against an independent implementation.
enum OpenSSLBinary {
    /// The binary's path, or nil if it is not installed (the interop tests are then skipped).
    static let path: String? = ["/usr/bin/openssl", "/usr/local/bin/openssl"].first { FileManager.default.isExecutableFile(atPath: $0) }

    /// Runs `openssl arguments…` to completion and returns its exit status and combined stdout/stderr.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try require())
        process.arguments = arguments
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }

    static func require() throws -> String {
        guard let path else { throw TLSTestHarness.Failure(description: "openssl binary not found") }
        return path
    }
}
