import Foundation

/// Where `CommandLineTool` writes help, versions and errors: the process's stdout and stderr, or a test's buffers.
public struct CommandLineOutput: Sendable {
    /// Writes text to standard output.
    public var standardOutput: @Sendable (String) -> Void
    /// Writes text to standard error.
    public var standardError: @Sendable (String) -> Void

    /// Creates an output from two writers.
    public init(standardOutput: @escaping @Sendable (String) -> Void, standardError: @escaping @Sendable (String) -> Void) {
        self.standardOutput = standardOutput
        self.standardError = standardError
    }

    /// The process's own standard output and standard error.
    public static let process = CommandLineOutput(
        standardOutput: { FileHandle.standardOutput.write(Data($0.utf8)) },
        standardError: { FileHandle.standardError.write(Data($0.utf8)) })
}
