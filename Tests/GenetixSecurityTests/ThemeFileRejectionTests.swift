import Foundation
import GenetixConsole
import GenetixTesting
import Testing

extension SecurityTests {
    /// Theme files with wrong types, unknown keys and colours, missing and unreadable files: the console runs with the
    /// default theme and a message naming the file and the key (it never refuses to start over a theme).
    struct ThemeFileRejectionTests {
        static let cases: [(name: String, contents: String?, key: String?)] = [
            ("unknown top key", #"{"roles": {}, "colour": 1}"#, "colour"),
            ("unknown role", #"{"roles": {"okk": {"fg": "green"}}}"#, "roles.okk"),
            ("wrong type for roles", #"{"roles": ["ok"]}"#, "roles"),
            ("wrong type for a colour", #"{"roles": {"ok": {"fg": true}}}"#, "roles.ok.fg"),
            ("unknown colour", #"{"roles": {"ok": {"fg": "chartreuse-ish"}}}"#, "roles.ok.fg"),
            ("colour out of range", #"{"roles": {"ok": {"bg": 256}}}"#, "roles.ok.bg"),
            ("attrs not a list", #"{"roles": {"ok": {"attrs": "bold"}}}"#, "roles.ok.attrs"),
            ("unknown attribute", #"{"roles": {"ok": {"attrs": ["blinky"]}}}"#, "roles.ok.attrs[0]"),
            ("huge number for a name", #"{"name": 1e300}"#, "name"),
            ("empty key (fuzz-theme finding)", #"{"": null}"#, "\"\""),
            ("empty role", #"{"roles": {"": {}}}"#, "roles.\"\""),
            ("malformed", #"{"roles": {"#, nil),
            ("a directory", "<dir>", nil),
        ]

        @Test func badThemeFilesFallBackToTheDefaultWithAMessageNamingFileAndKey() throws {
            let directory = try TemporaryDirectory(prefix: "security-themes")
            defer { directory.remove() }
            let loader = ThemeLoader(directories: [directory.path])
            for (i, bad) in Self.cases.enumerated() {
                let path = directory.file("bad\(i).json")
                if bad.contents == "<dir>" {
                    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                } else {
                    try bad.contents!.write(toFile: path, atomically: true, encoding: .utf8)
                }
                let (theme, message) = loader.resolve(name: "bad\(i)", environment: [:])
                #expect(theme == .builtinDefault, "\(bad.name): not the default theme")
                let text = try #require(message, "\(bad.name): no message")
                #expect(text.contains(path), "\(bad.name): the message does not name the file: \(text)")
                if let key = bad.key { #expect(text.contains(key), "\(bad.name): the message does not name \(key): \(text)") }
            }
            // A theme that does not exist: the default, and a message naming what was searched.
            let (theme, message) = loader.resolve(name: "no-such-theme", environment: [:])
            #expect(theme == .builtinDefault)
            #expect(message?.contains("no-such-theme") == true)
        }
    }
}
