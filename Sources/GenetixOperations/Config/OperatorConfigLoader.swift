import Foundation
import GenetixCore

/// Finds and reads the console configuration: `--config`, then `$GENETIX_CONFIG`, then `./genetix.json`, then
/// `$XDG_CONFIG_HOME/genetix/config.json` (`~/.config` when unset). Every problem names the file and the key path;
/// unknown keys are errors, so a typo never passes silently.
public struct OperatorConfigLoader: Sendable {
    public var environment: [String: String]
    public var currentDirectory: String

    /// A loader reading the process's environment and working directory (tests pass their own).
    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                currentDirectory: String = FileManager.default.currentDirectoryPath) {
        self.environment = environment
        self.currentDirectory = currentDirectory
    }

    /// The places searched, in order, given an explicit `--config` value.
    public func candidates(explicit: String?) -> [String] {
        if let explicit { return [absolute(explicit)] }
        var paths: [String] = []
        if let env = environment["GENETIX_CONFIG"], !env.isEmpty { paths.append(absolute(env)) }
        paths.append(absolute("genetix.json"))
        if let xdg = environment["XDG_CONFIG_HOME"], !xdg.isEmpty {
            paths.append(xdg + "/genetix/config.json")
        } else if let home = environment["HOME"], !home.isEmpty {
            paths.append(home + "/.config/genetix/config.json")
        }
        return paths
    }

    /// Finds the configuration and loads it. An explicit path or `$GENETIX_CONFIG` must exist; the other places are
    /// skipped when absent.
    public func load(explicit: String?) throws(OperatorConfigError) -> OperatorConfig {
        let paths = candidates(explicit: explicit)
        let mandatory = explicit != nil || !(environment["GENETIX_CONFIG"] ?? "").isEmpty
        for (i, path) in paths.enumerated() {
            if FileManager.default.fileExists(atPath: path) || (mandatory && i == 0) { return try load(path: path) }
        }
        throw .notFound(searched: paths)
    }

    /// Reads and checks one file.
    public func load(path: String) throws(OperatorConfigError) -> OperatorConfig {
        if access(path, R_OK) != 0 { throw .unreadable(path: path, reason: String(cString: strerror(errno))) }
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw .unreadable(path: path, reason: Self.reason(error))
        }
        return try parse(data, path: path)
    }

    /// Checks the bytes of a configuration as if read from `path` (named in every error; relative `tokenFile` and
    /// `caFile` paths resolve against its folder).
    public func parse(_ data: Data, path: String) throws(OperatorConfigError) -> OperatorConfig {
        let root: JSONValue
        do { root = try JSONDecoder().decode(JSONValue.self, from: data) } catch {
            throw .malformed(path: path, reason: Self.reason(error))
        }
        return try OperatorConfigParser(path: path, environment: environment).parse(root)
    }

    private func absolute(_ path: String) -> String {
        path.hasPrefix("/") ? path : currentDirectory + "/" + path
    }

    static func reason(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error {
            if let underlying = context.underlyingError as NSError?,
               let detail = underlying.userInfo[NSDebugDescriptionErrorKey] as? String { return detail }
            return context.debugDescription
        }
        let ns = error as NSError
        if let posix = ns.userInfo[NSUnderlyingErrorKey] as? NSError, posix.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(posix.code)))
        }
        return ns.localizedDescription
    }
}
