import Foundation

/// The application role's password, read from `--db-password-file FILE` (its first line) so it never appears on a
/// command line, and added to a key/value conninfo only inside the process that connects.
public enum DatabasePasswordFile {
    /// The first line of `path`, trimmed; throws when the file is unreadable or that line is empty.
    public static func read(path: String) throws(DatabasePasswordFileError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path: path) }
        let text = String(decoding: data, as: UTF8.self)
        let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map {
            $0.trimmingCharacters(in: .whitespacesAndNewlines)
        } ?? ""
        guard !line.isEmpty else { throw .empty(path: path) }
        return line
    }

    /// `conninfo` (key/value form) with `password='…'` appended, quoted for libpq; a later keyword wins in libpq, so
    /// this password replaces one the conninfo might carry.
    public static func conninfo(_ conninfo: String, password: String) -> String {
        var quoted = "'"
        for character in password {
            if character == "\\" || character == "'" { quoted.append("\\") }
            quoted.append(character)
        }
        quoted.append("'")
        return conninfo + " password=" + quoted
    }
}

/// Why `--db-password-file` cannot be used; the node refuses to start.
public enum DatabasePasswordFileError: Error, Sendable, Equatable, CustomStringConvertible {
    case unreadable(path: String)
    case empty(path: String)

    public var description: String {
        switch self {
        case .unreadable(let path):
            "cannot read the database password file \(path): check that it exists and that this node's account may read it"
        case .empty(path: let path):
            "the database password file \(path) is empty: write the application role's password on its first line"
        }
    }
}
